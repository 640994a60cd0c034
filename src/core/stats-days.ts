/**
 * Study-day indexing for the statistics. A study day is a local calendar day shifted by the
 * day-start hour (time.ts), so a day is numbered by its local calendar date, never by dividing
 * milliseconds by 24 h: daylight-saving days (23 or 25 hours) still count as one day each.
 */
import { nextStudyDayStart, studyDayNumber, studyDayStart } from './time';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Day number of a local calendar date (days since 1970-01-01 counted in calendar dates). Going
 * through Date.UTC makes the difference of two dates an exact whole number of days.
 */
function calendarDayNumber(d: Date): number {
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY;
}

export { studyDayNumber };

/** YYYY-MM-DD of a day number (the calendar date, independent of the time zone). */
export function dayNumberToDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/**
 * Starts (epoch ms) of `count` consecutive study days, the first being the one that starts at
 * `start`, followed by the end of the last one: count + 1 boundaries.
 */
export function studyDayBoundaries(start: number, hour: number, count: number): Float64Array {
  const s = new Date(start);
  const out = new Float64Array(count + 1);
  for (let k = 0; k <= count; k++) {
    out[k] = new Date(s.getFullYear(), s.getMonth(), s.getDate() + k, hour, 0, 0, 0).getTime();
  }
  return out;
}

/**
 * The study day a sorted stream of times is in. Callers `seek` only when a time leaves
 * [start, end), so Date work happens once per day with reviews, not once per review.
 */
export class StudyDayCursor {
  start = Infinity;
  end = -Infinity;
  /** Day number (see studyDayNumber). */
  day = 0;
  /**
   * True when the day is exactly 24 h long and starts at hour:00 local time: then the local
   * clock hour of a time in it is `hour + floor((t - start) / 1 h)` (mod 24). On DST days (and
   * when the start hour does not exist on that date) callers ask Date for their few reviews.
   */
  plainHours = false;

  constructor(private readonly hour: number) {}

  seek(t: number): void {
    this.start = studyDayStart(t, this.hour);
    this.end = nextStudyDayStart(t, this.hour);
    const s = new Date(this.start);
    this.day = calendarDayNumber(s);
    this.plainHours = this.end - this.start === 24 * HOUR && s.getHours() === this.hour && s.getMinutes() === 0;
  }
}
