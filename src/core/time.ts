/**
 * Study-day arithmetic in the user's local time zone. A study day starts at `hour` local time
 * (4 a.m. by default, as in Anki), so a late-night session still counts as "today".
 * Built with local calendar fields so that daylight-saving days (23 or 25 hours) come out right.
 */

/** Epoch ms of the start of the study day containing `now`. */
export function studyDayStart(now: number, hour: number): number {
  const d = new Date(now);
  const today = new Date(d.getFullYear(), d.getMonth(), d.getDate(), hour, 0, 0, 0).getTime();
  if (today <= now) return today;
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - 1, hour, 0, 0, 0).getTime();
}

/** Epoch ms at which the study day after the one containing `now` starts. */
export function nextStudyDayStart(now: number, hour: number): number {
  const s = new Date(studyDayStart(now, hour));
  return new Date(s.getFullYear(), s.getMonth(), s.getDate() + 1, hour, 0, 0, 0).getTime();
}

/**
 * Whole days since 1970 of the study day containing `time`, by its local calendar date: two
 * answers are `studyDayNumber(b) − studyDayNumber(a)` study days apart, daylight saving or not.
 */
export function studyDayNumber(time: number, hour: number): number {
  const d = new Date(studyDayStart(time, hour));
  return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Short interval label as on Anki's buttons: "1m", "10m", "3h", "4d", "1.2mo", "2.1y". */
export function formatInterval(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))}m`;
  if (ms < DAY) return `${trim(ms / HOUR)}h`;
  const days = ms / DAY;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trim(days / 30)}mo`;
  return `${trim(days / 365)}y`;
}

function trim(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** "in 5 minutes", "tomorrow at 09:30", "on 3 Dec" — for the done screen. */
export function describeDue(due: number, now: number, dayStartHour: number): string {
  if (due <= now) return 'now';
  const mins = Math.round((due - now) / MINUTE);
  if (mins < 60) return `in ${mins} minute${mins === 1 ? '' : 's'}`;
  const time = new Date(due).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const dayEnd = nextStudyDayStart(now, dayStartHour);
  if (due < dayEnd) return `today at ${time}`;
  if (due < nextStudyDayStart(dayEnd, dayStartHour)) return `tomorrow`;
  return `on ${new Date(due).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: due - now > 300 * DAY ? 'numeric' : undefined })}`;
}
