/**
 * Decks as the user manages them: create, rename (sub-decks follow), delete (with every note
 * and card in it and its sub-decks, leaving tombstones) and undo of a delete. Names use `::`
 * between levels, as Anki does.
 */
import type { CardRecord, Deck, Note } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { normalizeDeckName } from '../formats/shared/ids';
import { openDatabase } from './db';
import { writeTransaction } from './write';
import { abandonTransaction, asStorageError } from './errors';
import { markDeckTotalsStale } from './deck-totals';
import { deckPackRange, packKey } from './pack-format';
import { unpackAll } from './packs';
import { nextStamp, stamped } from './stamp';

/** A deck name as stored, or a clear error for one that cannot be used. */
export function checkDeckName(name: string): string {
  const clean = normalizeDeckName(name);
  if (!clean) throw new AppError(ErrorCode.Invalid, 'A deck needs a name. Nothing was changed.');
  if (clean.length > 200) throw new AppError(ErrorCode.Invalid, 'Deck names can be at most 200 characters. Nothing was changed.');
  return clean;
}

const isUnder = (name: string, parent: string) => name === parent || name.startsWith(`${parent}::`);

export async function createDeck(name: string, now: number, description = '', dbName?: string): Promise<Deck> {
  const clean = checkDeckName(name);
  const db = await openDatabase(dbName);
  const tx = db.transaction(['decks', 'meta'], 'readwrite');
  try {
    const all = await tx.objectStore('decks').getAll();
    if (all.some((d) => d.name.toLowerCase() === clean.toLowerCase() && d.source === 'user')) throw new AppError(ErrorCode.Invalid, `You already have a deck called "${clean}". Nothing was changed.`);
    const stamp = await nextStamp(tx.objectStore('meta'), now);
    const deck: Deck = { id: `user-deck-${now.toString(36)}-${Math.floor(Math.random() * 0x1000000).toString(36)}`, name: clean, description, source: 'user', createdAt: now, ...stamp };
    await tx.objectStore('decks').put(deck);
    await tx.done;
    return deck;
  } catch (e) {
    await abandonTransaction(tx);
    throw asStorageError(e, 'The deck could not be created');
  }
}

/** Renames a deck (or moves it, with a new `Parent::` prefix); its sub-decks keep following it. */
export async function renameDeck(deckId: string, newName: string, now: number, dbName?: string): Promise<Deck[]> {
  const clean = checkDeckName(newName);
  return writeTransaction(dbName, ['decks', 'meta'], 'The deck could not be renamed', async (tx, writes) => {
    const all = await tx.objectStore('decks').getAll();
    const deck = all.find((d) => d.id === deckId);
    if (!deck) throw new AppError(ErrorCode.NotFound, 'That deck no longer exists. Nothing was changed.');
    if (isUnder(clean, deck.name) && clean !== deck.name) throw new AppError(ErrorCode.Invalid, 'A deck cannot be moved inside itself. Nothing was changed.');
    const stamp = await nextStamp(tx.objectStore('meta'), now);
    const changed = all.filter((d) => isUnder(d.name, deck.name)).map((d) => stamped({ ...d, name: clean + d.name.slice(deck.name.length) }, stamp));
    for (const d of changed) writes.push(tx.objectStore('decks').put(d));
    return changed;
  });
}

export interface DeletedDecks {
  decks: Deck[];
  notes: Note[];
  cards: CardRecord[];
}

/** Deletes a deck, its sub-decks and everything in them (the review log stays). */
export async function deleteDeck(deckId: string, now: number, dbName?: string): Promise<DeletedDecks> {
  return writeTransaction(dbName, ['decks', 'notes', 'cards', 'packs', 'packIndex', 'graves', 'meta'], 'The deck could not be deleted', async (tx, writes) => {
    const all = await tx.objectStore('decks').getAll();
    const deck = all.find((d) => d.id === deckId);
    if (!deck) throw new AppError(ErrorCode.NotFound, 'That deck no longer exists. Nothing was changed.');
    const decks = all.filter((d) => isUnder(d.name, deck.name));
    const ids = decks.map((d) => d.id);
    // The packs of these decks go whole; their notes and cards are deleted like the others.
    const packs = (await Promise.all(ids.map((id) => tx.objectStore('packs').getAll(deckPackRange(id))))).flat();
    const [indexedNotes, indexedCards, stamp] = await Promise.all([
      Promise.all(ids.map((id) => tx.objectStore('notes').index('byDeck').getAll(id))).then((x) => x.flat()),
      Promise.all(ids.map((id) => tx.objectStore('cards').index('byDeck').getAll(id))).then((x) => x.flat()),
      nextStamp(tx.objectStore('meta'), now),
    ]);
    for (const p of packs) {
      writes.push(tx.objectStore('packs').delete(packKey(p)));
      writes.push(tx.objectStore('packIndex').delete(packKey(p)));
    }
    const fromPacks = unpackAll(packs);
    const notes = [...indexedNotes, ...fromPacks.notes];
    const cards = [...indexedCards, ...fromPacks.cards];
    // A note goes when all of its cards go; a card of this deck whose note lives elsewhere goes alone.
    const graves = tx.objectStore('graves');
    for (const c of indexedCards) writes.push(tx.objectStore('cards').delete(c.id));
    for (const c of cards) writes.push(graves.put({ key: `card:${c.id}`, kind: 'card', id: c.id, ...stamp }));
    for (const n of indexedNotes) writes.push(tx.objectStore('notes').delete(n.id));
    for (const n of notes) writes.push(graves.put({ key: `note:${n.id}`, kind: 'note', id: n.id, ...stamp }));
    for (const d of decks) {
      writes.push(tx.objectStore('decks').delete(d.id));
      writes.push(graves.put({ key: `deck:${d.id}`, kind: 'deck', id: d.id, ...stamp }));
    }
    // Cards elsewhere whose notes were in these decks go too (a note never loses its cards).
    const orphanLists = await Promise.all(notes.map((n) => tx.objectStore('cards').index('byNote').getAll(n.id)));
    const inDecks = new Set(cards.map((c) => c.id));
    const orphans = orphanLists.flat().filter((c) => !inDecks.has(c.id));
    for (const c of orphans) {
      writes.push(tx.objectStore('cards').delete(c.id));
      writes.push(graves.put({ key: `card:${c.id}`, kind: 'card', id: c.id, ...stamp }));
    }
    await markDeckTotalsStale(tx.objectStore('meta'), new Set([...ids, ...orphans.map((c) => c.deckId)]));
    return { decks, notes, cards: [...cards, ...orphans] };
  });
}

/** Undo of deleteDeck: decks, notes and cards come back (newly stamped), tombstones go. */
export async function restoreDeletedDecks(gone: DeletedDecks, now: number, dbName?: string): Promise<void> {
  return writeTransaction(dbName, ['decks', 'notes', 'cards', 'graves', 'meta'], 'The deck could not be restored', async (tx, writes) => {
    const stamp = await nextStamp(tx.objectStore('meta'), now);
    const graves = tx.objectStore('graves');
    for (const d of gone.decks) {
      writes.push(tx.objectStore('decks').put(stamped(d, stamp)));
      writes.push(graves.delete(`deck:${d.id}`));
    }
    for (const n of gone.notes) {
      writes.push(tx.objectStore('notes').put(stamped(n, stamp)));
      writes.push(graves.delete(`note:${n.id}`));
    }
    for (const c of gone.cards) {
      writes.push(tx.objectStore('cards').put(stamped(c, stamp)));
      writes.push(graves.delete(`card:${c.id}`));
    }
    await markDeckTotalsStale(tx.objectStore('meta'), new Set(gone.cards.map((c) => c.deckId)));
  });
}

export async function getDeck(deckId: string, dbName?: string): Promise<Deck | undefined> {
  return (await openDatabase(dbName)).get('decks', deckId);
}
