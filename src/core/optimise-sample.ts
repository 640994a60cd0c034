/**
 * Review histories drawn from a known FSRS-6 memory model with a seeded random generator: the
 * "known dataset" for the optimiser's tests and benchmark. Each card is learned on its first day
 * (a same-day retry after Again/Hard), then reviewed when the model's retrievability falls to the
 * target; whether it is recalled is drawn from that retrievability, so a good fit must find
 * parameters close to the ones that generated the data.
 */
import { CardState, type Rating } from './types';
import type { ReviewForItems } from './fsrs-items';
import { retrievability, step } from './optimise-eval';
import { seededRandom } from './random';

export interface SampleOptions {
  params: readonly number[];
  cards: number;
  /** Stop once this many reviews were drawn (the last card may end early). */
  maxReviews?: number;
  days: number;
  seed: number;
  retention?: number;
}


const pick = (rand: () => number, weights: [Rating, number][]): Rating => {
  let x = rand();
  for (const [r, p] of weights) {
    if (x < p) return r;
    x -= p;
  }
  return weights[weights.length - 1]![0];
};

/** Days until retrievability falls to `retention`. */
function intervalFor(w: readonly number[], s: number, retention: number): number {
  const decay = -w[20]!;
  const factor = Math.pow(0.9, 1 / decay) - 1;
  return Math.max(1, Math.round((s / factor) * (Math.pow(retention, 1 / decay) - 1)));
}

export function sampleReviews(opts: SampleOptions): ReviewForItems[] {
  const rand = seededRandom(opts.seed);
  const w = opts.params;
  const retention = opts.retention ?? 0.9;
  const max = opts.maxReviews ?? Infinity;
  const out: ReviewForItems[] = [];
  // Local calendar dates at 10:00 and 10:05: study days are unambiguous whatever the time zone.
  const at = (day: number, minute: number) => new Date(2024, 0, 1 + day, 10, minute).getTime();
  for (let c = 0; c < opts.cards && out.length < max; c++) {
    const cardId = `sim-${c}`;
    let day = Math.floor(rand() * opts.days * 0.8);
    const first = pick(rand, [[1, 0.25], [2, 0.1], [3, 0.55], [4, 0.1]]);
    out.push({ cardId, time: at(day, 0), rating: first, stateBefore: CardState.New });
    let state = step(w, undefined, first, 0);
    if (first <= 2) {
      out.push({ cardId, time: at(day, 5), rating: 3, stateBefore: CardState.Learning });
      state = step(w, state, 3, 0);
    }
    while (out.length < max) {
      const gap = intervalFor(w, state.s, retention);
      if (day + gap >= opts.days) break;
      day += gap;
      const recalled = rand() < retrievability(w, gap, state.s);
      const rating = recalled ? pick(rand, [[2, 0.15], [3, 0.75], [4, 0.1]]) : 1;
      out.push({ cardId, time: at(day, 0), rating, stateBefore: CardState.Review });
      state = step(w, state, rating, gap);
      if (rating === 1 && out.length < max) {
        out.push({ cardId, time: at(day, 5), rating: 3, stateBefore: CardState.Relearning });
        state = step(w, state, 3, 0);
      }
    }
  }
  return out;
}

/** The parameters the test data is drawn from: FSRS-6 defaults, nudged so a fit has work to do. */
export const SAMPLE_PARAMS: readonly number[] = [
  0.4, 1.8, 3.5, 12, 6.8, 0.7, 2.4, 0.01, 1.6, 0.15, 0.9, 1.7, 0.07, 0.3, 1.5, 0.5, 2.2, 0.5, 0.1, 0.07, 0.2,
];
