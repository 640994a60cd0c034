/**
 * The review log's epoch: a number in `meta` that moves whenever the log changes in any way other
 * than a new review being added now (an import with a review history, an undo of an old review,
 * a restore, a bulk write). Whoever keeps a digest of the log (the stats worker) reads the
 * reviews again when the epoch moved, and otherwise reads only the recent ones.
 */
import type { MetaStore } from './stamp';

export const REVLOG_EPOCH_KEY = 'revlogEpoch';

/** Moves the epoch inside the caller's read-write transaction. */
export async function bumpRevlogEpoch(meta: MetaStore): Promise<void> {
  const now = ((await meta.get(REVLOG_EPOCH_KEY)) as number | undefined) ?? 0;
  await meta.put(now + 1, REVLOG_EPOCH_KEY);
}
