/**
 * Anki's scheduling columns as the plan carries them. Review cards count `due` in days since the
 * collection was created (`col.crt`), intraday learning cards in unix seconds, day-learning cards
 * (queue 3) in days again, and new cards hold their position. Cards in a filtered deck keep their
 * home deck's due in `odue`.
 */
import type { Rating } from '../../core/types';
import type { PlanReview, PlanSchedule } from '../plan';
import type { AnkiCardRow, AnkiRevlogRow } from './model';

const DAY_SECONDS = 86_400;
const QUEUE_SUSPENDED = -1;
const QUEUE_DAY_LEARN = 3;
/** revlog.type: 4 manual (set due date, forget), 5 rescheduled: not answers. */
const REVLOG_MANUAL = 4;

export function planSchedule(card: AnkiCardRow, crt: number): { schedule: PlanSchedule; newPosition: number } {
  const type = (card.type >= 0 && card.type <= 3 ? card.type : 0) as PlanSchedule['type'];
  const due = card.odid !== 0 && card.odue !== 0 ? card.odue : card.due;
  let dueAt = 0;
  if (type === 2) dueAt = (crt + due * DAY_SECONDS) * 1000;
  else if (type === 1 || type === 3) {
    // Day-learning cards (long learning steps) count days; intraday ones are timestamps.
    dueAt = card.queue === QUEUE_DAY_LEARN || due < 1e9 ? (crt + due * DAY_SECONDS) * 1000 : due * 1000;
  }
  return {
    schedule: {
      type,
      dueAt,
      ivlDays: type === 0 ? 0 : Math.max(0, card.ivl),
      factor: Math.max(0, card.factor),
      reps: Math.max(0, card.reps),
      lapses: Math.max(0, card.lapses),
      suspended: card.queue === QUEUE_SUSPENDED,
    },
    newPosition: type === 0 ? Math.max(0, due) : 0,
  };
}

/** Answers only: rows with ease 0 or of the manual/rescheduled kinds are not reviews. */
export function planReview(row: AnkiRevlogRow, cardId: string): PlanReview | undefined {
  if (row.ease < 1 || row.ease > 4 || row.type >= REVLOG_MANUAL) return undefined;
  return { id: `${cardId}-r${row.id}`, cardId, time: row.id, rating: row.ease as Rating, durationMs: Math.max(0, row.time), kind: row.type };
}
