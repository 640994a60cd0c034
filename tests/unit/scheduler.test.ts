import { describe, expect, it } from 'vitest';
import { gradeCard, newCard, previewGrades, validateSettings } from '../../src/core/scheduler';
import { afterGrade, buildDailyQueue, interleave, pickNext, queueCounts } from '../../src/core/queue';
import { CardState, DEFAULT_SETTINGS, QueueBucket } from '../../src/core/types';
import { settings } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const MIN = 60_000;

function card(id = 'c1', position = 0) {
  return newCard({ id, noteId: id, deckId: 'd', ord: 0, position });
}

describe('grading with FSRS-6 and learning steps', () => {
  it('shows the default learning steps on a new card: Again 1m, Hard 6m, Good 10m', () => {
    const labels = previewGrades(card(), NOW, settings()).map((o) => o.label);
    expect(labels.slice(0, 3)).toEqual(['1m', '6m', '10m']);
    expect(labels[3]).toMatch(/^\d+d$/);
  });

  it('a new card graded Good goes to the 10-minute step and logs a complete entry', () => {
    const { card: next, log } = gradeCard(card(), 3, NOW, 4200, settings(), 'log1');
    expect(next.state).toBe(CardState.Learning);
    expect(next.bucket).toBe(QueueBucket.Learning);
    expect(next.due - NOW).toBe(10 * MIN);
    expect(log).toMatchObject({ id: 'log1', cardId: 'c1', rating: 3, stateBefore: CardState.New, stateAfter: CardState.Learning, durationMs: 4200, dueAfter: next.due });
    expect(log.stabilityAfter).toBeGreaterThan(0);
  });

  it('learning steps come back inside the session, then graduate to review', () => {
    const s = settings();
    let q = buildDailyQueue({ learning: [], review: [], fresh: [card('a'), card('b', 1)] }, NOW + 20 * 3600_000);
    const first = pickNext(q, NOW);
    expect(first && 'card' in first && first.card.id).toBe('a');
    const g1 = gradeCard(card('a'), 3, NOW, 1000, s, 'l1');
    q = afterGrade(q, g1.card);
    expect(queueCounts(q)).toEqual({ new: 1, learning: 1, review: 0 });
    // 'a' is not due yet, so 'b' comes next; after 10 minutes 'a' is back first.
    const second = pickNext(q, NOW + MIN);
    expect(second && 'card' in second && second.card.id).toBe('b');
    q = afterGrade(q, gradeCard(card('b', 1), 4, NOW + MIN, 1000, s, 'l2').card);
    const third = pickNext(q, NOW + 11 * MIN);
    expect(third && 'card' in third && third.card.id).toBe('a');
    const g2 = gradeCard(g1.card, 3, NOW + 11 * MIN, 1000, s, 'l3');
    expect(g2.card.state).toBe(CardState.Review);
    q = afterGrade(q, g2.card);
    expect(pickNext(q, NOW + 12 * MIN)).toBeNull();
  });

  it('a step answered a minute before the day boundary stays in the session (learn-ahead window), a step far past it does not', () => {
    const dayEnd = NOW + MIN;
    let q = buildDailyQueue({ learning: [], review: [], fresh: [card('a'), card('b', 1)] }, dayEnd);
    q = afterGrade(q, gradeCard(card('a'), 3, NOW, 1000, settings(), 'l1').card);
    expect(queueCounts(q).learning).toBe(1);
    const next = pickNext(q, NOW + 11 * MIN);
    expect(next && 'card' in next && next.card.id).toBe('a');
    // A step of a day leaves today's session.
    const long = gradeCard(card('b', 1), 3, NOW, 1000, settings({ learningSteps: ['1d'] }), 'l2').card;
    expect(long.due - NOW).toBeGreaterThan(60 * MIN);
    expect(queueCounts(afterGrade(q, long)).learning).toBe(1);
  });

  it('waits for a learning card due later than the learn-ahead window', () => {
    const g = gradeCard(card('a'), 1, NOW, 1000, settings({ learningSteps: ['1h'] }), 'l');
    const q = afterGrade(buildDailyQueue({ learning: [], review: [], fresh: [card('a')] }, NOW + 86_400_000), g.card);
    expect(pickNext(q, NOW)).toEqual({ waitUntil: g.card.due });
  });

  it('the interval shown on a button is the interval the grade commits, with fuzz on (same seed)', () => {
    const s = settings({ enableFuzz: true });
    let c = card('fuzzy');
    let t = NOW;
    for (const r of [3, 3, 3] as const) {
      c = gradeCard(c, r, t, 1000, s, 'x').card;
      t = c.due;
    }
    for (const rating of [1, 2, 3, 4] as const) {
      const shown = previewGrades(c, t, s).find((o) => o.rating === rating)!;
      expect(gradeCard(c, rating, t, 1000, s, 'y').card.due).toBe(shown.due);
    }
  });

  it('higher desired retention gives shorter intervals', () => {
    let c = card('r');
    c = gradeCard(c, 3, NOW, 1, settings(), 'a').card;
    c = gradeCard(c, 3, c.due, 1, settings(), 'b').card;
    const at90 = gradeCard(c, 3, c.due, 1, settings({ desiredRetention: 0.9 }), 'c').card.due;
    const at97 = gradeCard(c, 3, c.due, 1, settings({ desiredRetention: 0.97 }), 'c').card.due;
    expect(at97).toBeLessThan(at90);
  });

  it('rejects invalid settings with specific messages', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
    const problems = validateSettings({ ...DEFAULT_SETTINGS, desiredRetention: 0.5, learningSteps: ['1 minute'], dayStartHour: 24 });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/retention/);
  });
});

describe('interleaving', () => {
  it('spreads new cards evenly among reviews, keeping both orders', () => {
    const out = interleave(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'], ['n1', 'n2']);
    expect(out).toHaveLength(8);
    expect(out.filter((x) => x.startsWith('r'))).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(out.filter((x) => x.startsWith('n'))).toEqual(['n1', 'n2']);
    const i1 = out.indexOf('n1');
    const i2 = out.indexOf('n2');
    expect(i1).toBeGreaterThan(0);
    expect(i2 - i1).toBeGreaterThanOrEqual(3);
  });
});
