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
