import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetting_curve, FSRS6_DEFAULT_DECAY } from 'ts-fsrs';
import { computeStats, type Stats } from '../../src/core/stats';
import type { CardColumns, ReviewColumns, StatsInput, StatsOptions } from '../../src/core/stats-input';

// Study days are local calendar days: every test pins a zone, as time.test.ts does (Node reads
// process.env.TZ afresh when it is assigned).
const ZONE_BEFORE = process.env.TZ;
function inZone<T>(tz: string, fn: () => T): T {
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    process.env.TZ = 'UTC';
  }
}

const DAY = 86_400_000;
const STATE = { new: 0, learning: 1, review: 2, relearning: 3 } as const;
type StateName = keyof typeof STATE;

/** One review, readably: ISO time, rating, state before, lastIvl, duration, deck. */
interface R {
  at: string;
  rating: 1 | 2 | 3 | 4;
  state: StateName;
  ivl?: number;
  ms?: number;
  deck?: number;
}

function reviewColumns(list: R[]): ReviewColumns {
  const rows = [...list].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const n = rows.length;
  const cols: ReviewColumns = {
    n,
    time: new Float64Array(n),
    rating: new Uint8Array(n),
    stateBefore: new Uint8Array(n),
    lastIvl: new Float32Array(n),
    durationMs: new Float64Array(n),
    deck: new Uint32Array(n),
  };
  rows.forEach((r, i) => {
    cols.time[i] = Date.parse(r.at);
    cols.rating[i] = r.rating;
    cols.stateBefore[i] = STATE[r.state];
    cols.lastIvl[i] = r.ivl ?? 0;
    cols.durationMs[i] = r.ms ?? 1000;
    cols.deck[i] = r.deck ?? 0;
  });
  return cols;
}

/** One card: state, bucket (default from the state), due (ISO or a number), memory fields. */
interface C {
  state: StateName;
  bucket?: -2 | -1 | 0 | 1 | 2;
  due?: string | number;
  ivl?: number;
  stability?: number;
  difficulty?: number;
  lastReview?: number;
  deck?: number;
}

function cardColumns(list: C[]): CardColumns {
  const n = list.length;
  const cols: CardColumns = {
    n,
    deck: new Uint32Array(n),
    state: new Uint8Array(n),
    bucket: new Int8Array(n),
    due: new Float64Array(n),
    stability: new Float32Array(n),
    difficulty: new Float32Array(n),
    interval: new Float32Array(n),
    lastReview: new Float64Array(n),
    topicSet: new Int32Array(n).fill(-1),
    tagSet: new Int32Array(n).fill(-1),
  };
  list.forEach((c, i) => {
    const st = STATE[c.state];
    cols.deck[i] = c.deck ?? 0;
    cols.state[i] = st;
    cols.bucket[i] = c.bucket ?? (st === 0 ? 0 : st === 2 ? 2 : 1);
    cols.due[i] = typeof c.due === 'string' ? Date.parse(c.due) : (c.due ?? 0);
    cols.stability[i] = c.stability ?? 0;
    cols.difficulty[i] = c.difficulty ?? 0;
    cols.interval[i] = c.ivl ?? 0;
    cols.lastReview[i] = c.lastReview ?? 0;
  });
  return cols;
}

function input(reviews: R[], cards: C[] = []): StatsInput {
  return { reviews: reviewColumns(reviews), cards: cardColumns(cards), decks: ['a', 'b'], topicSets: [], tagSets: [] };
}

// Berlin, summer (UTC+2). Today's study day: 10 June 2026 04:00 local = 02:00Z.
const NOW = Date.parse('2026-06-10T10:00:00Z');
const OPTS: StatsOptions = { now: NOW, dayStartHour: 4, desiredRetention: 0.9 };

const LOG: R[] = [
  // Today, 08:0x local.
  { at: '2026-06-10T06:00:00Z', rating: 3, state: 'review', ivl: 30, ms: 10_000 },
  { at: '2026-06-10T06:01:00Z', rating: 1, state: 'review', ivl: 5, ms: 20_000 },
  { at: '2026-06-10T06:02:00Z', rating: 3, state: 'new', ms: 5_000 },
  { at: '2026-06-10T06:03:00Z', rating: 1, state: 'learning', ms: 5_000 },
  { at: '2026-06-10T06:04:00Z', rating: 3, state: 'relearning', ms: 5_000 },
  { at: '2026-06-10T06:05:00Z', rating: 2, state: 'review', ivl: 40, ms: 7_000 },
  // 02:00 local on 10 June: before the 4 a.m. boundary, so still yesterday (9 June).
  { at: '2026-06-10T00:00:00Z', rating: 4, state: 'review', ivl: 10 },
  { at: '2026-06-09T12:00:00Z', rating: 1, state: 'review', ivl: 25 },
  { at: '2026-06-08T12:00:00Z', rating: 3, state: 'review', ivl: 3 },
  // 7 June: no review, so the current streak is 8–10 June.
  { at: '2026-06-01T12:00:00Z', rating: 3, state: 'review', ivl: 50 },
  // 25–29 May: the longest streak (5 days); learning reviews stay out of true retention.
  ...[25, 26, 27, 28, 29].map((d): R => ({ at: `2026-05-${d}T12:00:00Z`, rating: 3, state: 'learning' })),
  // In the last 365 days but not the last 30; then one older than a year.
  { at: '2025-09-01T12:00:00Z', rating: 1, state: 'review', ivl: 100, deck: 1 },
  { at: '2024-01-01T12:00:00Z', rating: 3, state: 'review', ivl: 5 },
  // After `now`: ignored.
  { at: '2026-06-10T11:00:00Z', rating: 1, state: 'review', ivl: 5 },
];

function stats(reviews: R[], cards: C[] = [], opts: Partial<StatsOptions> = {}): Stats {
  return inZone('Europe/Berlin', () => computeStats(input(reviews, cards), { ...OPTS, ...opts }));
}

describe('computeStats: review log', () => {
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    process.env.TZ = ZONE_BEFORE;
  });

  it("counts today's reviews, time, again rate and new cards", () => {
    const s = stats(LOG);
    expect(s.todayStart).toBe(Date.parse('2026-06-10T02:00:00Z'));
    expect(s.today).toEqual({
      reviews: 6,
      timeMs: 52_000,
      again: 2,
      againRate: 2 / 6,
      newLearned: 1,
      byKind: { learning: 2, young: 1, mature: 2, relearning: 1 },
      streak: 3,
      longestStreak: 5,
    });
  });

  it('true retention: Review-state reviews only, young vs mature, per rolling period', () => {
    const t = stats(LOG).trueRetention;
    const pf = (pass: number, fail: number) => ({ pass, fail, rate: pass + fail ? pass / (pass + fail) : null });
    expect(t.desired).toBe(0.9);
    expect(t.today).toEqual({ young: pf(0, 1), mature: pf(2, 0), total: pf(2, 1) });
    // The 02:00 review (young, Easy) belongs to yesterday with the 9 June mature lapse.
    expect(t.yesterday).toEqual({ young: pf(1, 0), mature: pf(0, 1), total: pf(1, 1) });
    expect(t.last7).toEqual({ young: pf(2, 1), mature: pf(2, 1), total: pf(4, 2) });
    expect(t.last30).toEqual({ young: pf(2, 1), mature: pf(3, 1), total: pf(5, 2) });
    expect(t.last365).toEqual({ young: pf(2, 1), mature: pf(3, 2), total: pf(5, 3) });
    expect(stats([]).trueRetention.today.total).toEqual({ pass: 0, fail: 0, rate: null });
  });

  it('heatmap and daily series cover 365 study days ending today', () => {
    const s = stats(LOG);
    expect(s.heatmap.firstDay).toBe('2025-06-11');
    expect(s.heatmap.counts).toHaveLength(365);
    expect(s.heatmap.counts[364]).toBe(6);
    expect(s.heatmap.counts[363]).toBe(2);
    expect(s.heatmap.counts[362]).toBe(1);
    expect(s.heatmap.counts[361]).toBe(0);
    expect(s.heatmap.counts[355]).toBe(1); // 1 June
    expect(s.heatmap.counts.reduce((a, b) => a + b, 0)).toBe(16); // 2024 and the future review left out
    expect(s.daily.firstDay).toBe('2025-06-11');
    expect(s.daily.reviews.learning[364]).toBe(2);
    expect(s.daily.reviews.young[364]).toBe(1);
    expect(s.daily.reviews.mature[364]).toBe(2);
    expect(s.daily.reviews.relearning[364]).toBe(1);
    expect(s.daily.reviews.young[363]).toBe(1);
    expect(s.daily.reviews.mature[363]).toBe(1);
    expect(s.daily.timeMs.young[364]).toBe(20_000);
    expect(s.daily.timeMs.mature[364]).toBe(17_000);
    expect(s.daily.reviews.learning.slice(348, 353)).toEqual([1, 1, 1, 1, 1]); // 25–29 May
  });

  it('answer buttons by learning / young / mature for 30 days, 365 days and all time', () => {
    const b = stats(LOG).buttons;
    expect(b.all).toEqual({ learning: [1, 0, 7, 0], young: [1, 0, 2, 1], mature: [2, 1, 2, 0] });
    expect(b.last365).toEqual({ learning: [1, 0, 7, 0], young: [1, 0, 1, 1], mature: [2, 1, 2, 0] });
    expect(b.last30).toEqual({ learning: [1, 0, 7, 0], young: [1, 0, 1, 1], mature: [1, 1, 2, 0] });
  });

  it('hourly success uses the local clock hour', () => {
    const h = stats(LOG).hourly;
    expect(h.all.reviews[8]).toBe(6); // 06:0xZ = 08:0x CEST
    expect(h.all.passed[8]).toBe(4);
    expect(h.all.rate[8]).toBe(4 / 6);
    expect(h.all.reviews[2]).toBe(1); // 00:00Z = 02:00 CEST, late in yesterday's study day
    expect(h.all.reviews[14]).toBe(9); // 12:00Z in summer
    expect(h.all.passed[14]).toBe(7);
    expect(h.all.reviews[13]).toBe(1); // 12:00Z on 1 Jan 2024 = 13:00 CET
    expect(h.all.rate[0]).toBeNull();
    expect(h.last30.reviews[14]).toBe(8);
    expect(h.last30.passed[14]).toBe(7);
    expect(h.last30.reviews[13]).toBe(0);
    expect(h.all.reviews.reduce((a, b) => a + b, 0)).toBe(17);
  });

  it('streak ends yesterday until the first review of today, and breaks after a missed day', () => {
    const past = LOG.filter((r) => !r.at.startsWith('2026-06-10T06'));
    // Nothing yet today: the streak is 8–9 June (the 02:00 review on the 10th counts for the 9th).
    expect(stats(past).today).toMatchObject({ reviews: 0, streak: 2 });
    const noYesterday = past.filter((r) => !r.at.startsWith('2026-06-09') && !r.at.startsWith('2026-06-10'));
    expect(stats(noYesterday).today.streak).toBe(0);
    expect(stats(noYesterday).today.longestStreak).toBe(5);
    expect(stats([]).today).toMatchObject({ reviews: 0, streak: 0, longestStreak: 0, againRate: null });
  });

  it('a day-start hour of 0 moves the 02:00 review to today', () => {
    const s = stats(LOG, [], { dayStartHour: 0 });
    expect(s.today.reviews).toBe(7);
    expect(s.trueRetention.today.young).toEqual({ pass: 1, fail: 1, rate: 0.5 });
  });

  it('deck filter keeps only the chosen decks', () => {
    const s = stats(LOG, [], { decks: new Set([1]) });
    expect(s.today.reviews).toBe(0);
    expect(s.today.streak).toBe(0);
    expect(s.today.longestStreak).toBe(1);
    expect(s.trueRetention.last365.mature).toEqual({ pass: 0, fail: 1, rate: 0 });
    expect(s.trueRetention.last30.total.rate).toBeNull();
    expect(s.heatmap.counts.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('computeStats: streaks across daylight-saving changes (America/New_York)', () => {
  const ny = (reviews: R[], now: string) => inZone('America/New_York', () => computeStats(input(reviews), { ...OPTS, now: Date.parse(now) }).today);
  const at = (iso: string): R => ({ at: iso, rating: 3, state: 'review', ivl: 5 });

  it('7, 8 (23 hours) and 9 March 2026 are three days in a row', () => {
    // 03:30 EDT on the 9th is before 4 a.m.: it belongs to the 8th, which then has two reviews.
    const log = [at('2026-03-07T17:00:00Z'), at('2026-03-08T16:00:00Z'), at('2026-03-09T07:30:00Z'), at('2026-03-09T16:00:00Z')];
    expect(ny(log, '2026-03-09T20:00:00Z')).toMatchObject({ reviews: 1, streak: 3, longestStreak: 3 });
    expect(ny(log, '2026-03-10T20:00:00Z')).toMatchObject({ reviews: 0, streak: 3 }); // nothing yet today
    expect(ny(log, '2026-03-11T20:00:00Z')).toMatchObject({ streak: 0, longestStreak: 3 });
    const without9th = log.filter((r) => r.at !== '2026-03-09T16:00:00Z');
    expect(ny(without9th, '2026-03-09T20:00:00Z')).toMatchObject({ reviews: 0, streak: 2 });
    // Clock hours on the 23-hour day: 12:00 EST before the jump, 12:00 and 03:30 EDT after it.
    const h = inZone('America/New_York', () => computeStats(input(log), { ...OPTS, now: Date.parse('2026-03-09T20:00:00Z') }).hourly.all.reviews);
    expect([h[3], h[12]]).toEqual([1, 3]);
  });

  it('31 October, 1 November (25 hours) and 2 November 2026 are three days in a row', () => {
    // 03:30 EST on 2 Nov (08:30Z) still counts for 1 Nov; 1 Nov has only that review.
    const log = [at('2026-10-31T16:00:00Z'), at('2026-11-02T08:30:00Z'), at('2026-11-02T17:00:00Z')];
    expect(ny(log, '2026-11-02T20:00:00Z')).toMatchObject({ reviews: 1, streak: 3, longestStreak: 3 });
  });
});

describe('computeStats: cards', () => {
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    process.env.TZ = ZONE_BEFORE;
  });

  const CARDS: C[] = [
    { state: 'review', due: '2026-06-01T10:00:00Z', ivl: 30, stability: 10, difficulty: 1, lastReview: NOW - 10 * DAY }, // overdue
    { state: 'review', due: '2026-06-10T20:00:00Z', ivl: 5, stability: 2, difficulty: 10, lastReview: NOW }, // later today
    { state: 'review', due: '2026-06-13T10:00:00Z', ivl: 21, stability: 100, difficulty: 5.5, lastReview: NOW - 100 * DAY }, // in 3 days
    { state: 'learning', due: '2026-06-11T01:00:00Z' }, // 03:00 local: still today
    { state: 'review', bucket: -1, due: '2026-06-01T10:00:00Z', ivl: 2 }, // suspended
    { state: 'review', bucket: -2, due: '2026-06-05T10:00:00Z', ivl: 3 }, // buried: tomorrow
    { state: 'new', due: 5 }, // a position, not a time
    { state: 'review', due: '2026-07-20T10:00:00Z', ivl: 40, deck: 1 }, // beyond 30 days
    { state: 'relearning', due: '2026-06-10T10:05:00Z' },
  ];

  it('forecast: overdue on day 0, due in 3 days on day 3, suspended out, buried from tomorrow', () => {
    const f = stats([], CARDS).forecast;
    expect(f.review).toHaveLength(30);
    expect(f.review.slice(0, 5)).toEqual([2, 1, 0, 1, 0]);
    expect(f.learning.slice(0, 2)).toEqual([2, 0]);
    expect(f.total.slice(0, 4)).toEqual([4, 1, 0, 1]);
    expect(f.total.reduce((a, b) => a + b, 0)).toBe(6);
    expect(f.overdue).toBe(1);
  });

  it('card counts by state, suspended and buried apart', () => {
    expect(stats([], CARDS).cards).toEqual({ total: 9, new: 1, learning: 1, relearning: 1, young: 1, mature: 3, suspended: 1, buried: 1 });
  });

  it('histograms: interval, stability, difficulty, retrievability', () => {
    const m = stats([], CARDS).memory;
    const at = (h: { counts: number[] }, nonZero: Record<number, number>) => {
      const want = h.counts.map((_, i) => nonZero[i] ?? 0);
      expect(h.counts).toEqual(want);
    };
    const dayBin = (v: number) => m.interval.edges.findLastIndex((e) => v >= e);
    expect(m.interval.edges.slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 30]);
    expect(m.interval.openEnded).toBe(true);
    // Review-state cards, suspended and buried included: 30, 5, 21, 2, 3, 40 days.
    at(m.interval, { [dayBin(2)]: 1, [dayBin(3)]: 1, [dayBin(5)]: 1, [dayBin(21)]: 1, [dayBin(30)]: 2 });
    expect(dayBin(40)).toBe(dayBin(30));
    at(m.stability, { [dayBin(2)]: 1, [dayBin(10)]: 1, [dayBin(100)]: 1 });
    expect(m.difficulty.edges).toEqual([1, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1, 10]);
    at(m.difficulty, { 0: 1, 5: 1, 9: 1 });
    expect(m.retrievability.edges).toHaveLength(21);
    // R = 0.9 after exactly S days (the definition of stability) and 1 right after a review.
    at(m.retrievability, { 18: 2, 19: 1 });
    expect(m.reviewedCards).toBe(3);
    expect(m.meanRetrievability).toBeCloseTo((0.9 + 1 + 0.9) / 3, 10);
  });

  it('retrievability follows ts-fsrs forgetting_curve with the given decay', () => {
    const cards: C[] = [{ state: 'review', ivl: 10, stability: 7, difficulty: 5, lastReview: NOW - 23.5 * DAY }];
    expect(stats([], cards).memory.meanRetrievability).toBe(forgetting_curve(FSRS6_DEFAULT_DECAY, 23.5, 7));
    expect(stats([], cards, { decay: 0.5 }).memory.meanRetrievability).toBe(forgetting_curve(0.5, 23.5, 7));
    expect(stats([], []).memory.meanRetrievability).toBeNull();
  });

  it('deck filter applies to cards', () => {
    const s = stats([], CARDS, { decks: new Set([1]) });
    expect(s.cards).toEqual({ total: 1, new: 0, learning: 0, relearning: 0, young: 0, mature: 1, suspended: 0, buried: 0 });
    expect(s.forecast.total.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('the result survives JSON unchanged (it crosses postMessage)', () => {
    const s = stats(LOG, CARDS);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
