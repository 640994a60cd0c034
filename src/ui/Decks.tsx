import { listInterviews } from '../storage/interviews';
import { countdown, dateDayNumber } from '../core/interview-plan';
import { interviewPlan } from '../storage/interview-progress';
import { studyDayNumber } from '../core/time';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { firstUseAt } from '../storage/settings';
import { listDeckSummaries, type DeckSummary } from '../storage/queue';
import { buildDeckTree, sourceLabel, type DeckNode } from '../core/deck-tree';
import { backupIsStale } from './backup-reminder';
import type { QueueCounts } from '../core/queue';
import { useApp } from './context';
import { afterBuiltinDecks } from '../app/builtin';
import { href } from './router';
import { errorMessage } from './errors';
import './decks.css';

export function Counts({ counts, label }: { counts: QueueCounts; label?: string }) {
  return (
    <span class="counts" aria-label={`${label ? `${label}: ` : ''}${counts.new} new, ${counts.learning} learning, ${counts.review} to review`}>
      <span class="count-new" title="New">
        {counts.new}
      </span>
      <span class="count-learn" title="Learning">
        {counts.learning}
      </span>
      <span class="count-review" title="To review">
        {counts.review}
      </span>
    </span>
  );
}

const sum = (c: QueueCounts) => c.new + c.learning + c.review;
const COLLAPSED_KEY = 'prepdeck:collapsed-decks';

function readCollapsed(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

/** The overview route of a node: its deck, or every deck under a bare parent's name. */
export const nodeScope = (n: DeckNode): string => n.summary?.deck.id ?? `tree:${n.path}`;

function DeckRow({ node, depth, collapsed, toggle }: { node: DeckNode; depth: number; collapsed: Set<string>; toggle: (path: string) => void }) {
  const open = !collapsed.has(node.path);
  const name = node.source ? `${node.label} (${sourceLabel(node.source)})` : node.label;
  const desc = node.summary?.deck.description;
  return (
    <li class="deck-item" style={{ '--depth': depth }}>
      <div class="deck-row">
        {node.children.length > 0 ? (
          <button class="deck-toggle" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${node.label}`} onClick={() => toggle(node.path)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span class="deck-toggle-space" aria-hidden="true" />
        )}
        <a class="deck-link" href={href({ name: 'deck', deckId: nodeScope(node) })}>
          <span class="deck-text">
            <span class="deck-name">{name}</span>
            {desc && <span class="deck-desc muted">{desc}</span>}
            <span class="deck-total muted">
              {node.total} cards{node.children.length ? ` in ${node.children.length + (node.summary ? 1 : 0)} decks` : ''}
            </span>
          </span>
          <Counts counts={node.counts} label={name} />
        </a>
      </div>
      {open && node.children.length > 0 && (
        <ul class="deck-list deck-children">
          {node.children.map((c) => (
            <DeckRow key={c.path} node={c} depth={depth + 1} collapsed={collapsed} toggle={toggle} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function Decks() {
  const { settings, dataVersion, bumpData, notify } = useApp();
  const [data, setData] = useState<{ decks: DeckSummary[]; all: QueueCounts; limits: { new: number; review: number } } | null>(null);
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const tree = useMemo(() => (data ? buildDeckTree(data.decks, data.limits) : []), [data]);
  const toggle = (path: string) => {
    const next = new Set(collapsed);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    setCollapsed(next);
    try {
      localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...next]));
    } catch {
      /* private mode: the tree still works, it just forgets */
    }
  };
  const [error, setError] = useState<string | null>(null);
  const [since, setSince] = useState<number | undefined>(undefined);
  useEffect(() => {
    void firstUseAt(Date.now()).then(setSince);
  }, []);
  useEffect(() => {
    let live = true;
    const load = () =>
      afterBuiltinDecks(() => listDeckSummaries(Date.now(), settings))
        .then((d) => live && setData(d))
        .catch((e: unknown) => live && setError(errorMessage(e)));
    void load();
    // Counts change with the clock (learning steps, a new day) and in other tabs.
    const t = setInterval(load, 60_000);
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearInterval(t);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [settings, dataVersion]);

  const newDeck = async () => {
    const name = prompt('Name of the new deck (use :: for a sub-deck, e.g. Interview::SQL)');
    if (name === null) return;
    try {
      const { createDeck } = await import('../storage/decks');
      await createDeck(name, Date.now());
      bumpData();
      notify(`Deck "${name.trim()}" created.`);
    } catch (e) {
      notify(errorMessage(e));
    }
  };
  if (error) return <div class="banner banner-error" role="alert">{error}</div>;
  if (!data) return <p class="muted" aria-live="polite">Loading your decks…</p>;
  if (data.decks.length === 0)
    return (
      <section class="empty">
        <h1>No decks yet</h1>
        <p class="muted">The built-in interview decks load on first start. You can also import your own deck.</p>
        <a class="btn btn-primary" href="#/import">
          Import a deck
        </a>
      </section>
    );

  const totalDue = sum(data.all);
  return (
    <section aria-labelledby="decks-title">
      <div class="decks-head">
        <div>
          <h1 id="decks-title">Today</h1>
          <p class="muted decks-summary">
            {totalDue === 0 ? 'Nothing due right now. Nice work.' : `${totalDue} card${totalDue === 1 ? '' : 's'} to study across all decks.`}
          </p>
        </div>
        <Counts counts={data.all} label="All decks" />
      </div>
      {backupIsStale(settings.lastBackupAt, since, Date.now()) && (
        <div class="banner" role="note">
          {settings.lastBackupAt ? 'Your last backup is more than a week old.' : 'You have not backed up your progress yet.'}{' '}
          <a href="#/settings">Back up now</a> — one file, kept wherever you like.
        </div>
      )}
      <InterviewCountdown />
      <a class={`btn btn-block ${totalDue ? 'btn-primary' : ''} study-all`} href={href({ name: 'study', scope: 'all' })}>
        Study all decks
      </a>
      <ul class="deck-list" aria-label="Decks">
        {tree.map((n) => (
          <DeckRow key={n.path} node={n} depth={0} collapsed={collapsed} toggle={toggle} />
        ))}
      </ul>
      <div class="deck-actions">
        <a class="btn" href={href({ name: 'add' })}>
          Add card
        </a>
        <a class="btn" href={href({ name: 'browse' })}>
          Browse
        </a>
        <button class="btn" onClick={() => void newDeck()}>
          New deck
        </button>
      </div>
      <p class="muted legend">
        <span class="count-new">New</span> · <span class="count-learn">Learning</span> · <span class="count-review">To review</span>. Daily limits: {settings.newPerDay} new, {settings.reviewsPerDay} reviews.
      </p>
    </section>
  );
}

/** The next interview's countdown and where its plan stands today (details on the Interview screen), or a way to set one. */
function InterviewCountdown() {
  const { settings, dataVersion } = useApp();
  const [next, setNext] = useState<{ company?: string; days: number; status?: string } | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void (async () => {
      const now = Date.now();
      const today = studyDayNumber(now, settings.dayStartHour);
      const first = (await listInterviews()).find((i) => !i.ended && dateDayNumber(i.date) >= today);
      if (!first) return live && setNext(null);
      const { status: s } = await afterBuiltinDecks(() => interviewPlan(first, now, settings));
      const status = s.phase === 'final' ? 'final days: review what would fade' : `${s.onTrack ? 'on track' : `behind by ${s.behindBy}`}, ${s.newLeftToday ? `${s.newLeftToday} new cards left today` : 'today’s new cards done'}`;
      if (live) setNext({ ...(first.company ? { company: first.company } : {}), days: s.daysToInterview, status });
    })().catch(() => live && setNext(null));
    return () => {
      live = false;
    };
  }, [dataVersion, settings]);
  if (next === undefined) return null;
  return next ? (
    <a class="interview-countdown" href="#/interview">
      <span>
        <strong>{next.company ? `${next.company} interview` : 'Interview'}</strong> {countdown(next.days)}
        {next.status && <span class="muted"> — {next.status}</span>}
      </span>
    </a>
  ) : (
    <a class="interview-countdown muted" href="#/interview">
      Set your interview date for a plan
    </a>
  );
}
