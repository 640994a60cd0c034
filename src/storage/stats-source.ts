/**
 * What the stats worker reads: its saved digest (in the `search` store, beside Browse's index,
 * cleared with it on a restore), the review log's epoch, and reviews by time.
 */
import type { ReviewLogRecord } from '../core/types';
import { openDatabase } from './db';
import { REVLOG_EPOCH_KEY, SYNCED_LOG_KEY, type SyncedLogMark } from './revlog-epoch';
import { forEachPacked, logSince, packedOfCards, readLogPackMeta, packsOf } from './log-packs';

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

/** The sync mark of the log (revlog-epoch.ts), if a sync ever added recent entries. */
export async function readSyncedLogMark(dbName?: string): Promise<SyncedLogMark | undefined> {
  return (await (await openDatabase(dbName)).get('meta', SYNCED_LOG_KEY)) as SyncedLogMark | undefined;
}

/** Reviews at or after `time`, oldest first (packed history too, when any is that recent). */
export async function readReviewsSince(time: number, dbName?: string): Promise<ReviewLogRecord[]> {
  // Manual entries (forget, set due date) are scheduling changes, not answers.
  return (await logSince(await openDatabase(dbName), time)).filter((r) => r.source !== 'manual');
}

/** The ids of every review of these cards (keys only). */
export async function readReviewIdsOfCards(cardIds: readonly string[], dbName?: string): Promise<Set<string>> {
  if (!cardIds.length) return new Set();
  const db = await openDatabase(dbName);
  const tx = db.transaction('revlog');
  const lists = await Promise.all(cardIds.map((id) => tx.store.index('byCard').getAllKeys(id)));
  await tx.done;
  const out = new Set(lists.flat());
  for (const list of (await packedOfCards(packsOf(db), cardIds)).values()) for (const r of list) out.add(r.id);
  return out;
}

/**
 * Every review, in the store's key order (not by time: reading through the time index costs
 * about half as much again at a million reviews), handed over in batches so that the records of
 * only one batch are alive at a time. `onBatch` gets the running count and the total.
 */
export async function readAllReviews(onBatch: (logs: ReviewLogRecord[], done: number, total: number) => void, batch = 50_000, dbName?: string): Promise<number> {
  const db = await openDatabase(dbName);
  const [records, packed] = await Promise.all([db.count('revlog'), readLogPackMeta(db.transaction('meta').store)]);
  const total = records + packed.count;
  let after: string | undefined;
  let done = 0;
  const hand = (logs: ReviewLogRecord[]): void => {
    done += logs.length;
    onBatch(logs.some((r) => r.source === 'manual') ? logs.filter((r) => r.source !== 'manual') : logs, done, Math.max(total, done));
  };
  for (;;) {
    const logs: ReviewLogRecord[] = await db.getAll('revlog', after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), batch);
    hand(logs);
    if (logs.length < batch) break;
    after = logs[logs.length - 1]!.id;
  }
  // Then the packed history (log-packs.ts), a few dozen buckets at a time.
  if (packed.count) await forEachPacked(packsOf(db), hand);
  return done;
}
