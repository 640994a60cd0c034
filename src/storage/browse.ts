/**
 * What Browse's search worker reads: every note and card (packed ones included) with the change
 * counter they were read at, in one transaction; and its saved index (the `search` store).
 */
import type { CardRecord, Deck, Note } from '../core/types';
import { openDatabase } from './db';
import { unpackAll } from './packs';
import { USN_KEY } from './stamp';

export interface BrowseSource {
  usn: number;
  notes: Note[];
  cards: CardRecord[];
  decks: Deck[];
}

export async function readBrowseSource(dbName?: string): Promise<BrowseSource> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['meta', 'notes', 'cards', 'packs', 'decks']);
  const [usn, notes, cards, packs, decks] = await Promise.all([
    tx.objectStore('meta').get(USN_KEY) as Promise<number | undefined>,
    tx.objectStore('notes').getAll(),
    tx.objectStore('cards').getAll(),
    tx.objectStore('packs').getAll(),
    tx.objectStore('decks').getAll(),
  ]);
  await tx.done;
  const packed = unpackAll(packs);
  for (const n of packed.notes) notes.push(n);
  for (const c of packed.cards) cards.push(c);
  return { usn: usn ?? 0, notes, cards, decks };
}

const KEY = 'browse';

export async function loadSearchSnapshot<T>(dbName?: string): Promise<T | undefined> {
  return (await (await openDatabase(dbName)).get('search', KEY)) as T | undefined;
}

export async function saveSearchSnapshot(value: unknown, dbName?: string): Promise<void> {
  await (await openDatabase(dbName)).put('search', value, KEY);
}

/**
 * The first rows Browse shows, read straight from the card indexes while the search worker
 * opens: scheduled cards by due date, then new cards in introduction order (the default sort).
 */
export async function firstBrowseCards(limit: number, dbName?: string): Promise<{ cards: CardRecord[]; notes: Note[] }> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['cards', 'notes']);
  const idx = tx.objectStore('cards').index('byBucketDue');
  const bucket = (b: number) => IDBKeyRange.bound([b, -Infinity], [b, Infinity]);
  const [learning, review, fresh] = await Promise.all([idx.getAll(bucket(1), limit), idx.getAll(bucket(2), limit), idx.getAll(bucket(0), limit)]);
  const scheduled = [...learning, ...review].sort((a, b) => a.due - b.due).slice(0, limit);
  const cards = [...scheduled, ...fresh].slice(0, limit);
  const notes = (await Promise.all([...new Set(cards.map((c) => c.noteId))].map((id) => tx.objectStore('notes').get(id)))).filter((n): n is Note => n !== undefined);
  await tx.done;
  const have = new Set(notes.map((n) => n.id));
  return { cards: cards.filter((c) => have.has(c.noteId)), notes };
}
