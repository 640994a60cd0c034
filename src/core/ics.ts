/**
 * Calendar files (RFC 5545) for study reminders: a daily event at the chosen study time, or one
 * event per day of an interview plan. Floating local times (no time zone: "at 7:30 wherever I
 * am", as a phone calendar treats an alarm), CRLF line ends, text escaped, and lines folded at 75
 * octets of UTF-8 (section 3.1), never inside a character.
 */
export interface IcsEvent {
  uid: string;
  /** Local date and time of the start. */
  start: { y: number; m: number; d: number; hh: number; mm: number };
  minutes: number;
  summary: string;
  description?: string;
  /** Repeats every day (RRULE:FREQ=DAILY). */
  daily?: boolean;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const localStamp = (s: IcsEvent['start']) => `${pad(s.y, 4)}${pad(s.m)}${pad(s.d)}T${pad(s.hh)}${pad(s.mm)}00`;
const utcStamp = (t: number) => new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** TEXT values escape backslash, semicolon, comma and newlines (section 3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line: at most 75 octets a line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const enc = new TextEncoder();
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    // The first line holds 75 octets; a continuation line's leading space is one of its 75.
    const limit = out.length === 0 ? 75 : 74;
    if (bytes + n > limit) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

export function buildIcs(events: readonly IcsEvent[], now: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Prepdeck//Study reminders//EN', 'CALSCALE:GREGORIAN'];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART:${localStamp(e.start)}`,
      `DURATION:PT${Math.max(1, Math.round(e.minutes))}M`,
      ...(e.daily ? ['RRULE:FREQ=DAILY'] : []),
      `SUMMARY:${escapeText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(e.summary)}`,
      'TRIGGER:PT0M',
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** "07:30" → hours and minutes, or undefined. */
export function parseTime(v: string): { hh: number; mm: number } | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(v);
  return m ? { hh: Number(m[1]), mm: Number(m[2]) } : undefined;
}
