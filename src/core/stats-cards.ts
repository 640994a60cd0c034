/**
 * Everything the statistics read from the card columns, in one pass: counts by state, the
 * 30-day due forecast and the memory histograms (interval, stability, difficulty,
 * retrievability). Allocates nothing per card.
 */
import { computeDecayFactor } from 'ts-fsrs';
import { studyDayBoundaries } from './stats-days';
import type { CardColumns } from './stats-input';
import type { CardCounts, ForecastStats, Histogram, MemoryStats } from './stats-types';

export const FORECAST_DAYS = 30;
const MATURE_IVL = 21;
const DAY = 86_400_000;

/**
 * Interval and stability bins in days: one bin per day for the first week (where learning-heavy
 * collections sit), then widening roughly like the log scale people read intervals on; the last
 * bin is open-ended (≥ 5 years).
 */
export const DAY_EDGES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 540, 730, 1095, 1825, 3650];
/** Difficulty 1–10 in 10 equal bins (the FSRS range). */
export const DIFFICULTY_EDGES: readonly number[] = Array.from({ length: 11 }, (_, k) => Math.round((1 + 0.9 * k) * 10) / 10);
/** Retrievability 0–1 in 20 bins of 0.05. */
export const R_EDGES: readonly number[] = Array.from({ length: 21 }, (_, k) => k / 20);

export interface CardStats {
  cards: CardCounts;
  forecast: ForecastStats;
  memory: MemoryStats;
}

/** Bin of `v` in `edges` (values below the first edge go to bin 0, above the last to the last bin). */
function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length - 2; // last bin index
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (v >= (edges[mid] as number)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Tallies of one pass over the cards. */
interface Tallies {
  /** new, learning, relearning, young, mature, suspended, buried, total, overdue, reviewed, rSum */
  n: Float64Array;
  fLearning: Float64Array;
  fReview: Float64Array;
  hInterval: Float64Array;
  hStability: Float64Array;
  hDifficulty: Float64Array;
  hR: Float64Array;
}
const N_NEW = 0;
const N_LEARNING = 1;
const N_RELEARNING = 2;
const N_YOUNG = 3;
const N_MATURE = 4;
const N_SUSPENDED = 5;
const N_BURIED = 6;
const N_TOTAL = 7;
const N_OVERDUE = 8;
const N_REVIEWED = 9;
const N_RSUM = 10;

/** Every DAY_EDGES edge is a whole number of days, so the bin of v is a table lookup on floor(v). */
const DAY_BIN_OF_FLOOR: Uint8Array = (() => {
  const last = DAY_EDGES[DAY_EDGES.length - 1] as number;
  const table = new Uint8Array(last);
  let bin = 0;
  for (let k = 0; k < last; k++) {
    while (k >= (DAY_EDGES[bin + 1] as number)) bin++;
    table[k] = bin;
  }
  return table;
})();
const LAST_DAY_BIN = DAY_EDGES.length - 2;

function dayBin(v: number): number {
  if (!(v > 0)) return 0;
  const k = Math.floor(v);
  return k < DAY_BIN_OF_FLOOR.length ? (DAY_BIN_OF_FLOOR[k] as number) : LAST_DAY_BIN;
}

/**
 * @param todayStart epoch ms at which today's study day started
 * @param decay FSRS-6 decay (positive, as w[20])
 */
export function cardStats(c: CardColumns, now: number, todayStart: number, dayStartHour: number, decay: number, deckMask: Uint8Array | null): CardStats {
  const t: Tallies = {
    n: new Float64Array(11),
    fLearning: new Float64Array(FORECAST_DAYS),
    fReview: new Float64Array(FORECAST_DAYS),
    hInterval: new Float64Array(DAY_EDGES.length - 1),
    hStability: new Float64Array(DAY_EDGES.length - 1),
    hDifficulty: new Float64Array(DIFFICULTY_EDGES.length - 1),
    hR: new Float64Array(R_EDGES.length - 1),
  };
  scan(c, now, todayStart, studyDayBoundaries(todayStart, dayStartHour, FORECAST_DAYS), decay, deckMask, t);
  const n = (k: number) => t.n[k] as number;
  const reviewed = n(N_REVIEWED);
  const learning = Array.from(t.fLearning);
  const review = Array.from(t.fReview);
  const histogram = (edges: readonly number[], h: Float64Array, openEnded: boolean): Histogram => ({ edges: [...edges], counts: Array.from(h), openEnded });
  return {
    cards: {
      total: n(N_TOTAL),
      new: n(N_NEW),
      learning: n(N_LEARNING),
      relearning: n(N_RELEARNING),
      young: n(N_YOUNG),
      mature: n(N_MATURE),
      suspended: n(N_SUSPENDED),
      buried: n(N_BURIED),
    },
    forecast: { learning, review, total: learning.map((x, k) => x + (review[k] as number)), overdue: n(N_OVERDUE) },
    memory: {
      interval: histogram(DAY_EDGES, t.hInterval, true),
      stability: histogram(DAY_EDGES, t.hStability, true),
      difficulty: histogram(DIFFICULTY_EDGES, t.hDifficulty, false),
      retrievability: histogram(R_EDGES, t.hR, false),
      meanRetrievability: reviewed > 0 ? n(N_RSUM) / reviewed : null,
      reviewedCards: reviewed,
    },
  };
}

/** The hot loop, alone in its function so that V8's on-the-fly compilation of it stays valid. */
function scan(c: CardColumns, now: number, todayStart: number, bounds: Float64Array, decay: number, deckMask: Uint8Array | null, acc: Tallies): void {
  const { deck, state, bucket, due, stability, difficulty, interval, lastReview } = c;
  const { n, fLearning, fReview, hInterval, hStability, hDifficulty, hR } = acc;
  const tomorrow = bounds[1] as number;
  const horizon = bounds[FORECAST_DAYS] as number;
  const dEdges = Float64Array.from(DIFFICULTY_EDGES);
  const rEdges = Float64Array.from(R_EDGES);
  const { decay: negDecay, factor } = computeDecayFactor(decay);
  let overdue = 0;
  let reviewed = 0;
  let rSum = 0;

  for (let i = 0; i < c.n; i++) {
    if (deckMask !== null && deckMask[deck[i] as number] !== 1) continue;
    const st = state[i] as number;
    const b = bucket[i] as number;
    const ivl = interval[i] as number;

    // Mutually exclusive categories: suspended / buried first, whatever the state.
    n[b === -1 ? N_SUSPENDED : b === -2 ? N_BURIED : st === 0 ? N_NEW : st === 1 ? N_LEARNING : st === 3 ? N_RELEARNING : ivl >= MATURE_IVL ? N_MATURE : N_YOUNG]!++;

    // Forecast: learning/review buckets, and buried cards that are not new (see ForecastStats).
    if (b === 1 || b === 2 || (b === -2 && st !== 0)) {
      const d = due[i] as number;
      if (d < horizon) {
        let day = d < tomorrow ? 0 : binOf(bounds, d);
        if (b === -2) {
          if (day === 0) day = 1;
        } else if (d < todayStart) overdue++;
        if (day < FORECAST_DAYS) {
          if (st === 2) fReview[day]!++;
          else fLearning[day]!++;
        }
      }
    }

    if (st === 2) hInterval[dayBin(ivl)]!++;

    const s = stability[i] as number;
    const last = lastReview[i] as number;
    if (last > 0 && st !== 0 && s > 0) {
      reviewed++;
      hStability[dayBin(s)]!++;
      hDifficulty[binOf(dEdges, difficulty[i] as number)]!++;
      // ts-fsrs forgetting_curve(decay, t, s), rounded as it does, with its constants hoisted.
      const r = Math.round(Math.pow(1 + (factor * Math.max(0, (now - last) / DAY)) / s, negDecay) * 1e8) / 1e8;
      rSum += r;
      hR[binOf(rEdges, r)]!++;
    }
  }
  n[N_TOTAL] = (n[N_NEW] as number) + (n[N_LEARNING] as number) + (n[N_RELEARNING] as number) + (n[N_YOUNG] as number) + (n[N_MATURE] as number) + (n[N_SUSPENDED] as number) + (n[N_BURIED] as number);
  n[N_OVERDUE] = overdue;
  n[N_REVIEWED] = reviewed;
  n[N_RSUM] = rSum;
}
