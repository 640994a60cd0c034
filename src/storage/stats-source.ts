/**
 * What the stats worker reads: its saved digest (in the `search` store, beside Browse's index,
 * cleared with it on a restore), the review log's epoch, and reviews by time.
 */
import type { ReviewLogRecord } from '../core/types';
import { openDatabase } from './db';
import { REVLOG_EPOCH_KEY } from './revlog-epoch';

const KEY = 'stats';

export async function loadStatsDigest<T>(dbName?: string): Promise<T | undefined> {
  return (await (await openDatabase(dbName)).get('search', KEY)) as T | undefined;
}

export async function saveStatsDigest(value: unknown, dbName?: string): Promise<void> {
  await (await openDatabase(dbName)).put('search', value, KEY);
}

export async function readRevlogEpoch(dbName?: string): Promise<number> {
  return (((await (await openDatabase(dbName)).get('meta', REVLOG_EPOCH_KEY)) as number | undefined) ?? 0);
}

/** Reviews at or after `time`, oldest first. */
export async function readReviewsSince(time: number, dbName?: string): Promise<ReviewLogRecord[]> {
  // Manual entries (forget, set due date) are scheduling changes, not answers.
  return (await (await openDatabase(dbName)).getAllFromIndex('revlog', 'byTime', IDBKeyRange.lowerBound(time))).filter((r) => r.source !== 'manual');
}

/** The ids of every review of these cards (keys only). */
export async function readReviewIdsOfCards(cardIds: readonly string[], dbName?: string): Promise<Set<string>> {
  if (!cardIds.length) return new Set();
  const db = await openDatabase(dbName);
  const tx = db.transaction('revlog');
  const lists = await Promise.all(cardIds.map((id) => tx.store.index('byCard').getAllKeys(id)));
  await tx.done;
  return new Set(lists.flat());
}

/**
 * Every review, in the store's key order (not by time: reading through the time index costs
 * about half as much again at a million reviews), handed over in batches so that the records of
 * only one batch are alive at a time. `onBatch` gets the running count and the total.
 */
export async function readAllReviews(onBatch: (logs: ReviewLogRecord[], done: number, total: number) => void, batch = 50_000, dbName?: string): Promise<number> {
  const db = await openDatabase(dbName);
  const total = await db.count('revlog');
  let after: string | undefined;
  let done = 0;
  for (;;) {
    const logs: ReviewLogRecord[] = await db.getAll('revlog', after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), batch);
    done += logs.length;
    onBatch(logs.some((r) => r.source === 'manual') ? logs.filter((r) => r.source !== 'manual') : logs, done, Math.max(total, done));
    if (logs.length < batch) return done;
    after = logs[logs.length - 1]!.id;
  }
}
