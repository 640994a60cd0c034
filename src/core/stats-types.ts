/**
 * The result of `computeStats`: plain numbers, arrays and nulls only, so that it crosses
 * `postMessage` (and JSON) unchanged. Times are epoch ms, durations are ms, days are study days
 * (local calendar days that start at the day-start hour).
 */

/** A pass/fail tally; `rate` is pass / (pass + fail), null when there were no reviews. */
export interface PassFail {
  pass: number;
  fail: number;
  rate: number | null;
}

/**
 * Review kinds as in Anki's review graphs, from the card's state before the answer:
 * learning = New or Learning, young = Review with lastIvl < 21, mature = Review with
 * lastIvl ≥ 21, relearning = Relearning.
 */
export interface KindSeries {
  learning: number[];
  young: number[];
  mature: number[];
  relearning: number[];
}

export interface KindCounts {
  learning: number;
  young: number;
  mature: number;
  relearning: number;
}

export interface TodayStats {
  reviews: number;
  timeMs: number;
  /** Reviews answered Again. */
  again: number;
  /** again / reviews; null with no reviews. */
  againRate: number | null;
  /**
   * Reviews whose state before was New. The log has no card column, so a card is not
   * de-duplicated: this counts first answers of new cards, which is the number of cards
   * introduced today as long as a card leaves the New state on its first answer (it always does
   * in FSRS).
   */
  newLearned: number;
  byKind: KindCounts;
  /**
   * Study days in a row with at least one review, ending today — or ending yesterday when
   * nothing has been reviewed yet today, so the streak does not read 0 before the first answer
   * of the day. 0 when neither today nor yesterday had a review.
   */
  streak: number;
  /** The longest run of consecutive study days with a review in the whole (filtered) log. */
  longestStreak: number;
}

/** Reviews per study day for the last 365 days: index 0 = 364 days ago, 364 = today. */
export interface HeatmapStats {
  /** Local date (YYYY-MM-DD) of the study day at index 0. */
  firstDay: string;
  counts: number[];
}

/** Reviews and time per study day by kind, same indexing as the heatmap (slice for 30 / 90). */
export interface DailyStats {
  firstDay: string;
  reviews: KindSeries;
  timeMs: KindSeries;
}

/**
 * Cards due per study day for the next 30 days, index 0 = today (overdue cards included),
 * split by queue bucket. Suspended cards are left out. Buried learning/review cards are counted,
 * but no earlier than tomorrow (index 1): burying only hides a card for the rest of today, the
 * work is still coming. Buried new cards and new cards are not "due" and are left out.
 */
export interface ForecastStats {
  learning: number[];
  review: number[];
  total: number[];
  /** Of total[0], cards that were due before today started. */
  overdue: number;
}

/** [Again, Hard, Good, Easy] counts. */
export type ButtonRow = [number, number, number, number];

/**
 * Answer buttons by the card's state before the answer, as in Anki's buttons graph: learning
 * = New, Learning or Relearning; young / mature = Review with lastIvl < 21 / ≥ 21.
 */
export interface ButtonCounts {
  learning: ButtonRow;
  young: ButtonRow;
  mature: ButtonRow;
}

export interface ButtonStats {
  last30: ButtonCounts;
  last365: ButtonCounts;
  all: ButtonCounts;
}

/**
 * Cards by state, mutually exclusive: suspended and buried cards count only as suspended /
 * buried, whatever their state. young / mature = Review state with interval < 21 / ≥ 21 days.
 */
export interface CardCounts {
  total: number;
  new: number;
  learning: number;
  relearning: number;
  young: number;
  mature: number;
  suspended: number;
  buried: number;
}

/**
 * counts[i] = values in [edges[i], edges[i + 1]); edges.length = counts.length + 1. With
 * `openEnded`, the last bin also takes every value ≥ its upper edge; otherwise values equal to
 * the last edge (difficulty 10, R = 1) go into the last bin.
 */
export interface Histogram {
  edges: number[];
  counts: number[];
  openEnded: boolean;
}

export interface MemoryStats {
  /** Cards in the Review state: their current interval in days. */
  interval: Histogram;
  /** Reviewed cards (lastReview > 0, state ≠ New, stability > 0), suspended and buried included. */
  stability: Histogram;
  difficulty: Histogram;
  retrievability: Histogram;
  /** Mean current retrievability of those cards ("predicted recall now"); null when none. */
  meanRetrievability: number | null;
  /** How many cards the stability / difficulty / retrievability histograms cover. */
  reviewedCards: number;
}

/** Per local clock hour 0–23: reviews and passes (rating > 1). */
export interface HourRow {
  reviews: number[];
  passed: number[];
  rate: (number | null)[];
}

export interface HourlyStats {
  last30: HourRow;
  all: HourRow;
}

export interface RetentionRow {
  young: PassFail;
  mature: PassFail;
  total: PassFail;
}

/**
 * Anki's true retention: the pass rate (rating ≥ 2) of reviews made in the Review state only
 * (learning and relearning steps excluded), young = lastIvl < 21, mature = ≥ 21. Periods are
 * rolling windows of study days ending today: last7 = today and the 6 days before, etc.
 */
export interface TrueRetentionStats {
  desired: number;
  today: RetentionRow;
  yesterday: RetentionRow;
  last7: RetentionRow;
  last30: RetentionRow;
  last365: RetentionRow;
}

export interface Stats {
  now: number;
  /** Epoch ms at which today's study day started. */
  todayStart: number;
  dayStartHour: number;
  today: TodayStats;
  heatmap: HeatmapStats;
  daily: DailyStats;
  forecast: ForecastStats;
  buttons: ButtonStats;
  cards: CardCounts;
  memory: MemoryStats;
  hourly: HourlyStats;
  trueRetention: TrueRetentionStats;
}
