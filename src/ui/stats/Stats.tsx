/**
 * Stats: what the review log and the cards say, for one deck (with its sub-decks) or for all.
 * Computed in the stats worker from its saved digest; the screen stays usable while it works.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Deck, Settings } from '../../core/types';
import type { Stats } from '../../core/stats';
import { listDecks } from '../../storage';
import { settingsByDeck } from '../../storage/presets';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { navigate } from '../router';
import { callStats, deckAndChildren } from './stats-client';
import { DailyCharts, FutureCharts, MemoryCharts, TodayPanel, RetentionTable } from './sections';
import { FirstRead } from './FirstRead';
import './stats.css';

/** FSRS decay of the parameters in use (w[20] when fitted), else the default. */
export function decayOf(settings: Settings): number | undefined {
  const w = settings.fsrsParams;
  return w && w.length >= 21 ? w[20] : undefined;
}

export function StatsScreen({ deckId }: { deckId?: string | undefined }) {
  const { settings, dataVersion } = useApp();
  const [decks, setDecks] = useState<Deck[] | null>(null);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(true);
  const [progress, setProgress] = useState<number | null>(null);

  useEffect(() => {
    void listDecks().then(setDecks, (e: unknown) => setError(errorMessage(e)));
  }, [dataVersion]);

  useEffect(() => {
    if (!decks) return;
    let live = true;
    setBusy(true);
    // One deck: its preset's desired retention and fitted parameters; all decks: the Default's.
    settingsByDeck(settings)
      .then((of) => {
        const own = deckId ? of(deckId) : settings;
        const decay = decayOf(own);
        return callStats(
          { type: 'stats', now: Date.now(), dayStartHour: settings.dayStartHour, desiredRetention: own.desiredRetention, ...(deckId ? { deckIds: deckAndChildren(decks, deckId) } : {}), ...(decay !== undefined ? { decay } : {}) },
          (f) => live && setProgress(f),
        );
      })
      .then(
        (r) => {
          if (!live) return;
          setStats(r.stats);
          setError('');
          // Read by `npm run bench` (statsMs): the worker's time, by where its digest came from.
          performance.measure(`prepdeck:stats-${r.timing.loaded}`, { start: 0, duration: r.timing.totalMs, detail: r.timing });
        },
        (e: unknown) => live && setError(errorMessage(e)),
      )
      .finally(() => {
        if (!live) return;
        setBusy(false);
        setProgress(null);
      });
    return () => {
      live = false;
    };
  }, [decks, deckId, settings, dataVersion]);

  const sorted = decks ? [...decks].sort((a, b) => a.name.localeCompare(b.name)) : [];
  return (
    <section class="stats insights" aria-busy={busy}>
      <div class="stats-head">
        <h1>Stats</h1>
        <label class="stats-deck">
          <span>Deck</span>
          <select class="control" value={deckId ?? ''} onChange={(e) => navigate({ name: 'stats', ...((e.target as HTMLSelectElement).value ? { deckId: (e.target as HTMLSelectElement).value } : {}) })}>
            <option value="">All decks</option>
            {sorted.map((d) => (
              <option value={d.id}>{d.name}</option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!stats && !error && <FirstRead progress={progress} idle="Counting your reviews…" />}
      {stats && (
        <>
          {busy && (
            <p class="muted stats-updating" role="status">
              Updating…
            </p>
          )}
          <TodayPanel stats={stats} />
          <RetentionTable stats={stats} />
          <DailyCharts stats={stats} />
          <FutureCharts stats={stats} />
          <MemoryCharts stats={stats} />
        </>
      )}
    </section>
  );
}
