import { describe, expect, it } from 'vitest';
import { createEmptyCard, default_w, fsrs, forgetting_curve, generatorParameters, Rating, State } from 'ts-fsrs';
import { algorithmFor, packCards, simulate, type SimulationInput } from '../../src/core/simulate';
import { minimumWorkload, RETENTION_GRID, simulateRetentions, type RetentionPoint } from '../../src/core/simulate-grid';
import { seededRandom } from '../../src/core/random';
import { DEFAULT_COSTS, estimateCosts, MIN_CELL_ANSWERS } from '../../src/core/simulate-costs';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-22T09:00:00Z');

function input(over: Partial<SimulationInput> = {}): SimulationInput {
  return { days: 365, cards: packCards([]), newCards: 0, newPerDay: 20, reviewsPerDay: 9999, maxInterval: 36500, costs: DEFAULT_COSTS, learningSteps: 2, relearningSteps: 1, ...over };
}

/** A deck of `n` review cards with intervals from a week to a few months, due over the next weeks. */
function deck(n: number, seed = 7) {
  const rand = seededRandom(seed);
  return packCards(
    Array.from({ length: n }, () => {
      const ivl = Math.round(7 + rand() * 90);
      const due = Math.floor(rand() * ivl);
      return { stability: ivl, difficulty: 1 + rand() * 9, due, lastReview: due - ivl };
    }),
  );
}

/** The first seed whose generator's first draw is below `u` (a recall when the card's R is above it). */
function seedWithFirstDraw(below: number): number {
  for (let seed = 1; ; seed++) if (seededRandom(seed)() < below) return seed;
}

describe('simulate', () => {
  it('has no workload without cards or new cards', () => {
    const r = simulate(input(), 0.9);
    expect(r.totalReviews).toBe(0);
    expect(r.totalLearned).toBe(0);
    expect(r.totalMinutes).toBe(0);
    expect(r.memorised).toBe(0);
    expect(minimumWorkload(simulateRetentions(input()))).toBeUndefined();
  });

  it('reviews a card on its due day, then after the interval the app would give it', () => {
    // Stability 10, last seen 10 days ago, due today: Good always (pass ratings 0 / 1 / 0), and a
    // seed whose first draw means "recalled" (R is 0.9 at t = S).
    const seed = seedWithFirstDraw(0.5);
    const cards = packCards([{ stability: 10, difficulty: 5, due: 0, lastReview: -10 }]);
    const costs = { ...DEFAULT_COSTS, reviewRatingProb: [0, 1, 0] };
    const r = simulate(input({ cards, costs, seed, days: 60 }), 0.9);
    expect(r.reviewsPerDay[0]).toBe(1);
    const second = r.reviewsPerDay.findIndex((n, day) => day > 0 && n > 0);
    // The app's scheduler (ts-fsrs, fuzz off) on the same card answered Good today.
    const f = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: true, request_retention: 0.9 }));
    const card = { ...createEmptyCard(new Date(NOW - 10 * DAY)), state: State.Review, stability: 10, difficulty: 5, reps: 3, last_review: new Date(NOW - 10 * DAY), due: new Date(NOW) };
    const next = f.next(card, new Date(NOW), Rating.Good).card;
    expect(second).toBe(next.scheduled_days);
    // That day is where the forgetting curve reaches the desired retention.
    expect(forgetting_curve(default_w, second, next.stability)).toBeGreaterThan(0.89);
    expect(forgetting_curve(default_w, second, next.stability)).toBeLessThan(0.91);
  });

  it('counts an unreviewed card as memorised with its retrievability on the last day', () => {
    const cards = packCards([{ stability: 500, difficulty: 5, due: 400, lastReview: -20 }]);
    const r = simulate(input({ cards, days: 100 }), 0.9);
    expect(r.totalReviews).toBe(0);
    expect(r.memorised).toBeCloseTo(forgetting_curve(default_w, 99 + 20, 500), 7);
  });

  it('adds up the seconds of every answer', () => {
    // No learning steps, first answers always Good, relearning without steps: every day's time
    // is new cards × 30 s + reviews × 6 s.
    const costs = { learn: [1, 1, 30, 1], review: [6, 6, 6, 6], relearn: [99, 99, 99, 99], firstRatingProb: [0, 0, 1, 0], reviewRatingProb: [1, 1, 1] };
    const r = simulate(input({ newCards: 50, newPerDay: 10, costs, learningSteps: 0, relearningSteps: 0, days: 120 }), 0.9);
    expect(Array.from(r.learnedPerDay.slice(0, 6))).toEqual([10, 10, 10, 10, 10, 0]);
    expect(r.totalLearned).toBe(50);
    for (let d = 0; d < 120; d++) expect(r.minutesPerDay[d]).toBeCloseTo((r.learnedPerDay[d]! * 30 + r.reviewsPerDay[d]! * 6) / 60, 9);
    expect(r.totalMinutes).toBeCloseTo((50 * 30 + r.totalReviews * 6) / 60, 9);
  });

  it('keeps to the review limit and holds the rest over', () => {
    const cards = packCards(Array.from({ length: 30 }, () => ({ stability: 5, difficulty: 5, due: -3, lastReview: -8 })));
    const r = simulate(input({ cards, reviewsPerDay: 10, days: 10 }), 0.9);
    expect(Array.from(r.reviewsPerDay.slice(0, 3))).toEqual([10, 10, 10]);
    expect(Math.max(...r.reviewsPerDay)).toBeLessThanOrEqual(10);
  });

  it('is deterministic for a seed', () => {
    const base = input({ cards: deck(300), newCards: 200, newPerDay: 5 });
    const a = simulate(base, 0.85);
    const b = simulate(base, 0.85);
    expect(Array.from(a.minutesPerDay)).toEqual(Array.from(b.minutesPerDay));
    expect(a.memorised).toBe(b.memorised);
    expect(simulate({ ...base, seed: 7 }, 0.85).totalMinutes).not.toBe(a.totalMinutes);
  });

  it('costs more reviews and memorises more at a higher retention', () => {
    const points = simulateRetentions(input({ cards: deck(2000), newCards: 1000, newPerDay: 10 }));
    expect(points.map((p) => p.retention)).toEqual([...RETENTION_GRID]);
    for (let k = 1; k < points.length; k++) {
      expect(points[k]!.totalReviews).toBeGreaterThan(points[k - 1]!.totalReviews);
      expect(points[k]!.minutesPerDay).toBeGreaterThan(points[k - 1]!.minutesPerDay);
      expect(points[k]!.memorised).toBeGreaterThan(points[k - 1]!.memorised);
    }
    const best = minimumWorkload(points)!;
    expect(best.minutesPerMemorised).toBe(Math.min(...points.map((p) => p.minutesPerMemorised)));
  });

  it('answers with the same memory states as ts-fsrs, through its faster parameter copy', () => {
    const params = { params: undefined, maxInterval: 36500, relearningSteps: 1 };
    const fast = algorithmFor(params, 0.9);
    const plain = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: true }));
    for (const g of [1, 2, 3, 4]) {
      const s = { difficulty: 6.2, stability: 13.7 };
      expect(fast.next_state(s, 9, g)).toEqual(plain.next_state(s, 9, g));
      expect(fast.next_state(s, 0, g)).toEqual(plain.next_state(s, 0, g));
      expect(fast.next_interval(40, 0)).toBe(plain.next_interval(40, 0));
    }
  });
});

describe('minimumWorkload', () => {
  it('picks the lowest minutes per memorised card', () => {
    const p = (retention: number, totalMinutes: number, memorised: number): RetentionPoint => ({ retention, totalMinutes, memorised, minutesPerMemorised: totalMinutes / memorised, minutesPerDay: 0, reviewsPerDay: 0, totalReviews: 0, learned: 0 });
    expect(minimumWorkload([p(0.7, 100, 50), p(0.8, 120, 80), p(0.9, 200, 90)])?.retention).toBe(0.8);
  });
});

describe('estimateCosts', () => {
  it("keeps Anki's defaults for a short log", () => {
    const e = estimateCosts([{ rating: 3, stateBefore: 0, durationMs: 4000 }]);
    expect(e.costs).toEqual(DEFAULT_COSTS);
    expect(e.fromLog).toEqual({ learn: 0, review: 0, relearn: 0, firstRatings: false, passRatings: false });
  });

  it('takes medians of capped answer times and rating frequencies from a long enough log', () => {
    const log = [
      ...Array.from({ length: MIN_CELL_ANSWERS + 1 }, (_, i) => ({ rating: 3, stateBefore: 2, durationMs: i === 0 ? 3_600_000 : 8000 })),
      ...Array.from({ length: 60 }, (_, i) => ({ rating: i < 15 ? 1 : 3, stateBefore: 0, durationMs: 5000 })),
      ...Array.from({ length: 60 }, (_, i) => ({ rating: i < 30 ? 2 : 4, stateBefore: 2, durationMs: 0 })),
    ];
    const e = estimateCosts(log);
    expect(e.costs.review[2]).toBe(8);
    expect(e.costs.review[0]).toBe(DEFAULT_COSTS.review[0]);
    expect(e.costs.learn[0]).toBe(5);
    expect(e.costs.firstRatingProb).toEqual([0.25, 0, 0.75, 0]);
    // Passes: 11 Good (timed), 30 Hard, 30 Easy.
    expect(e.costs.reviewRatingProb.map((x) => Math.round(x * 71))).toEqual([30, 11, 30]);
  });
});

describe('runSimulation (the worker side, over IndexedDB)', () => {
  it('reads studied cards, counts new and packed ones, skips suspended ones, and uses the log', async () => {
    const { putRecords } = await import('../../src/storage/bulk');
    const { openDatabase } = await import('../../src/storage/db');
    const { runSimulation } = await import('../../src/workers/simulate-load');
    const { freshDbName } = await import('./helpers');
    const dbName = freshDbName('simulate');
    const now = Date.parse('2026-11-22T12:00:00');
    const base = { noteId: 'n', ord: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, mtime: 0, usn: 0 };
    const review = (id: string, deckId: string, suspended = false) => ({ ...base, id, deckId, state: 2 as const, bucket: (suspended ? -1 : 2) as -1 | 2, stability: 20, difficulty: 5, due: now + 3 * DAY, last_review: now - 17 * DAY, suspended });
    const fresh = (id: string, deckId: string) => ({ ...base, id, deckId, state: 0 as const, bucket: 0 as const, stability: 0, difficulty: 0, due: 0, suspended: false });
    await putRecords(
      {
        decks: [{ id: 'd1', name: 'One', description: '', source: 'user', createdAt: 0, mtime: 0, usn: 0 }],
        cards: [review('a', 'd1'), review('b', 'd1'), review('s', 'd1', true), fresh('c', 'd1'), review('x', 'd2')],
        revlog: Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, cardId: 'a', deckId: 'd1', time: now - i * 60_000, rating: 3 as const, stateBefore: 2 as const, stateAfter: 2 as const, stabilityBefore: 1, stabilityAfter: 2, difficultyBefore: 5, difficultyAfter: 5, dueBefore: 0, dueAfter: 0, scheduledDays: 1, elapsedDays: 1, durationMs: 7000 })),
      },
      dbName,
    );
    // A pack of 40 never-studied cards: only its key is read.
    await (await openDatabase(dbName)).put('packs', { deckId: 'd1', seq: 1, size: 40, notes: [], cards: [], usn: 0, maxUsn: 0, mtime: 0 } as never);
    const s = await runSimulation({ deckIds: ['d1'], now, days: 30, dbName });
    expect(s.studiedCards).toBe(2);
    expect(s.newCards).toBe(41);
    expect(s.points).toHaveLength(RETENTION_GRID.length);
    expect(s.costs.costs.review[2]).toBe(7);
    expect(s.costs.fromLog.passRatings).toBe(true);
    // 41 new cards at 20 a day are all learned within the 30 days; the two studied cards, due
    // in 3 days, are reviewed then at every retention.
    expect(s.points.every((p) => p.learned === 41 && p.totalReviews >= 2)).toBe(true);
    expect(s.best).toBeDefined();
  });
});
