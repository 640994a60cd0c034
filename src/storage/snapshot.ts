/** The whole collection as one value (backup), and putting one back (restore), atomically. */
import { REVLOG_EPOCH_KEY } from './revlog-epoch';
import { DEFAULT_SETTINGS, type CardRecord, type CollectionSnapshot, type MediaBytes, type NoteType, type Settings } from '../core/types';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError } from './errors';
import { markDeckTotalsStale } from './deck-totals';
import { packIndexOf } from './pack-format';
import { packsForNewNotes } from './pack-new';
import { BUILTIN_NOTETYPES, upgradeLegacyNote } from '../formats/notetypes/index';
import { nextStamp, USN_KEY } from './stamp';
import { mergeById, unpackAll } from './packs';
import { packedEntries } from './log-packs';

const STORES = ['meta', 'decks', 'notes', 'cards', 'revlog', 'media', 'stories', 'packs', 'packIndex', 'notetypes', 'presets', 'graves', 'logPacks'] as const;
/** Saved indexes (Browse's, the stats digest) describe the collection being replaced: cleared too. */
const DERIVED = ['search'] as const;

export async function readSnapshot(now: number, appVersion: string, dbName?: string): Promise<CollectionSnapshot> {
  const db = await openDatabase(dbName);
  const tx = db.transaction([...STORES], 'readonly');
  const [decks, indexedNotes, indexedCards, packs, records, mediaRecords, stories, settings, noteTypes, presets, logPacks] = await Promise.all([
    tx.objectStore('decks').getAll(),
    tx.objectStore('notes').getAll(),
    tx.objectStore('cards').getAll(),
    tx.objectStore('packs').getAll(),
    tx.objectStore('revlog').getAll(),
    tx.objectStore('media').getAll(),
    tx.objectStore('stories').getAll(),
    tx.objectStore('meta').get('settings') as Promise<Partial<Settings> | undefined>,
    tx.objectStore('notetypes').getAll(),
    tx.objectStore('presets').getAll(),
    tx.objectStore('logPacks').getAll(),
  ]);
  await tx.done;
  // Synced history stored packed (log-packs.ts) is listed like the rest of the log.
  const revlog = logPacks.length ? [...records, ...logPacks.flatMap(packedEntries)] : records;
  // A backup lists every note and card, whether it sits in a pack (pack-format.ts) or not.
  const fromPacks = unpackAll(packs);
  const notes = mergeById(indexedNotes, fromPacks.notes);
  const cards = mergeById(indexedCards, fromPacks.cards);
  const media: MediaBytes[] = await Promise.all(
    mediaRecords.map(async (m) => ({ id: m.id, deckId: m.deckId, name: m.name, mime: m.mime, data: new Uint8Array(await m.data.arrayBuffer()) })),
  );
  return { version: 1, exportedAt: now, appVersion, decks, noteTypes, presets, notes, cards, revlog, media, stories, settings: { ...DEFAULT_SETTINGS, ...(settings ?? {}) } };
}

/**
 * Replaces the whole collection with `snap` in one transaction: either everything is restored
 * or nothing changes. The record of applied built-in deck versions is cleared, so the next start
 * re-syncs the built-in decks (idempotently: restored progress stays as it is).
 */
export async function restoreSnapshot(input: CollectionSnapshot, dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  const snap = upgradeSnapshot(input, Date.now());
  // Blobs are built before the transaction: awaiting anything else inside it would end it.
  const media = snap.media.map((m) => ({ id: m.id, deckId: m.deckId, name: m.name, mime: m.mime, data: new Blob([m.data as BlobPart], { type: m.mime }) }));
  // Large decks of never-studied notes are stored in packs again, as an import stores them.
  const reviewed = new Set(snap.revlog.map((r) => r.cardId));
  const builtin = new Set(snap.decks.filter((d) => d.source === 'builtin').map((d) => d.id));
  const known = new Set(snap.decks.map((d) => d.id));
  const { packs, noteIds: inPacks } = packsForNewNotes(snap.notes, snap.cards, (id) => reviewed.has(id), (id) => known.has(id) && !builtin.has(id));
  const tx = db.transaction([...STORES, ...DERIVED], 'readwrite');
  const puts: Promise<unknown>[] = [];
  try {
    // The change counter goes on from where it stood (a restore is a change like any other, and
    // must never hand out a usn that sync already saw): read before the stores are cleared.
    const counter = (await tx.objectStore('meta').get(USN_KEY)) as number | undefined;
    const epoch = ((await tx.objectStore('meta').get(REVLOG_EPOCH_KEY)) as number | undefined) ?? 0;
    let highest = counter ?? 0;
    for (const list of [snap.notes, snap.cards, snap.decks, snap.noteTypes]) for (const r of list) if (r.usn > highest) highest = r.usn;
    await Promise.all([...STORES, ...DERIVED].map((s) => tx.objectStore(s).clear()));
    puts.push(tx.objectStore('meta').put(highest, USN_KEY));
    puts.push(tx.objectStore('meta').put(epoch + 1, REVLOG_EPOCH_KEY));
    await nextStamp(tx.objectStore('meta'), Date.now());
    for (const t of snap.noteTypes) puts.push(tx.objectStore('notetypes').put(t));
    for (const p of snap.presets ?? []) puts.push(tx.objectStore('presets').put(p));
    for (const d of snap.decks) puts.push(tx.objectStore('decks').put(d));
    for (const n of snap.notes) if (!inPacks.has(n.id)) puts.push(tx.objectStore('notes').put(n));
    for (const c of snap.cards) if (!inPacks.has(c.noteId)) puts.push(tx.objectStore('cards').put(c));
    for (const p of packs) puts.push(tx.objectStore('packs').put(p), tx.objectStore('packIndex').put(packIndexOf(p)));
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

/** A backup made by an earlier version, in today's record shapes (note types, stamps). */
function upgradeSnapshot(snap: CollectionSnapshot, now: number): CollectionSnapshot & { noteTypes: NoteType[] } {
  const types = new Map([...BUILTIN_NOTETYPES, ...(snap.noteTypes ?? [])].map((t) => [t.id, t]));
  return {
    ...snap,
    noteTypes: [...types.values()],
    decks: snap.decks.map((d) => {
      const { updatedAt, ...rest } = d as typeof d & { updatedAt?: number };
      return { ...rest, mtime: d.mtime ?? updatedAt ?? now, usn: d.usn ?? 0 };
    }),
    notes: snap.notes.map((n) => (n.fields && n.noteTypeId && n.usn !== undefined ? n : upgradeLegacyNote(n as never, now))),
    cards: snap.cards.map((c) => (c.usn === undefined ? { ...c, mtime: c.last_review ?? now, usn: 0 } : c)),
  };
}
