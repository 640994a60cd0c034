/**
 * Reading logical records by id, wherever storage keeps them (a note of a large import may sit
 * in a pack: callers never see that), and the change feed: every record written after a given
 * value of the change counter, tombstones included (stamp.ts).
 */
import type { CardRecord, Deck, Note, NoteType, Tombstone } from '../core/types';
import type { Preset } from '../core/presets';
import { builtinNoteType } from '../formats/notetypes/index';
import { openDatabase, type DB } from './db';
import { findPacked } from './packed';
import { unpack } from './pack-format';
import { USN_KEY } from './stamp';

export async function getNote(id: string, dbName?: string): Promise<Note | undefined> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['notes', 'packs', 'packIndex']);
  const note = (await tx.objectStore('notes').get(id)) ?? (await findPacked({ packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex') }, [id])).notes.get(id);
  await tx.done;
  return note;
}

export async function getCard(id: string, dbName?: string): Promise<CardRecord | undefined> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['cards', 'packs', 'packIndex']);
  const card = (await tx.objectStore('cards').get(id)) ?? (await findPacked({ packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex') }, [], [id])).cards.get(id);
  await tx.done;
  return card;
}

/** Every card of a note, packed or not. */
export async function getNoteCards(noteId: string, dbName?: string): Promise<CardRecord[]> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['cards', 'packs', 'packIndex']);
  const indexed = await tx.objectStore('cards').index('byNote').getAll(noteId);
  const cards = indexed.length ? indexed : [...(await findPacked({ packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex') }, [noteId])).cards.values()];
  await tx.done;
  return cards.sort((a, b) => a.ord - b.ord);
}

export async function getNoteType(id: string, dbName?: string): Promise<NoteType | undefined> {
  return builtinNoteType(id) ?? (await openDatabase(dbName)).get('notetypes', id);
}

export async function listNoteTypes(dbName?: string): Promise<NoteType[]> {
  return (await openDatabase(dbName)).getAll('notetypes');
}

/** The change counter's current value: everything written so far has a usn at most this. */
export async function currentUsn(dbName?: string): Promise<number> {
  return (((await openDatabase(dbName)).get('meta', USN_KEY)) as Promise<number | undefined>).then((v) => v ?? 0);
}

export interface Changes {
  /** The counter value this feed reaches: pass it as `since` next time. */
  usn: number;
  notes: Note[];
  cards: CardRecord[];
  decks: Deck[];
  noteTypes: NoteType[];
  presets: Preset[];
  graves: Tombstone[];
}

/** Every record written after the counter stood at `since`, packed ones included. */
export async function changesSince(since: number, dbName?: string): Promise<Changes> {
  const db: DB = await openDatabase(dbName);
  const after = IDBKeyRange.lowerBound(since, true);
  const tx = db.transaction(['meta', 'notes', 'cards', 'decks', 'notetypes', 'presets', 'graves', 'packs']);
  const [usn, notes, cards, decks, noteTypes, presets, graves, packs] = await Promise.all([
    tx.objectStore('meta').get(USN_KEY) as Promise<number | undefined>,
    tx.objectStore('notes').index('byUsn').getAll(after),
    tx.objectStore('cards').index('byUsn').getAll(after),
    tx.objectStore('decks').index('byUsn').getAll(after),
    tx.objectStore('notetypes').index('byUsn').getAll(after),
    tx.objectStore('presets').index('byUsn').getAll(after),
    tx.objectStore('graves').index('byUsn').getAll(after),
    tx.objectStore('packs').index('byUsn').getAll(after),
  ]);
  await tx.done;
  for (const p of packs) {
    const u = unpack(p);
    for (const n of u.notes) if (n.usn > since) notes.push(n);
    for (const c of u.cards) if (c.usn > since) cards.push(c);
  }
  return { usn: usn ?? 0, notes, cards, decks, noteTypes, presets, graves };
}
