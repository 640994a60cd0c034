/**
 * How well a set of FSRS-6 parameters predicts a review history: log loss and RMSE (bins), the
 * two numbers fsrs-rs and Anki report. The memory model is fsrs-rs's (model.rs `step`, FSRS-6),
 * replayed in plain TypeScript so that it runs anywhere (the wasm optimiser only fits); the
 * metrics follow fsrs-rs `evaluate`: items in time order weighted towards recent ones
 * (0.25 + 0.75·(i/(n-1))³), bins by (delta_t, long-term review count, lapses).
 * tests/unit/optimise-eval.test.ts checks both numbers against fsrs-rs native.
 */
import type { FsrsItems } from './fsrs-items';

export interface Evaluation {
  logLoss: number;
  rmseBins: number;
}

const S_MIN = 0.001;
const S_MAX = 36500;
const clampD = (d: number) => Math.min(10, Math.max(1, d));
const clampS = (s: number) => Math.min(S_MAX, Math.max(S_MIN, s));

/** Retrievability after `t` days at stability `s` (FSRS-6 power curve with trainable decay). */
export function retrievability(w: readonly number[], t: number, s: number): number {
  const decay = -w[20]!;
  const factor = Math.pow(0.9, 1 / decay) - 1;
  return Math.pow(1 + (factor * t) / s, decay);
}

function initDifficulty(w: readonly number[], rating: number): number {
  return w[4]! - Math.exp(w[5]! * (rating - 1)) + 1;
}

/** One answer applied to the memory state (fsrs-rs FSRS-6 `step`). */
export function step(w: readonly number[], state: { s: number; d: number } | undefined, rating: number, deltaT: number): { s: number; d: number } {
  if (!state) return { s: clampS(w[rating - 1]!), d: clampD(initDifficulty(w, rating)) };
  const { s, d } = state;
  let next: number;
  if (deltaT === 0) {
    // Same-day answer: short-term stability, never below the old one for Good and Easy.
    let sinc = Math.exp(w[17]! * (rating - 3 + w[18]!)) * Math.pow(s, -w[19]!);
    if (rating >= 3) sinc = Math.max(1, sinc);
    next = s * sinc;
  } else {
    const r = retrievability(w, deltaT, s);
    if (rating === 1) {
      const failed = w[11]! * Math.pow(d, -w[12]!) * (Math.pow(s + 1, w[13]!) - 1) * Math.exp((1 - r) * w[14]!);
      next = Math.min(failed, s / Math.exp(w[17]! * w[18]!));
    } else {
      const hard = rating === 2 ? w[15]! : 1;
      const easy = rating === 4 ? w[16]! : 1;
      next = s * (1 + Math.exp(w[8]!) * (11 - d) * Math.pow(s, -w[9]!) * (Math.exp((1 - r) * w[10]!) - 1) * hard * easy);
    }
  }
  const deltaD = -w[6]! * (rating - 3);
  const damped = d + (deltaD * (10 - d)) / 9;
  const reverted = w[7]! * (initDifficulty(w, 4) - damped) + damped;
  return { s: clampS(next), d: clampD(reverted) };
}

type Bin = { predicted: number; actual: number; count: number; weight: number };

function binKey(deltaT: number, longTerm: number, lapses: number): string {
  const dtBin = Math.round(2.48 * Math.pow(3.62, Math.floor(Math.log(deltaT) / Math.log(3.62))) * 100);
  const length = longTerm + 1;
  const lenBin = Math.round(1.99 * Math.pow(1.89, Math.floor(Math.log(length) / Math.log(1.89))));
  const lapseBin = lapses === 0 ? 0 : Math.round(1.65 * Math.pow(1.73, Math.floor(Math.log(lapses) / Math.log(1.73))));
  return `${dtBin}:${lenBin}:${lapseBin}`;
}

/** Where item ranges start in the flat review arrays (prefix sums of `lengths`). */
export function itemOffsets(items: FsrsItems): Uint32Array {
  const at = new Uint32Array(items.count + 1);
  for (let i = 0; i < items.count; i++) at[i + 1] = at[i]! + items.lengths[i]!;
  return at;
}

/** Items [from, to) as items of their own (views, no copy). */
export function sliceItems(items: FsrsItems, from: number, to: number, offsets = itemOffsets(items)): FsrsItems {
  return { ...items, count: to - from, lengths: items.lengths.subarray(from, to), ratings: items.ratings.subarray(offsets[from]!, offsets[to]!), deltaTs: items.deltaTs.subarray(offsets[from]!, offsets[to]!) };
}

/** Predictions gathered for the metrics: log loss sums and the bins. */
class Metrics {
  private lossSum = 0;
  private weightSum = 0;
  private readonly bins = new Map<string, Bin>();
  constructor(private readonly denom: number) {}

  /** Predicts items [from, to) with `w`; `pos` is the first one's place among all predicted. */
  add(w: readonly number[], items: FsrsItems, from: number, to: number, pos: number, offsets: Uint32Array): void {
    for (let i = from; i < to; i++) {
      const at = offsets[i]!;
      const n = items.lengths[i]!;
      let state: { s: number; d: number } | undefined;
      let longTerm = 0;
      let lapses = 0;
      for (let k = 0; k < n - 1; k++) {
        const rating = items.ratings[at + k]!;
        const dt = items.deltaTs[at + k]!;
        state = step(w, state, rating, dt);
        if (dt > 0) {
          longTerm++;
          if (rating === 1) lapses++;
        }
      }
      const dt = items.deltaTs[at + n - 1]!;
      if (dt > 0) longTerm++;
      const p = Math.min(1 - 1e-7, Math.max(1e-7, retrievability(w, dt, state!.s)));
      const y = items.ratings[at + n - 1]! > 1 ? 1 : 0;
      const weight = 0.25 + 0.75 * Math.pow((pos + i - from) / this.denom, 3);
      this.lossSum += -weight * (y ? Math.log(p) : Math.log(1 - p));
      this.weightSum += weight;
      const key = binKey(dt, longTerm, lapses);
      const bin = this.bins.get(key) ?? { predicted: 0, actual: 0, count: 0, weight: 0 };
      bin.predicted += p;
      bin.actual += y;
      bin.count += 1;
      bin.weight += weight;
      this.bins.set(key, bin);
    }
  }

  result(): Evaluation {
    let sq = 0;
    let weights = 0;
    for (const b of this.bins.values()) {
      sq += Math.pow(b.predicted / b.count - b.actual / b.count, 2) * b.weight;
      weights += b.weight;
    }
    return { logLoss: this.weightSum ? this.lossSum / this.weightSum : NaN, rmseBins: weights ? Math.sqrt(sq / weights) : NaN };
  }
}

/** Log loss and RMSE (bins) of `w` on the items (in time order, as built by fsrs-items). */
export function evaluateParameters(w: readonly number[], items: FsrsItems): Evaluation {
  const m = new Metrics(Math.max(1, items.count - 1));
  m.add(w, items, 0, items.count, 0, itemOffsets(items));
  return m.result();
}

/**
 * A time-series split: parameters trained on items [0, trainEnd) predict items
 * [trainEnd, testEnd), which come later in time.
 */
export interface Split {
  trainEnd: number;
  testEnd: number;
}

/** Up to this many items, the five splits fsrs-rs uses; above, one split (the last fifth held out). */
export const FULL_SPLITS_MAX_ITEMS = 20_000;

/**
 * The splits of `count` items. fsrs-rs (`evaluate_with_time_series_splits`) cuts the items into
 * six parts and trains five times, on the first 1…5 parts, each predicting the next part: training
 * 2.5 times the data. On large histories that would triple an optimisation's time, so there one
 * split trains on the first four fifths and predicts the last fifth.
 */
export function timeSeriesSplits(count: number): Split[] {
  if (count <= FULL_SPLITS_MAX_ITEMS) {
    const part = Math.floor(count / 6);
    if (part < 1) return [];
    return [1, 2, 3, 4, 5].map((i) => ({ trainEnd: i * part, testEnd: i === 5 ? count : (i + 1) * part }));
  }
  const cut = Math.floor(count * 0.8);
  return [{ trainEnd: cut, testEnd: count }];
}

/**
 * Log loss and RMSE (bins) of predictions made only by parameters that never saw what they
 * predict: split k's test items are predicted by `paramsFor(k)` (the same for every split when
 * the parameters were not trained on this history, such as the defaults).
 */
export function evaluateOnSplits(paramsFor: (split: number) => readonly number[], items: FsrsItems, splits: readonly Split[]): Evaluation {
  const offsets = itemOffsets(items);
  const tested = splits.reduce((t, s) => t + s.testEnd - s.trainEnd, 0);
  const m = new Metrics(Math.max(1, tested - 1));
  let pos = 0;
  splits.forEach((s, k) => {
    m.add(paramsFor(k), items, s.trainEnd, s.testEnd, pos, offsets);
    pos += s.testEnd - s.trainEnd;
  });
  return m.result();
}

export interface Decision {
  adopt: boolean;
  current: Evaluation;
  fitted: Evaluation;
}

/**
 * Fitted parameters are adopted only when they predict the history better than the current ones:
 * lower log loss and an RMSE not worse (a tiny tolerance absorbs float noise). Anything else keeps
 * what the user has.
 */
export function decideAdoption(current: Evaluation, fitted: Evaluation): Decision {
  const finite = Number.isFinite(fitted.logLoss) && Number.isFinite(fitted.rmseBins);
  const adopt = finite && fitted.logLoss < current.logLoss && fitted.rmseBins <= current.rmseBins + 1e-4;
  return { adopt, current, fitted };
}
