/**
 * The statistics digest, DOM-free (runs in the stats worker and in Node tests): every card and
 * every review as typed-array columns (core/stats-input.ts), kept saved in IndexedDB and brought
 * up to date instead of re-read. At 1M reviews, reading the log record by record takes seconds;
 * the columns come back in one structured clone.
 *
 * Cards follow the record layer's change feed (`apply(changes)`), like Browse's index. The review
 * log is append-only, so the digest keeps the reviews older than `cutoff` and reads the rest (the
 * last two days) from the `byTime` index on every request. Anything that changes older reviews
 * (an import with a review history, an undo of an old review, a restore) moves the log's epoch
 * (storage/revlog-epoch.ts) and the reviews are read again.
 */
import type { CardColumns, ReviewColumns, StatsInput } from '../core/stats-input';
import type { CardRecord, Deck, Note, ReviewLogRecord, Tombstone } from '../core/types';

/** Bumped when what the digest holds changes: an older saved one is rebuilt. */
export const DIGEST_VERSION = 3;
const DAY = 86_400_000;
/** Reviews younger than this stay out of the saved columns (undo can still remove them). */
export const TAIL_MS = 2 * DAY;

const SEP = '\u0001';

export interface SavedDigest {
  version: number;
  usn: number;
  epoch: number;
  cutoff: number;
  decks: string[];
  topicSets: string[];
  tagSets: string[];
  cards: Omit<CardColumns, 'n'>;
  ids: SavedIds;
  reviews: ReviewColumns;
  /** The reviews since `cutoff`, as last seen (kept so that a new open reads only newer ones). */
  tail: ReviewRow[];
}

/** What the digest keeps of a review. */
export type ReviewRow = Pick<ReviewLogRecord, 'id' | 'time' | 'rating' | 'stateBefore' | 'scheduledDays' | 'durationMs' | 'deckId'>;
export const reviewRow = (l: ReviewRow): ReviewRow => ({ id: l.id, time: l.time, rating: l.rating, stateBefore: l.stateBefore, scheduledDays: l.scheduledDays, durationMs: l.durationMs, deckId: l.deckId });

/**
 * Ids are needed only to apply changes, so they are saved as three long strings (one copy each
 * instead of 100k small strings to clone) and split the first time a change comes in.
 */
interface SavedIds {
  /** Card ids and each card's note id, SEP-joined, in row order. */
  cards: string;
  cardNotes: string;
  notes: string;
  noteTopic: Int32Array;
  noteTag: Int32Array;
}

interface IdIndex {
  cardIds: string[];
  cardNotes: string[];
  rowOf: Map<string, number>;
  notes: Map<string, [topic: number, tag: number]>;
}

const split = (s: string) => (s ? s.split(SEP) : []);

type CardNums = Omit<CardColumns, 'n'>;
const CARD_COLS = { deck: Uint32Array, state: Uint8Array, bucket: Int8Array, due: Float64Array, stability: Float32Array, difficulty: Float32Array, interval: Float32Array, lastReview: Float64Array, topicSet: Int32Array, tagSet: Int32Array } as const;
const REVIEW_COLS = { time: Float64Array, rating: Uint8Array, stateBefore: Uint8Array, lastIvl: Float32Array, durationMs: Float64Array, deck: Uint32Array } as const;

type Ctor = (typeof CARD_COLS)[keyof typeof CARD_COLS];
function grow<T extends InstanceType<Ctor>>(a: T, size: number): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2, 64));
  b.set(a as never);
  return b;
}

function emptyCards(): CardNums {
  return Object.fromEntries(Object.entries(CARD_COLS).map(([k, C]) => [k, new C(0)])) as unknown as CardNums;
}

export function emptyReviews(): ReviewColumns {
  return { n: 0, ...(Object.fromEntries(Object.entries(REVIEW_COLS).map(([k, C]) => [k, new C(0)])) as unknown as Omit<ReviewColumns, 'n'>) };
}

/** Appends reviews (sorted by time) to columns, growing them. */
export function appendReviews(cols: ReviewColumns, logs: readonly ReviewRow[], deckIndex: (id: string) => number): ReviewColumns {
  const n = cols.n + logs.length;
  const out = { n } as ReviewColumns;
  for (const k of Object.keys(REVIEW_COLS) as (keyof typeof REVIEW_COLS)[]) (out as unknown as Record<string, unknown>)[k] = grow(cols[k] as never, n);
  let i = cols.n;
  for (const l of logs) {
    out.time[i] = l.time;
    out.rating[i] = l.rating;
    out.stateBefore[i] = l.stateBefore;
    out.lastIvl[i] = l.scheduledDays;
    out.durationMs[i] = l.durationMs;
    out.deck[i] = deckIndex(l.deckId);
    i++;
  }
  return out;
}

/** The columns reordered by time (the log is read in key order). */
export function sortReviews(c: ReviewColumns): ReviewColumns {
  const order = new Uint32Array(c.n);
  for (let i = 0; i < c.n; i++) order[i] = i;
  const t = c.time;
  order.sort((a, b) => t[a]! - t[b]! || a - b);
  const out = { n: c.n } as ReviewColumns;
  for (const k of Object.keys(REVIEW_COLS) as (keyof typeof REVIEW_COLS)[]) {
    const from = c[k];
    const to = new (from.constructor as new (n: number) => typeof from)(c.n);
    for (let i = 0; i < c.n; i++) to[i] = from[order[i]!]!;
    (out as unknown as Record<string, unknown>)[k] = to;
  }
  return out;
}

/** A copy trimmed to `n` rows (what is saved and what is posted). */
function trimReviews(c: ReviewColumns): ReviewColumns {
  const out = { n: c.n } as ReviewColumns;
  for (const k of Object.keys(REVIEW_COLS) as (keyof typeof REVIEW_COLS)[]) (out as unknown as Record<string, unknown>)[k] = c[k].slice(0, c.n);
  return out;
}

/** Distinct string lists, each stored once (a card points at its note's topics by number). */
class SetTable {
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

export class StatsDigest {
  usn: number;
  epoch: number;
  cutoff: number;
  reviews: ReviewColumns;
  /** Reviews at or after `cutoff`, by time (undo can still remove them). */
  tail: ReviewRow[];
  private readonly decks: string[];
  private readonly deckIndex = new Map<string, number>();
  private readonly topics: SetTable;
  private readonly tags: SetTable;
  private n = 0;
  private cols: CardNums;
  private savedIds: SavedIds | undefined;
  private ids: IdIndex | undefined;

  private constructor(saved?: SavedDigest) {
    this.usn = saved?.usn ?? 0;
    this.epoch = saved?.epoch ?? 0;
    this.cutoff = saved?.cutoff ?? 0;
    this.reviews = saved?.reviews ?? emptyReviews();
    this.tail = saved?.tail ?? [];
    this.decks = saved?.decks ?? [];
    this.decks.forEach((d, i) => this.deckIndex.set(d, i));
    this.topics = new SetTable(saved?.topicSets);
    this.tags = new SetTable(saved?.tagSets);
    this.cols = emptyCards();
    if (!saved) {
      this.ids = { cardIds: [], cardNotes: [], rowOf: new Map(), notes: new Map() };
      return;
    }
    this.n = saved.cards.deck.length;
    this.cols = { ...saved.cards };
    this.savedIds = saved.ids;
  }

  /** The id maps, built from the saved strings on first need. */
  private index(): IdIndex {
    if (this.ids) return this.ids;
    const s = this.savedIds!;
    const cardIds = split(s.cards);
    const noteIds = split(s.notes);
    const ids: IdIndex = { cardIds, cardNotes: split(s.cardNotes), rowOf: new Map(), notes: new Map() };
    cardIds.forEach((id, i) => ids.rowOf.set(id, i));
    noteIds.forEach((id, i) => ids.notes.set(id, [s.noteTopic[i]!, s.noteTag[i]!]));
    this.savedIds = undefined;
    return (this.ids = ids);
  }

  static build(notes: Note[], cards: CardRecord[], usn: number): StatsDigest {
    const d = new StatsDigest();
    d.usn = usn;
    for (const n of notes) d.putNote(n);
    for (const c of cards) d.putCard(c);
    return d;
  }

  static load(saved: SavedDigest): StatsDigest {
    return new StatsDigest(saved);
  }

  deck(id: string): number {
    let i = this.deckIndex.get(id);
    if (i === undefined) {
      i = this.decks.length;
      this.decks.push(id);
      this.deckIndex.set(id, i);
    }
    return i;
  }

  get cardCount(): number {
    return this.n;
  }

  private putNote(n: Note): void {
    this.index().notes.set(n.id, [this.topics.of(n.topics ?? []), this.tags.of(n.tags)]);
  }

  private putCard(c: CardRecord): void {
    const ids = this.index();
    let i = ids.rowOf.get(c.id);
    if (i === undefined) {
      i = this.n++;
      for (const k of Object.keys(CARD_COLS) as (keyof CardNums)[]) (this.cols as Record<string, unknown>)[k] = grow(this.cols[k] as never, this.n);
      ids.rowOf.set(c.id, i);
      ids.cardIds[i] = c.id;
    }
    const sets = ids.notes.get(c.noteId);
    ids.cardNotes[i] = c.noteId;
    const k = this.cols;
    k.deck[i] = this.deck(c.deckId);
    k.state[i] = c.state;
    k.bucket[i] = c.bucket;
    k.due[i] = c.due;
    k.stability[i] = c.stability;
    k.difficulty[i] = c.difficulty;
    k.interval[i] = c.scheduled_days;
    k.lastReview[i] = c.last_review ?? 0;
    k.topicSet[i] = sets?.[0] ?? -1;
    k.tagSet[i] = sets?.[1] ?? -1;
  }

  /** Swap-remove: the last row takes the removed row's place. */
  private removeCard(id: string): void {
    const ids = this.index();
    const i = ids.rowOf.get(id);
    if (i === undefined) return;
    const last = --this.n;
    ids.rowOf.delete(id);
    if (i !== last) {
      for (const key of Object.keys(CARD_COLS) as (keyof CardNums)[]) this.cols[key][i] = this.cols[key][last]!;
      ids.cardIds[i] = ids.cardIds[last]!;
      ids.cardNotes[i] = ids.cardNotes[last]!;
      ids.rowOf.set(ids.cardIds[i]!, i);
    }
    ids.cardIds.length = this.n;
    ids.cardNotes.length = this.n;
  }

  /** Applies a change feed batch; returns how many records it touched. */
  apply(changes: { usn: number; notes: Note[]; cards: CardRecord[]; decks: Deck[]; graves: Tombstone[] }): number {
    // A record written again after its tombstone (an undone delete) stays.
    const cardUsn = new Map(changes.cards.map((c) => [c.id, c.usn]));
    const noteUsn = new Map(changes.notes.map((n) => [n.id, n.usn]));
    for (const d of changes.decks) this.deck(d.id);
    this.usn = Math.max(this.usn, changes.usn);
    if (!changes.notes.length && !changes.cards.length && !changes.graves.length) return 0;
    const ids = this.index();
    const changedNotes = new Set<string>();
    for (const n of changes.notes) {
      this.putNote(n);
      changedNotes.add(n.id);
    }
    for (const c of changes.cards) this.putCard(c);
    for (const g of changes.graves) {
      if (g.kind === 'card' && !((cardUsn.get(g.id) ?? -1) > g.usn)) this.removeCard(g.id);
      if (g.kind === 'note' && !((noteUsn.get(g.id) ?? -1) > g.usn)) ids.notes.delete(g.id);
    }
    // A note's new topics or tags reach its cards that did not change themselves.
    if (changedNotes.size) {
      for (let i = 0; i < this.n; i++) {
        const note = ids.cardNotes[i]!;
        if (!changedNotes.has(note)) continue;
        const sets = ids.notes.get(note);
        this.cols.topicSet[i] = sets?.[0] ?? -1;
        this.cols.tagSet[i] = sets?.[1] ?? -1;
      }
    }
    return changes.notes.length + changes.cards.length + changes.graves.length;
  }

  /** Moves the tail's reviews older than `cutoff` into the columns. */
  absorb(cutoff: number): void {
    let k = 0;
    while (k < this.tail.length && this.tail[k]!.time < cutoff) k++;
    if (k) this.reviews = appendReviews(this.reviews, this.tail.slice(0, k), (id) => this.deck(id));
    this.tail = this.tail.slice(k);
    this.cutoff = Math.max(this.cutoff, cutoff);
  }

  /**
   * The computations' input: the columns plus the tail. Views, not copies (the computations
   * only read; copying 1M reviews' columns would cost more than them).
   */
  input(): StatsInput {
    const tail = this.tail;
    const reviews = tail.length ? appendReviews(this.reviews, tail, (id) => this.deck(id)) : this.reviews;
    const cards = { n: this.n } as CardColumns;
    for (const k of Object.keys(CARD_COLS) as (keyof CardNums)[]) (cards as unknown as Record<string, unknown>)[k] = this.cols[k].subarray(0, this.n);
    const view = { n: reviews.n } as ReviewColumns;
    for (const k of Object.keys(REVIEW_COLS) as (keyof typeof REVIEW_COLS)[]) (view as unknown as Record<string, unknown>)[k] = reviews[k].subarray(0, reviews.n);
    return { cards, reviews: view, decks: [...this.decks], topicSets: this.topics.lists(), tagSets: this.tags.lists() };
  }

  /** Deck indexes of these deck ids (for a deck filter). */
  deckSet(ids: string[]): Set<number> {
    return new Set(ids.map((id) => this.deck(id)));
  }

  save(): SavedDigest {
    const cards = Object.fromEntries(Object.entries(this.cols).map(([k, a]) => [k, a.slice(0, this.n)])) as SavedDigest['cards'];
    return { version: DIGEST_VERSION, usn: this.usn, epoch: this.epoch, cutoff: this.cutoff, decks: [...this.decks], topicSets: [...this.topics.list], tagSets: [...this.tags.list], cards, ids: this.savedIds ?? this.joinIds(), reviews: trimReviews(this.reviews), tail: this.tail };
  }

  private joinIds(): SavedIds {
    const ids = this.index();
    const noteIds = [...ids.notes.keys()];
    const noteTopic = new Int32Array(noteIds.length);
    const noteTag = new Int32Array(noteIds.length);
    noteIds.forEach((id, i) => {
      const s = ids.notes.get(id)!;
      noteTopic[i] = s[0];
      noteTag[i] = s[1];
    });
    return { cards: ids.cardIds.slice(0, this.n).join(SEP), cardNotes: ids.cardNotes.slice(0, this.n).join(SEP), notes: noteIds.join(SEP), noteTopic, noteTag };
  }
}
