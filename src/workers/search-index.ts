/**
 * Browse's search state, DOM-free (runs in the search worker and in Node tests): a MiniSearch
 * full-text index over every note's fields and tags, compact rows of every card, and sort orders
 * kept ready, so that a query is one index lookup and one pass over a sorted list. It follows
 * the record layer's change feed: `apply(changes)` updates it incrementally.
 */
import { CardState, QueueBucket, type CardRecord, type Deck, type Note, type Tombstone } from '../core/types';
import { compareRows, makeMatcher, parseQuery, stateBit, STATE_BITS, type BrowseFilters, type BrowseNote, type BrowseRow, type FilterContext, type SortKey } from '../core/search';
import { fieldText } from '../render/text';
import { browseNote, browseRow } from './browse-rows';
import { TermIndex, type SavedTermIndex } from './term-index';

/** Bumped when what is indexed changes: an older saved index is rebuilt. */
export const INDEX_VERSION = 5;

/** Tags are also indexed whole, as tokens under this prefix (no word contains it). */
const TAG = '\u0000';
const tagTokens = (n: Note) => n.tags.map((t) => TAG + t.toLowerCase());

/** What a note is found by: the text of every field, and its tags. */
function docText(n: Note): string {
  return `${n.fields.map((f) => fieldText(f, n.format)).join(' \n ')} \n ${n.tags.join(' ')}`;
}

/**
 * The saved index. Rows and notes are stored by column (arrays of strings and typed arrays):
 * IndexedDB copies those several times faster than 200,000 small objects (at 100k cards, about
 * 0.1 s instead of 1 s to clone in Node, and more in the browser).
 */
export interface SavedIndex {
  version: number;
  usn: number;
  index: SavedTermIndex;
  rows: SavedRows;
  notes: SavedNotes;
}

interface SavedRows {
  ids: string[];
  noteIds: string[];
  deckIds: string[];
  /** ROW_NUMS numbers a row, in the order of ROW_FIELDS. */
  nums: Float64Array;
}

const ROW_FIELDS = ['ord', 'state', 'bucket', 'due', 'interval', 'difficulty', 'lapses', 'flag', 'mtime'] as const;

interface SavedNotes {
  ids: string[];
  deckIds: string[];
  preview: string[];
  answer: string[];
  /** Tags and topics of each note joined with SEP. */
  tags: string[];
  topics: string[];
  edited: Uint8Array;
  addedAt: Float64Array;
  mtime: Float64Array;
}

const SEP = '\u0001';
const splitList = (s: string) => (s ? s.split(SEP) : []);

function saveRows(rows: BrowseRow[]): SavedRows {
  const nums = new Float64Array(rows.length * ROW_FIELDS.length);
  rows.forEach((r, i) => ROW_FIELDS.forEach((f, j) => (nums[i * ROW_FIELDS.length + j] = r[f])));
  return { ids: rows.map((r) => r.id), noteIds: rows.map((r) => r.noteId), deckIds: rows.map((r) => r.deckId), nums };
}

function loadRows(saved: SavedRows): BrowseRow[] {
  const k = ROW_FIELDS.length;
  return saved.ids.map((id, i) => {
    const n = saved.nums;
    const o = i * k;
    return { id, noteId: saved.noteIds[i]!, deckId: saved.deckIds[i]!, ord: n[o]!, state: n[o + 1]! as CardState, bucket: n[o + 2]! as QueueBucket, due: n[o + 3]!, interval: n[o + 4]!, difficulty: n[o + 5]!, lapses: n[o + 6]!, flag: n[o + 7]!, mtime: n[o + 8]! };
  });
}

function saveNotes(notes: BrowseNote[]): SavedNotes {
  return {
    ids: notes.map((n) => n.id),
    deckIds: notes.map((n) => n.deckId),
    preview: notes.map((n) => n.preview),
    answer: notes.map((n) => n.answer),
    tags: notes.map((n) => n.tags.join(SEP)),
    topics: notes.map((n) => n.topics.join(SEP)),
    edited: Uint8Array.from(notes, (n) => (n.edited ? 1 : 0)),
    addedAt: Float64Array.from(notes, (n) => n.addedAt),
    mtime: Float64Array.from(notes, (n) => n.mtime),
  };
}

function loadNotes(saved: SavedNotes): BrowseNote[] {
  return saved.ids.map((id, i) => {
    const tags = splitList(saved.tags[i]!);
    return { id, deckId: saved.deckIds[i]!, tags, lowerTags: tags.map((t) => t.toLowerCase()), topics: splitList(saved.topics[i]!), edited: saved.edited[i] === 1, addedAt: saved.addedAt[i]!, mtime: saved.mtime[i]!, preview: saved.preview[i]!, answer: saved.answer[i]! };
  });
}

export interface SearchRequest {
  query: string;
  filters: BrowseFilters;
  /** A deck and its sub-decks, or `tree:<name>`. */
  scope?: string;
  sort: SortKey;
  descending: boolean;
  ctx: FilterContext;
}

export class SearchIndex {
  usn = 0;
  private terms: TermIndex;
  readonly rows = new Map<string, BrowseRow>();
  readonly notes = new Map<string, BrowseNote>();
  private decks: Deck[] = [];
  private orders = new Map<SortKey, Ordered>();

  private constructor(terms: TermIndex) {
    this.terms = terms;
  }

  static build(notes: Note[], cards: CardRecord[], decks: Deck[], usn: number): SearchIndex {
    const s = new SearchIndex(new TermIndex());
    for (const n of notes) s.terms.set(n.id, docText(n), tagTokens(n));
    for (const n of notes) s.notes.set(n.id, browseNote(n));
    for (const c of cards) s.rows.set(c.id, browseRow(c));
    s.decks = decks;
    s.usn = usn;
    return s;
  }

  static load(saved: SavedIndex, decks: Deck[]): SearchIndex {
    const s = new SearchIndex(TermIndex.load(saved.index));
    for (const r of loadRows(saved.rows)) s.rows.set(r.id, r);
    for (const n of loadNotes(saved.notes)) s.notes.set(n.id, n);
    s.decks = decks;
    s.usn = saved.usn;
    return s;
  }

  save(): SavedIndex {
    return { version: INDEX_VERSION, usn: this.usn, index: this.terms.save(), rows: saveRows([...this.rows.values()]), notes: saveNotes([...this.notes.values()]) };
  }

  /** Applies the change feed since `this.usn`. Returns how many records changed. */
  apply(changes: { usn: number; notes: Note[]; cards: CardRecord[]; decks: Deck[]; graves: Tombstone[] }, allDecks?: Deck[]): number {
    for (const n of changes.notes) {
      this.terms.set(n.id, docText(n), tagTokens(n));
      this.notes.set(n.id, browseNote(n));
    }
    for (const c of changes.cards) this.rows.set(c.id, browseRow(c));
    for (const g of changes.graves) {
      // A grave older than a later write of the same record (undo of a delete) is history.
      if (g.kind === 'note' && this.notes.has(g.id) && !changes.notes.some((n) => n.id === g.id && n.usn > g.usn)) {
        this.terms.remove(g.id);
        this.notes.delete(g.id);
      } else if (g.kind === 'card' && !changes.cards.some((c) => c.id === g.id && c.usn > g.usn)) this.rows.delete(g.id);
    }
    if (allDecks) this.decks = allDecks;
    const n = changes.notes.length + changes.cards.length + changes.graves.length;
    if (n) this.orders.clear();
    this.usn = Math.max(this.usn, changes.usn);
    return n;
  }

  /**
   * The rows in `key` order, each with its note and the note's document number in the term
   * index beside it: a query then walks arrays, without a map lookup per row (at 100k rows
   * those lookups alone took ~100 ms).
   */
  private ordered(key: SortKey): Ordered {
    let list = this.orders.get(key);
    if (!list) {
      const rows = [...this.rows.values()].sort(compareRows(key, this.notes));
      list = { rows, notes: rows.map((r) => this.notes.get(r.noteId)), docs: Int32Array.from(rows, (r) => this.terms.docOf(r.noteId)), states: Uint8Array.from(rows, stateBit) };
      this.orders.set(key, list);
    }
    return list;
  }

  /** Sorts for the default order now, so that the first query does not wait for it. */
  warm(): void {
    this.ordered('due');
  }

  /** Deck ids of a scope: a deck and its sub-decks, or every deck under `tree:<name>`. */
  deckIds(scopeOrName: string, byName = false): string[] {
    const root = byName ? scopeOrName : scopeOrName.startsWith('tree:') ? scopeOrName.slice(5) : this.decks.find((d) => d.id === scopeOrName)?.name;
    if (root === undefined) return [scopeOrName];
    const lower = root.toLowerCase();
    return this.decks.filter((d) => d.name.toLowerCase() === lower || d.name.toLowerCase().startsWith(`${lower}::`)).map((d) => d.id);
  }

  /** Card ids matching the request, in its order. */
  search(req: SearchRequest): SearchResult {
    const parsed = parseQuery(req.query);
    const filters: BrowseFilters = { ...req.filters, ...parsed.filters };
    for (const k of ['tags', 'topics', 'states', 'flags'] as const) {
      const merged = [...(req.filters[k] ?? []), ...(parsed.filters[k] ?? [])] as never[];
      if (merged.length) filters[k] = merged;
    }
    let deckSet: Set<string> | undefined;
    const scopes = [...(req.scope ? [this.deckIds(req.scope)] : []), ...parsed.deckNames.map((n) => this.deckIds(n, true)), ...(filters.decks?.length ? [filters.decks.flatMap((d) => this.deckIds(d))] : [])];
    for (const ids of scopes) {
      const next = new Set(ids);
      deckSet = deckSet ? new Set([...deckSet].filter((x) => next.has(x))) : next;
    }
    // Words and tags are answered by the index as bitsets; the other filters run per card.
    const text = parsed.text.trim();
    let hits = text ? this.terms.match(text) : undefined;
    if (filters.tags?.length) {
      // A tag filter matches the tag and its children (`ml` matches `ml::deep`), as in Anki.
      const tagged = this.terms.matchTokens(filters.tags.map((t) => ({ exact: TAG + t.toLowerCase(), prefix: `${TAG}${t.toLowerCase()}::` })));
      if (hits) for (let d = 0; d < hits.length; d++) hits[d]! &= tagged[d]!;
      else hits = tagged;
      delete filters.tags;
    }
    const list = this.ordered(req.sort);
    const n = list.rows.length;
    // States too are checked on an array prepared with the order, before anything per card.
    const stateMask = (filters.states ?? []).reduce((m, x) => m | STATE_BITS[x], 0);
    delete filters.states;
    const picked = new Int32Array(n);
    let count = 0;
    const plain = !deckSet && Object.keys(filters).every((k) => filters[k as keyof BrowseFilters] === undefined);
    const match = makeMatcher(filters, req.ctx, deckSet);
    for (let j = 0; j < n; j++) {
      const i = req.descending ? n - 1 - j : j;
      if (stateMask && !(stateMask & list.states[i]!)) continue;
      if (hits) {
        const d = list.docs[i]!;
        if (d < 0 || !hits[d]) continue;
      }
      if (plain || match(list.rows[i]!, list.notes[i])) picked[count++] = i;
    }
    return new SearchResult(list, picked.subarray(0, count));
  }
}

interface Ordered {
  rows: BrowseRow[];
  notes: (BrowseNote | undefined)[];
  docs: Int32Array;
  /** Each row's state as one bit (STATE_BITS). */
  states: Uint8Array;
}


/** A search's answer: positions in one sorted list (the ids are read only for what is asked). */
export class SearchResult {
  constructor(
    private readonly list: Ordered,
    private readonly picked: Int32Array,
  ) {}

  get length(): number {
    return this.picked.length;
  }

  rows(from: number, to: number): BrowseRow[] {
    return Array.from(this.picked.subarray(from, to), (i) => this.list.rows[i]!);
  }

  ids(): string[] {
    return Array.from(this.picked, (i) => this.list.rows[i]!.id);
  }
}
