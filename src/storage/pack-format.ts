/**
 * Packs: how a large import stores its never-studied notes. Pure functions, no IndexedDB.
 *
 * In Chromium every IndexedDB request costs about 0.1 ms and every index entry about 35 µs more,
 * so a note record plus a card record with four indexes caps an import near 4,000 cards a
 * second. A never-studied card carries nothing but its place (id, note, ordinal, introduction
 * position): every other field is the same for all of them. So when one import adds at least
 * PACK_MIN_NOTES such notes to a deck, they are stored a few hundred to a record, in
 * introduction order, and a note moves to the indexed `notes` and `cards` stores (exactly the
 * records it would have had) when today's queue needs its cards (packs.ts, `topUpNewCards`), or
 * when a re-import changes it.
 *
 * Choosing and building packs is in pack-new.ts (not needed by the first screen, which reads them).
 *
 * Invariants: every note of a pack belongs to the pack's deck, and so do all of its cards, which
 * are all in the same pack and all never studied; a card or note lives either in a pack or in
 * the indexed stores, never both.
 */
import { newScheduleFields } from '../core/buckets';
import type { CardRecord, Note, Stamp } from '../core/types';

/** A pack is at most this many cards (whole notes: a note with more cards is a pack alone). */
export const PACK_CARDS = 500;
/** Fewer new notes than this for one deck in one import are written as ordinary records. */
export const PACK_MIN_NOTES = 200;

/** A never-studied card: its scheduling fields are `newScheduleFields(due)`. */
export interface PackedCard {
  id: string;
  noteId: string;
  ord: number;
  /** Introduction position (CardRecord.due of a new card). */
  due: number;
  /** Only when the card's stamp differs from its pack's (a restored backup keeps every stamp). */
  mtime?: number;
  usn?: number;
}

export interface PackRecord {
  deckId: string;
  /** Order of the deck's packs: packs of a later import come after. */
  seq: number;
  /** Number of cards in the pack (part of the key: the key listing gives the counts). */
  size: number;
  notes: Note[];
  cards: PackedCard[];
  /** The write that made the pack: every packed card has this stamp unless it has its own. */
  mtime: number;
  usn: number;
  /** The highest usn of any note or card in the pack (indexed: the change feed reads only newer packs). */
  maxUsn: number;
}

/**
 * Which notes and cards a pack holds, stored apart under the pack's key (the `packIndex` store)
 * as 32-bit hashes of their ids: a lookup by id reads these few kilobytes a pack (typed arrays
 * copy back in one piece; 100k id strings took tens of milliseconds to read), then only the
 * packs whose hashes match, where the ids themselves are compared.
 */
export interface PackIndexRecord {
  deckId: string;
  seq: number;
  size: number;
  noteHashes: Uint32Array;
  cardHashes: Uint32Array;
}

/** FNV-1a over the id's UTF-16 code units. */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const packIndexOf = (p: PackRecord): PackIndexRecord => ({
  deckId: p.deckId,
  seq: p.seq,
  size: p.size,
  noteHashes: Uint32Array.from(p.notes, (n) => idHash(n.id)),
  cardHashes: Uint32Array.from(p.cards, (c) => idHash(c.id)),
});

export type PackKey = [deckId: string, seq: number, size: number];

export const packKey = (p: PackRecord): PackKey => [p.deckId, p.seq, p.size];

/** Every pack key of one deck (a key range over the store's [deckId, seq, size] keys). */
export function deckPackRange(deckId: string): IDBKeyRange {
  return IDBKeyRange.bound([deckId], [deckId, []]);
}

/** The card record a packed card stands for. */
export function cardFromPack(deckId: string, c: PackedCard, stamp: Stamp): CardRecord {
  return { id: c.id, noteId: c.noteId, deckId, ord: c.ord, ...newScheduleFields(c.due), mtime: c.mtime ?? stamp.mtime, usn: c.usn ?? stamp.usn };
}


/** The notes and card records of a pack. */
export function unpack(pack: PackRecord): { notes: Note[]; cards: CardRecord[] } {
  return { notes: pack.notes, cards: pack.cards.map((c) => cardFromPack(pack.deckId, c, pack)) };
}

/** Per deck: its packs' keys in order and how many cards they hold. */
export interface PackDirectory {
  get(deckId: string): { keys: PackKey[]; cards: number } | undefined;
  readonly decks: string[];
  /** The seq a new pack of `deckId` gets (after every existing one). */
  nextSeq(deckId: string): number;
}

export function packDirectory(keys: IDBValidKey[]): PackDirectory {
  const by = new Map<string, { keys: PackKey[]; cards: number }>();
  for (const k of keys as PackKey[]) {
    const e = by.get(k[0]);
    if (e) {
      e.keys.push(k);
      e.cards += k[2];
    } else by.set(k[0], { keys: [k], cards: k[2] });
  }
  return {
    get: (id) => by.get(id),
    decks: [...by.keys()],
    nextSeq: (id) => {
      const e = by.get(id);
      return e ? Math.max(...e.keys.map((k) => k[1])) + 1 : 0;
    },
  };
}


/** `pack` without the notes `remove` (and their cards); undefined when nothing is left. */
export function withoutNotes(pack: PackRecord, remove: Set<string>): PackRecord | undefined {
  const notes = pack.notes.filter((n) => !remove.has(n.id));
  if (!notes.length) return undefined;
  const cards = pack.cards.filter((c) => !remove.has(c.noteId));
  return { ...pack, size: cards.length, notes, cards };
}


