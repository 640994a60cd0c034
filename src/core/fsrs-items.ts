/**
 * Training items for the FSRS optimiser, built from the review log the way Anki's rslib
 * `reviews_for_fsrs` does for training:
 * - per card, reviews in time order; history before the card's last reset is dropped (a review
 *   from the New state after earlier reviews means the card was forgotten or reset);
 * - a card whose kept history does not start from the New state is skipped (no learning entry);
 * - delta_t is the number of study days between two answers (days start at `dayStartHour` local);
 * - one item per answer after the first, holding every answer so far, kept only when the last
 *   answer came on a later day than the one before (same-day answers only train short-term
 *   memory through the items that contain them).
 * Items come out ordered by the time of their last answer: fsrs-rs weights recent items more and
 * its time-series evaluation expects that order.
 *
 * The items are flat typed arrays (what fsrs-browser takes as input): item i has `lengths[i]`
 * reviews, stored one after another in `ratings` / `deltaTs`.
 */
import { CardState, type ReviewLogRecord } from './types';
import { studyDayNumber } from './time';

export interface FsrsItems {
  count: number;
  lengths: Uint32Array;
  ratings: Uint32Array;
  deltaTs: Uint32Array;
  /** Reviews that went into the items (after resets and skipped cards were taken out). */
  reviewsUsed: number;
  cardsUsed: number;
  cardsSkipped: number;
}

/** The answer on a card, reduced to what FSRS needs. */
export type ReviewForItems = Pick<ReviewLogRecord, 'cardId' | 'time' | 'rating' | 'stateBefore'>;

const DAY = 86_400_000;

export { studyDayNumber };

/** The part of one card's history that trains FSRS (undefined: the card is skipped). */
export function trainableHistory<T extends ReviewForItems>(sorted: readonly T[]): T[] | undefined {
  let start = -1;
  for (let i = sorted.length - 1; i >= 0; i--)
    if (sorted[i]!.stateBefore === CardState.New) {
      start = i;
      break;
    }
  return start < 0 ? undefined : sorted.slice(start);
}

/** Groups reviews by card, each card's answers in time order. */
export function groupByCard<T extends ReviewForItems>(reviews: Iterable<T>): Map<string, T[]> {
  const byCard = new Map<string, T[]>();
  for (const r of reviews) {
    const list = byCard.get(r.cardId);
    if (list) list.push(r);
    else byCard.set(r.cardId, [r]);
  }
  for (const list of byCard.values()) list.sort((a, b) => a.time - b.time);
  return byCard;
}

export function buildFsrsItems(reviews: Iterable<ReviewForItems>, dayStartHour: number): FsrsItems {
  const cards: { ratings: number[]; deltaTs: number[] }[] = [];
  // One entry per item: which card, how many of its answers, when the last one was given.
  const itemCard: number[] = [];
  const itemLength: number[] = [];
  const itemTime: number[] = [];
  let reviewsUsed = 0;
  let cardsSkipped = 0;
  let total = 0;
  for (const list of groupByCard(reviews).values()) {
    const kept = trainableHistory(list);
    if (!kept) {
      cardsSkipped++;
      continue;
    }
    const ratings: number[] = [];
    const deltaTs: number[] = [];
    let prevDay = 0;
    kept.forEach((r, i) => {
      const day = studyDayNumber(r.time, dayStartHour);
      ratings.push(r.rating);
      deltaTs.push(i === 0 ? 0 : Math.max(0, day - prevDay));
      prevDay = day;
    });
    const cardIndex = cards.length;
    let items = 0;
    for (let n = 2; n <= kept.length; n++) {
      if (deltaTs[n - 1]! <= 0) continue;
      itemCard.push(cardIndex);
      itemLength.push(n);
      itemTime.push(kept[n - 1]!.time);
      total += n;
      items++;
    }
    if (items === 0) {
      cardsSkipped++;
      continue;
    }
    cards.push({ ratings, deltaTs });
    reviewsUsed += kept.length;
  }
  const order = Array.from(itemTime.keys()).sort((a, b) => itemTime[a]! - itemTime[b]! || a - b);
  const out: FsrsItems = {
    count: order.length,
    lengths: new Uint32Array(order.length),
    ratings: new Uint32Array(total),
    deltaTs: new Uint32Array(total),
    reviewsUsed,
    cardsUsed: cards.length,
    cardsSkipped,
  };
  let at = 0;
  order.forEach((item, i) => {
    const card = cards[itemCard[item]!]!;
    const n = itemLength[item]!;
    out.lengths[i] = n;
    for (let k = 0; k < n; k++) {
      out.ratings[at + k] = card.ratings[k]!;
      out.deltaTs[at + k] = card.deltaTs[k]!;
    }
    at += n;
  });
  return out;
}

/** Item i as plain reviews (tests, the native comparison). */
export function itemsAsReviews(items: FsrsItems): { rating: number; deltaT: number }[][] {
  const out: { rating: number; deltaT: number }[][] = [];
  let at = 0;
  for (let i = 0; i < items.count; i++) {
    const n = items.lengths[i]!;
    const reviews: { rating: number; deltaT: number }[] = [];
    for (let k = 0; k < n; k++) reviews.push({ rating: items.ratings[at + k]!, deltaT: items.deltaTs[at + k]! });
    out.push(reviews);
    at += n;
  }
  return out;
}

/**
 * The training window for long histories: whole cards, most recently reviewed first, until
 * `limit` answers are taken (a card that would overflow it is left out, smaller ones after it may
 * still fit). Whole cards, because an item needs the card's history from its first answer.
 */
export function recentWholeCards<T extends ReviewForItems>(reviews: Iterable<T>, limit: number): { reviews: T[]; total: number } {
  const byCard = groupByCard(reviews);
  let total = 0;
  const cards = [...byCard.values()];
  for (const c of cards) total += c.length;
  if (total <= limit) return { reviews: cards.flat(), total };
  cards.sort((a, b) => b[b.length - 1]!.time - a[a.length - 1]!.time);
  const out: T[] = [];
  for (const c of cards) {
    if (out.length + c.length > limit) continue;
    for (const r of c) out.push(r);
    if (out.length === limit) break;
  }
  return { reviews: out, total };
}
