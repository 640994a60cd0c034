/**
 * Tells the app's other open tabs (and windows) that the collection changed, so their counts
 * and review queues catch up without a reload. Storage stays the source of truth: a message
 * only says "read again"; a tab that misses one is still protected by the stale-card check of
 * every grade.
 */
export type CollectionChange = 'review' | 'undo' | 'import' | 'restore' | 'edit' | 'sync';

const CHANNEL = 'prepdeck';
let channel: BroadcastChannel | null | undefined;
const listeners = new Set<(change: CollectionChange) => void>();

function getChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  if (typeof BroadcastChannel === 'undefined') return (channel = null);
  channel = new BroadcastChannel(CHANNEL);
  // Node (unit tests) would otherwise keep running for the channel's sake.
  (channel as { unref?: () => void }).unref?.();
  channel.onmessage = (e: MessageEvent<{ change?: CollectionChange }>) => {
    const change = e.data?.change;
    if (change) for (const l of listeners) l(change);
  };
  return channel;
}

/** Announces a committed change to the other tabs (a channel never hears its own messages). */
export function announceChange(change: CollectionChange): void {
  try {
    getChannel()?.postMessage({ change });
  } catch {
    /* a closing page: the other tabs still read fresh data on their next grade */
  }
}

/** Calls `listener` whenever another tab changed the collection; returns the unsubscribe. */
export function onOtherTabChange(listener: (change: CollectionChange) => void): () => void {
  getChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
