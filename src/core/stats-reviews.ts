/**
 * Everything the statistics read from the review log, in one pass over its typed-array columns:
 * per-day tallies for the last 365 study days (heatmap, daily graphs, true retention, today),
 * answer buttons, hourly success and streaks. The loop allocates nothing per review.
 */
import { StudyDayCursor, dayNumberToDate } from './stats-days';
import type { ReviewColumns } from './stats-input';
import type {
  ButtonCounts,
  ButtonRow,
  ButtonStats,
  DailyStats,
  HeatmapStats,
  HourRow,
  HourlyStats,
  KindSeries,
  PassFail,
  RetentionRow,
  TodayStats,
  TrueRetentionStats,
} from './stats-types';

/** Days kept per day: index 0 = 364 days ago, 364 = today. */
export const WINDOW = 365;
const MATURE_IVL = 21;
const HOUR = 3_600_000;
const CHUNK = 1 << 15;

// Review kinds (slots in the per-day arrays). Button groups reuse 0–2: learning, young, mature.
const K_LEARNING = 0;
const K_YOUNG = 1;
const K_MATURE = 2;
const K_RELEARNING = 3;

export interface ReviewStats {
  today: TodayStats;
  heatmap: HeatmapStats;
  daily: DailyStats;
  buttons: ButtonStats;
  hourly: HourlyStats;
  trueRetention: Omit<TrueRetentionStats, 'desired'>;
}

/** First row with time > now (the log is sorted): later rows are ignored. */
function endBefore(time: Float64Array, n: number, now: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((time[mid] as number) <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * @param todayDay day number of today's study day (stats-days.ts)
 * @param deckMask deckMask[deck] = 1 for the decks to count; null for all
 */
/** The tallies of one pass over the log (typed arrays, so the pass allocates nothing per row). */
interface Tallies {
  dayCount: Float64Array; // [kind * WINDOW + slot]
  dayTime: Float64Array;
  dayRetention: Float64Array; // rows: pass young, fail young, pass mature, fail mature
  buttons: Float64Array; // [period * 12 + group * 4 + rating - 1]; periods: all, 365 days, 30 days
  hourAll: Float64Array; // [hour] reviews, [24 + hour] passed
  hour30: Float64Array;
  againToday: number;
  newToday: number;
  lastActive: number; // day number of the last day with a counted review
  run: number; // the run of active days ending at lastActive
  longest: number;
  cursor: StudyDayCursor;
}

/**
 * @param todayDay day number of today's study day (stats-days.ts)
 * @param deckMask deckMask[deck] = 1 for the decks to count; null for all
 */
export function reviewStats(r: ReviewColumns, now: number, dayStartHour: number, todayDay: number, deckMask: Uint8Array | null): ReviewStats {
  const t: Tallies = {
    dayCount: new Float64Array(4 * WINDOW),
    dayTime: new Float64Array(4 * WINDOW),
    dayRetention: new Float64Array(4 * WINDOW),
    buttons: new Float64Array(3 * 12),
    hourAll: new Float64Array(48),
    hour30: new Float64Array(48),
    againToday: 0,
    newToday: 0,
    lastActive: Number.NaN,
    run: 0,
    longest: 0,
    cursor: new StudyDayCursor(dayStartHour),
  };
  // In chunks: after the first few, V8 has an optimized `scan` to call instead of compiling the
  // running loop on the fly, which makes a cold first call (opening the stats screen) faster.
  const end = endBefore(r.time, r.n, now);
  for (let from = 0; from < end; from += CHUNK) scan(r, from, Math.min(end, from + CHUNK), dayStartHour, todayDay, deckMask, t);
  return summarize(t, todayDay);
}

/**
 * The hot loop, alone in its function on purpose: V8 compiles a long loop on the fly (OSR), and
 * code after the loop that has never run would then deoptimize it on every call.
 */
function scan(r: ReviewColumns, from: number, to: number, dayStartHour: number, todayDay: number, deckMask: Uint8Array | null, acc: Tallies): void {
  const { time, rating, stateBefore, lastIvl, durationMs, deck } = r;
  const { dayCount, dayTime, dayRetention, buttons, hourAll, hour30 } = acc;
  let againToday = 0;
  let newToday = 0;
  let lastActive = acc.lastActive;
  let run = acc.run;
  let longest = acc.longest;

  const cursor = acc.cursor;
  // The cursor's day, copied into locals for the hot loop.
  let dayStart = cursor.start;
  let dayEnd = cursor.end;
  let plainHours = cursor.plainHours;
  let slot = cursor.day - todayDay + WINDOW - 1; // index in the 365-day window; negative when older

  for (let i = from; i < to; i++) {
    if (deckMask !== null && deckMask[deck[i] as number] !== 1) continue;
    const t = time[i] as number;
    if (t >= dayEnd || t < dayStart) {
      cursor.seek(t);
      dayStart = cursor.start;
      dayEnd = cursor.end;
      plainHours = cursor.plainHours;
      slot = cursor.day - todayDay + WINDOW - 1;
      // Streaks: the log is sorted, so a new day is a later day.
      if (cursor.day !== lastActive) {
        run = cursor.day === lastActive + 1 ? run + 1 : 1;
        if (run > longest) longest = run;
        lastActive = cursor.day;
      }
    }

    const sb = stateBefore[i] as number;
    const rt = rating[i] as number;
    const pass = rt > 1 ? 1 : 0;
    const kind = sb === 2 ? ((lastIvl[i] as number) >= MATURE_IVL ? K_MATURE : K_YOUNG) : sb === 3 ? K_RELEARNING : K_LEARNING;
    const group = sb === 2 ? kind : K_LEARNING;
    const rated = rt >= 1 && rt <= 4;

    let h = plainHours ? dayStartHour + Math.floor((t - dayStart) / HOUR) : new Date(t).getHours();
    if (h >= 24) h -= 24;
    hourAll[h]!++;
    hourAll[24 + h]! += pass;
    if (rated) buttons[group * 4 + rt - 1]!++;

    if (slot >= 0) {
      dayCount[kind * WINDOW + slot]!++;
      dayTime[kind * WINDOW + slot]! += durationMs[i] as number;
      if (sb === 2) dayRetention[((kind === K_MATURE ? 2 : 0) + 1 - pass) * WINDOW + slot]!++;
      if (rated) buttons[12 + group * 4 + rt - 1]!++;
      if (slot >= WINDOW - 30) {
        if (rated) buttons[24 + group * 4 + rt - 1]!++;
        hour30[h]!++;
        hour30[24 + h]! += pass;
        if (slot === WINDOW - 1) {
          if (rt === 1) againToday++;
          if (sb === 0) newToday++;
        }
      }
    }
  }
  acc.againToday += againToday;
  acc.newToday += newToday;
  acc.lastActive = lastActive;
  acc.run = run;
  acc.longest = longest;
}

/** Turns the tallies into the plain-array result. */
function summarize(acc: Tallies, todayDay: number): ReviewStats {
  const { dayCount, dayTime, dayRetention, buttons, hourAll, hour30, againToday, newToday, lastActive, run, longest } = acc;
  const kindSeries = (a: Float64Array): KindSeries => ({
    learning: Array.from(a.subarray(K_LEARNING * WINDOW, (K_LEARNING + 1) * WINDOW)),
    young: Array.from(a.subarray(K_YOUNG * WINDOW, (K_YOUNG + 1) * WINDOW)),
    mature: Array.from(a.subarray(K_MATURE * WINDOW, (K_MATURE + 1) * WINDOW)),
    relearning: Array.from(a.subarray(K_RELEARNING * WINDOW, (K_RELEARNING + 1) * WINDOW)),
  });
  const totals = new Array<number>(WINDOW);
  for (let s = 0; s < WINDOW; s++) totals[s] = sumKinds(dayCount, s);
  const firstDay = dayNumberToDate(todayDay - (WINDOW - 1));

  const todaySlot = WINDOW - 1;
  const todayReviews = totals[todaySlot] as number;
  const today: TodayStats = {
    reviews: todayReviews,
    timeMs: sumKinds(dayTime, todaySlot),
    again: againToday,
    againRate: todayReviews > 0 ? againToday / todayReviews : null,
    newLearned: newToday,
    byKind: {
      learning: dayCount[K_LEARNING * WINDOW + todaySlot] as number,
      young: dayCount[K_YOUNG * WINDOW + todaySlot] as number,
      mature: dayCount[K_MATURE * WINDOW + todaySlot] as number,
      relearning: dayCount[K_RELEARNING * WINDOW + todaySlot] as number,
    },
    // A streak still "alive" ends today, or yesterday when today has no review yet.
    streak: lastActive === todayDay || lastActive === todayDay - 1 ? run : 0,
    longestStreak: longest,
  };

  const retention = (fromSlot: number, toSlot: number): RetentionRow => {
    const sum = (row: number) => {
      let s = 0;
      for (let d = fromSlot; d < toSlot; d++) s += dayRetention[row * WINDOW + d] as number;
      return s;
    };
    const young = passFail(sum(0), sum(1));
    const mature = passFail(sum(2), sum(3));
    return { young, mature, total: passFail(young.pass + mature.pass, young.fail + mature.fail) };
  };

  return {
    today,
    heatmap: { firstDay, counts: totals },
    daily: { firstDay, reviews: kindSeries(dayCount), timeMs: kindSeries(dayTime) },
    buttons: { all: buttonCounts(buttons, 0), last365: buttonCounts(buttons, 12), last30: buttonCounts(buttons, 24) },
    hourly: { all: hourRow(hourAll), last30: hourRow(hour30) },
    trueRetention: {
      today: retention(WINDOW - 1, WINDOW),
      yesterday: retention(WINDOW - 2, WINDOW - 1),
      last7: retention(WINDOW - 7, WINDOW),
      last30: retention(WINDOW - 30, WINDOW),
      last365: retention(0, WINDOW),
    },
  };
}

function sumKinds(a: Float64Array, slot: number): number {
  return (a[slot] as number) + (a[WINDOW + slot] as number) + (a[2 * WINDOW + slot] as number) + (a[3 * WINDOW + slot] as number);
}

function passFail(pass: number, fail: number): PassFail {
  return { pass, fail, rate: pass + fail > 0 ? pass / (pass + fail) : null };
}

function buttonCounts(a: Float64Array, offset: number): ButtonCounts {
  const row = (g: number): ButtonRow => [a[offset + g * 4] as number, a[offset + g * 4 + 1] as number, a[offset + g * 4 + 2] as number, a[offset + g * 4 + 3] as number];
  return { learning: row(K_LEARNING), young: row(K_YOUNG), mature: row(K_MATURE) };
}

function hourRow(a: Float64Array): HourRow {
  const reviews = Array.from(a.subarray(0, 24));
  const passed = Array.from(a.subarray(24, 48));
  return { reviews, passed, rate: reviews.map((n, h) => (n > 0 ? (passed[h] as number) / n : null)) };
}

