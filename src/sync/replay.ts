/**
 * A card's scheduling state is derived from its review log: replaying the log in time order
 * through FSRS with the card's preset gives the same state on every device, whoever graded
 * what, so a merge never has to choose between two states of a card. Pure.
 */
import { CardState, type CardRecord, type ReviewLogRecord, type Settings } from '../core/types';
import { gradeCard } from '../core/scheduler';
import { bucketOf } from '../core/buckets';
import { unpackReview, type CardBody, type RevlogChunkDoc, type Schedule } from './docs';

export interface MergedLog {
  /** Every review ever logged, undone ones included, by id. */
  all: Map<string, ReviewLogRecord>;
  /** Ids of undone reviews. */
  undone: Set<string>;
}

/** The log the chunks hold together (any number of devices' chunks, in any order). */
export function mergedLog(chunks: Iterable<RevlogChunkDoc>): MergedLog {
  const all = new Map<string, ReviewLogRecord>();
  const undone = new Set<string>();
  for (const c of chunks) {
    for (const r of c.reviews) if (!all.has(r[0])) all.set(r[0], unpackReview(r));
    for (const u of c.undos) undone.add(u[0]);
  }
  return { all, undone };
}

export const byTimeThenId = (a: ReviewLogRecord, b: ReviewLogRecord): number => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface CardLog {
  /** Every entry of the card, undone ones included, in time order. */
  all: ReviewLogRecord[];
  /** The entries that count, in time order. */
  live: ReviewLogRecord[];
}

/** Each card's entries, in time order. */
export function logsByCard(log: MergedLog): Map<string, CardLog> {
  const out = new Map<string, CardLog>();
  for (const r of log.all.values()) {
    let c = out.get(r.cardId);
    if (!c) out.set(r.cardId, (c = { all: [], live: [] }));
    c.all.push(r);
    if (!log.undone.has(r.id)) c.live.push(r);
  }
  for (const c of out.values()) {
    c.all.sort(byTimeThenId);
    c.live.sort(byTimeThenId);
  }
  return out;
}

/** The state a log entry says the card had before it (what is not logged starts at zero). */
function before(r: ReviewLogRecord): Schedule {
  return { due: r.dueBefore, stability: r.stabilityBefore, difficulty: r.difficultyBefore, state: r.stateBefore, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0 };
}

/** An imported review is history, not a grade to redo: the card takes the state it logged. */
function imported(prev: Schedule, r: ReviewLogRecord): Schedule {
  return {
    due: r.dueAfter,
    stability: r.stabilityAfter,
    difficulty: r.difficultyAfter,
    state: r.stateAfter,
    elapsed_days: r.elapsedDays,
    scheduled_days: r.scheduledDays,
    learning_steps: 0,
    reps: prev.reps + 1,
    lapses: prev.lapses + (r.rating === 1 && r.stateBefore === CardState.Review ? 1 : 0),
    last_review: r.time,
  };
}

/**
 * A manual entry (forget, set due date) sets the state it logged: a card made new starts over
 * (no reps, no lapses, no last review); a card given a due date keeps its counts.
 */
function manual(prev: Schedule, r: ReviewLogRecord): Schedule {
  if (r.stateAfter === CardState.New) return { due: r.dueAfter, stability: 0, difficulty: 0, state: CardState.New, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0 };
  const s: Schedule = { due: r.dueAfter, stability: r.stabilityAfter, difficulty: r.difficultyAfter, state: r.stateAfter, elapsed_days: r.elapsedDays, scheduled_days: r.scheduledDays, learning_steps: r.stateAfter === prev.state ? prev.learning_steps : 0, reps: prev.reps, lapses: prev.lapses };
  if (prev.last_review !== undefined) s.last_review = prev.last_review;
  return s;
}

/**
 * The card with its scheduling replayed from its log: from `attrs.base` (or, without one, the
 * state the card's earliest entry, undone or not, says it had), each live entry in time order
 * is graded again at its own time with `settings`. The card's own attributes (suspended, flag,
 * buried) come from `attrs`. A card without entries keeps `fallback`'s state (or `base`).
 */
export function replayCard(attrs: CardBody, log: CardLog | undefined, settings: Settings, fallback?: Schedule): CardRecord {
  let schedule: Schedule | undefined = attrs.base ?? (log && log.all.length ? before(log.all[0]!) : fallback);
  if (!schedule) throw new Error(`Card ${attrs.id} has neither a log, a base state nor a local state to start from.`);
  let card = withSchedule(attrs, schedule);
  for (const r of log?.live ?? []) {
    if (r.source === 'import') card = withSchedule(attrs, imported(card, r));
    else if (r.source === 'manual') card = withSchedule(attrs, manual(card, r));
    else card = gradeCard(card, r.rating, r.time, r.durationMs, settings, r.id).card;
    schedule = card;
  }
  return withSchedule(attrs, schedule);
}

function withSchedule(attrs: CardBody, s: Schedule): CardRecord {
  const { base: _b, ...own } = attrs;
  const card: CardRecord = {
    ...own,
    due: s.due,
    stability: s.stability,
    difficulty: s.difficulty,
    elapsed_days: s.elapsed_days,
    scheduled_days: s.scheduled_days,
    learning_steps: s.learning_steps,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state,
    bucket: bucketOf(s.state, attrs.suspended, attrs.buriedUntil !== undefined),
    mtime: 0,
    usn: 0,
  };
  if (s.last_review !== undefined) card.last_review = s.last_review;
  return card;
}
