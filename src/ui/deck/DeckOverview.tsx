/**
 * A deck's overview (tapping a deck opens this, not a review): today's counts with its sub-decks,
 * the description, and what can be done with it: Study, Browse, Add, Options, Rename, Delete.
 */
import { useEffect, useState } from 'preact/hooks';
import { listDeckSummaries } from '../../storage';
import { deleteDeck, renameDeck, restoreDeletedDecks } from '../../storage/decks';
import { buildDeckTree, sourceLabel, type DeckNode } from '../../core/deck-tree';
import { afterBuiltinDecks } from '../../app/builtin';
import { announceChange } from '../../app/tabs';
import { useApp } from '../context';
import { Counts } from '../Decks';
import { errorMessage } from '../errors';
import { href, navigate } from '../router';
import './deck.css';

function findNode(nodes: DeckNode[], scope: string): DeckNode | undefined {
  for (const n of nodes) {
    if (n.summary?.deck.id === scope || `tree:${n.path}` === scope) return n;
    const inner = findNode(n.children, scope);
    if (inner) return inner;
  }
  return undefined;
}

export function DeckOverview({ scope }: { scope: string }) {
  const { settings, dataVersion, notify, bumpData } = useApp();
  const [node, setNode] = useState<DeckNode | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    afterBuiltinDecks(() => listDeckSummaries(Date.now(), settings))
      .then((d) => live && setNode(findNode(buildDeckTree(d.decks, d.limits), scope) ?? null))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [scope, settings, dataVersion]);

  if (error) return <div class="banner banner-error" role="alert">{error}</div>;
  if (node === undefined) return <p class="muted" aria-live="polite">Loading…</p>;
  if (node === null)
    return (
      <section class="empty">
        <h1>Deck not found</h1>
        <p class="muted">It may have been deleted or renamed in another tab.</p>
        <a class="btn btn-primary" href="#/">
          Back to decks
        </a>
      </section>
    );

  const deck = node.summary?.deck;
  const due = node.counts.new + node.counts.learning + node.counts.review;
  const title = node.path.includes('#') ? node.path.slice(0, node.path.indexOf('#')) : node.path;

  const rename = async () => {
    if (!deck) return;
    const name = prompt('New name (use :: to move it under another deck)', deck.name);
    if (name === null || name.trim() === deck.name) return;
    try {
      await renameDeck(deck.id, name, Date.now());
      announceChange('edit');
      bumpData();
      notify(`Renamed to "${name.trim()}".`);
    } catch (e) {
      notify(errorMessage(e));
    }
  };
  const remove = async () => {
    if (!deck) return;
    const sub = node.children.length ? ` and its ${node.children.length} sub-deck${node.children.length === 1 ? '' : 's'}` : '';
    if (!confirm(`Delete "${deck.name}"${sub} with all ${node.total} cards? Your review history is kept, and you can undo this right after.`)) return;
    try {
      const gone = await deleteDeck(deck.id, Date.now());
      announceChange('edit');
      bumpData();
      navigate({ name: 'decks' });
      notify(`Deleted "${deck.name}" (${gone.cards.length} cards).`, {
        label: 'Undo',
        run: async () => {
          await restoreDeletedDecks(gone, Date.now());
          announceChange('edit');
          bumpData();
          notify(`Restored "${deck.name}".`);
        },
      });
    } catch (e) {
      notify(errorMessage(e));
    }
  };

  return (
    <section class="deck-overview" aria-labelledby="deck-title">
      <p class="crumbs">
        <a href="#/">Decks</a>
      </p>
      <h1 id="deck-title">{title}</h1>
      {node.source && <p class="muted">{`${sourceLabel(node.source)} deck`}</p>}
      {deck?.description && <p class="deck-description">{deck.description}</p>}
      <div class="overview-counts">
        <Counts counts={node.counts} label="Due today" />
        <span class="muted">
          {node.total} cards{node.children.length ? `, ${node.children.length} sub-deck${node.children.length === 1 ? '' : 's'}` : ''}
        </span>
      </div>
      <p class="muted">{due === 0 ? 'Nothing due in this deck right now.' : `${due} card${due === 1 ? '' : 's'} to study today.`}</p>
      <a class={`btn btn-block ${due ? 'btn-primary' : ''}`} href={href({ name: 'study', scope })}>
        Study
      </a>
      <div class="overview-actions">
        <a class="btn" href={href({ name: 'browse', deckId: scope })}>
          Browse
        </a>
        {deck && (
          <a class="btn" href={href({ name: 'add', deckId: deck.id })}>
            Add card
          </a>
        )}
        {deck && (
          <a class="btn" href={href({ name: 'custom', deckId: deck.id })}>
            Custom study
          </a>
        )}
        {deck && (
          <a class="btn" href={href({ name: 'deck-options', deckId: deck.id })}>
            Options
          </a>
        )}
        {deck && (
          <button class="btn" onClick={() => void rename()}>
            Rename
          </button>
        )}
        {deck && (
          <button class="btn btn-danger" onClick={() => void remove()}>
            Delete
          </button>
        )}
      </div>
    </section>
  );
}
