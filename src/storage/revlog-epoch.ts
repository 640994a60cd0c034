/**
 * The review log's epoch: a number in `meta` that moves whenever the log changes in any way other
 * than a new review being added now (an import with a review history, an undo of an old review,
 * a restore, a bulk write). Whoever keeps a digest of the log (the stats worker) reads the
 * reviews again when the epoch moved, and otherwise reads only the recent ones.
 */
import type { MetaStore } from './stamp';

export const REVLOG_EPOCH_KEY = 'revlogEpoch';

/** `meta` key of the packed history's summary (log-packs.ts; here, so the first screen's count needs no more). */
export const LOG_PACK_META_KEY = 'logPacks';
export interface LogPackMeta {
  /** Entries in all packs. */
  count: number;
  /** The newest packed entry's time: later entries are records. */
  newest: number;
}
/** How far back a digest's tail reaches (the stats worker's TAIL_MS). */
const RECENT_MS = 2 * 86_400_000;

/**
 * The sync mark: `from`, the oldest entry time that syncs added or removed within the recent
 * window since marks began, and `n`, moved by each such sync. A tail that took in an older
 * mark reads again from `from` (entries from another device are older than this device's newest
 * review, so "read from the newest one I know" misses them).
 */
export const SYNCED_LOG_KEY = 'revlogSynced';
export interface SyncedLogMark {
  n: number;
  from: number;
}

/**
 * After a sync changed the log (entries added or removed at `times`), inside its transaction:
 * an entry older than the recent window moves the epoch (the digest is built again), recent
 * ones move the sync mark.
 */
export async function markSyncedLog(meta: MetaStore, times: number[], now: number): Promise<void> {
  if (!times.length) return;
  let oldest = Infinity;
  for (const t of times) if (t < oldest) oldest = t;
  if (oldest < now - RECENT_MS) return bumpRevlogEpoch(meta);
  const prev = (await meta.get(SYNCED_LOG_KEY)) as SyncedLogMark | undefined;
  const from = prev && prev.from >= now - RECENT_MS ? Math.min(prev.from, oldest) : oldest;
  await meta.put({ n: (prev?.n ?? 0) + 1, from } satisfies SyncedLogMark, SYNCED_LOG_KEY);
}

/** Moves the epoch inside the caller's read-write transaction. */
export async function bumpRevlogEpoch(meta: MetaStore): Promise<void> {
  const now = ((await meta.get(REVLOG_EPOCH_KEY)) as number | undefined) ?? 0;
  await meta.put(now + 1, REVLOG_EPOCH_KEY);
}
