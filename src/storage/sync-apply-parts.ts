/**
 * Parts of sync's apply (sync-apply.ts) that stand on their own: the maps that remember what the
 * merge changed, the comparison that leaves unchanged records out, the review log's write-back
 * (records or packed history), a first apply's note packs, and the media of decks deleted elsewhere.
 */
import type { CardRecord, Note, ReviewLogRecord } from '../core/types';
import type { LocalState } from '../sync/engine';
import { PACK_AFTER_MS, PACK_MIN_ENTRIES, writePacked } from './log-packs';
import { packIndexOf, type PackIndexRecord, type PackRecord } from './pack-format';
import { packsForNewNotes } from './pack-new';
import type { LogPackMeta } from './revlog-epoch';

export const NOTE_BOOKKEEPING = new Set(['usn']);
export const CARD_BOOKKEEPING = new Set(['usn', 'mtime']);

/** Both present and equal but for the `ignore` fields. */
export function sameRecord<T extends object>(a: T | undefined, b: T | undefined, ignore: Set<string>): boolean {
  if (!a || !b) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    if (ignore.has(k)) continue;
    const x = ra[k];
    const y = rb[k];
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object' || JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/** A Map that remembers which keys were set or deleted (what to write back), and what a deletion took. */
export class Tracked<V> extends Map<string, V> {
  readonly touched = new Set<string>();
  readonly deleted = new Map<string, V>();
  tracking = false;
  override set(key: string, value: V): this {
    if (this.tracking) this.touched.add(key);
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    if (this.tracking) {
      this.touched.add(key);
      const v = this.get(key);
      if (v !== undefined && !this.deleted.has(key)) this.deleted.set(key, v);
    }
    return super.delete(key);
  }
}

/**
 * The review log's part of the write-back, in the apply's transaction: entries that arrived go
 * in as records, or packed by card when a big pull brings them and they are older than two days
 * (log-packs.ts); entries an undo took out leave their record or their bucket. Returns the times
 * of the entries added and removed (the stats marks: revlog-epoch.ts `markSyncedLog`).
 */
export async function writeLogChanges(
  stores: { revlog: IDBObjectStore; logPacks: Parameters<typeof writePacked>[0]; meta: Parameters<typeof writePacked>[1] },
  revlog: Tracked<ReviewLogRecord>,
  packed: Map<string, string>,
  packMeta: LogPackMeta,
  now: number,
  writes: Promise<unknown>[],
): Promise<number[]> {
  const added: ReviewLogRecord[] = [];
  const removed: { id: string; cardId: string }[] = [];
  for (const id of revlog.touched) {
    const r = revlog.get(id);
    if (r) {
      if (!packed.has(id)) added.push(r);
    } else if (packed.has(id)) removed.push({ id, cardId: packed.get(id)! });
    else stores.revlog.delete(id);
  }
  const packBefore = now - PACK_AFTER_MS;
  const toPack = added.length >= PACK_MIN_ENTRIES ? added.filter((r) => r.time < packBefore) : [];
  const asRecords = toPack.length ? added.filter((r) => r.time >= packBefore) : added;
  // The bulk of a first sync is put without a promise per request (`revlog` is the raw store): a
  // failed request aborts the transaction, which `writeTransaction` awaits (and reports) anyway.
  for (const r of asRecords) {
    // Entries from other devices carry usn 0: never sent back as this device's.
    if (r.usn === undefined) r.usn = 0; // (objects of this apply: unpacked from chunks or read here)
    stores.revlog.put(r);
  }
  await writePacked(stores.logPacks, stores.meta, { add: toPack, remove: removed }, writes, packMeta);
  const times = added.map((r) => r.time);
  for (const r of revlog.deleted.values()) times.push(r.time);
  return times;
}

/**
 * A first apply stores large decks of never-studied notes in packs, as an import does
 * (pack-new.ts): a new device's first sync writes a record per note and card otherwise. Only
 * notes and cards new here (`fresh`), only into decks without packs. Returns the packed notes' ids
 * (their records are not written) and adds their decks to `touchedDecks`. `packs` and
 * `packIndex` are the raw stores (no promise per request).
 */
export function packNewNotes(stores: { packs: IDBObjectStore; packIndex: IDBObjectStore }, state: LocalState, fresh: { notes: string[]; cards: string[] }, decksWithPacks: Set<string>, touchedDecks: Set<string>): Set<string> {
  const reviewed = new Set<string>();
  for (const r of state.revlog.values()) reviewed.add(r.cardId);
  const notes = fresh.notes.map((id) => state.notes.get(id)).filter((n): n is Note => n !== undefined);
  const cards = fresh.cards.map((id) => state.cards.get(id)).filter((c): c is CardRecord => c !== undefined);
  const canPack = (deckId: string): boolean => state.decks.get(deckId)?.source !== 'builtin' && state.decks.has(deckId) && !decksWithPacks.has(deckId);
  const made = packsForNewNotes(notes, cards, (id) => reviewed.has(id), canPack);
  for (const p of made.packs) {
    stores.packs.put(p satisfies PackRecord);
    stores.packIndex.put(packIndexOf(p) satisfies PackIndexRecord);
    touchedDecks.add(p.deckId);
  }
  return made.noteIds;
}

/**
 * A deck deleted on another device takes its media files along here (this device has no undo
 * for that deletion; an undo on the deleting device brings the deck back, and sync fetches its
 * files again: sync/media.ts). Runs before the apply's own media writes.
 */
export async function deleteMediaOfGoneDecks(media: { index(name: 'byDeck'): { getAllKeys(deckId: string): Promise<string[]> }; delete(key: string): Promise<unknown> }, deckIds: string[], writes: Promise<unknown>[]): Promise<void> {
  const keys = (await Promise.all(deckIds.map((id) => media.index('byDeck').getAllKeys(id)))).flat();
  for (const k of keys) writes.push(media.delete(k));
}
