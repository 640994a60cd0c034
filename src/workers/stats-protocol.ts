/** Messages between the Stats / Readiness screens and the stats worker (types only). */
import type { Readiness } from '../core/readiness';
import type { Stats } from '../core/stats';

export interface StatsTiming {
  /** Where the digest came from: kept in the worker, read from its saved copy, or built. */
  loaded: 'memory' | 'saved' | 'built';
  loadMs: number;
  catchUpMs: number;
  /** Of the catch-up: the change feed read, the review tail checked (in parallel), the changes applied. */
  feedMs?: number;
  tailMs?: number;
  applyMs?: number;
  computeMs: number;
  totalMs: number;
  cards: number;
  reviews: number;
}

interface Common {
  id: number;
  /** The decks to count (a deck and its sub-decks); none: the whole collection. */
  deckIds?: string[];
  now: number;
  /** FSRS decay (w[20]) of the parameters in use. */
  decay?: number;
}

export type StatsWorkerRequest =
  | (Common & { type: 'stats'; dayStartHour: number; desiredRetention: number })
  | (Common & { type: 'readiness'; at?: number })
  /** Builds or loads the digest and reports how (the bench and tests use it). */
  | { id: number; type: 'open' };

export interface StatsWorkerResults {
  stats: { stats: Stats; timing: StatsTiming };
  readiness: { readiness: Readiness; timing: StatsTiming };
  open: StatsTiming;
}
