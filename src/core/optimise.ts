/**
 * What the app keeps about fitted FSRS parameters, and the rules around them: parameters live in
 * a preset (the Default preset's in Settings), each optimisation leaves a record with both
 * evaluations, the user is reminded after about a thousand new reviews, and nothing changes
 * unless the user presses Optimise.
 */
import { default_w } from 'ts-fsrs';
import type { Evaluation } from './optimise-eval';

export const DEFAULT_FSRS_PARAMS: readonly number[] = Array.from(default_w);
export const FSRS_PARAM_COUNT = 21;

/** Below this many items fsrs-rs has too little to fit (and mostly returns its defaults). */
export const MIN_TRAINING_ITEMS = 64;

/**
 * Train on at most this many of the newest review-log entries: measured on this machine's
 * Chromium (docs/PERFORMANCE.md), fitting time grows linearly with the items and wasm memory
 * runs out on a million reviews.
 */
export const MAX_TRAINING_REVIEWS = 200_000;

/** Suggest optimising again after this many new reviews. */
export const REMIND_AFTER_REVIEWS = 1000;

export interface OptimisationRecord {
  at: number;
  reviewsUsed: number;
  /** Entries there were to choose from (larger than reviewsUsed when the window capped them). */
  reviewsTotal: number;
  capped: boolean;
  /**
   * The parameters in use before (defaults when none were set) and the fitted ones, each
   * predicting later answers it was not trained on (time-series splits of the same items).
   */
  current: Evaluation;
  fitted: Evaluation;
  adopted: boolean;
  /** How many splits, and how many later answers they predicted (absent in older records). */
  splits?: number;
  testedItems?: number;
}

/** 21 finite numbers: anything else is ignored and the defaults are used. */
export function isFsrsParams(w: unknown): w is number[] {
  return Array.isArray(w) && w.length === FSRS_PARAM_COUNT && w.every((x) => typeof x === 'number' && Number.isFinite(x));
}

export function shouldRemind(reviewsSince: number): boolean {
  return reviewsSince >= REMIND_AFTER_REVIEWS;
}

export interface FittedOutcome {
  params: number[];
  current: Evaluation;
  fitted: Evaluation;
  adopt: boolean;
  reviewsUsed: number;
  reviewsTotal: number;
  capped: boolean;
  splits?: number;
  testedItems?: number;
}

/** What an optimisation changes on a preset: always the record, the parameters only when adopted. */
export function applyOutcome<T extends { fsrsParams?: number[]; lastOptimisation?: OptimisationRecord }>(target: T, outcome: FittedOutcome, now: number): T {
  const lastOptimisation: OptimisationRecord = {
    at: now,
    reviewsUsed: outcome.reviewsUsed,
    reviewsTotal: outcome.reviewsTotal,
    capped: outcome.capped,
    current: outcome.current,
    fitted: outcome.fitted,
    adopted: outcome.adopt,
    ...(outcome.splits !== undefined ? { splits: outcome.splits, testedItems: outcome.testedItems ?? 0 } : {}),
  };
  return outcome.adopt && isFsrsParams(outcome.params) ? { ...target, fsrsParams: outcome.params, lastOptimisation } : { ...target, lastOptimisation };
}

// Three decimals, or four when three would show two different numbers as equal.
const logLossPair = (a: number, b: number) => (a.toFixed(3) === b.toFixed(3) ? [a.toFixed(4), b.toFixed(4)] : [a.toFixed(3), b.toFixed(3)]);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The decision in words, with both numbers. */
export function describeRecord(r: OptimisationRecord): string {
  const [fitted, current] = logLossPair(r.fitted.logLoss, r.current.logLoss);
  const on = r.splits ? ` on ${r.testedItems?.toLocaleString('en')} later answers neither had seen` : '';
  const numbers = `log loss ${fitted} vs ${current}, RMSE ${pct(r.fitted.rmseBins)} vs ${pct(r.current.rmseBins)}${on}`;
  return r.adopted ? `Fitted parameters kept: ${numbers}.` : `Kept the current parameters: the fitted ones were not better (${numbers}).`;
}

/** "Trained on 12,345 reviews." or "Trained on the latest 200,000 of 1,000,000 reviews (…)". */
export function describeTraining(r: Pick<OptimisationRecord, 'reviewsUsed' | 'reviewsTotal' | 'capped'>): string {
  const f = (x: number) => x.toLocaleString('en-US');
  return r.capped ? `Trained on the latest ${f(r.reviewsUsed)} of ${f(r.reviewsTotal)} reviews (the most recently studied cards, whole).` : `Trained on ${f(r.reviewsUsed)} reviews.`;
}
