/**
 * The statistics screen's numbers (issue #11 §1), computed from the column snapshot of cards and
 * review log (stats-input.ts). Pure and synchronous: the stats worker calls it and posts the
 * JSON-able result to the UI. Two single passes — one over the review log, one over the cards —
 * so a large collection (1M reviews, 100k cards) stays well under 100 ms.
 */
import { FSRS6_DEFAULT_DECAY } from 'ts-fsrs';
import { cardStats } from './stats-cards';
import { studyDayNumber } from './stats-days';
import type { StatsInput, StatsOptions } from './stats-input';
import { reviewStats } from './stats-reviews';
import type { Stats } from './stats-types';
import { studyDayStart } from './time';

export type * from './stats-types';
export { DAY_EDGES, DIFFICULTY_EDGES, FORECAST_DAYS, R_EDGES } from './stats-cards';
export { WINDOW as DAILY_WINDOW } from './stats-reviews';

/** deckMask[deckIndex] = 1 for the selected decks; null when every deck counts. */
function deckMask(decks: Set<number> | undefined, deckCount: number): Uint8Array | null {
  if (decks === undefined) return null;
  // Sized to cover out-of-range indexes in the set too (harmless), so a lookup is one array read.
  let size = deckCount;
  for (const d of decks) if (d + 1 > size) size = d + 1;
  const mask = new Uint8Array(size);
  for (const d of decks) if (Number.isInteger(d) && d >= 0) mask[d] = 1;
  return mask;
}

export function computeStats(input: StatsInput, opts: StatsOptions): Stats {
  const { now, dayStartHour } = opts;
  const todayStart = studyDayStart(now, dayStartHour);
  const todayDay = studyDayNumber(now, dayStartHour);
  const mask = deckMask(opts.decks, input.decks.length);
  const rev = reviewStats(input.reviews, now, dayStartHour, todayDay, mask);
  const card = cardStats(input.cards, now, todayStart, dayStartHour, opts.decay ?? FSRS6_DEFAULT_DECAY, mask);
  return {
    now,
    todayStart,
    dayStartHour,
    today: rev.today,
    heatmap: rev.heatmap,
    daily: rev.daily,
    forecast: card.forecast,
    buttons: rev.buttons,
    cards: card.cards,
    memory: card.memory,
    hourly: rev.hourly,
    trueRetention: { desired: opts.desiredRetention, ...rev.trueRetention },
  };
}
