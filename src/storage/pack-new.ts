/**
 * Choosing and building packs for notes that arrive in bulk (an import, a restore, a device's
 * first sync); the format itself is in pack-format.ts. Kept apart so that the first screen's
 * chunk (which reads packs) does not carry the code that writes them.
 */
import type { CardRecord, Note, Stamp } from '../core/types';
import { cardFromPack, PACK_CARDS, PACK_MIN_NOTES, type PackRecord } from './pack-format';

/**
 * The packs for notes arriving in bulk (a restore, a device's first sync): the never-studied
 * notes (`reviewed`: a card with a log stays a record) of decks `canPack` allows, grouped by deck
 * (at least PACK_MIN_NOTES a deck), numbered from 0. Returns the packs and the ids of the notes
 * they hold (those notes and their cards are not written as records).
 */
export function packsForNewNotes(notes: Note[], cards: Iterable<CardRecord>, reviewed: (cardId: string) => boolean, canPack: (deckId: string) => boolean): { packs: PackRecord[]; noteIds: Set<string> } {
  const cardsOf = new Map<string, CardRecord[]>();
  for (const c of cards) {
    const list = cardsOf.get(c.noteId);
    if (list) list.push(c);
    else cardsOf.set(c.noteId, [c]);
  }
  const toPack = choosePacked(notes, (id) => (cardsOf.get(id)?.some((c) => reviewed(c.id)) ? undefined : cardsOf.get(id)), canPack);
  // A pack's own stamp is its first note's (cards with another stamp keep theirs inside it).
  const packs = [...toPack].flatMap(([deckId, list]) => buildPacks(deckId, 0, list, (id) => cardsOf.get(id)!, { mtime: list[0]!.mtime, usn: list[0]!.usn }));
  return { packs, noteIds: new Set(packs.flatMap((p) => p.notes.map((n) => n.id))) };
}

/**
 * Whether `card` is exactly what `cardFromPack` would give back (so packing it loses nothing):
 * never studied, not suspended, and no field beyond a new card's.
 */
export function isPackable(card: CardRecord): boolean {
  const back = cardFromPack(card.deckId, card, card);
  // A field present but undefined (e.g. `last_review`) is the same as an absent one.
  const keys = (Object.keys(card) as (keyof CardRecord)[]).filter((k) => card[k] !== undefined);
  if (keys.length !== Object.keys(back).length) return false;
  return keys.every((k) => card[k] === back[k]);
}

/**
 * Splits one deck's new notes into packs of about PACK_CARDS cards, numbered from `firstSeq`, in
 * introduction order (a note's place is its first card's position). Every card of
 * `cardsOf(note)` must pass `isPackable`.
 */
export function buildPacks(deckId: string, firstSeq: number, notes: Note[], cardsOf: (noteId: string) => CardRecord[], stamp: Stamp): PackRecord[] {
  const place = new Map(notes.map((n) => [n.id, Math.min(...cardsOf(n.id).map((c) => c.due))]));
  const ordered = [...notes].sort((a, b) => place.get(a.id)! - place.get(b.id)!);
  const packs: PackRecord[] = [];
  let current: PackRecord | undefined;
  for (const n of ordered) {
    const cards = cardsOf(n.id);
    if (!current || current.size + cards.length > PACK_CARDS) {
      if (current?.size) packs.push(current);
      current = { deckId, seq: firstSeq + packs.length, size: 0, notes: [], cards: [], mtime: stamp.mtime, usn: stamp.usn, maxUsn: stamp.usn };
    }
    current.notes.push(n);
    current.maxUsn = Math.max(current.maxUsn, n.usn, ...cards.map((c) => c.usn));
    for (const c of cards) {
      const own = c.mtime !== stamp.mtime || c.usn !== stamp.usn ? { mtime: c.mtime, usn: c.usn } : {};
      current.cards.push({ id: c.id, noteId: c.noteId, ord: c.ord, due: c.due, ...own });
    }
    current.size += cards.length;
  }
  if (current?.notes.length) packs.push(current);
  return packs;
}

/**
 * Chooses the notes that can go into packs: per deck, the notes whose cards all pass
 * `isPackable` and live in the note's deck, when there are at least PACK_MIN_NOTES of them.
 * `canPack(deckId)` excludes decks (built-in decks are always ordinary records).
 */
export function choosePacked(notes: Note[], cardsOf: (noteId: string) => CardRecord[] | undefined, canPack: (deckId: string) => boolean): Map<string, Note[]> {
  const by = new Map<string, Note[]>();
  for (const n of notes) {
    const cards = cardsOf(n.id);
    if (!cards?.length || !cards.every((c) => c.deckId === n.deckId && isPackable(c))) continue;
    const list = by.get(n.deckId);
    if (list) list.push(n);
    else by.set(n.deckId, [n]);
  }
  for (const [deckId, list] of by) if (list.length < PACK_MIN_NOTES || !canPack(deckId)) by.delete(deckId);
  return by;
}
