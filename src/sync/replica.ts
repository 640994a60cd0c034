/**
 * Reading and writing the local replica (PouchDB) for the sync client: documents by id (notes and
 * cards through their bundles), ranges, this device's review-log chunks, the change feed, and
 * the resolution of documents changed on two devices (merge.ts).
 */
import type { PouchDatabase, PouchDoc } from './pouch-types';
import { chunkId, type RevlogChunkDoc, type SyncDoc } from './docs';
import { resolve } from './merge';
import { bundleOfDocId, expandAll, recordFromBundle, type BundleDoc } from './bundles';

/** Documents per read from the replica. */
export const READ_BATCH = 500;

/** The replica's documents among `ids` (absent and CouchDB-deleted ones left out). */
export async function docsByIds(db: PouchDatabase, ids: string[]): Promise<Map<string, PouchDoc>> {
  const out = new Map<string, PouchDoc>();
  for (let i = 0; i < ids.length; i += READ_BATCH) {
    const res = await db.allDocs({ keys: ids.slice(i, i + READ_BATCH), include_docs: true });
    for (const r of res.rows) if (r.doc && !r.doc._deleted) out.set(r.id, r.doc);
  }
  return out;
}

/**
 * Documents by record id, notes and cards read from their bundles (`records`: per-record
 * documents, deleted ones included), and the bundles themselves with their `_rev`.
 */
export async function recordsByIds(db: PouchDatabase, ids: string[]): Promise<{ records: Map<string, SyncDoc>; bundles: Map<string, BundleDoc> }> {
  const direct: string[] = [];
  const wanted = new Set<string>();
  for (const id of ids) {
    const b = bundleOfDocId(id);
    if (b) wanted.add(b);
    else direct.push(id);
  }
  const records = new Map<string, SyncDoc>();
  const bundles = new Map<string, BundleDoc>();
  for (const d of (await docsByIds(db, [...direct, ...wanted])).values()) {
    if ((d as unknown as SyncDoc).type === 'bundle') bundles.set(d._id, d as unknown as BundleDoc);
    else records.set(d._id, d as unknown as SyncDoc);
  }
  for (const id of ids) {
    const b = bundleOfDocId(id);
    const r = b ? recordFromBundle(bundles.get(b), id) : undefined;
    if (r) records.set(id, r);
  }
  return { records, bundles };
}

export async function rangeDocs(db: PouchDatabase, prefix: string): Promise<PouchDoc[]> {
  const out: PouchDoc[] = [];
  let start = prefix;
  let skip = 0;
  for (;;) {
    const res = await db.allDocs({ startkey: start, endkey: `${prefix}\uffff`, include_docs: true, limit: READ_BATCH, skip });
    for (const r of res.rows) if (r.doc) out.push(r.doc);
    if (res.rows.length < READ_BATCH) return out;
    start = res.rows[res.rows.length - 1]!.id;
    skip = 1;
  }
}

export async function allChunks(db: PouchDatabase): Promise<RevlogChunkDoc[]> {
  return (await rangeDocs(db, 'revlog:')) as unknown as RevlogChunkDoc[];
}

/** Ids of the replica's documents changed after `since`. */
export async function changedIds(db: PouchDatabase, since: number | string): Promise<Set<string>> {
  const out = new Set<string>();
  let from = since;
  for (;;) {
    const res = await db.changes({ since: from, limit: READ_BATCH });
    for (const ch of res.results) out.add(ch.id);
    from = res.last_seq;
    if (res.results.length < READ_BATCH) return out;
  }
}

/** This device's chunks with a sequence number from `seq` on. */
export async function deviceChunksFrom(db: PouchDatabase, device: string, seq: number): Promise<RevlogChunkDoc[]> {
  const res = await db.allDocs({ startkey: chunkId(device, seq), endkey: `${chunkId(device, 999999)}`, include_docs: true });
  return res.rows.map((r) => r.doc).filter((d): d is PouchDoc => Boolean(d) && !d!._deleted) as unknown as RevlogChunkDoc[];
}

export async function newestOwnChunk(db: PouchDatabase, device: string): Promise<RevlogChunkDoc | undefined> {
  const mine = await db.allDocs({ startkey: `${chunkId(device, 999999)}`, endkey: `revlog:${device}:`, descending: true, limit: 1, include_docs: true });
  return mine.rows[0]?.doc as unknown as RevlogChunkDoc | undefined;
}

export function newestChunk(chunks: RevlogChunkDoc[], device: string): RevlogChunkDoc | undefined {
  let best: RevlogChunkDoc | undefined;
  for (const c of chunks) if (c.device === device && (!best || c.seq > best.seq)) best = c;
  return best;
}

export async function writeDocs(db: PouchDatabase, docs: SyncDoc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += READ_BATCH) {
    const res = await db.bulkDocs(docs.slice(i, i + READ_BATCH));
    const failed = res.find((r) => r.error);
    if (failed) throw Object.assign(new Error(`The local copy for sync could not be updated (${failed.id}: ${failed.message ?? String(failed.error)}).`), { status: failed.status });
  }
}

/** Resolves every document changed since `since` that has several live leaves; true when something was written. */
export async function resolveConflicts(local: PouchDatabase, ids: string[]): Promise<boolean> {
  let wrote = false;
  for (const id of ids) {
    const leaves = (await local.get(id, { open_revs: 'all' })) as unknown as { ok?: PouchDoc }[];
    const live = leaves.map((l) => l.ok).filter((d): d is PouchDoc => Boolean(d) && !d!._deleted) as unknown as SyncDoc[];
    if (live.length < 2) continue;
    const r = resolve(live);
    if (r.put) await local.put({ ...r.put, _rev: r.onto });
    for (const rev of r.remove) await local.remove(id, rev);
    for (const c of r.conflicts) {
      const have = await local.get(c._id).catch(() => undefined);
      if (!have) await local.put(c);
    }
    wrote = true;
  }
  return wrote;
}

export interface Feed {
  changed: SyncDoc[];
  lastSeq: number | string;
  /** Documents among them with more than one live leaf (written on two devices): `resolveConflicts`. */
  conflicted: string[];
}

/**
 * The replica's winning documents changed since `since` (deleted leaves left out), and which of
 * them are in conflict: one read of the feed for both (a second pass over a first pull's
 * documents to look for conflicts took seconds).
 */
export async function changesSince(local: PouchDatabase, since: number | string | undefined): Promise<Feed> {
  const changed: SyncDoc[] = [];
  const conflicted: string[] = [];
  let from = since ?? 0;
  for (;;) {
    const res = await local.changes({ since: from, include_docs: true, conflicts: true, limit: READ_BATCH });
    for (const ch of res.results) {
      const d = ch.doc as (PouchDoc & { _conflicts?: string[] }) | undefined;
      if (!d || d._deleted || ch.id.startsWith('_')) continue;
      if (d._conflicts?.length) conflicted.push(ch.id);
      delete d._conflicts;
      // A bundle stands for its records (the unchanged ones are left out before the apply).
      changed.push(...expandAll([d as unknown as SyncDoc]));
    }
    from = res.last_seq;
    if (res.results.length < READ_BATCH) return { changed, lastSeq: from, conflicted };
  }
}

/**
 * The feed of a replica that was empty before this sync, from what the sync itself wrote: this
 * device's documents (`pushed`) and the documents the pull wrote (`collect`, given the
 * replication's change events), without reading a first pull's hundred megabytes back. A
 * document written twice (pushed and pulled, or two leaves pulled) may be in conflict: its
 * winner is read from the replica and it is listed for `resolveConflicts`.
 */
export class FirstPull {
  private readonly pulled = new Map<string, PouchDoc>();
  private readonly twice = new Set<string>();
  private readonly pushedIds: Set<string>;

  constructor(private readonly pushed: SyncDoc[]) {
    this.pushedIds = new Set(pushed.map((d) => d._id));
  }

  readonly collect = (written: PouchDoc[]): void => {
    for (const d of written) {
      if (d._id.startsWith('media:') || d._id.startsWith('_')) continue; // (bytes: read from the replica when needed)
      if (this.pulled.has(d._id) || this.pushedIds.has(d._id)) this.twice.add(d._id);
      const { _revisions: _r, _attachments: _a, ...doc } = d as PouchDoc & { _revisions?: unknown; _attachments?: unknown };
      this.pulled.set(d._id, doc as PouchDoc);
    }
  };

  async feed(local: PouchDatabase): Promise<Feed> {
    const lastSeq = (await local.info()).update_seq;
    const changed: SyncDoc[] = [];
    const take = (d: PouchDoc | SyncDoc): void => {
      if (!(d as PouchDoc)._deleted) changed.push(...expandAll([d as SyncDoc]));
    };
    for (const d of this.pushed) if (!this.pulled.has(d._id) && !this.twice.has(d._id)) take(d);
    for (const [id, d] of this.pulled) if (!this.twice.has(id)) take(d);
    for (const d of (await docsByIds(local, [...this.twice])).values()) take(d);
    this.pulled.clear();
    return { changed, lastSeq, conflicted: [...this.twice] };
  }
}

/** `first` brought up to date by the feed read after it (`next`): later versions replace earlier ones. */
export function laterFeed(first: Feed, next: Feed): Feed {
  const ids = new Set(next.changed.map((d) => d._id));
  return { changed: [...first.changed.filter((d) => !ids.has(d._id)), ...next.changed], lastSeq: next.lastSeq, conflicted: next.conflicted };
}
