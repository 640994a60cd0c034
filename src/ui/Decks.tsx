import { useEffect, useState } from 'preact/hooks';
import { firstUseAt, listDeckSummaries, type DeckSummary } from '../storage';
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

export function Decks() {
  const { settings, dataVersion } = useApp();
  const [data, setData] = useState<{ decks: DeckSummary[]; all: QueueCounts } | null>(null);
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
      <a class={`btn btn-block ${totalDue ? 'btn-primary' : ''} study-all`} href={href({ name: 'study', scope: 'all' })}>
        Study all decks
      </a>
      <ul class="deck-list">
        {data.decks.map(({ deck, counts, total }) => (
          <li key={deck.id} class="deck-item">
            <a class="deck-link" href={href({ name: 'study', scope: deck.id })}>
              <span class="deck-text">
                {/* The link's name comes from what it shows (axe: label-content-name-mismatch). */}
                <span class="visually-hidden">Study </span>
                <span class="deck-name">{deck.name}</span>
                {deck.description && <span class="deck-desc muted">{deck.description}</span>}
                <span class="deck-total muted">{total} cards</span>
              </span>
              <Counts counts={counts} label={deck.name} />
            </a>
          </li>
        ))}
      </ul>
      <p class="muted legend">
        <span class="count-new">New</span> · <span class="count-learn">Learning</span> · <span class="count-review">To review</span>. Daily limits: {settings.newPerDay} new, {settings.reviewsPerDay} reviews.
      </p>
    </section>
  );
}
