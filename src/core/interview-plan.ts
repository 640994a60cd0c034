/**
 * A date to be ready by: the pacing plan for an interview. Pure, with a fixed `now`.
 *
 * The goal is to have seen every selected card a few days (BUFFER_DAYS) before the interview, so
 * that those days go to the cards that fade. Each study day the plan divides the cards still
 * unseen (counting those introduced today as still to do today) by the study days left before
 * that point: the new cards needed today. Progress is measured against a straight line from the
 * day the plan was made to that point: "on track", or "behind by N cards". In the last days the
 * plan switches to reviewing weak and decaying cards; after the date it is over.
 */
import { studyDayNumber } from './time';

/** Days before the interview kept free for review of weak and fading cards. */
export const BUFFER_DAYS = 3;

export interface Interview {
  id: string;
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  company?: string;
  /** Deck ids it covers (with their sub-decks); empty: every deck. */
  decks: string[];
  /** Target predicted recall on the day (0–1), as well as every card seen. */
  targetRecall: number;
  createdAt: number;
  /** When the plan started: the study day and the cards unseen then. */
  startDay: number;
  unseenAtStart: number;
  /** Cards of the selection already studied when the plan began. */
  seenAtStart?: number;
  /** Set once the date has passed: how ready the user was on the day. */
  ended?: { at: number; readiness: number; recall: number | null; coverage: number };
}

export type PlanPhase = 'learning' | 'final' | 'over';

export interface PlanStatus {
  phase: PlanPhase;
  /** Study days until the interview (0 on the day itself). */
  daysToInterview: number;
  /** Study days left for new cards, today included (0 in the final days). */
  daysForNew: number;
  /** New cards to study today to keep to the plan (0 in the final days). */
  newToday: number;
  /** New cards still to introduce today (newToday minus those already introduced today). */
  newLeftToday: number;
  /** Cards the straight line says should have been seen before today, minus those seen. */
  behindBy: number;
  onTrack: boolean;
}

/** Day number of a YYYY-MM-DD local date (the same numbering as studyDayNumber). */
export function dateDayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

export interface PlanInput {
  now: number;
  dayStartHour: number;
  interview: Pick<Interview, 'date' | 'startDay' | 'unseenAtStart' | 'seenAtStart'>;
  /** Selected cards never studied, now. */
  unseen: number;
  /** Selected cards studied at least once, now (with `seenAtStart`: progress since the start). */
  seen?: number;
  /** New cards of the selection introduced today so far. */
  introducedToday: number;
}

export function planStatus(p: PlanInput): PlanStatus {
  const today = studyDayNumber(p.now, p.dayStartHour);
  const day = dateDayNumber(p.interview.date);
  const daysToInterview = day - today;
  if (daysToInterview < 0) return { phase: 'over', daysToInterview, daysForNew: 0, newToday: 0, newLeftToday: 0, behindBy: 0, onTrack: p.unseen === 0 };
  const deadline = day - BUFFER_DAYS;
  // Today counts while it lasts: the new cards introduced today are part of today's share.
  const daysForNew = Math.max(0, deadline - today);
  const unseenAtDayStart = p.unseen + p.introducedToday;
  if (daysForNew === 0) return { phase: 'final', daysToInterview, daysForNew: 0, newToday: 0, newLeftToday: 0, behindBy: p.unseen, onTrack: p.unseen === 0 };
  const newToday = Math.ceil(unseenAtDayStart / daysForNew);
  const span = Math.max(1, deadline - p.interview.startDay);
  // The line is checked at the start of today: the plan's first day is never behind.
  const elapsed = Math.min(span, Math.max(0, today - p.interview.startDay));
  // Progress is the cards first studied since the plan began. Cards added since (an import, a
  // new deck) join the workload: the line runs over that progress plus what is left.
  const seen = p.seen !== undefined && p.interview.seenAtStart !== undefined ? Math.max(0, p.seen - p.interview.seenAtStart) : Math.max(0, p.interview.unseenAtStart - p.unseen);
  const expectedSeen = Math.ceil(((seen + p.unseen) * elapsed) / span);
  const behindBy = Math.max(0, expectedSeen - seen);
  return { phase: 'learning', daysToInterview, daysForNew, newToday, newLeftToday: Math.max(0, newToday - p.introducedToday), behindBy, onTrack: behindBy === 0 };
}

/** "in 12 days", "tomorrow", "today". */
export function countdown(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}
