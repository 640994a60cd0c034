/** The whole collection as one value (backup), and putting one back (restore), atomically. */
import { DEFAULT_SETTINGS, type CollectionSnapshot, type MediaBytes, type Settings } from '../core/types';
import { openDatabase } from './db';
import { asStorageError, settleQuietly } from './errors';
import { markDeckTotalsStale } from './deck-totals';

const STORES = ['meta', 'decks', 'notes', 'cards', 'revlog', 'media', 'stories'] as const;

export async function readSnapshot(now: number, appVersion: string, dbName?: string): Promise<CollectionSnapshot> {
  const db = await openDatabase(dbName);
  const tx = db.transaction([...STORES], 'readonly');
  const [decks, notes, cards, revlog, mediaRecords, stories, settings] = await Promise.all([
    tx.objectStore('decks').getAll(),
    tx.objectStore('notes').getAll(),
    tx.objectStore('cards').getAll(),
    tx.objectStore('revlog').getAll(),
    tx.objectStore('media').getAll(),
    tx.objectStore('stories').getAll(),
    tx.objectStore('meta').get('settings') as Promise<Partial<Settings> | undefined>,
  ]);
  await tx.done;
  const media: MediaBytes[] = await Promise.all(
    mediaRecords.map(async (m) => ({ id: m.id, deckId: m.deckId, name: m.name, mime: m.mime, data: new Uint8Array(await m.data.arrayBuffer()) })),
  );
  return { version: 1, exportedAt: now, appVersion, decks, notes, cards, revlog, media, stories, settings: { ...DEFAULT_SETTINGS, ...(settings ?? {}) } };
}

/**
 * Replaces the whole collection with `snap` in one transaction: either everything is restored
 * or nothing changes. The record of applied built-in deck versions is cleared, so the next start
 * re-syncs the built-in decks (idempotently: restored progress stays as it is).
 */
export async function restoreSnapshot(snap: CollectionSnapshot, dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  // Blobs are built before the transaction: awaiting anything else inside it would end it.
  const media = snap.media.map((m) => ({ id: m.id, deckId: m.deckId, name: m.name, mime: m.mime, data: new Blob([m.data as BlobPart], { type: m.mime }) }));
  const tx = db.transaction([...STORES], 'readwrite');
  const puts: Promise<unknown>[] = [];
  try {
    await Promise.all(STORES.map((s) => tx.objectStore(s).clear()));
    for (const d of snap.decks) puts.push(tx.objectStore('decks').put(d));
    for (const n of snap.notes) puts.push(tx.objectStore('notes').put(n));
    for (const c of snap.cards) puts.push(tx.objectStore('cards').put(c));
    for (const r of snap.revlog) puts.push(tx.objectStore('revlog').put(r));
    for (const m of media) puts.push(tx.objectStore('media').put(m));
    for (const s of snap.stories) puts.push(tx.objectStore('stories').put(s));
    puts.push(tx.objectStore('meta').put(snap.settings, 'settings'));
    puts.push(markDeckTotalsStale(tx.objectStore('meta'), 'all'));
    await Promise.all([...puts, tx.done]);
  } catch (e) {
    // A put that throws at once (a record that cannot be stored) leaves the others pending.
    settleQuietly(puts);
    try {
      tx.abort();
    } catch {
      /* already aborted */
    }
    await tx.done.catch(() => undefined);
    throw asStorageError(e, 'The backup could not be restored');
  }
}
