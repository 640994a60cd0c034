/**
 * What the workload simulation (simulate.ts) needs from the review log: seconds per answer by
 * card state and rating, how new cards are first rated, and how recalled reviews are rated.
 *
 * Each figure comes from the log when it has enough answers for it, otherwise from Anki's
 * defaults (fsrs-rs `SimulatorConfig::default`, the figures "Help me decide" starts from):
 *   first rating  Again 0.24, Hard 0.094, Good 0.495, Easy 0.171
 *   pass rating   Hard 0.224, Good 0.631, Easy 0.145
 *   seconds       learning  19.58 / 18.79 / 13.78 / 10.71 (Again / Hard / Good / Easy)
 *                 review    19.38 / 17.59 / 12.38 / 8.94
 *                 relearning 16.44 / 15.25 / 12.32 / 8.03
 * A cost is the median answer time of its (state, rating) cell, each answer capped at 60 s
 * (Anki's default "maximum answer seconds": a card left open over lunch is not a 40-minute
 * answer); the median keeps the remaining outliers from moving it.
 */
import type { SimCosts } from './simulate';

export const DEFAULT_COSTS: SimCosts = {
  learn: [19.58, 18.79, 13.78, 10.71],
  review: [19.38, 17.59, 12.38, 8.94],
  relearn: [16.44, 15.25, 12.32, 8.03],
  firstRatingProb: [0.24, 0.094, 0.495, 0.171],
  reviewRatingProb: [0.224, 0.631, 0.145],
};

/** The part of a review-log entry the estimate reads (states as in CardState: 0 new … 3 relearning). */
export interface CostSample {
  rating: number;
  stateBefore: number;
  durationMs: number;
}

/** Fewer answers than this in a cost cell: that cell keeps its default. */
export const MIN_CELL_ANSWERS = 10;
/** Fewer first answers (or passed reviews) than this: the rating frequencies keep their defaults. */
export const MIN_RATING_ANSWERS = 50;
const MAX_ANSWER_MS = 60_000;

export interface CostEstimate {
  costs: SimCosts;
  /** Log entries read. */
  answers: number;
  /** Which figures came from the log (the rest are defaults). */
  fromLog: { learn: number; review: number; relearn: number; firstRatings: boolean; passRatings: boolean };
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
}

export function estimateCosts(log: Iterable<CostSample>): CostEstimate {
  // cells[group][rating - 1]: answer times in seconds; group 0 learning, 1 review, 2 relearning.
  const cells = [0, 1, 2].map(() => [[], [], [], []] as number[][]);
  const first = [0, 0, 0, 0];
  const pass = [0, 0, 0];
  let answers = 0;
  for (const e of log) {
    if (e.rating < 1 || e.rating > 4) continue;
    answers++;
    const group = e.stateBefore <= 1 ? 0 : e.stateBefore === 2 ? 1 : 2;
    if (e.stateBefore === 0) first[e.rating - 1]!++;
    if (e.stateBefore === 2 && e.rating > 1) pass[e.rating - 2]!++;
    if (e.durationMs > 0) cells[group]![e.rating - 1]!.push(Math.min(e.durationMs, MAX_ANSWER_MS) / 1000);
  }
  const fromCells = (group: number, defaults: number[]) => {
    let used = 0;
    const out = defaults.map((d, i) => {
      const xs = cells[group]![i]!;
      if (xs.length < MIN_CELL_ANSWERS) return d;
      used++;
      return median(xs);
    });
    return { out, used };
  };
  const learn = fromCells(0, DEFAULT_COSTS.learn);
  const review = fromCells(1, DEFAULT_COSTS.review);
  const relearn = fromCells(2, DEFAULT_COSTS.relearn);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const firstRatings = sum(first) >= MIN_RATING_ANSWERS;
  const passRatings = sum(pass) >= MIN_RATING_ANSWERS;
  return {
    costs: {
      learn: learn.out,
      review: review.out,
      relearn: relearn.out,
      firstRatingProb: firstRatings ? first.map((n) => n / sum(first)) : [...DEFAULT_COSTS.firstRatingProb],
      reviewRatingProb: passRatings ? pass.map((n) => n / sum(pass)) : [...DEFAULT_COSTS.reviewRatingProb],
    },
    answers,
    fromLog: { learn: learn.used, review: review.used, relearn: relearn.used, firstRatings, passRatings },
  };
}
