/**
 * What the statistics and readiness computations read: the collection's cards and its review log
 * as columns (typed arrays), the shape the stats worker keeps saved and up to date from the change
 * feed. Pure types and small helpers: no DOM, no IndexedDB.
 */

/** The review log by column, sorted by `time` ascending. Row i is one review. */
export interface ReviewColumns {
  n: number;
  /** Epoch ms at which the answer was given. */
  time: Float64Array;
  /** 1 Again, 2 Hard, 3 Good, 4 Easy. */
  rating: Uint8Array;
  /** CardState before the review (0 New, 1 Learning, 2 Review, 3 Relearning). */
  stateBefore: Uint8Array;
  /** The interval (days) the card had before this review (Anki's `lastIvl`): mature when ≥ 21. */
  lastIvl: Float32Array;
  /** Time spent on the card, ms. */
  durationMs: Float64Array | Uint32Array;
  /** Index into `StatsInput.decks`. */
  deck: Uint32Array;
}

/** Every card by column (packed never-studied cards included). Row i is one card. */
export interface CardColumns {
  n: number;
  /** Index into `StatsInput.decks`. */
  deck: Uint32Array;
  /** CardState (0 New, 1 Learning, 2 Review, 3 Relearning). */
  state: Uint8Array;
  /** QueueBucket (−2 buried, −1 suspended, 0 new, 1 learning, 2 review). */
  bucket: Int8Array;
  /** Due time, epoch ms (for new cards: the introduction position, not a time). */
  due: Float64Array;
  /** FSRS stability (days) and difficulty (1–10); 0 for new cards. */
  stability: Float32Array;
  difficulty: Float32Array;
  /** Current interval in days (scheduled_days). */
  interval: Float32Array;
  /** Last review, epoch ms; 0 for never-reviewed cards. */
  lastReview: Float64Array;
  /** Index into `StatsInput.topicSets` (the note's content-map subtopics); −1 for none. */
  topicSet: Int32Array;
  /** Index into `StatsInput.tagSets` (the note's tags); −1 for none. */
  tagSet: Int32Array;
}

export interface StatsInput {
  cards: CardColumns;
  reviews: ReviewColumns;
  /** Deck ids, indexed by the `deck` columns. */
  decks: string[];
  /** Distinct topic lists (e.g. ['a.1', 'a.3']). */
  topicSets: string[][];
  /** Distinct tag lists. */
  tagSets: string[][];
}

/** Options every computation takes: a fixed `now` and the study-day boundary (local hour). */
export interface StatsOptions {
  now: number;
  dayStartHour: number;
  /** Only these deck indexes (undefined: the whole collection). */
  decks?: Set<number>;
  /** Desired retention shown next to true retention (0–1). */
  desiredRetention: number;
  /** FSRS-6 decay (w[20]) used for retrievability; default 0.1542 when not fitted. */
  decay?: number;
}
