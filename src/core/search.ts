/**
 * Browse: the rows a search works on, the filters Anki's browser has, and sorting. Pure: the
 * search worker keeps the rows and the full-text index; this decides which rows match.
 *
 * Query text may hold Anki-style filters besides words: `tag:sql`, `deck:"ML::Deep"`,
 * `is:new|learn|review|suspended|buried|edited`, `flag:1..4`, `topic:c.35`; the rest is
 * full-text search over fields and tags.
 */
import { CardState, QueueBucket } from './types';

/** One card as Browse lists it (a compact copy the search worker keeps). */
export interface BrowseRow {
  id: string;
  noteId: string;
  deckId: string;
  ord: number;
  state: CardState;
  bucket: QueueBucket;
  due: number;
  /** Days between the last review and the due date (0 for new and learning cards). */
  interval: number;
  difficulty: number;
  lapses: number;
  flag: number;
  mtime: number;
}

/** What Browse shows and filters of a note. */
export interface BrowseNote {
  id: string;
  deckId: string;
  tags: string[];
  /** The tags lower-cased (tag filters compare without case). */
  lowerTags?: string[];
  topics: string[];
  edited: boolean;
  addedAt: number;
  mtime: number;
  /** First field as plain text (shortened). */
  preview: string;
  /** Second field as plain text (shortened). */
  answer: string;
}

export type StateFilter = 'new' | 'learn' | 'review' | 'suspended' | 'buried';
export type DueFilter = { kind: 'today' } | { kind: 'overdue' } | { kind: 'next'; days: number };
export type SortKey = 'due' | 'created' | 'modified' | 'interval' | 'difficulty' | 'lapses';

export interface BrowseFilters {
  /** Deck ids (a deck and its sub-decks: the caller expands). */
  decks?: string[];
  tags?: string[];
  topics?: string[];
  states?: StateFilter[];
  due?: DueFilter;
  flags?: number[];
  edited?: boolean;
  /** Added within the last N days. */
  addedDays?: number;
}

export interface ParsedQuery {
  /** Words and phrases for the full-text index (empty: every note). */
  text: string;
  filters: BrowseFilters;
  /** Deck names from `deck:` (resolved to ids, with sub-decks, by the caller). */
  deckNames: string[];
}

const TOKEN = /(\w+):("([^"]*)"|\S+)|"([^"]*)"|(\S+)/g;

export function parseQuery(q: string): ParsedQuery {
  const out: ParsedQuery = { text: '', filters: {}, deckNames: [] };
  const words: string[] = [];
  const f = out.filters;
  for (const m of q.matchAll(TOKEN)) {
    const key = m[1]?.toLowerCase();
    const value = (m[3] ?? m[2] ?? '').trim();
    if (key === 'tag' && value) (f.tags ??= []).push(value.toLowerCase());
    else if (key === 'deck' && value) out.deckNames.push(value);
    else if (key === 'topic' && value) (f.topics ??= []).push(value);
    else if (key === 'flag' && /^[0-4]$/.test(value)) (f.flags ??= []).push(Number(value));
    else if (key === 'is' && value === 'edited') f.edited = true;
    else if (key === 'is' && ['new', 'learn', 'review', 'suspended', 'buried'].includes(value)) (f.states ??= []).push(value as StateFilter);
    else if (key === 'is' && value === 'due') f.due = { kind: 'today' };
    else if (key === 'added' && /^\d+$/.test(value)) f.addedDays = Number(value);
    else words.push(m[4] ?? m[0]);
  }
  out.text = words.join(' ');
  return out;
}

/** A card's state as one bit, so a set of states is a mask (search walks many cards). */
export const STATE_BITS: Record<StateFilter, number> = { new: 1, learn: 2, review: 4, suspended: 8, buried: 16 };
export function stateBit(r: Pick<BrowseRow, 'bucket' | 'state'>): number {
  return r.bucket === QueueBucket.Suspended ? 8 : r.bucket === QueueBucket.Buried ? 16 : r.state === CardState.New ? 1 : r.state === CardState.Review ? 4 : 2;
}

export interface FilterContext {
  now: number;
  /** Start of the next study day: "due today" means due before it. */
  dayEnd: number;
  dayStart: number;
}

const DAY = 86_400_000;

/** Whether a card (with its note) passes every filter. */
export function matches(r: BrowseRow, n: BrowseNote | undefined, f: BrowseFilters, ctx: FilterContext, deckSet?: ReadonlySet<string>): boolean {
  return makeMatcher(f, ctx, deckSet)(r, n);
}

/**
 * The filters as one predicate, with everything that does not depend on the card worked out
 * once (a search runs it on every card of the collection).
 */
export function makeMatcher(f: BrowseFilters, ctx: FilterContext, deckSet?: ReadonlySet<string>): (r: BrowseRow, n: BrowseNote | undefined) => boolean {
  const states = (f.states ?? []).reduce((m, x) => m | STATE_BITS[x], 0);
  const flags = f.flags?.length ? new Set(f.flags) : undefined;
  const due = f.due;
  const dueBefore = due ? (due.kind === 'today' ? ctx.dayEnd : due.kind === 'overdue' ? ctx.dayStart : ctx.dayEnd + due.days * DAY) : 0;
  const addedAfter = f.addedDays !== undefined ? ctx.now - f.addedDays * DAY : undefined;
  const topics = f.topics?.length ? f.topics : undefined;
  // A tag filter matches the tag and its children (`ml` matches `ml::deep`), as in Anki.
  const tags = f.tags?.length ? f.tags.map((t) => ({ exact: t.toLowerCase(), prefix: `${t.toLowerCase()}::` })) : undefined;
  const needsNote = Boolean(f.edited || addedAfter !== undefined || topics || tags);
  return (r, n) => {
    if (deckSet && !deckSet.has(r.deckId)) return false;
    if (states && !(states & stateBit(r))) return false;
    if (flags && !flags.has(r.flag)) return false;
    if (due) {
      if (r.state === CardState.New || r.bucket === QueueBucket.Suspended) return false;
      if (!(r.due < dueBefore)) return false;
    }
    if (!needsNote) return true;
    if (!n) return false;
    if (f.edited && !n.edited) return false;
    if (addedAfter !== undefined && !(n.addedAt >= addedAfter)) return false;
    if (topics && !topics.some((t) => n.topics.includes(t))) return false;
    if (tags) {
      const lower = n.lowerTags ?? n.tags.map((t) => t.toLowerCase());
      for (const want of tags) {
        let ok = false;
        for (const t of lower)
          if (t === want.exact || t.startsWith(want.prefix)) {
            ok = true;
            break;
          }
        if (!ok) return false;
      }
    }
    return true;
  };
}

/** Sort order: each key ascending (new cards by position under `due`), ties by card id. */
export function compareRows(key: SortKey, notes: ReadonlyMap<string, BrowseNote>, descending = false): (a: BrowseRow, b: BrowseRow) => number {
  const value = (r: BrowseRow): number => {
    switch (key) {
      case 'due':
        // New cards after scheduled ones, in introduction order.
        return r.state === CardState.New ? 8e15 + r.due : r.due;
      case 'created':
        return notes.get(r.noteId)?.addedAt ?? 0;
      case 'modified':
        return Math.max(r.mtime, notes.get(r.noteId)?.mtime ?? 0);
      case 'interval':
        return r.interval;
      case 'difficulty':
        return r.difficulty;
      case 'lapses':
        return r.lapses;
    }
  };
  const sign = descending ? -1 : 1;
  return (a, b) => sign * (value(a) - value(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
