/**
 * Today's study queue, built from what storage read out of its indexes (never every card).
 * Learning cards come back whenever they are due (intraday steps return within the session);
 * reviews due today and new cards (up to the daily limit) are interleaved so that new material
 * is spread through the session instead of piling up at its end.
 */
import { CardState, type CardRecord } from './types';

/** Cards that storage read from index ranges for one deck or for all decks. */
export interface QueueSource {
  /** Learning and relearning cards due before the end of the study day, by due time. */
  learning: CardRecord[];
  /** Review cards due before the end of the study day, by due time, at most the review limit. */
  review: CardRecord[];
  /** New cards in introduction order, at most the new-card limit. */
  fresh: CardRecord[];
}

export interface StudyQueue {
  learning: CardRecord[];
  main: CardRecord[];
  dayEnd: number;
}

export interface QueueCounts {
  new: number;
  learning: number;
  review: number;
}

/** Anki shows a learning card early when nothing else is left and it is due within this. */
export const LEARN_AHEAD_MS = 20 * 60_000;

/** Learning cards due before this are today's: the day's end, or the learn-ahead window if later. */
export const learningHorizon = (dayEnd: number, now: number) => Math.max(dayEnd, now + LEARN_AHEAD_MS);

/** Spreads `fresh` evenly among `review`, keeping both orders. */
export function interleave<T>(review: T[], fresh: T[]): T[] {
  if (fresh.length === 0) return [...review];
  if (review.length === 0) return [...fresh];
  const out: T[] = [];
  const total = review.length + fresh.length;
  let r = 0;
  let n = 0;
  for (let i = 0; i < total; i++) {
    // Bresenham-style: new cards take their even share of positions, centred in each stretch.
    const share = Math.floor(((i + 1) * fresh.length + Math.floor(total / 2)) / total);
    const wantNew = n < fresh.length && (r >= review.length || n < share);
    if (wantNew) out.push(fresh[n++]!);
    else out.push(review[r++]!);
  }
  return out;
}

export function buildDailyQueue(src: QueueSource, dayEnd: number): StudyQueue {
  const learning = [...src.learning].sort((a, b) => a.due - b.due);
  return { learning, main: interleave(src.review, src.fresh), dayEnd };
}

export function queueCounts(q: StudyQueue): QueueCounts {
  let fresh = 0;
  let review = 0;
  let learning = q.learning.length;
  for (const c of q.main) {
    if (c.state === CardState.New) fresh++;
    else if (c.state === CardState.Review) review++;
    else learning++;
  }
  return { new: fresh, learning, review };
}

export type NextPick = { card: CardRecord } | { waitUntil: number } | null;

/**
 * The card to show now: a due learning card first, then the main queue, then a learning card
 * due within the learn-ahead window; otherwise when the next learning card comes due, or null
 * when the day is done.
 */
export function pickNext(q: StudyQueue, now: number, avoidNoteId?: string): NextPick {
  const firstLearning = q.learning[0];
  // A sibling of the card just answered waits for one other card, when there is one.
  const notSibling = (c: CardRecord | undefined) => c !== undefined && (avoidNoteId === undefined || c.noteId !== avoidNoteId);
  if (firstLearning && firstLearning.due <= now && notSibling(firstLearning)) return { card: firstLearning };
  const main = q.main.find(notSibling) ?? (firstLearning && firstLearning.due <= now ? firstLearning : q.main[0]);
  if (main) return { card: main };
  if (firstLearning) {
    if (firstLearning.due <= now + LEARN_AHEAD_MS) return { card: firstLearning };
    return { waitUntil: firstLearning.due };
  }
  return null;
}

/** The queue after `graded` (the card's new state) was answered. */
export function afterGrade(q: StudyQueue, graded: CardRecord): StudyQueue {
  const learning = q.learning.filter((c) => c.id !== graded.id);
  const main = q.main.filter((c) => c.id !== graded.id);
  const stillLearning = graded.state === CardState.Learning || graded.state === CardState.Relearning;
  // A step that ends just past the day boundary (answered at 03:59, due at 04:09) stays in the
  // session, as Anki's learn-ahead window keeps it: it must not vanish until the next visit.
  if (stillLearning && !graded.suspended && graded.due < learningHorizon(q.dayEnd, graded.last_review ?? 0)) {
    learning.push(graded);
    learning.sort((a, b) => a.due - b.due);
  }
  return { ...q, learning, main };
}

/** The queue after undoing the answer to `restored` (its previous state): it is shown next. */
export function afterUndo(q: StudyQueue, restored: CardRecord): StudyQueue {
  const learning = q.learning.filter((c) => c.id !== restored.id);
  const main = [restored, ...q.main.filter((c) => c.id !== restored.id)];
  return { ...q, learning, main };
}

/** The queue without the cards `ids` (suspended, buried or deleted ones). */
export function withoutCards(q: StudyQueue, ids: ReadonlySet<string>): StudyQueue {
  if (!ids.size) return q;
  return { ...q, learning: q.learning.filter((c) => !ids.has(c.id)), main: q.main.filter((c) => !ids.has(c.id)) };
}
