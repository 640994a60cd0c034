/** Messages between the page and the optimiser worker (types only: no code crosses bundles). */
import type { FittedOutcome } from '../core/optimise';

export interface OptimiseRequest {
  /** The preset's decks (undefined: every deck). */
  deckIds?: string[];
  dayStartHour: number;
  /** What the preset schedules with now (undefined: FSRS-6 defaults). */
  currentParams?: number[];
  /** Train on at most this many review-log entries: the most recently studied cards, whole. */
  maxReviews: number;
  /** Items given directly instead of read from the database (benchmark, tests). */
  items?: { lengths: Uint32Array; ratings: Uint32Array; deltaTs: Uint32Array };
}

/** What a run gives (core/optimise.ts FittedOutcome), with how it went. */
export interface OptimiseOutcome extends FittedOutcome {
  items: number;
  /** Time-series splits the evaluation used, and how many later items they predicted. */
  splits: number;
  testedItems: number;
  readMs: number;
  fitMs: number;
  evalMs: number;
  threads: number;
}

export type OptimisePhase = 'loading' | 'reading' | 'fitting' | 'evaluating';

export type OptimiseMessage =
  | { type: 'phase'; phase: OptimisePhase }
  /** Where fsrs-rs writes [items processed, items total] while it fits (shared wasm memory). */
  | { type: 'progress-source'; buffer: SharedArrayBuffer; pointer: number; from: number; share: number }
  | { type: 'done'; outcome: OptimiseOutcome }
  | { type: 'error'; message: string };
