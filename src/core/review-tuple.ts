/**
 * A review-log entry as a tuple: about a third of the JSON (or structured clone) of the object
 * form. Sync's chunk documents carry reviews this way (sync/docs.ts), and so do the stored
 * packs of synced history (storage/log-packs.ts).
 */
import type { CardState, Rating, ReviewLogRecord } from './types';

/**
 * [id, cardId, deckId, time, rating, stateBefore, stateAfter, stabilityBefore, stabilityAfter,
 *  difficultyBefore, difficultyAfter, dueBefore, dueAfter, scheduledDays, elapsedDays,
 *  durationMs, source (0 review, 1 import, 2 manual: forget or set due date)]
 */
export type PackedReview = [string, string, string, number, Rating, CardState, CardState, number, number, number, number, number, number, number, number, number, 0 | 1 | 2];

export function packReview(r: ReviewLogRecord): PackedReview {
  return [r.id, r.cardId, r.deckId, r.time, r.rating, r.stateBefore, r.stateAfter, r.stabilityBefore, r.stabilityAfter, r.difficultyBefore, r.difficultyAfter, r.dueBefore, r.dueAfter, r.scheduledDays, r.elapsedDays, r.durationMs, r.source === 'import' ? 1 : r.source === 'manual' ? 2 : 0];
}

export function unpackReview(p: PackedReview): ReviewLogRecord {
  const [id, cardId, deckId, time, rating, stateBefore, stateAfter, stabilityBefore, stabilityAfter, difficultyBefore, difficultyAfter, dueBefore, dueAfter, scheduledDays, elapsedDays, durationMs, source] = p;
  return { id, cardId, deckId, time, rating, stateBefore, stateAfter, stabilityBefore, stabilityAfter, difficultyBefore, difficultyAfter, dueBefore, dueAfter, scheduledDays, elapsedDays, durationMs, source: source === 1 ? 'import' : source === 2 ? 'manual' : 'review' };
}
