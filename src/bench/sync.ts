/**
 * Benchmark-only (the generator page): the sync client driven on this origin's database, timed
 * with the page's clock, for scripts/bench-sync.ts. PouchDB loads only when these run.
 */
import { forEachPacked, packsOf } from '../storage/log-packs';
import { countReviews } from '../storage/review';
import type { SyncConfig, SyncOutcome, SyncProgress } from '../sync/api';
import { openDatabase } from '../storage/db';
import { getSettings } from '../storage/settings';
import { commitReview } from '../storage/review';
import { gradeCard } from '../core/scheduler';
import { CardState, type Rating } from '../core/types';

export interface TimedSync {
  ms: number;
  outcome: SyncOutcome;
  /** Page-clock milliseconds from the call to the first progress report of each phase. */
  phases: Partial<Record<SyncProgress['phase'], number>>;
  /** The last progress report of each phase (documents written, when the phase reports them). */
  done: Partial<Record<SyncProgress['phase'], number>>;
  /** The client's `sync:` marks (core/marks.ts), page-clock milliseconds from the call. */
  steps: [string, number][];
}

async function timed(run: (onProgress: (p: SyncProgress) => void) => Promise<SyncOutcome>): Promise<TimedSync> {
  const phases: TimedSync['phases'] = {};
  const done: TimedSync['done'] = {};
  performance.clearMarks();
  const t0 = performance.now();
  const outcome = await run((p) => {
    phases[p.phase] ??= performance.now() - t0;
    done[p.phase] = p.done;
  });
  const steps = performance
    .getEntriesByType('mark')
    .filter((m) => m.name.startsWith('sync:'))
    .map((m): [string, number] => [m.name.slice(5), m.startTime - t0]);
  return { ms: performance.now() - t0, outcome, phases, done, steps };
}

/** Settings → Sync → "Sync now" with these credentials: the first sync of this device. */
export async function syncEnable(config: SyncConfig): Promise<TimedSync> {
  const client = await import('../sync/client');
  return timed((p) => client.enableSync(config, p));
}

/** "Sync now" (or an automatic sync). */
export async function syncAgain(): Promise<TimedSync> {
  const client = await import('../sync/client');
  return timed((p) => client.syncNow(p));
}

/**
 * Grades `n` review cards (not suspended) "Good" through the app's storage layer, one
 * transaction each, as the review screen does. Returns the new log entries' ids.
 */
export async function gradeReviewCards(n: number, now: number): Promise<string[]> {
  const db = await openDatabase();
  const settings = await getSettings();
  const cards = (await db.getAll('cards', undefined, 5000)).filter((c) => c.state === CardState.Review && !c.suspended).slice(0, n);
  const ids: string[] = [];
  for (const [i, card] of cards.entries()) {
    const at = now + i * 1000;
    const logId = `bench-sync-${at.toString(36)}-${card.id}`;
    const { card: after, log } = gradeCard(card, 3 as Rating, at, 4000, settings, logId);
    await commitReview(card, after, log, at);
    ids.push(logId);
  }
  return ids;
}

/** How many of these ids are in this device's review log (records or packed history). */
export async function hasReviews(ids: string[]): Promise<number> {
  const db = await openDatabase();
  const have = new Set<string>(await db.getAllKeys('revlog'));
  await forEachPacked(packsOf(db), (logs) => {
    for (const r of logs) have.add(r.id);
  });
  return ids.filter((id) => have.has(id)).length;
}

/** Entries in this device's review log (records and packed history). */
export const reviewCount = (): Promise<number> => countReviews();

/** Cards on this device: records and packed never-studied ones (a pack's key carries its card count). */
export async function cardCount(): Promise<number> {
  const db = await openDatabase();
  const [records, keys] = await Promise.all([db.count('cards'), db.getAllKeys('packs')]);
  return records + keys.reduce((n, k) => n + k[2], 0);
}
