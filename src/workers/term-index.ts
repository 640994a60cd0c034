/**
 * A compact full-text index for Browse: every word of a document (lower-cased, accents folded)
 * points to the documents that hold it, as sorted document numbers; a query is the set of
 * documents holding, for every query word, some word that starts with it (prefix search, all
 * words required). Answers are bitsets, so a word found in half the collection costs no more
 * than a rare one, and the whole index saves and loads as a few typed arrays.
 *
 * Chosen by measurement over MiniSearch (docs/PERFORMANCE.md): at 100k notes MiniSearch scored
 * every match (hundreds of milliseconds for common words) and loading its saved JSON took longer
 * than building it again; Browse needs the set of matches, not a ranking.
 */

const SPLIT = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}+/gu;

/** The words of a text as the index keeps them. */
export function words(text: string): string[] {
  return text.normalize('NFD').replace(MARKS, '').toLowerCase().split(SPLIT).filter(Boolean);
}

export interface SavedTermIndex {
  /** Document keys by document number ('' for a deleted document). */
  keys: string[];
  terms: string[];
  /** Postings of term i: postings[offsets[i] .. offsets[i + 1]). */
  offsets: Uint32Array;
  postings: Uint32Array;
}

export class TermIndex {
  private keys: string[] = [];
  private byKey = new Map<string, number>();
  private live: Uint8Array = new Uint8Array(1024);
  private postings = new Map<string, Uint32Array | number[]>();
  private sortedTerms: string[] | null = null;
  private deleted = 0;

  static load(saved: SavedTermIndex): TermIndex {
    const t = new TermIndex();
    t.keys = saved.keys;
    t.live = new Uint8Array(Math.max(1024, saved.keys.length * 2));
    saved.keys.forEach((k, i) => {
      if (k) {
        t.byKey.set(k, i);
        t.live[i] = 1;
      } else t.deleted++;
    });
    saved.terms.forEach((term, i) => t.postings.set(term, saved.postings.subarray(saved.offsets[i]!, saved.offsets[i + 1]!)));
    return t;
  }

  save(): SavedTermIndex {
    if (this.deleted > this.byKey.size / 4) this.compact();
    const terms = [...this.postings.keys()];
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, i) => {
      offsets[i] = total;
      total += this.postings.get(term)!.length;
    });
    offsets[terms.length] = total;
    const postings = new Uint32Array(total);
    terms.forEach((term, i) => postings.set(this.postings.get(term)!, offsets[i]!));
    return { keys: [...this.keys], terms, offsets, postings };
  }

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /**
   * Adds a document, or replaces the one with this key. `tokens` are kept as they are (not split
   * into words): Browse indexes each tag whole this way, under a prefix no word can have.
   */
  set(key: string, text: string, tokens: readonly string[] = []): void {
    this.remove(key);
    const doc = this.keys.length;
    this.keys.push(key);
    this.byKey.set(key, doc);
    if (doc >= this.live.length) {
      const grown = new Uint8Array(this.live.length * 2);
      grown.set(this.live);
      this.live = grown;
    }
    this.live[doc] = 1;
    for (const w of new Set([...words(text), ...tokens])) {
      let list = this.postings.get(w);
      if (!list) {
        this.postings.set(w, (list = []));
        this.sortedTerms = null;
      } else if (!Array.isArray(list)) this.postings.set(w, (list = Array.from(list)));
      (list as number[]).push(doc);
    }
  }

  remove(key: string): void {
    const doc = this.byKey.get(key);
    if (doc === undefined) return;
    this.byKey.delete(key);
    this.keys[doc] = '';
    this.live[doc] = 0;
    this.deleted++;
  }

  /** Document numbers are never reused; once many are dead, the index is rebuilt without them. */
  private compact(): void {
    const renumber = new Int32Array(this.keys.length).fill(-1);
    const keys: string[] = [];
    this.keys.forEach((k, i) => {
      if (k) {
        renumber[i] = keys.length;
        keys.push(k);
      }
    });
    const postings = new Map<string, number[]>();
    for (const [term, list] of this.postings) {
      const kept: number[] = [];
      for (const d of list) if (renumber[d]! >= 0) kept.push(renumber[d]!);
      if (kept.length) postings.set(term, kept);
    }
    this.keys = keys;
    this.byKey = new Map(keys.map((k, i) => [k, i]));
    this.live = new Uint8Array(Math.max(1024, keys.length * 2)).fill(1, 0, keys.length);
    this.postings = postings;
    this.sortedTerms = null;
    this.deleted = 0;
  }

  private terms(): string[] {
    this.sortedTerms ??= [...this.postings.keys()].sort();
    return this.sortedTerms;
  }

  /** The document number of `key` (-1 when not indexed); numbers change when a document is replaced. */
  docOf(key: string): number {
    return this.byKey.get(key) ?? -1;
  }

  /** Keys of the documents that hold, for every word of `query`, a word starting with it. */
  search(query: string): Set<string> {
    const bits = this.match(query);
    const out = new Set<string>();
    for (let d = 0; d < bits.length; d++) if (bits[d]) out.add(this.keys[d]!);
    return out;
  }

  /** The same as a bitset over document numbers (live documents only). */
  match(query: string): Uint8Array {
    return this.matchPrefixes([...new Set(words(query))]);
  }

  /**
   * Documents that have, for every group, one token equal to one of the group's `exact` or
   * starting with one of its `prefix`es; as a bitset.
   */
  matchTokens(groups: { exact: string; prefix: string }[]): Uint8Array {
    const sorted = this.terms();
    let acc: Uint8Array | null = null;
    for (const g of groups) {
      const hit = new Uint8Array(this.keys.length);
      for (const d of this.postings.get(g.exact) ?? []) hit[d] = 1;
      for (let i = lowerBound(sorted, g.prefix); i < sorted.length && sorted[i]!.startsWith(g.prefix); i++) for (const d of this.postings.get(sorted[i]!)!) hit[d] = 1;
      if (acc) for (let d = 0; d < acc.length; d++) acc[d]! &= hit[d]!;
      else acc = hit;
    }
    acc ??= new Uint8Array(this.keys.length).fill(1);
    for (let d = 0; d < acc.length; d++) acc[d]! &= this.live[d]!;
    return acc;
  }

  private matchPrefixes(wanted: string[]): Uint8Array {
    if (!wanted.length) return new Uint8Array(this.keys.length);
    const sorted = this.terms();
    let acc: Uint8Array | null = null;
    for (const prefix of wanted) {
      const hit = new Uint8Array(this.keys.length);
      // The terms starting with `prefix` are one run of the sorted term list.
      for (let i = lowerBound(sorted, prefix); i < sorted.length && sorted[i]!.startsWith(prefix); i++) for (const d of this.postings.get(sorted[i]!)!) hit[d] = 1;
      if (acc) for (let d = 0; d < acc.length; d++) acc[d]! &= hit[d]!;
      else acc = hit;
    }
    for (let d = 0; d < acc!.length; d++) acc![d]! &= this.live[d]!;
    return acc!;
  }
}

/** The first index of `sorted` whose value is not below `value`. */
function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
