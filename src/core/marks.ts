/**
 * Named moments in long operations (`performance.mark`), free when nobody reads them: the
 * benchmark reads the `sync:` marks to say where a sync's time went (scripts/bench-sync.ts).
 */
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}
