/** The page's side of the stats worker (shared by the Stats and Readiness screens). */
import type { StatsWorkerRequest, StatsWorkerResults } from '../../workers/stats-protocol';
import type { Deck } from '../../core/types';
import { workerRpc } from '../worker-rpc';

export const callStats = workerRpc<StatsWorkerRequest, StatsWorkerResults>(
  () => new Worker(new URL('../../workers/stats.worker.ts', import.meta.url), { type: 'module', name: 'prepdeck-stats' }),
  (reason) => `Statistics stopped working: ${reason}. Reload the page to try again.`,
);

/** A deck and every deck under it (`Parent::Child` names), as studying it counts them. */
export function deckAndChildren(decks: Deck[], id: string): string[] {
  const root = decks.find((d) => d.id === id);
  if (!root) return [id];
  const prefix = `${root.name.toLowerCase()}::`;
  return decks.filter((d) => d.id === id || d.name.toLowerCase().startsWith(prefix)).map((d) => d.id);
}
