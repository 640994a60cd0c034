/**
 * Finding and unpacking packed notes by id, inside the caller's transaction. Packs are private
 * to storage: every reader and writer of logical records goes through here (or through the
 * queue's top-up) so that a packed note is found, edited, moved or deleted like any other.
 * `packIndex` holds each pack's note and card ids, so a lookup reads a few kilobytes a pack.
 */
import type { CardRecord, Note } from '../core/types';
import { idHash, packIndexOf, packKey, unpack, withoutNotes, type PackIndexRecord, type PackKey, type PackRecord } from './pack-format';

/** The stores a transaction needs for the functions below (read-write for `unpackNotes`). */
export const PACK_STORES = ['packs', 'packIndex', 'notes', 'cards'] as const;

interface ReadStore<K, V> {
  get(key: K): Promise<V | undefined>;
  getAll(): Promise<V[]>;
}
interface Store<K, V> extends ReadStore<K, V> {
  put(value: V): Promise<unknown>;
  delete(key: K): Promise<unknown>;
}

export interface PackStores {
  packs: Store<PackKey, PackRecord>;
  packIndex: Store<PackKey, PackIndexRecord>;
  notes: Store<string, Note>;
  cards: Store<string, CardRecord>;
}

/** The stores of a transaction over PACK_STORES (read-write), as the functions below take them. */
export function packStores(tx: { objectStore(name: 'packs'): PackStores['packs']; objectStore(name: 'packIndex'): PackStores['packIndex']; objectStore(name: 'notes'): PackStores['notes']; objectStore(name: 'cards'): PackStores['cards'] }): PackStores {
  return { packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex'), notes: tx.objectStore('notes'), cards: tx.objectStore('cards') };
}

export interface PackedFound {
  /** Packs holding at least one wanted note, with the wanted notes' ids. */
  packs: { pack: PackRecord; noteIds: Set<string> }[];
  notes: Map<string, Note>;
  /** Every card of the found notes, as records. */
  cards: Map<string, CardRecord>;
}

const keyOf = (r: PackIndexRecord): PackKey => [r.deckId, r.seq, r.size];

/**
 * The packed notes among `noteIds`, and the packed notes owning any of `cardIds`, with all of
 * their cards. Reads the pack index, then only the packs that hold a hit.
 */
export async function findPacked(stores: { packs: ReadStore<PackKey, PackRecord>; packIndex: ReadStore<PackKey, PackIndexRecord> }, noteIds: Iterable<string>, cardIds: Iterable<string> = []): Promise<PackedFound> {
  const found: PackedFound = { packs: [], notes: new Map(), cards: new Map() };
  const wantNotes = new Set(noteIds);
  const wantCards = new Set(cardIds);
  if (!wantNotes.size && !wantCards.size) return found;
  const index = await stores.packIndex.getAll();
  const noteHashes = new Set([...wantNotes].map(idHash));
  const cardHashes = new Set([...wantCards].map(idHash));
  const any = (hashes: Uint32Array, want: Set<number>) => {
    if (!want.size) return false;
    for (const h of hashes) if (want.has(h)) return true;
    return false;
  };
  const hits = index.filter((r) => any(r.noteHashes, noteHashes) || any(r.cardHashes, cardHashes));
  const packs = await Promise.all(hits.map((r) => stores.packs.get(keyOf(r))));
  for (const pack of packs) {
    if (!pack) continue;
    const owning = new Set(pack.cards.filter((c) => wantCards.has(c.id)).map((c) => c.noteId));
    const ids = new Set(pack.notes.filter((n) => wantNotes.has(n.id) || owning.has(n.id)).map((n) => n.id));
    if (!ids.size) continue;
    found.packs.push({ pack, noteIds: ids });
    const { notes, cards } = unpack(pack);
    for (const n of notes) if (ids.has(n.id)) found.notes.set(n.id, n);
    for (const c of cards) if (ids.has(c.noteId)) found.cards.set(c.id, c);
  }
  return found;
}

/** Rewrites `pack` without the notes `remove` (or deletes it), keeping the pack index in step. */
export function shrinkPack(stores: Pick<PackStores, 'packs' | 'packIndex'>, pack: PackRecord, remove: Set<string>, writes: Promise<unknown>[]): void {
  writes.push(stores.packs.delete(packKey(pack)));
  writes.push(stores.packIndex.delete(packKey(pack)));
  const rest = withoutNotes(pack, remove);
  if (rest) {
    writes.push(stores.packs.put(rest));
    writes.push(stores.packIndex.put(packIndexOf(rest)));
  }
}

/** Writes a new pack and its index entry. */
export function putPack(stores: Pick<PackStores, 'packs' | 'packIndex'>, pack: PackRecord, writes: Promise<unknown>[]): void {
  writes.push(stores.packs.put(pack));
  writes.push(stores.packIndex.put(packIndexOf(pack)));
}

/**
 * Moves the packed notes among `noteIds` (and the notes owning `cardIds`) to the indexed stores,
 * exactly as they are: a physical move, not a change of any record (stamps stay). Returns what
 * was moved so the caller can go on with the records.
 */
export async function unpackNotes(stores: PackStores, noteIds: Iterable<string>, cardIds: Iterable<string> = [], writes: Promise<unknown>[] = []): Promise<PackedFound> {
  const found = await findPacked(stores, noteIds, cardIds);
  for (const { pack, noteIds: ids } of found.packs) shrinkPack(stores, pack, ids, writes);
  for (const n of found.notes.values()) writes.push(stores.notes.put(n));
  for (const c of found.cards.values()) writes.push(stores.cards.put(c));
  return found;
}
