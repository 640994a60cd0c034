/**
 * Notes and card attributes travel in bundles: `bundle:note:<bucket>` and `bundle:card:<bucket>`,
 * 256 buckets each (the bucket is a hash of the record id). A collection of 100k notes is then
 * 512 documents instead of 200,000: replication pays per document (a round trip share, a
 * revision tree, an IndexedDB write in the replica), so a new device pulls a heavy collection in
 * hundreds of documents, as the review log does in chunks.
 *
 * Inside a bundle every record keeps its own last-writer-wins entry (`m` its mtime, the body or a
 * deletion), so the sync engine (engine.ts) still sees one document per record: `expandBundle`
 * turns a bundle into per-record documents ("virtual" `note:<id>` / `card:<id>`), and
 * `foldIntoBundles` writes the engine's per-record documents into the bundles they belong to.
 *
 * Two devices writing the same bundle (different records, or the same one) make a CouchDB
 * conflict on the bundle; `mergeBundles` resolves it entry by entry: the newest `m` wins, ties by
 * content, so every device picks the same. A note version that lost and that the winning edit
 * had not seen (its `m` is after the winner's `p`, the version the winner replaced) was a real
 * concurrent change: it goes to the "changed on two devices" list. A bundle that merely still
 * holds an older version of a note (its device edited another note of the bundle) is not one.
 */
import { idHash } from '../storage/pack-format';
import { canonical, type BodyOf, type DocBase, type LiveDoc, type LwwDoc, type SyncDoc } from './docs';

/** Buckets per record kind. */
export const BUCKETS = 256;

export type BundleKind = 'note' | 'card';

/** One record in a bundle: its mtime, its body (or `d` for a deletion), the mtime it replaced. */
export interface BundleEntry<K extends BundleKind = BundleKind> {
  m: number;
  b?: BodyOf[K];
  d?: 1;
  /** Notes: the mtime of the version this one replaced, as the writing device knew it. */
  p?: number;
}

export interface BundleDoc<K extends BundleKind = BundleKind> extends DocBase {
  type: 'bundle';
  kind: K;
  entries: Record<string, BundleEntry<K>>;
}

/** FNV-1a, 32 bits, over UTF-16 code units (the packs' id hash; part of this format too). */
export const fnv1a = idHash;

let buckets = BUCKETS;
/**
 * Tests only: fewer buckets, so that records share bundles in a small collection. Every device of
 * a server must use the same count (it is part of the document format).
 */
export function setBucketsForTests(n: number): void {
  buckets = n;
}

export function bundleIdOf(kind: BundleKind, recordId: string): string {
  return `bundle:${kind}:${(fnv1a(recordId) % buckets).toString(16).padStart(2, '0')}`;
}

export const isBundled = (type: string): type is BundleKind => type === 'note' || type === 'card';

/** The bundle holding a per-record document id (`note:abc` → `bundle:note:xx`), or null. */
export function bundleOfDocId(docId: string): string | null {
  const i = docId.indexOf(':');
  const type = docId.slice(0, i);
  return isBundled(type) ? bundleIdOf(type, docId.slice(i + 1)) : null;
}

export function entryDoc<K extends BundleKind>(kind: K, id: string, e: BundleEntry<K>): LwwDoc<K> {
  const base = { _id: `${kind}:${id}`, type: kind, mtime: e.m };
  return (e.d ? { ...base, deleted: true } : { ...base, body: e.b }) as LwwDoc<K>;
}

/** Every record of a bundle as its own document. */
export function expandBundle(b: BundleDoc): LwwDoc[] {
  return Object.keys(b.entries)
    .sort()
    .map((id) => entryDoc(b.kind, id, b.entries[id]!));
}

/** One record's document from its bundle (undefined when the bundle does not hold it). */
export function recordFromBundle(b: BundleDoc | undefined, docId: string): LwwDoc | undefined {
  if (!b) return undefined;
  const id = docId.slice(docId.indexOf(':') + 1);
  const e = b.entries[id];
  return e ? entryDoc(b.kind, id, e) : undefined;
}

/** Documents with the bundled records expanded (other documents as they are). */
export function expandAll(docs: SyncDoc[]): SyncDoc[] {
  const out: SyncDoc[] = [];
  for (const d of docs) {
    if (d.type === 'bundle') out.push(...expandBundle(d));
    else out.push(d);
  }
  return out;
}

/**
 * The engine's per-record documents written into their bundles: `bundle(id)` gives the bundle as
 * the replica holds it (with its `_rev`, kept so the write goes on top of it). Other documents
 * pass through. Bundles come out in id order.
 */
export function foldIntoBundles(docs: SyncDoc[], bundle: (id: string) => BundleDoc | undefined): SyncDoc[] {
  const out: SyncDoc[] = [];
  const touched = new Map<string, BundleDoc>();
  for (const d of docs) {
    if (d.type === 'revlog' || d.type === 'media' || d.type === 'bundle' || !isBundled(d.type)) {
      out.push(d);
      continue;
    }
    const kind = d.type;
    const id = d._id.slice(kind.length + 1);
    const bid = bundleIdOf(kind, id);
    let b = touched.get(bid);
    if (!b) {
      const have = bundle(bid);
      b = have ? { ...have, entries: { ...have.entries } } : { _id: bid, type: 'bundle', kind, entries: {} };
      touched.set(bid, b);
    }
    const prev = b.entries[id];
    const e: BundleEntry = d.deleted ? { m: d.mtime, d: 1 } : { m: d.mtime, b: (d as LiveDoc).body as BodyOf[BundleKind] };
    if (kind === 'note' && prev) e.p = prev.m;
    b.entries[id] = e;
  }
  out.push(...[...touched.values()].sort((a, b) => (a._id < b._id ? -1 : 1)));
  return out;
}

const entryText = (e: BundleEntry<'note'>): string => (e.d ? 'deleted' : canonical([e.b?.fields, e.b?.tags]));

/** Positive: `a` wins. Newest mtime, then the content (a fixed order every device agrees on). */
function compareEntries(a: BundleEntry, b: BundleEntry): number {
  if (a.m !== b.m) return a.m - b.m;
  const ca = canonical(a);
  const cb = canonical(b);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

/** A note version that lost to a concurrent one, for the "changed on two devices" list. */
export interface LostNote {
  noteId: string;
  kept: BundleEntry<'note'>;
  lost: BundleEntry<'note'>;
}

/** Several revisions of one bundle merged entry by entry; the note versions that lost to a concurrent edit. */
export function mergeBundles(leaves: BundleDoc[]): { merged: BundleDoc; lost: LostNote[] } {
  const first = leaves[0]!;
  const ids = new Set<string>();
  for (const l of leaves) for (const id of Object.keys(l.entries)) ids.add(id);
  const entries: Record<string, BundleEntry> = {};
  const lost: LostNote[] = [];
  for (const id of [...ids].sort()) {
    const versions = leaves.map((l) => l.entries[id]).filter((e): e is BundleEntry => e !== undefined);
    const kept = versions.reduce((best, e) => (compareEntries(e, best) > 0 ? e : best));
    entries[id] = kept;
    if (first.kind !== 'note') continue;
    const seen = new Set<string>();
    for (const e of versions) {
      if (e === kept || e.m <= (kept.p ?? -Infinity) || entryText(e as BundleEntry<'note'>) === entryText(kept as BundleEntry<'note'>)) continue;
      const key = canonical(e);
      if (seen.has(key)) continue;
      seen.add(key);
      lost.push({ noteId: id, kept: kept as BundleEntry<'note'>, lost: e as BundleEntry<'note'> });
    }
  }
  return { merged: { _id: first._id, type: 'bundle', kind: first.kind, entries }, lost };
}
