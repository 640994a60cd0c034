/** Calendar files (core/ics.ts): RFC 5545 line folding and escaping, read back by ical.js. */
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { buildIcs, escapeText, foldLine, parseTime } from '../../src/core/ics';

const NOW = Date.parse('2026-12-02T09:00:00Z');

describe('ics', () => {
  it('folds lines at 75 octets without splitting a character, and unfolding gives the line back', () => {
    const long = `SUMMARY:${'Révision — ✓ '.repeat(20)}`;
    const folded = foldLine(long);
    for (const l of folded.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('escapes text values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('a daily reminder and a plan’s days parse with ical.js, with their times, rule and alarm', () => {
    const text = buildIcs(
      [
        { uid: 'daily@prepdeck', start: { y: 2026, m: 12, d: 3, hh: 7, mm: 30 }, minutes: 10, summary: 'Prepdeck: ten minutes, Acme interview soon; go', daily: true },
        { uid: 'plan-1@prepdeck', start: { y: 2026, m: 12, d: 4, hh: 7, mm: 30 }, minutes: 15, summary: 'Prepdeck: 17 new cards', description: 'Interview plan:\nday 2 of 17' },
      ],
      NOW,
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(['Prepdeck: ten minutes, Acme interview soon; go', 'Prepdeck: 17 new cards']);
    expect(events[1]!.description).toBe('Interview plan:\nday 2 of 17');
    expect(events[0]!.startDate.toString()).toBe('2026-12-03T07:30:00');
    // A floating local time: no zone, no Z.
    expect(events[0]!.startDate.zone?.tzid ?? 'floating').toBe('floating');
    expect(text).toContain('DTSTART:20261203T073000\r\n');
    expect(events[0]!.isRecurring()).toBe(true);
    expect(events[0]!.duration.toSeconds()).toBe(600);
    expect(cal.getAllSubcomponents('vevent')[0]!.getFirstSubcomponent('valarm')?.getFirstPropertyValue('action')).toBe('DISPLAY');
  });

  it('reads a study time', () => {
    expect(parseTime('07:30')).toEqual({ hh: 7, mm: 30 });
    expect(parseTime('24:00')).toBeUndefined();
    expect(parseTime('7:30')).toBeUndefined();
  });
});
