/** The whole collection as one value (backup), and putting one back (restore), atomically. */
import { DEFAULT_SETTINGS, type CardRecord, type CollectionSnapshot, type MediaBytes, type Settings } from '../core/types';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError } from './errors';
import { markDeckTotalsStale } from './deck-totals';
import { buildPacks, choosePacked } from './pack-format';
import { mergeById, unpackAll } from './packs';

const STORES = ['meta', 'decks', 'notes', 'cards', 'revlog', 'media', 'stories', 'packs'] as const;

export async function readSnapshot(now: number, appVersion: string, dbName?: string): Promise<CollectionSnapshot> {
  const db = await openDatabase(dbName);
  const tx = db.transaction([...STORES], 'readonly');
  const [decks, indexedNotes, indexedCards, packs, revlog, mediaRecords, stories, settings] = await Promise.all([
    tx.objectStore('decks').getAll(),
    tx.objectStore('notes').getAll(),
    tx.objectStore('cards').getAll(),
    tx.objectStore('packs').getAll(),
    tx.objectStore('revlog').getAll(),
    tx.objectStore('media').getAll(),
    tx.objectStore('stories').getAll(),
    tx.objectStore('meta').get('settings') as Promise<Partial<Settings> | undefined>,
  ]);
  await tx.done;
  // A backup lists every note and card, whether it sits in a pack (pack-format.ts) or not.
  const fromPacks = unpackAll(packs);
  const notes = mergeById(indexedNotes, fromPacks.notes);
  const cards = mergeById(indexedCards, fromPacks.cards);
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
  // Large decks of never-studied notes are stored in packs again, as an import stores them.
  const reviewed = new Set(snap.revlog.map((r) => r.cardId));
  const cardsOf = new Map<string, CardRecord[]>();
  for (const c of snap.cards) {
    const list = cardsOf.get(c.noteId);
    if (list) list.push(c);
    else cardsOf.set(c.noteId, [c]);
  }
  const builtin = new Set(snap.decks.filter((d) => d.source === 'builtin').map((d) => d.id));
  const known = new Set(snap.decks.map((d) => d.id));
  const toPack = choosePacked(
    snap.notes,
    (id) => (cardsOf.get(id)?.some((c) => reviewed.has(c.id)) ? undefined : cardsOf.get(id)),
    (id) => known.has(id) && !builtin.has(id),
  );
  const packs = [...toPack].flatMap(([deckId, notes]) => buildPacks(deckId, 0, notes, (id) => cardsOf.get(id)!));
  const inPacks = new Set(packs.flatMap((p) => p.notes.map((n) => n.id)));
  const tx = db.transaction([...STORES], 'readwrite');
  const puts: Promise<unknown>[] = [];
  try {
    await Promise.all(STORES.map((s) => tx.objectStore(s).clear()));
    for (const d of snap.decks) puts.push(tx.objectStore('decks').put(d));
    for (const n of snap.notes) if (!inPacks.has(n.id)) puts.push(tx.objectStore('notes').put(n));
    for (const c of snap.cards) if (!inPacks.has(c.noteId)) puts.push(tx.objectStore('cards').put(c));
    for (const p of packs) puts.push(tx.objectStore('packs').put(p));
    for (const r of snap.revlog) puts.push(tx.objectStore('revlog').put(r));
    for (const m of media) puts.push(tx.objectStore('media').put(m));
    for (const s of snap.stories) puts.push(tx.objectStore('stories').put(s));
    puts.push(tx.objectStore('meta').put(snap.settings, 'settings'));
    puts.push(markDeckTotalsStale(tx.objectStore('meta'), 'all'));
    await Promise.all([...puts, tx.done]);
  } catch (e) {
    // A put that throws at once (a record that cannot be stored) leaves the others pending.
    await abandonTransaction(tx, puts);
    throw asStorageError(e, 'The backup could not be restored');
  }
}
