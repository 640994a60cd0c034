/**
 * Column helpers for the statistics digest (stats-digest.ts): the review columns, growing typed
 * arrays, sorting by time, distinct-list tables and the numeric keys that stand for ids.
 */
import type { ReviewColumns } from '../core/stats-input';
import type { ReviewLogRecord } from '../core/types';

export const SEP = '\u0001';

/** What the digest keeps of a review. */
export type ReviewRow = Pick<ReviewLogRecord, 'id' | 'cardId' | 'time' | 'rating' | 'stateBefore' | 'scheduledDays' | 'durationMs' | 'deckId'>;
export const reviewRow = (l: ReviewRow): ReviewRow => ({ id: l.id, cardId: l.cardId, time: l.time, rating: l.rating, stateBefore: l.stateBefore, scheduledDays: l.scheduledDays, durationMs: l.durationMs, deckId: l.deckId });

const REVIEW_COLS = { time: Float64Array, rating: Uint8Array, stateBefore: Uint8Array, lastIvl: Float32Array, durationMs: Uint32Array, deck: Uint32Array } as const;
const REVIEW_KEYS = Object.keys(REVIEW_COLS) as (keyof typeof REVIEW_COLS)[];
type Typed = Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array | Int8Array;

/** `a` itself when it holds `size` rows, else a copy with room to grow. */
export function grow<T extends Typed>(a: T, size: number): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2, 64));
  b.set(a as never);
  return b;
}

export function emptyReviews(): ReviewColumns {
  return { n: 0, ...(Object.fromEntries(REVIEW_KEYS.map((k) => [k, new REVIEW_COLS[k](0)])) as unknown as Omit<ReviewColumns, 'n'>) };
}

/** Longest answer time kept (the column is 32-bit; Anki caps answer times far lower). */
const MAX_DURATION = 0xffffffff;

/** Appends reviews to columns, growing them (in place when they have room). */
export function appendReviews(cols: ReviewColumns, logs: readonly ReviewRow[], deckIndex: (id: string) => number): ReviewColumns {
  const n = cols.n + logs.length;
  const out = { n } as ReviewColumns;
  for (const k of REVIEW_KEYS) (out as unknown as Record<string, unknown>)[k] = grow(cols[k] as Typed, n);
  let i = cols.n;
  for (const l of logs) {
    out.time[i] = l.time;
    out.rating[i] = l.rating;
    out.stateBefore[i] = l.stateBefore;
    out.lastIvl[i] = l.scheduledDays;
    out.durationMs[i] = Math.min(MAX_DURATION, Math.max(0, Math.round(l.durationMs)));
    out.deck[i] = deckIndex(l.deckId);
    i++;
  }
  return out;
}

/** The columns reordered by time (a first build reads the log in key order). */
export function sortReviews(c: ReviewColumns): ReviewColumns {
  const order = new Uint32Array(c.n);
  for (let i = 0; i < c.n; i++) order[i] = i;
  const t = c.time;
  order.sort((a, b) => t[a]! - t[b]! || a - b);
  const out = { n: c.n } as ReviewColumns;
  for (const k of REVIEW_KEYS) {
    const from = c[k] as Typed;
    const to = new (from.constructor as new (n: number) => Typed)(c.n);
    for (let i = 0; i < c.n; i++) to[i] = from[order[i]!]!;
    (out as unknown as Record<string, unknown>)[k] = to;
  }
  return out;
}

/**
 * A copy with `spare` free rows after the `n` used ones: saved that way, the next open appends
 * the recent reviews in place instead of copying every column.
 */
export function withRoom(c: ReviewColumns, spare: number): ReviewColumns {
  const out = { n: c.n } as ReviewColumns;
  for (const k of REVIEW_KEYS) {
    const a = new (c[k].constructor as new (n: number) => Typed)(c.n + spare);
    a.set((c[k] as Typed).subarray(0, c.n) as never);
    (out as unknown as Record<string, unknown>)[k] = a;
  }
  return out;
}

/** Views of the first `n` rows. */
export function viewReviews(c: ReviewColumns): ReviewColumns {
  const out = { n: c.n } as ReviewColumns;
  for (const k of REVIEW_KEYS) (out as unknown as Record<string, unknown>)[k] = (c[k] as Typed).subarray(0, c.n);
  return out;
}

/** Distinct string lists, each stored once (a card points at its note's topics by number). */
export class SetTable {
  readonly list: string[];
  private readonly index = new Map<string, number>();
  constructor(list: string[] = []) {
    this.list = list;
    list.forEach((k, i) => this.index.set(k, i));
  }
  of(items: readonly string[]): number {
    if (!items.length) return -1;
    const key = items.join(SEP);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(key);
      this.index.set(key, i);
    }
    return i;
  }
  lists(): string[][] {
    return this.list.map((k) => k.split(SEP));
  }
}

/**
 * A 53-bit number for an id (two independent 32-bit string hashes): the digest keeps these
 * instead of 100k id strings, which cost more to save and load than all its other columns. Two
 * ids share a key with a chance of about 10⁻⁶ in a collection of 200k ids; a statistics cache
 * can live with that (the next rebuild corrects it), an editor could not.
 */
export function idKey(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
