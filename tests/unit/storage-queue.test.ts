import { describe, expect, it } from 'vitest';
import { applyBuiltinDeck, commitReview, getCard, listDeckSummaries, loadStudyQueue, undoReview, countReviews, StaleCardError } from '../../src/storage';
import { gradeCard } from '../../src/core/scheduler';
import { pickNext, queueCounts } from '../../src/core/queue';
import { CardState } from '../../src/core/types';
import { freshDbName, sampleDeck, settings, withoutStamp } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');

async function gradeFirst(db: string, now: number, rating: 1 | 2 | 3 | 4, s = settings()) {
  const q = await loadStudyQueue('all', now, s, db);
  const pick = pickNext(q, now);
  if (!pick || !('card' in pick)) throw new Error('no card');
  const { card, log } = gradeCard(pick.card, rating, now, 1500, s, `log-${now}-${pick.card.id}`);
  await commitReview(pick.card, card, log, Date.now(), undefined, db);
  return { before: pick.card, after: card, log };
}

describe('daily queue from the indexes', () => {
  it('limits new cards per day across the day, and counts reviews separately', async () => {
    const db = freshDbName('limits');
    await applyBuiltinDeck(sampleDeck('a', 30), NOW, db);
    await applyBuiltinDeck(sampleDeck('b', 30), NOW, db);
    const s = settings({ newPerDay: 5 });
    let q = await loadStudyQueue('all', NOW, s, db);
    expect(queueCounts(q)).toEqual({ new: 5, learning: 0, review: 0 });
    // New cards from both decks are mixed (same positions, ids in order).
    expect(new Set(q.main.map((c) => c.deckId))).toEqual(new Set(['a', 'b']));
    for (let i = 0; i < 3; i++) await gradeFirst(db, NOW + i * 1000, 3, s);
    q = await loadStudyQueue('all', NOW + 5000, s, db);
    expect(queueCounts(q)).toEqual({ new: 2, learning: 3, review: 0 });
    const { decks, all } = await listDeckSummaries(NOW + 5000, s, db);
    expect(all).toEqual({ new: 2, learning: 3, review: 0 });
    expect(decks.map((d) => d.total)).toEqual([30, 30]);
    // The next study day starts at 4 a.m. local time: the new-card budget is back.
    const tomorrow = NOW + 24 * 3600_000;
    q = await loadStudyQueue('all', tomorrow, s, db);
    expect(queueCounts(q).new).toBe(5);
  });

  it('caps reviews per day and shows review cards due today', async () => {
    const db = freshDbName('reviews');
    await applyBuiltinDeck(sampleDeck('r', 6), NOW, db);
    const s = settings({ newPerDay: 6, reviewsPerDay: 2, learningSteps: [] });
    for (let i = 0; i < 6; i++) await gradeFirst(db, NOW + i, 3, s); // no steps: straight to review
    const later = NOW + 60 * 86_400_000;
    const q = await loadStudyQueue('all', later, s, db);
    expect(queueCounts(q)).toEqual({ new: 0, learning: 0, review: 2 });
    expect(q.main.every((c) => c.state === CardState.Review)).toBe(true);
  });

  it('studies one deck without touching the other', async () => {
    const db = freshDbName('scope');
    await applyBuiltinDeck(sampleDeck('x', 3), NOW, db);
    await applyBuiltinDeck(sampleDeck('y', 3), NOW, db);
    const q = await loadStudyQueue('y', NOW, settings(), db);
    expect(q.main.map((c) => c.deckId)).toEqual(['y', 'y', 'y']);
  });
});

describe('review transactions and undo', () => {
  it('writes the card and its log entry together, and undo restores the exact previous state', async () => {
    const db = freshDbName('undo');
    await applyBuiltinDeck(sampleDeck('u', 2), NOW, db);
    const first = await gradeFirst(db, NOW, 3);
    const second = await gradeFirst(db, NOW + 1000, 1);
    expect(await countReviews(db)).toBe(2);
    await undoReview(second.before, second.log.id, Date.now(), [], db);
    expect(withoutStamp(await getCard(second.before.id, db))).toEqual(withoutStamp(second.before));
    expect(await countReviews(db)).toBe(1);
    await undoReview(first.before, first.log.id, Date.now(), [], db);
    expect(withoutStamp(await getCard(first.before.id, db))).toEqual(withoutStamp(first.before));
    expect(await countReviews(db)).toBe(0);
    await expect(undoReview(first.before, first.log.id, Date.now(), [], db)).rejects.toThrow(/nothing to undo/);
  });

  it('refuses a grade computed from a stale card (another tab answered it) and writes nothing', async () => {
    const db = freshDbName('stale');
    await applyBuiltinDeck(sampleDeck('s', 1), NOW, db);
    const first = await gradeFirst(db, NOW, 3);
    const again = gradeCard(first.before, 4, NOW + 10, 1000, settings(), 'dupe');
    await expect(commitReview(first.before, again.card, again.log, Date.now(), undefined, db)).rejects.toBeInstanceOf(StaleCardError);
    expect(await countReviews(db)).toBe(1);
    expect(withoutStamp(await getCard(first.before.id, db))).toEqual(withoutStamp(first.after));
  });

  it('a failing log write leaves the card untouched (one transaction)', async () => {
    const db = freshDbName('atomic');
    await applyBuiltinDeck(sampleDeck('t', 2), NOW, db);
    const first = await gradeFirst(db, NOW, 3);
    const q = await loadStudyQueue('all', NOW + 1, settings(), db);
    const other = q.main[0]!;
    const g = gradeCard(other, 3, NOW + 1, 1, settings(), first.log.id); // duplicate log id → add() fails
    await expect(commitReview(other, g.card, g.log, Date.now(), undefined, db)).rejects.toBeTruthy();
    expect(await getCard(other.id, db)).toEqual(other);
    expect(await countReviews(db)).toBe(1);
  });
});

describe('next due time', () => {
  it('names the next learning or review card, or the next day when only the new-card limit is reached', async () => {
    const { nextDueAfter } = await import('../../src/storage');
    const db = freshDbName('nextdue');
    await applyBuiltinDeck(sampleDeck('n', 3), NOW, db);
    const s = settings({ newPerDay: 1 });
    const g = await gradeFirst(db, NOW, 4, s); // Easy: straight to review, days ahead
    const next = await nextDueAfter('all', NOW + 1000, s, db);
    // New cards remain but today's budget is spent: the next study day starts first.
    const { nextStudyDayStart } = await import('../../src/core/time');
    expect(next).toBe(Math.min(nextStudyDayStart(NOW, 4), g.after.due));
  });
});
