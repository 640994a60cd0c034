/**
 * The review log as the optimiser reads it: the four columns FSRS needs, read in batches so that
 * a million full records never sit in memory at once, only the chosen decks. Long histories are
 * cut to the newest whole cards that fit the training window (core/fsrs-items recentWholeCards).
 */
import { recentWholeCards, type ReviewForItems } from '../core/fsrs-items';
import type { ReviewLogRecord } from '../core/types';
import { openDatabase } from './db';
import { forEachPacked, packedSince, packsOf, readLogPackMeta } from './log-packs';

export interface ReviewWindow {
  reviews: ReviewForItems[];
  /** Entries of the chosen decks in the log (more than `reviews.length` when the window cut). */
  total: number;
}

const BATCH = 20_000;

export async function readReviewsForOptimiser(opts: { deckIds?: ReadonlySet<string>; limit: number }, dbName?: string): Promise<ReviewWindow> {
  const db = await openDatabase(dbName);
  const reviews: ReviewForItems[] = [];
  // Card ids repeat once per answer: one string per card keeps a million answers small.
  const ids = new Map<string, string>();
  let lower: IDBKeyRange | null = null;
  const take = (batch: ReviewLogRecord[]): void => {
    for (const r of batch) {
      if ((opts.deckIds && !opts.deckIds.has(r.deckId)) || r.source === 'manual') continue;
      let cardId = ids.get(r.cardId);
      if (cardId === undefined) ids.set(r.cardId, (cardId = r.cardId));
      reviews.push({ cardId, time: r.time, rating: r.rating, stateBefore: r.stateBefore });
    }
  };
  for (;;) {
    const batch = await db.getAll('revlog', lower, BATCH);
    take(batch);
    if (batch.length < BATCH) break;
    lower = IDBKeyRange.lowerBound(batch[batch.length - 1]!.id, true);
  }
  if ((await readLogPackMeta(db.transaction('meta').store)).count) await forEachPacked(packsOf(db), take);
  return recentWholeCards(reviews, opts.limit);
}

/**
 * Review-log entries of these decks after `since` (from the start without it), counted up to
 * `cap`: the reminder only needs to know "more than a thousand", and a cursor over a million
 * entries would take seconds. Batches of `getAll` on the time index, newest last.
 */
export async function countForDecks(deckIds: ReadonlySet<string>, dbName?: string, since?: number, cap = 10_000): Promise<number> {
  const db = await openDatabase(dbName);
  let n = 0;
  let lower: IDBKeyRange | null = since !== undefined ? IDBKeyRange.lowerBound(since, true) : null;
  for (;;) {
    const batch = await db.getAllFromIndex('revlog', 'byTime', lower, 5000);
    for (const r of batch) if (deckIds.has(r.deckId)) n++;
    if (batch.length < 5000 || n >= cap) return Math.min(n, cap);
    // Entries at the batch's last moment may go on into the next batch: count that moment
    // whole, once, and go on after it.
    const last = batch[batch.length - 1]!.time;
    for (const r of batch) if (r.time === last && deckIds.has(r.deckId)) n--;
    const again = await db.getAllFromIndex('revlog', 'byTime', IDBKeyRange.only(last));
    for (const r of again) if (deckIds.has(r.deckId)) n++;
    lower = IDBKeyRange.lowerBound(last, true);
  }
}

/** `countForDecks` over records and packed history (log-packs.ts): what the reminder counts. */
export async function countLogForDecks(deckIds: ReadonlySet<string>, dbName?: string, since?: number, cap = 10_000): Promise<number> {
  const n = await countForDecks(deckIds, dbName, since, cap);
  const db = await openDatabase(dbName);
  const meta = await readLogPackMeta(db.transaction('meta').store);
  if (n >= cap || !meta.count || (since !== undefined && meta.newest <= since)) return n;
  const packed = (await packedSince(packsOf(db), meta, since === undefined ? -Infinity : since + 1)).filter((r) => deckIds.has(r.deckId)).length;
  return Math.min(cap, n + packed);
}
