/** The interview plan's pacing (core/interview-plan.ts), with a fixed `now`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUFFER_DAYS, countdown, planStatus, type PlanInput } from '../../src/core/interview-plan';
import { studyDayNumber } from '../../src/core/time';

const ZONE = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  process.env.TZ = ZONE;
});

const at = (s: string) => new Date(s).getTime();

function input(now: string, date: string, unseen: number, introducedToday = 0, start = now, unseenAtStart = unseen): PlanInput {
  return { now: at(now), dayStartHour: 4, interview: { date, startDay: studyDayNumber(at(start), 4), unseenAtStart }, unseen, introducedToday };
}

describe('interview plan', () => {
  it('divides the unseen cards over the days before the review buffer', () => {
    // 20 days to go, 3 kept for review: 17 days for 340 cards = 20 a day.
    const s = planStatus(input('2026-11-10T10:00:00', '2026-11-30', 340));
    expect(s).toMatchObject({ phase: 'learning', daysToInterview: 20, daysForNew: 20 - BUFFER_DAYS, newToday: 20, newLeftToday: 20, behindBy: 0, onTrack: true });
    // Five introduced today: still 20 for today, 15 left.
    expect(planStatus(input('2026-11-10T18:00:00', '2026-11-30', 335, 5, '2026-11-10T10:00:00', 340))).toMatchObject({ newToday: 20, newLeftToday: 15 });
  });

  it('after a skipped day it is behind, and today asks for more', () => {
    const s = planStatus(input('2026-11-12T10:00:00', '2026-11-30', 320, 0, '2026-11-10T10:00:00', 340));
    // Two days passed: 40 expected, 20 seen.
    expect(s.behindBy).toBe(20);
    expect(s.onTrack).toBe(false);
    expect(s.newToday).toBe(Math.ceil(320 / 15));
  });

  it('cards added after the plan began join the workload instead of counting as negative progress', () => {
    // 100 unseen and 50 studied at the start; 30 studied since, then an import of 200: 270 unseen.
    const s = planStatus({ ...input('2026-11-12T10:00:00', '2026-11-30', 270, 0, '2026-11-10T10:00:00', 100), seen: 80, interview: { date: '2026-11-30', startDay: studyDayNumber(at('2026-11-10T10:00:00'), 4), unseenAtStart: 100, seenAtStart: 50 } });
    expect(s.behindBy).toBe(Math.ceil((300 * 2) / 17) - 30);
    // Built-in decks still loading when the plan was made: never "behind" on its first day.
    expect(planStatus(input('2026-11-10T12:00:00', '2026-11-30', 884, 0, '2026-11-10T10:00:00', 386)).behindBy).toBe(0);
  });

  it('a 2 a.m. session belongs to the previous study day (day start 4 a.m.)', () => {
    const late = planStatus(input('2026-11-11T02:00:00', '2026-11-30', 320, 20, '2026-11-10T10:00:00', 340));
    expect(late.daysToInterview).toBe(20);
    expect(late.behindBy).toBe(0);
  });

  it('counts days by the calendar across a daylight-saving change', () => {
    // 1 November 2026 has 25 hours in New York: still one day.
    expect(planStatus(input('2026-10-31T12:00:00', '2026-11-02', 0)).daysToInterview).toBe(2);
    expect(planStatus(input('2026-03-07T12:00:00', '2026-03-09', 0)).daysToInterview).toBe(2);
  });

  it('switches to the final days, then ends after the date', () => {
    expect(planStatus(input('2026-11-27T10:00:00', '2026-11-30', 12))).toMatchObject({ phase: 'final', newToday: 0, behindBy: 12, onTrack: false });
    expect(planStatus(input('2026-11-30T10:00:00', '2026-11-30', 0))).toMatchObject({ phase: 'final', daysToInterview: 0, onTrack: true });
    expect(planStatus(input('2026-12-01T10:00:00', '2026-11-30', 0)).phase).toBe('over');
    expect(countdown(0)).toBe('today');
    expect(countdown(1)).toBe('tomorrow');
    expect(countdown(9)).toBe('in 9 days');
  });
});
