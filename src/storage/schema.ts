/**
 * The IndexedDB schema as a type (idb's DBSchema), and its numbered migrations.
 * Every version's upgrade runs in order, so a database created by any earlier version reaches
 * the current shape with its records kept (tests/unit/migrations.test.ts opens each one).
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { CardRecord, Deck, MediaRecord, Note, NoteType, ReviewLogRecord, StoryRecord, Tombstone } from '../core/types';
import type { Preset } from '../core/presets';
import { packIndexOf, type PackIndexRecord, type PackRecord } from './pack-format';
import { BUILTIN_NOTETYPES, upgradeLegacyNote } from '../formats/notetypes/builtin';
import { bucketOf } from '../core/buckets';
import type { LogPackRecord } from './log-packs';

export const DB_NAME = 'prepdeck';
export const DB_VERSION = 5;

export interface PrepdeckDB extends DBSchema {
  /**
   * Small key-value records: settings, built-in deck versions, install facts, and the cached
   * card total of each deck (deck-totals.ts): a transaction that adds, removes or moves cards
   * must call `markDeckTotalsStale` for the decks it touched.
   */
  meta: { key: string; value: unknown };
  decks: { key: string; value: Deck; indexes: { byUsn: number } };
  notes: { key: string; value: Note; indexes: { byDeck: string; byGuid: string; byUsn: number } };
  cards: {
    key: string;
    value: CardRecord;
    indexes: {
      byNote: string;
      byDeck: string;
      /** [bucket, due]: today's queue over all decks. */
      byBucketDue: [number, number];
      /** [deckId, bucket, due]: today's queue for one deck. */
      byDeckBucketDue: [string, number, number];
      byUsn: number;
    };
  };
  revlog: { key: string; value: ReviewLogRecord; indexes: { byCard: string; byTime: number } };
  media: { key: string; value: MediaRecord; indexes: { byDeck: string } };
  stories: { key: string; value: StoryRecord };
  /**
   * Never-studied notes of large imports, many per record (packs.ts): key
   * [deckId, seq, cards in the pack], so that the key listing alone gives every deck's packed
   * card count.
   */
  packs: { key: [string, number, number]; value: PackRecord; indexes: { byUsn: number } };
  /** The note ids of each pack, under the pack's key: finds a packed note without reading packs. */
  packIndex: { key: [string, number, number]; value: PackIndexRecord };
  notetypes: { key: string; value: NoteType; indexes: { byUsn: number } };
  presets: { key: string; value: Preset; indexes: { byUsn: number } };
  /** Tombstones of deleted records (key `${kind}:${id}`), for the change feed. */
  graves: { key: string; value: Tombstone; indexes: { byUsn: number } };
  /** Browse's saved search index and rows (one record, written by the search worker). */
  search: { key: string; value: unknown };
  /** Review history that a big sync pull brought, packed by card bucket (log-packs.ts). */
  logPacks: { key: number; value: LogPackRecord };
}

export type Tx = IDBPTransaction<PrepdeckDB, StoreNames<PrepdeckDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<PrepdeckDB>, tx: Tx) => Promise<void> | void;

/** migrations[v - 1] upgrades a database from version v - 1 to version v. */
export const migrations: Migration[] = [
  // 1: the first release: decks, notes, cards with a due index, the review log, media, settings.
  (db) => {
    db.createObjectStore('meta');
    db.createObjectStore('decks', { keyPath: 'id' });
    const notes = db.createObjectStore('notes', { keyPath: 'id' });
    notes.createIndex('byDeck', 'deckId');
    notes.createIndex('byGuid', 'guid');
    const cards = db.createObjectStore('cards', { keyPath: 'id' });
    cards.createIndex('byNote', 'noteId');
    cards.createIndex('byDeck', 'deckId');
    const revlog = db.createObjectStore('revlog', { keyPath: 'id' });
    revlog.createIndex('byCard', 'cardId');
    revlog.createIndex('byTime', 'time');
    const media = db.createObjectStore('media', { keyPath: 'id' });
    media.createIndex('byDeck', 'deckId');
  },
  // 2: queue buckets. Cards gain `bucket` (new / learning / review / suspended) and compound
  // [bucket, due] indexes, so today's queue is a few index ranges instead of a scan; the
  // "My story" answers of behavioural cards get their own store.
  async (db, tx) => {
    const cards = tx.objectStore('cards');
    let cursor = await cards.openCursor();
    while (cursor) {
      const c = cursor.value;
      if (c.bucket === undefined) await cursor.update({ ...c, bucket: bucketOf(c.state, Boolean(c.suspended)) });
      cursor = await cursor.continue();
    }
    cards.createIndex('byBucketDue', ['bucket', 'due']);
    cards.createIndex('byDeckBucketDue', ['deckId', 'bucket', 'due']);
    db.createObjectStore('stories', { keyPath: 'noteId' });
  },
  // 3: packs. A large import writes its never-studied notes and cards hundreds to a record
  // (one IndexedDB request costs ~0.1 ms in Chromium, so a record per note and per card capped
  // imports near 4,000 cards a second); a note moves to the indexed stores when it is studied.
  (db) => {
    db.createObjectStore('packs', { keyPath: ['deckId', 'seq', 'size'] });
  },
  // 4: the record layer. Notes hold fields of a note type (stored in `notetypes`); every note,
  // card, deck, note type and preset carries `mtime` and `usn` (this device's change counter,
  // `meta.usn`) with a `byUsn` index, deletions leave tombstones in `graves`, and `packIndex`
  // lists the note ids of each pack. Existing notes become notes of the built-in type of their
  // kind; nothing else about them changes.
  async (db, tx) => {
    const now = Date.now();
    const notes = tx.objectStore('notes');
    for (let c = await notes.openCursor(); c; c = await c.continue()) await c.update(upgradeLegacyNote(c.value as never, now));
    notes.createIndex('byUsn', 'usn');
    const cards = tx.objectStore('cards');
    for (let c = await cards.openCursor(); c; c = await c.continue()) {
      if (c.value.usn === undefined) await c.update({ ...c.value, mtime: c.value.last_review ?? now, usn: 0 });
    }
    cards.createIndex('byUsn', 'usn');
    const decks = tx.objectStore('decks');
    for (let c = await decks.openCursor(); c; c = await c.continue()) {
      const { updatedAt, ...d } = c.value as Deck & { updatedAt?: number };
      await c.update({ ...d, mtime: d.mtime ?? updatedAt ?? now, usn: d.usn ?? 0 });
    }
    decks.createIndex('byUsn', 'usn');
    const packs = tx.objectStore('packs');
    const index = db.createObjectStore('packIndex', { keyPath: ['deckId', 'seq', 'size'] });
    for (let c = await packs.openCursor(); c; c = await c.continue()) {
      const p = c.value;
      const upgraded = { ...p, usn: 0, maxUsn: 0, mtime: now, notes: p.notes.map((n) => upgradeLegacyNote(n as never, now)) };
      await c.update(upgraded);
      await index.put(packIndexOf(upgraded));
    }
    packs.createIndex('byUsn', 'maxUsn');
    const types = db.createObjectStore('notetypes', { keyPath: 'id' });
    types.createIndex('byUsn', 'usn');
    for (const t of BUILTIN_NOTETYPES) await types.put(t);
    db.createObjectStore('presets', { keyPath: 'id' }).createIndex('byUsn', 'usn');
    db.createObjectStore('graves', { keyPath: 'key' }).createIndex('byUsn', 'usn');
    db.createObjectStore('search');
  },
  // 5: packed review history. A first sync stores the other devices' older entries as tuples
  // bucketed by card (log-packs.ts) instead of a record each; existing records stay as they are.
  (db) => {
    db.createObjectStore('logPacks', { keyPath: 'bucket' });
  },
];
