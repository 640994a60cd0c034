/**
 * The statistics digest, DOM-free (runs in the stats worker and in Node tests): every card and
 * every review as typed-array columns (core/stats-input.ts), kept saved in IndexedDB and brought
 * up to date instead of re-read. At 1M reviews, reading the log record by record takes seconds;
 * the columns come back in one structured clone.
 *
 * Cards follow the record layer's change feed (`apply(changes)`), like Browse's index, and are
 * known by numeric keys of their ids (stats-columns.ts `idKey`). The review log is append-only:
 * the digest keeps the reviews older than `cutoff` as columns and the newer ones as a small
 * `tail` that the service brings up to date (stats-service.ts). Anything that changes older
 * reviews (an import with a review history, an undo of an old review, a restore) moves the log's
 * epoch (storage/revlog-epoch.ts) and the digest is built again.
 */
import type { CardColumns, ReviewColumns, StatsInput } from '../core/stats-input';
import type { CardRecord, Deck, Note, Tombstone } from '../core/types';
import { appendReviews, emptyReviews, grow, idKey, SetTable, viewReviews, withRoom, type ReviewRow } from './stats-columns';

export { appendReviews, reviewRow, sortReviews, type ReviewRow } from './stats-columns';

/** Bumped when what the digest holds changes: an older saved one is rebuilt. */
export const DIGEST_VERSION = 5;
const DAY = 86_400_000;
/** Reviews younger than this stay out of the columns (undo can still remove them). */
export const TAIL_MS = 2 * DAY;
/** Free rows saved after the review columns, so that an open appends its tail in place. */
const SPARE_ROWS = 20_000;

/** The card columns plus each card's key and its note's key (not part of the computations' input). */
type CardNums = Omit<CardColumns, 'n'> & { key: Float64Array; noteKey: Float64Array };
const CARD_COLS = { deck: Uint32Array, state: Uint8Array, bucket: Int8Array, due: Float64Array, stability: Float32Array, difficulty: Float32Array, interval: Float32Array, lastReview: Float64Array, topicSet: Int32Array, tagSet: Int32Array, key: Float64Array, noteKey: Float64Array } as const;
const CARD_KEYS = Object.keys(CARD_COLS) as (keyof CardNums)[];

export interface SavedDigest {
  version: number;
  usn: number;
  epoch: number;
  /** The last sync mark of the log (storage/revlog-epoch.ts) the tail took in. */
  syncMark?: number;
  cutoff: number;
  decks: string[];
  topicSets: string[];
  tagSets: string[];
  cards: CardNums;
  /** Every note's key and its topic and tag sets. */
  notes: { key: Float64Array; topic: Int32Array; tag: Int32Array };
  reviews: ReviewColumns;
  /** The reviews since `cutoff`, as last seen (a new open reads only newer ones). */
  tail: ReviewRow[];
}

interface KeyIndex {
  rowOf: Map<number, number>;
  notes: Map<number, [topic: number, tag: number]> | undefined;
}

function emptyCards(): CardNums {
  return Object.fromEntries(CARD_KEYS.map((k) => [k, new CARD_COLS[k](0)])) as unknown as CardNums;
}

export class StatsDigest {
  usn: number;
  epoch: number;
  syncMark: number;
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
  private savedNotes: SavedDigest['notes'] | undefined;
  private keys: KeyIndex | undefined;

  private constructor(saved?: SavedDigest) {
    this.usn = saved?.usn ?? 0;
    this.epoch = saved?.epoch ?? 0;
    this.syncMark = saved?.syncMark ?? 0;
    this.cutoff = saved?.cutoff ?? 0;
    this.reviews = saved?.reviews ?? emptyReviews();
    this.tail = saved?.tail ?? [];
    this.decks = saved?.decks ?? [];
    this.decks.forEach((d, i) => this.deckIndex.set(d, i));
    this.topics = new SetTable(saved?.topicSets);
    this.tags = new SetTable(saved?.tagSets);
    this.cols = emptyCards();
    if (!saved) {
      this.keys = { rowOf: new Map(), notes: new Map() };
      return;
    }
    this.n = saved.cards.deck.length;
    this.cols = { ...saved.cards };
    this.savedNotes = saved.notes;
  }

  /** Key → row, built on the first change (an open without changes skips it). */
  private index(): KeyIndex {
    if (this.keys) return this.keys;
    const rowOf = new Map<number, number>();
    for (let i = 0; i < this.n; i++) rowOf.set(this.cols.key[i]!, i);
    return (this.keys = { rowOf, notes: undefined });
  }

  /** Note key → topic and tag sets, built only when a note changes or a new card needs its note's. */
  private noteSets(): Map<number, [topic: number, tag: number]> {
    const keys = this.index();
    if (keys.notes) return keys.notes;
    const notes = new Map<number, [number, number]>();
    const s = this.savedNotes!;
    for (let i = 0; i < s.key.length; i++) notes.set(s.key[i]!, [s.topic[i]!, s.tag[i]!]);
    this.savedNotes = undefined;
    return (keys.notes = notes);
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
    this.noteSets().set(idKey(n.id), [this.topics.of(n.topics ?? []), this.tags.of(n.tags)]);
  }

  private putCard(c: CardRecord): void {
    const keys = this.index();
    const key = idKey(c.id);
    const noteKey = idKey(c.noteId);
    let i = keys.rowOf.get(key);
    // A card already here, of the same note, keeps its sets (a note change updates them in apply).
    const known = i !== undefined && this.cols.noteKey[i] === noteKey;
    if (i === undefined) {
      i = this.n++;
      for (const k of CARD_KEYS) (this.cols as Record<string, unknown>)[k] = grow(this.cols[k], this.n);
      keys.rowOf.set(key, i);
    }
    const sets: readonly [number, number] | undefined = known ? [this.cols.topicSet[i]!, this.cols.tagSet[i]!] : this.noteSets().get(noteKey);
    const k = this.cols;
    k.key[i] = key;
    k.noteKey[i] = noteKey;
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
    const keys = this.index();
    const i = keys.rowOf.get(idKey(id));
    if (i === undefined) return;
    const last = --this.n;
    keys.rowOf.delete(idKey(id));
    if (i !== last) {
      for (const k of CARD_KEYS) this.cols[k][i] = this.cols[k][last]!;
      keys.rowOf.set(this.cols.key[i]!, i);
    }
  }

  /** Applies a change feed batch; returns how many records it touched. */
  apply(changes: { usn: number; notes: Note[]; cards: CardRecord[]; decks: Deck[]; graves: Tombstone[] }): number {
    // A record written again after its tombstone (an undone delete) stays.
    const cardUsn = new Map(changes.cards.map((c) => [c.id, c.usn]));
    const noteUsn = new Map(changes.notes.map((n) => [n.id, n.usn]));
    for (const d of changes.decks) this.deck(d.id);
    this.usn = Math.max(this.usn, changes.usn);
    if (!changes.notes.length && !changes.cards.length && !changes.graves.length) return 0;
    const keys = this.index();
    const changedNotes = new Set<number>();
    for (const n of changes.notes) {
      this.putNote(n);
      changedNotes.add(idKey(n.id));
    }
    for (const c of changes.cards) this.putCard(c);
    for (const g of changes.graves) {
      if (g.kind === 'card' && !((cardUsn.get(g.id) ?? -1) > g.usn)) this.removeCard(g.id);
      if (g.kind === 'note' && !((noteUsn.get(g.id) ?? -1) > g.usn)) this.noteSets().delete(idKey(g.id));
    }
    // A note's new topics or tags reach its cards that did not change themselves.
    if (changedNotes.size) {
      for (let i = 0; i < this.n; i++) {
        const note = this.cols.noteKey[i]!;
        if (!changedNotes.has(note)) continue;
        const sets = this.noteSets().get(note);
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
    for (const k of CARD_KEYS) (cards as unknown as Record<string, unknown>)[k] = this.cols[k].subarray(0, this.n);
    return { cards, reviews: viewReviews(reviews), decks: [...this.decks], topicSets: this.topics.lists(), tagSets: this.tags.lists() };
  }

  /** Deck indexes of these deck ids (for a deck filter). */
  deckSet(ids: string[]): Set<number> {
    return new Set(ids.map((id) => this.deck(id)));
  }

  save(): SavedDigest {
    const cards = Object.fromEntries(CARD_KEYS.map((k) => [k, this.cols[k].slice(0, this.n)])) as unknown as CardNums;
    return { version: DIGEST_VERSION, usn: this.usn, epoch: this.epoch, syncMark: this.syncMark, cutoff: this.cutoff, decks: [...this.decks], topicSets: [...this.topics.list], tagSets: [...this.tags.list], cards, notes: this.savedNotes ?? this.noteColumns(), reviews: withRoom(this.reviews, SPARE_ROWS), tail: this.tail };
  }

  private noteColumns(): SavedDigest['notes'] {
    const notes = this.noteSets();
    const out = { key: new Float64Array(notes.size), topic: new Int32Array(notes.size), tag: new Int32Array(notes.size) };
    let i = 0;
    for (const [key, [topic, tag]] of notes) {
      out.key[i] = key;
      out.topic[i] = topic;
      out.tag[i++] = tag;
    }
    return out;
  }
}
