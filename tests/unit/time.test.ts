import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInterval, nextStudyDayStart, studyDayStart } from '../../src/core/time';

const HOUR = 3_600_000;
const ZONES_BEFORE = process.env.TZ;

function inZone<T>(tz: string, fn: () => T): T {
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    process.env.TZ = 'UTC';
  }
}

describe('study day boundaries', () => {
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    process.env.TZ = ZONES_BEFORE;
  });

  it('a study day starts at 4 a.m. local time; 2 a.m. still belongs to yesterday', () => {
    inZone('Europe/Berlin', () => {
      // 2026-06-10 02:00 in Berlin (UTC+2) = 00:00Z
      const twoAm = Date.parse('2026-06-10T00:00:00Z');
      expect(new Date(studyDayStart(twoAm, 4)).toISOString()).toBe('2026-06-09T02:00:00.000Z');
      expect(new Date(nextStudyDayStart(twoAm, 4)).toISOString()).toBe('2026-06-10T02:00:00.000Z');
      const fiveAm = Date.parse('2026-06-10T03:00:00Z');
      expect(new Date(studyDayStart(fiveAm, 4)).toISOString()).toBe('2026-06-10T02:00:00.000Z');
    });
  });

  it('the day that springs forward is 23 hours long (America/New_York, 8 March 2026)', () => {
    inZone('America/New_York', () => {
      // 2026-03-08 10:00 EDT = 14:00Z. The day started at 04:00 EST (09:00Z) on the 8th…
      const now = Date.parse('2026-03-08T14:00:00Z');
      const start = studyDayStart(now, 4);
      const end = nextStudyDayStart(now, 4);
      expect(new Date(start).toISOString()).toBe('2026-03-08T08:00:00.000Z');
      expect(new Date(end).toISOString()).toBe('2026-03-09T08:00:00.000Z');
      // …and the previous day (7th→8th) spans the 2 a.m. jump: 23 hours.
      const prevStart = studyDayStart(start - 1, 4);
      expect((start - prevStart) / HOUR).toBe(23);
    });
  });

  it('the day that falls back is 25 hours long (America/New_York, 1 November 2026)', () => {
    inZone('America/New_York', () => {
      const now = Date.parse('2026-10-31T20:00:00Z'); // 16:00 EDT on 31 Oct
      const start = studyDayStart(now, 4);
      const end = nextStudyDayStart(now, 4);
      expect(new Date(start).toISOString()).toBe('2026-10-31T08:00:00.000Z'); // 04:00 EDT
      expect(new Date(end).toISOString()).toBe('2026-11-01T09:00:00.000Z'); // 04:00 EST
      expect((end - start) / HOUR).toBe(25);
    });
  });

  it('works in a zone with a half-hour offset and with a midnight start', () => {
    inZone('Asia/Kolkata', () => {
      const now = Date.parse('2026-11-22T20:00:00Z'); // 01:30 IST on the 23rd
      expect(new Date(studyDayStart(now, 4)).toISOString()).toBe('2026-11-21T22:30:00.000Z'); // 04:00 IST on the 22nd
      expect(new Date(studyDayStart(now, 0)).toISOString()).toBe('2026-11-22T18:30:00.000Z'); // 00:00 IST on the 23rd
    });
  });

  it('an hour that does not exist on a DST day still gives a boundary inside that day', () => {
    inZone('Europe/Berlin', () => {
      // Clocks jump 02:00 → 03:00 on 29 March 2026; a 2 a.m. start lands on 03:00 CEST.
      const now = Date.parse('2026-03-29T10:00:00Z');
      const start = studyDayStart(now, 2);
      expect(new Date(start).toISOString()).toBe('2026-03-29T01:00:00.000Z');
      expect(start).toBeLessThanOrEqual(now);
      expect(nextStudyDayStart(now, 2)).toBeGreaterThan(now);
    });
  });
});

describe('interval labels', () => {
  it('formats like Anki buttons', () => {
    expect(formatInterval(60_000)).toBe('1m');
    expect(formatInterval(10 * 60_000)).toBe('10m');
    expect(formatInterval(3 * HOUR)).toBe('3h');
    expect(formatInterval(3 * 24 * HOUR)).toBe('3d');
    expect(formatInterval(36 * 24 * HOUR)).toBe('1.2mo');
    expect(formatInterval(730 * 24 * HOUR)).toBe('2y');
  });
});
