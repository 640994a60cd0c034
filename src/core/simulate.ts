/**
 * Workload simulation for the desired-retention helper (issue #11), modelled on fsrs-rs's
 * `simulate` (src/simulation.rs), which Anki's "Help me decide" runs: every card is answered on
 * the day it falls due, recalled with the probability the forgetting curve gives, rated from the
 * user's own rating frequencies, and rescheduled at the chosen retention; the time each answer
 * takes comes from the user's review log (simulate-costs.ts).
 *
 * Memory-state updates and intervals are ts-fsrs's own (`FSRSAlgorithm.next_state`,
 * `forgetting_curve`, `next_interval` without fuzz), so the simulation schedules as the app does.
 * Pure and deterministic: a seeded generator, no DOM, no IndexedDB (it runs in a worker).
 *
 * Speed: card states live in one typed array and card indexes in one list per day (a
 * day-bucketed due list, fsrs-rs uses a priority queue), so a day touches only the cards due that
 * day and nothing is sorted. Within a day cards come in the order they were scheduled, cards held
 * over by the review limit first (fsrs-rs orders a day by difficulty; that only matters when the
 * review limit binds). 100k cards × 365 days × 15 retentions: about 4 s in node on 2 slow cores.
 */
import { FSRSAlgorithm, computeDecayFactor, default_w, generatorParameters, type StepUnit } from 'ts-fsrs';
import { seededRandom } from './random';


/** Existing cards' memory states, one entry per card (struct of arrays: 100k cards stay compact). */
export interface SimCards {
  stability: Float64Array;
  difficulty: Float64Array;
  /** Due day relative to today (0 = today; negative = overdue, answered today). */
  due: Int32Array;
  /** Day of the last answer relative to today (≤ 0). */
  lastReview: Int32Array;
}

/** Seconds per answer and rating frequencies (indexes 0–3: Again, Hard, Good, Easy). */
export interface SimCosts {
  /** A new card's first answer and its later learning steps. */
  learn: number[];
  /** A review (for Again: the review itself; the relearning steps add `relearn`). */
  review: number[];
  relearn: number[];
  /** How a new card is first rated: P(Again), P(Hard), P(Good), P(Easy). */
  firstRatingProb: number[];
  /** How a recalled review card is rated: P(Hard), P(Good), P(Easy), given a pass. */
  reviewRatingProb: number[];
}

export interface SimulationInput {
  /** FSRS parameters (21 numbers); ts-fsrs `default_w` when none. */
  params?: readonly number[] | undefined;
  /** Days to simulate (365 for the helper). */
  days: number;
  cards: SimCards;
  /** Never-studied cards waiting. */
  newCards: number;
  newPerDay: number;
  reviewsPerDay: number;
  maxInterval: number;
  costs: SimCosts;
  /** How many learning and relearning steps the preset has (short-term answers on the day). */
  learningSteps: number;
  relearningSteps: number;
  seed?: number;
}

export interface SimulationResult {
  retention: number;
  reviewsPerDay: Int32Array;
  learnedPerDay: Int32Array;
  minutesPerDay: Float64Array;
  totalReviews: number;
  totalLearned: number;
  totalMinutes: number;
  /** Expected number of cards recalled on the last day: the sum of their retrievabilities. */
  memorised: number;
}

/**
 * Anki's defaults (fsrs-rs `SimulatorConfig::default`) for how learning and relearning steps go:
 * row = the previous rating, columns = P(next rating) Again … Easy.
 */
const LEARNING_TRANSITIONS = [
  [0.3686, 0.0628, 0.5108, 0.0577],
  [0.0442, 0.4553, 0.4457, 0.0549],
  [0.0519, 0.047, 0.8462, 0.055],
];
const RELEARNING_TRANSITIONS = [
  [0.2157, 0.0643, 0.6595, 0.0604],
  [0.05, 0.4638, 0.4475, 0.0387],
  [0.1057, 0.1434, 0.7266, 0.0244],
];
/** fsrs-rs stops the answers of one day's (re)learning after this many steps. */
const MAX_STEPS = 5;


/** Index drawn from unnormalised weights. */
function pick(weights: readonly number[], u: number): number {
  let sum = 0;
  for (const w of weights) sum += w;
  let x = u * sum;
  for (let i = 0; i < weights.length - 1; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** Packs card objects into the typed arrays `simulate` takes. */
export function packCards(cards: readonly { stability: number; difficulty: number; due: number; lastReview: number }[]): SimCards {
  const out: SimCards = { stability: new Float64Array(cards.length), difficulty: new Float64Array(cards.length), due: new Int32Array(cards.length), lastReview: new Int32Array(cards.length) };
  cards.forEach((c, i) => {
    out.stability[i] = c.stability;
    out.difficulty[i] = c.difficulty;
    out.due[i] = c.due;
    out.lastReview[i] = c.lastReview;
  });
  return out;
}

/**
 * The ts-fsrs algorithm the app's scheduler would use at this retention (fuzz off: expectations).
 * ts-fsrs keeps its parameters behind a Proxy (to revalidate them on writes), and every formula
 * reads them through it; the simulation never writes them, so the object returned here reads a
 * plain copy instead: the same methods, the same numbers, about twice as fast.
 */
export function algorithmFor(input: Pick<SimulationInput, 'params' | 'maxInterval' | 'relearningSteps'>, retention: number): FSRSAlgorithm {
  const algo = newAlgorithm(input, retention);
  const fast = Object.create(algo) as FSRSAlgorithm;
  (fast as unknown as { param: unknown }).param = { ...algo.parameters, w: [...algo.parameters.w] };
  return fast;
}

function newAlgorithm(input: Pick<SimulationInput, 'params' | 'maxInterval' | 'relearningSteps'>, retention: number): FSRSAlgorithm {
  return new FSRSAlgorithm(
    generatorParameters({
      w: input.params?.length ? [...input.params] : [...default_w],
      request_retention: retention,
      maximum_interval: input.maxInterval,
      enable_fuzz: false,
      enable_short_term: true,
      // Only the count matters here: ts-fsrs clips w17/w18 differently with several relearning steps.
      relearning_steps: Array.from({ length: Math.max(0, input.relearningSteps) }, () => '10m' as StepUnit),
    }),
  );
}

/** Simulates `input.days` days at one desired retention. */
export function simulate(input: SimulationInput, retention: number): SimulationResult {
  const { days, costs } = input;
  const algo = algorithmFor(input, retention);
  // ts-fsrs's forgetting curve and (unfuzzed) interval, with their constants taken out of the
  // loop (ts-fsrs recomputes the decay factor on every call).
  // tests/unit/simulate.test.ts checks both against ts-fsrs's own functions.
  const { decay, factor } = computeDecayFactor(algo.parameters.w);
  const modifier = algo.interval_modifier;
  const maxInterval = algo.parameters.maximum_interval;
  const recall = (t: number, s: number) => Math.pow(1 + (factor * t) / s, decay);
  const interval = (s: number) => Math.min(Math.max(1, Math.round(s * modifier)), maxInterval);
  const rand = seededRandom(input.seed ?? 42);
  const existing = input.cards.stability.length;
  const newPerDay = Math.max(0, Math.floor(input.newPerDay));
  const reviewLimit = Math.max(0, Math.floor(input.reviewsPerDay));
  const newSlots = Math.min(Math.max(0, input.newCards), newPerDay * days);
  const total = existing + newSlots;
  // Card i is c[3i] stability, c[3i+1] difficulty, c[3i+2] day of its last answer: interleaved,
  // because a day's cards sit anywhere in memory (one cache miss a card instead of three).
  const c = new Float64Array(total * 3);
  // The cards due each day, in the order they were scheduled (a day's list is read once; reading
  // indexes from an array measured 20 % faster than chasing a linked list through the cards).
  const due: number[][] = Array.from({ length: days }, () => []);
  const schedule = (i: number, day: number) => {
    if (day < days) due[day]!.push(i);
  };
  for (let i = 0; i < existing; i++) {
    const s = input.cards.stability[i]!;
    const d = input.cards.difficulty[i]!;
    // Cards without a memory state (fsrs-rs drops them too) are left out: stability 0.
    if (!(s > 1e-9 && d >= 1)) continue;
    c[3 * i] = s;
    c[3 * i + 1] = d;
    c[3 * i + 2] = input.cards.lastReview[i]!;
    schedule(i, Math.max(0, input.cards.due[i]!));
  }

  const reviewsPerDay = new Int32Array(days);
  const learnedPerDay = new Int32Array(days);
  const secondsPerDay = new Float64Array(days);
  let state = { difficulty: 0, stability: 0 };

  /** A day's (re)learning steps after `first` (0: a lapse, which starts from Again); returns their seconds. */
  const shortTerm = (first: number, stepCosts: number[], transitions: number[][], steps: number): number => {
    let rating = first || 1;
    let seconds = first ? stepCosts[first - 1]! : 0;
    let consecutive = 0;
    const needed = rating > 2 ? Math.max(0, steps - 1) : steps;
    for (let k = 0; k < MAX_STEPS && consecutive < needed && rating < 4; k++) {
      rating = pick(transitions[rating - 1]!, rand()) + 1;
      state = algo.next_state(state, 0, rating);
      seconds += stepCosts[rating - 1]!;
      if (rating > 2) consecutive++;
      else if (rating === 1) consecutive = 0;
    }
    return seconds;
  };
  const answered = (i: number, day: number) => {
    c[3 * i] = state.stability;
    c[3 * i + 1] = state.difficulty;
    c[3 * i + 2] = day;
    schedule(i, day + interval(state.stability));
  };

  let learned = existing;
  let waiting = newSlots;
  for (let day = 0; day < days; day++) {
    let reviews = 0;
    let seconds = 0;
    const list = due[day]!;
    due[day] = [];
    for (let k = 0; k < list.length; k++) {
      if (reviews >= reviewLimit) {
        // Over the limit: the rest of today's cards wait for tomorrow, ahead of tomorrow's own.
        if (day + 1 < days) due[day + 1] = list.slice(k).concat(due[day + 1]!);
        break;
      }
      const i = list[k]!;
      const elapsed = day - c[3 * i + 2]!;
      const before = { stability: c[3 * i]!, difficulty: c[3 * i + 1]! };
      const r = recall(elapsed, before.stability);
      if (rand() >= r) {
        state = algo.next_state(before, elapsed, 1, r);
        seconds += costs.review[0]! + shortTerm(0, costs.relearn, RELEARNING_TRANSITIONS, input.relearningSteps);
      } else {
        const rating = pick(costs.reviewRatingProb, rand()) + 2;
        state = algo.next_state(before, elapsed, rating, r);
        seconds += costs.review[rating - 1]!;
      }
      reviews++;
      answered(i, day);
    }
    // New cards after the reviews; they have their own limit (the app counts them apart).
    const learnToday = Math.min(newPerDay, waiting);
    for (let k = 0; k < learnToday; k++) {
      const first = pick(costs.firstRatingProb, rand()) + 1;
      state = algo.next_state(null, 0, first);
      seconds += shortTerm(first, costs.learn, LEARNING_TRANSITIONS, input.learningSteps);
      answered(learned++, day);
    }
    waiting -= learnToday;
    reviewsPerDay[day] = reviews;
    learnedPerDay[day] = learnToday;
    secondsPerDay[day] = seconds;
  }

  let memorised = 0;
  for (let i = 0; i < learned; i++) if (c[3 * i]! > 0) memorised += recall(Math.max(0, days - 1 - c[3 * i + 2]!), c[3 * i]!);
  let totalReviews = 0;
  let totalLearned = 0;
  let totalSeconds = 0;
  const minutesPerDay = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    totalReviews += reviewsPerDay[d]!;
    totalLearned += learnedPerDay[d]!;
    totalSeconds += secondsPerDay[d]!;
    minutesPerDay[d] = secondsPerDay[d]! / 60;
  }
  return { retention, reviewsPerDay, learnedPerDay, minutesPerDay, totalReviews, totalLearned, totalMinutes: totalSeconds / 60, memorised };
}
