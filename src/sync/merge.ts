/**
 * Merge rules (pure). CouchDB replication never loses a revision: when two devices changed the
 * same document, both revisions arrive as leaves of its revision tree and CouchDB picks an
 * arbitrary but deterministic winner. These rules decide instead, the same way on every device:
 *
 * - Review-log chunks: the union of every leaf's entries (a grow-only set, nothing to choose).
 * - Everything else: the leaf with the greatest `mtime` wins; on equal `mtime`, CouchDB's own
 *   winner order (longer revision history, then the greater revision hash).
 * - A note whose text lost (both devices edited it, or one deleted what the other edited) keeps
 *   the losing version in a `conflict:` document: the "changed on two devices" list.
 *
 * A resolution writes the merged content on top of CouchDB's winning leaf and deletes every
 * other leaf (`_deleted`, which CouchDB never counts as a conflict again).
 */
import { fnv1a, mergeBundles, type BundleDoc, type LostNote } from './bundles';
import { canonical, docId, recordIdOf, type ConflictBody, type LiveDoc, type LwwDoc, type PackedReview, type PackedUndo, type RevlogChunkDoc, type SyncDoc } from './docs';

/** The generation of a revision (`3-abc` → 3). */
export function revGeneration(rev: string): number {
  return Number.parseInt(rev, 10);
}

/** CouchDB's order of revisions: by generation, then by the hash as a string. Positive: `a` wins. */
export function compareRevs(a: string, b: string): number {
  const g = revGeneration(a) - revGeneration(b);
  if (g !== 0) return g;
  const ha = a.slice(a.indexOf('-') + 1);
  const hb = b.slice(b.indexOf('-') + 1);
  return ha < hb ? -1 : ha > hb ? 1 : 0;
}

/** The leaf CouchDB itself reports as the winner: live before `_deleted`, then compareRevs. */
export function couchWinner<T extends SyncDoc>(leaves: T[]): T {
  if (leaves.length === 0) throw new Error('A document has at least one leaf revision.');
  return leaves.reduce((best, d) => {
    if (Boolean(best._deleted) !== Boolean(d._deleted)) return best._deleted ? d : best;
    return compareRevs(d._rev ?? '0-', best._rev ?? '0-') > 0 ? d : best;
  });
}

/** Last writer wins: the greater `mtime`, then CouchDB's revision order. Positive: `a` wins. */
export function compareLww(a: LwwDoc, b: LwwDoc): number {
  if (a.mtime !== b.mtime) return a.mtime - b.mtime;
  return compareRevs(a._rev ?? '0-', b._rev ?? '0-');
}

export function lwwWinner<T extends LwwDoc>(leaves: T[]): T {
  return leaves.reduce((best, d) => (compareLww(d, best) > 0 ? d : best));
}

/** The union of chunk revisions: every review and every undo any of them holds, in a fixed order. */
export function unionChunks(leaves: RevlogChunkDoc[]): RevlogChunkDoc {
  const first = leaves[0]!;
  const reviews = new Map<string, PackedReview>();
  const undos = new Map<string, PackedUndo>();
  for (const l of leaves) {
    for (const r of l.reviews) if (!reviews.has(r[0])) reviews.set(r[0], r);
    for (const u of l.undos) if (!undos.has(u[0])) undos.set(u[0], u);
  }
  const byTimeThenId = <E extends [string, ...unknown[]]>(time: (e: E) => number) => (a: E, b: E) => time(a) - time(b) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return {
    _id: first._id,
    type: 'revlog',
    device: first.device,
    seq: first.seq,
    reviews: [...reviews.values()].sort(byTimeThenId<PackedReview>((r) => r[3])),
    undos: [...undos.values()].sort(byTimeThenId<PackedUndo>((u) => u[1])),
  };
}

const noteText = (d: LwwDoc<'note'>): string => (d.deleted ? 'deleted' : canonical([d.body.fields, d.body.tags]));

/** The "changed on two devices" entry for a note version that lost to `kept`, or null when no text was lost. */
export function noteConflict(kept: LwwDoc<'note'>, lost: LwwDoc<'note'>): LiveDoc<'conflict'> | null {
  if (noteText(kept) === noteText(lost)) return null;
  // A deletion that lost to an older-looking edit is worth a look too; an edit that lost to
  // a deletion certainly is.
  const noteId = recordIdOf(kept._id);
  const body: ConflictBody = {
    noteId,
    lost: lost.deleted ? { deleted: true, mtime: lost.mtime } : { fields: lost.body.fields, tags: lost.body.tags, mtime: lost.mtime },
    keptMtime: kept.mtime,
  };
  // Named by the losing revision: two devices resolving the same conflict write the same document.
  return { _id: docId('conflict', `${noteId}:${lost._rev ?? lost.mtime}`), type: 'conflict', mtime: Math.max(kept.mtime, lost.mtime), body };
}

/** The "changed on two devices" entry for a note version that lost inside a bundle. */
export function bundleConflict(l: LostNote): LiveDoc<'conflict'> {
  const lost: ConflictBody['lost'] = l.lost.d ? { deleted: true, mtime: l.lost.m } : { fields: l.lost.b?.fields ?? [], tags: l.lost.b?.tags ?? [], mtime: l.lost.m };
  // Named by the losing version, and made of it alone: every device that resolves the same
  // conflict (against whichever winner it saw) writes the same document, so they settle at once.
  const body: ConflictBody = { noteId: l.noteId, lost };
  if (l.lost.b) body.note = { deckId: l.lost.b.deckId, noteTypeId: l.lost.b.noteTypeId, source: l.lost.b.source };
  const name = `${l.noteId}:${l.lost.m}-${fnv1a(canonical(l.lost)).toString(36)}`;
  return { _id: docId('conflict', name), type: 'conflict', mtime: l.lost.m, body };
}

export interface Resolution {
  /** The content to write on top of `onto` (absent when CouchDB's winner already has it). */
  put?: SyncDoc;
  /** CouchDB's winning revision, the parent of `put`. */
  onto: string;
  /** Losing leaf revisions to delete. */
  remove: string[];
  /** New "changed on two devices" documents. */
  conflicts: LiveDoc<'conflict'>[];
}

/**
 * How to resolve a document with several live leaves (CouchDB's `_conflicts` plus its winner).
 * The same leaves give the same resolution on every device, in any order.
 */
export function resolve(leaves: SyncDoc[]): Resolution {
  const live = leaves.filter((l) => !l._deleted);
  if (live.length === 0) throw new Error('Nothing to resolve: every leaf is deleted.');
  const winner = couchWinner(live);
  const onto = winner._rev ?? '';
  const remove = live.filter((l) => l !== winner).map((l) => l._rev ?? '');
  if (live.length === 1) return { onto, remove, conflicts: [] };
  const conflicts: LiveDoc<'conflict'>[] = [];
  let content: SyncDoc;
  if (winner.type === 'revlog') content = unionChunks(live as RevlogChunkDoc[]);
  else if (winner.type === 'media') content = winner;
  else if (winner.type === 'bundle') {
    const m = mergeBundles(live as BundleDoc[]);
    content = m.merged;
    conflicts.push(...m.lost.map(bundleConflict));
  }
  else {
    const docs = live as LwwDoc[];
    const kept = lwwWinner(docs);
    content = kept;
    if (kept.type === 'note') {
      for (const d of docs) {
        if (d === kept) continue;
        const c = noteConflict(kept as LwwDoc<'note'>, d as LwwDoc<'note'>);
        if (c) conflicts.push(c);
      }
    }
  }
  const { _rev: _r, ...body } = content;
  const unchanged = canonical(body) === canonical({ ...winner, _rev: undefined });
  return { ...(unchanged ? {} : { put: body as SyncDoc }), onto, remove, conflicts };
}

/**
 * What a device writes into its replica for a changed local record, given the replica's
 * current (winning) document: nothing when the content is already there or when the replica
 * holds a newer version that came from another device and is applied to the record next
 * (`pending`); a review-log chunk merges with what is there.
 *
 * A replica version that looks newer but was already applied here (`pending` false) was written
 * by a clock that ran ahead (this device's before it was corrected, or another's): the local
 * change was made after it, so it goes out one millisecond after it instead of being dropped
 * (dropped, it would stay on this device alone, with nothing to say so).
 */
export function localWrite(existing: SyncDoc | undefined, next: SyncDoc, pending = true): SyncDoc | null {
  if (existing && !existing._deleted) {
    if (next.type === 'revlog' && existing.type === 'revlog') next = unionChunks([existing, next]);
    else if (next.type !== 'revlog' && next.type !== 'media' && next.type !== 'bundle' && existing.type !== 'revlog' && existing.type !== 'media' && existing.type !== 'bundle') {
      // Only the time differs (a graded card: its attributes are as they were): nothing to say,
      // and saying it would let a grade here override an attribute change made elsewhere.
      // (Records carry their mtime in the body too.)
      const timeless = (d: LwwDoc): string => canonical({ ...d, _rev: undefined, mtime: undefined, body: d.body && typeof d.body === 'object' ? { ...d.body, mtime: undefined } : d.body });
      if (timeless(existing) === timeless(next)) return null;
      if (existing.mtime > next.mtime) {
        if (pending) return null;
        next = { ...next, mtime: existing.mtime + 1 } as SyncDoc;
      }
    }
    const { _rev: _a, ...a } = existing;
    const { _rev: _b, ...b } = next;
    if (canonical(a) === canonical(b)) return null;
  }
  return next;
}
