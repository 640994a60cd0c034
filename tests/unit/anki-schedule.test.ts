import { describe, expect, it } from 'vitest';
import { convertAnkiProgress, freshCard, type ImportedCard, type ImportedReview } from '../../src/core/anki-schedule';
import { CardState, DEFAULT_SETTINGS, QueueBucket } from '../../src/core/types';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 1, 1, 12);

function card(schedule?: ImportedCard['schedule']): ImportedCard {
  return { id: 'c1', deckId: 'd1', newPosition: 17, ...(schedule ? { schedule } : {}) };
}

function review(i: number, time: number, rating: 1 | 2 | 3 | 4): ImportedReview {
  return { id: `r${i}`, cardId: 'c1', time, rating, durationMs: 1000 * i };
}

describe('freshCard', () => {
  it('should be a new card at its introduction position', () => {
    expect(freshCard(card())).toEqual({ due: 17, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, state: CardState.New, suspended: false, bucket: QueueBucket.New });
  });

  it('should keep a suspension (it is the user\'s choice, not progress)', () => {
    const fresh = freshCard(card({ type: 2, dueAt: NOW, ivlDays: 5, factor: 2500, reps: 3, lapses: 0, suspended: true }));
    expect(fresh).toMatchObject({ state: CardState.New, suspended: true, bucket: QueueBucket.Suspended });
  });
});

describe('convertAnkiProgress', () => {
  const history = [review(1, NOW - 20 * DAY, 3), review(2, NOW - 20 * DAY + 600_000, 3), review(3, NOW - 18 * DAY, 3), review(4, NOW - 10 * DAY, 1), review(5, NOW - 10 * DAY + 600_000, 3), review(6, NOW - 7 * DAY, 3)];
  const reviewCard = card({ type: 2, dueAt: NOW + 3 * DAY, ivlDays: 10, factor: 2300, reps: 6, lapses: 1, suspended: false });

  it('should replay the history with FSRS and keep Anki\'s due date', () => {
    const { card: c, logs } = convertAnkiProgress(reviewCard, history, NOW, DEFAULT_SETTINGS);
    expect(c).toMatchObject({ due: NOW + 3 * DAY, state: CardState.Review, bucket: QueueBucket.Review, reps: 6, lapses: 1, scheduled_days: 10, suspended: false, last_review: NOW - 7 * DAY, elapsed_days: 7 });
    expect(c.stability).toBeGreaterThan(1);
    expect(c.difficulty).toBeGreaterThanOrEqual(1);
    expect(c.difficulty).toBeLessThanOrEqual(10);
    expect(logs).toHaveLength(6);
    expect(logs.every((l) => l.source === 'import' && l.cardId === 'c1' && l.deckId === 'd1')).toBe(true);
    expect(logs.map((l) => l.stateBefore)).toEqual([CardState.New, CardState.Learning, CardState.Review, CardState.Review, CardState.Relearning, CardState.Review]);
    expect(logs[3]!.stateAfter).toBe(CardState.Relearning);
    expect(logs[5]!.stabilityAfter).toBeCloseTo(c.stability, 10);
    expect(logs.map((l) => l.durationMs)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    // Each entry continues where the previous one ended.
    for (let i = 1; i < logs.length; i++) expect(logs[i]!.stabilityBefore).toBe(logs[i - 1]!.stabilityAfter);
  });

  it('should be deterministic for a fixed now', () => {
    expect(convertAnkiProgress(reviewCard, history, NOW, DEFAULT_SETTINGS)).toEqual(convertAnkiProgress(reviewCard, [...history].reverse(), NOW, DEFAULT_SETTINGS));
  });

  it('should ignore reviews of other cards and reviews after now', () => {
    const other = { ...review(9, NOW - DAY, 1), cardId: 'c2' };
    const future = review(10, NOW + DAY, 1);
    expect(convertAnkiProgress(reviewCard, [...history, other, future], NOW, DEFAULT_SETTINGS).logs).toHaveLength(6);
  });

  it('should estimate memory from interval and ease when there is no history', () => {
    const easy = convertAnkiProgress(card({ type: 2, dueAt: NOW + DAY, ivlDays: 30, factor: 2800, reps: 5, lapses: 0, suspended: false }), [], NOW, DEFAULT_SETTINGS).card;
    const hard = convertAnkiProgress(card({ type: 2, dueAt: NOW + DAY, ivlDays: 30, factor: 1300, reps: 5, lapses: 3, suspended: false }), [], NOW, DEFAULT_SETTINGS).card;
    expect(easy.stability).toBe(30);
    expect(easy.difficulty).toBeLessThan(hard.difficulty);
    expect(hard.difficulty).toBeLessThanOrEqual(10);
    expect(easy.last_review).toBe(NOW + DAY - 30 * DAY);
    expect(easy.elapsed_days).toBe(29);
  });

  it('should keep learning cards in learning with a starting memory state', () => {
    const { card: c, logs } = convertAnkiProgress(card({ type: 1, dueAt: NOW + 600_000, ivlDays: 0, factor: 0, reps: 1, lapses: 0, suspended: false }), [], NOW, DEFAULT_SETTINGS);
    expect(c).toMatchObject({ state: CardState.Learning, bucket: QueueBucket.Learning, due: NOW + 600_000, scheduled_days: 0 });
    expect(c.stability).toBeGreaterThan(0);
    expect(logs).toEqual([]);
  });

  it('should keep new cards new, suspended ones suspended, and still import their history', () => {
    const reset = convertAnkiProgress(card({ type: 0, dueAt: 0, ivlDays: 0, factor: 0, reps: 0, lapses: 0, suspended: true }), history, NOW, DEFAULT_SETTINGS);
    expect(reset.card).toMatchObject({ state: CardState.New, due: 17, suspended: true, bucket: QueueBucket.Suspended });
    expect(reset.logs).toHaveLength(6);
    expect(convertAnkiProgress(card(), [], NOW, DEFAULT_SETTINGS).card).toEqual(freshCard(card()));
  });
});
