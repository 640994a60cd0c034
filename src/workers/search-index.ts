/**
 * Browse's search state, DOM-free (runs in the search worker and in Node tests): a MiniSearch
 * full-text index over every note's fields and tags, compact rows of every card, and sort orders
 * kept ready, so that a query is one index lookup and one pass over a sorted list. It follows
 * the record layer's change feed: `apply(changes)` updates it incrementally.
 */
import type { CardRecord, Deck, Note, Tombstone } from '../core/types';
import { compareRows, matches, parseQuery, type BrowseFilters, type BrowseNote, type BrowseRow, type FilterContext, type SortKey } from '../core/search';
import { fieldText } from '../render/text';
import { browseNote, browseRow } from './browse-rows';
import { TermIndex, type SavedTermIndex } from './term-index';

/** Bumped when what is indexed changes: an older saved index is rebuilt. */
export const INDEX_VERSION = 2;

/** What a note is found by: the text of every field, and its tags. */
function docText(n: Note): string {
  return `${n.fields.map((f) => fieldText(f, n.format)).join(' \n ')} \n ${n.tags.join(' ')}`;
}

export interface SavedIndex {
  version: number;
  usn: number;
  index: SavedTermIndex;
  rows: BrowseRow[];
  notes: BrowseNote[];
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
  private orders = new Map<SortKey, BrowseRow[]>();

  private constructor(terms: TermIndex) {
    this.terms = terms;
  }

  static build(notes: Note[], cards: CardRecord[], decks: Deck[], usn: number): SearchIndex {
    const s = new SearchIndex(new TermIndex());
    for (const n of notes) s.terms.set(n.id, docText(n));
    for (const n of notes) s.notes.set(n.id, browseNote(n));
    for (const c of cards) s.rows.set(c.id, browseRow(c));
    s.decks = decks;
    s.usn = usn;
    return s;
  }

  static load(saved: SavedIndex, decks: Deck[]): SearchIndex {
    const s = new SearchIndex(TermIndex.load(saved.index));
    for (const r of saved.rows) s.rows.set(r.id, r);
    for (const n of saved.notes) s.notes.set(n.id, n);
    s.decks = decks;
    s.usn = saved.usn;
    return s;
  }

  save(): SavedIndex {
    return { version: INDEX_VERSION, usn: this.usn, index: this.terms.save(), rows: [...this.rows.values()], notes: [...this.notes.values()] };
  }

  /** Applies the change feed since `this.usn`. Returns how many records changed. */
  apply(changes: { usn: number; notes: Note[]; cards: CardRecord[]; decks: Deck[]; graves: Tombstone[] }, allDecks?: Deck[]): number {
    for (const n of changes.notes) {
      this.terms.set(n.id, docText(n));
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

  private ordered(key: SortKey): BrowseRow[] {
    let list = this.orders.get(key);
    if (!list) {
      list = [...this.rows.values()].sort(compareRows(key, this.notes));
      this.orders.set(key, list);
    }
    return list;
  }

  /** Deck ids of a scope: a deck and its sub-decks, or every deck under `tree:<name>`. */
  deckIds(scopeOrName: string, byName = false): string[] {
    const root = byName ? scopeOrName : scopeOrName.startsWith('tree:') ? scopeOrName.slice(5) : this.decks.find((d) => d.id === scopeOrName)?.name;
    if (root === undefined) return [scopeOrName];
    const lower = root.toLowerCase();
    return this.decks.filter((d) => d.name.toLowerCase() === lower || d.name.toLowerCase().startsWith(`${lower}::`)).map((d) => d.id);
  }

  /** Card ids matching the request, in its order. */
  search(req: SearchRequest): string[] {
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
    const text = parsed.text.trim();
    const hits = text ? this.terms.search(text) : undefined;
    const list = this.ordered(req.sort);
    const out: string[] = [];
    const consider = (r: BrowseRow) => {
      if (hits && !hits.has(r.noteId)) return;
      if (matches(r, this.notes.get(r.noteId), filters, req.ctx, deckSet)) out.push(r.id);
    };
    if (req.descending) for (let i = list.length - 1; i >= 0; i--) consider(list[i]!);
    else for (const r of list) consider(r);
    return out;
  }
}
