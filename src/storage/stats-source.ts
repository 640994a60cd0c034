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
  return (await openDatabase(dbName)).getAllFromIndex('revlog', 'byTime', IDBKeyRange.lowerBound(time));
}

/** The ids of the reviews at or after `time` (keys only: nothing else is read). */
export async function readReviewIdsSince(time: number, dbName?: string): Promise<string[]> {
  return (await openDatabase(dbName)).getAllKeysFromIndex('revlog', 'byTime', IDBKeyRange.lowerBound(time));
}

/**
 * Every review before `before`, oldest first, handed over in batches (a million records read in
 * one request would hold them all in memory twice). A batch never splits reviews with the same
 * time, so resuming at the last time seen misses none.
 */
export async function readReviewsInBatches(before: number, onBatch: (logs: ReviewLogRecord[]) => void, batch = 50_000, dbName?: string): Promise<number> {
  const db = await openDatabase(dbName);
  let from = -Infinity;
  let open = false;
  let total = 0;
  for (;;) {
    const range: IDBKeyRange = from === -Infinity ? IDBKeyRange.upperBound(before, true) : IDBKeyRange.bound(from, before, open, true);
    const logs: ReviewLogRecord[] = await db.getAllFromIndex('revlog', 'byTime', range, batch);
    if (logs.length < batch) {
      onBatch(logs);
      return total + logs.length;
    }
    const last = logs[logs.length - 1]!.time;
    let cut: number = logs.length;
    while (cut > 0 && logs[cut - 1]!.time === last) cut--;
    // A whole batch at one instant: take it and move past that instant.
    const take = cut === 0 ? logs : logs.slice(0, cut);
    onBatch(take);
    total += take.length;
    from = last;
    open = cut === 0;
  }
}
