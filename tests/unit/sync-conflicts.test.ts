/**
 * "Changed on two devices" end to end in Node: two simulated devices (fake-indexeddb databases,
 * PouchDB memory replicas) sync through the test sync server (tests/sync-harness.ts). A note
 * edited on both (or edited on one and deleted on the other) is listed on both devices with the
 * note as it is now and the version that lost; "use the other version" and "keep this version"
 * settle it on both devices after their next syncs; states that cannot be acted on say so and
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import memoryAdapter from 'pouchdb-adapter-memory';
import { addNote, deleteNotes, getNote, getNoteCards, updateNote } from '../../src/storage';
import { createDeck } from '../../src/storage/decks';
import { configureSync, enableSync, syncNow } from '../../src/sync/client';
import { keepCurrent, listConflicts, useOther, type ConflictEntry } from '../../src/sync/conflicts';
import { startSyncServer, type SyncServer } from '../sync-harness';
import { freshDbName } from './helpers';

let server: SyncServer;
let dbUrl = '';
const USER = { user: 'casey', password: 'casey-secret' };

beforeAll(async () => {
  server = await startSyncServer();
  dbUrl = await server.createUser(USER.user, USER.password);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

interface Dev {
  db: string;
}
const device = (label: string): Dev => ({ db: freshDbName(`conflicts-${label}`) });

/** Points the client (and so conflicts.ts) at this device's database and replica. */
async function on<T>(d: Dev, f: () => Promise<T>): Promise<T> {
  configureSync({ dbName: d.db, adapter: { name: 'memory', plugin: memoryAdapter }, replicaName: `replica-${d.db}` });
  return f();
}

async function sync(d: Dev): Promise<void> {
  expect(await on(d, () => syncNow())).toMatchObject({ ok: true });
}

/** A then B then A: what either device changed has reached the other, resolutions included. */
async function syncAll(a: Dev, b: Dev): Promise<void> {
  await sync(a);
  await sync(b);
  await sync(a);
}

const list = (d: Dev): Promise<ConflictEntry[]> => on(d, () => listConflicts());
const fieldsOf = async (d: Dev, id: string) => (await getNote(id, d.db))?.fields;

// Before the real clock: "use the other version" stamps with Date.now() and must be the newest write.
let clock = Date.now() - 30 * 86_400_000;
const tick = () => (clock += 60_000);

describe('changed on two devices', () => {
  const a = device('a');
  const b = device('b');
  const notes: string[] = [];

  beforeAll(async () => {
    const deck = await createDeck('Systems', tick(), '', a.db);
    for (let i = 0; i < 6; i++) notes.push((await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: [`Q${i}`, `A${i}`], tags: ['base'] }, tick(), a.db)).note.id);
    expect(await on(a, () => enableSync({ server: dbUrl, ...USER }))).toMatchObject({ ok: true });
    expect(await on(b, () => enableSync({ server: dbUrl, ...USER }))).toMatchObject({ ok: true });
    expect(await fieldsOf(b, notes[0]!)).toEqual(['Q0', 'A0']);
    expect(await list(a)).toEqual([]);
    expect(await list(b)).toEqual([]);
  }, 60_000);

  it('lists a note edited on both devices on both; "use the other version" puts it back everywhere', async () => {
    const n = notes[0]!;
    await updateNote(n, { fields: ['Q0 from A', 'A0'], tags: ['base', 'a'] }, tick(), a.db);
    await updateNote(n, { fields: ['Q0 from B', 'A0 from B'] }, tick(), b.db);
    await syncAll(a, b);

    // B's edit is newer: kept on both; A's is the other version, listed on both devices.
    for (const d of [a, b]) {
      expect(await fieldsOf(d, n)).toEqual(['Q0 from B', 'A0 from B']);
      const l = await list(d);
      expect(l).toHaveLength(1);
      expect(l[0]).toMatchObject({ noteId: n, fieldNames: ['Front', 'Back'], format: 'markdown', current: { fields: ['Q0 from B', 'A0 from B'], tags: ['base'] }, other: { fields: ['Q0 from A', 'A0'], tags: ['base', 'a'] } });
      expect(l[0]!.id.startsWith(`${n}:`)).toBe(true);
    }

    const [entry] = await list(a);
    await on(a, () => useOther(entry!.id));
    // At once on this device: the note holds the other version (cards kept), the entry is gone.
    expect(await fieldsOf(a, n)).toEqual(['Q0 from A', 'A0']);
    expect((await getNote(n, a.db))!.tags).toEqual(['base', 'a']);
    expect(await getNoteCards(n, a.db)).toHaveLength(1);
    expect(await list(a)).toEqual([]);
    // Done twice (a double tap, another tab): a clear message, nothing changed.
    await expect(on(a, () => useOther(entry!.id))).rejects.toThrow('This note was already settled (on this device or another one). Nothing was changed.');

    await syncAll(a, b);
    for (const d of [a, b]) {
      expect(await fieldsOf(d, n)).toEqual(['Q0 from A', 'A0']);
      expect(await list(d)).toEqual([]);
    }
    expect(await fieldsOf(a, notes[1]!)).toEqual(['Q1', 'A1']);
  }, 60_000);

  it('"keep this version" dismisses the entry on both devices and leaves the note as it is', async () => {
    const n = notes[1]!;
    await updateNote(n, { fields: ['Q1 from B', 'A1'] }, tick(), b.db);
    await updateNote(n, { fields: ['Q1 from A', 'A1 from A'] }, tick(), a.db);
    await syncAll(a, b);
    for (const d of [a, b]) expect(await list(d)).toMatchObject([{ noteId: n, current: { fields: ['Q1 from A', 'A1 from A'] }, other: { fields: ['Q1 from B', 'A1'] } }]);

    const [entry] = await list(b);
    await on(b, () => keepCurrent(entry!.id));
    expect(await list(b)).toEqual([]);
    // Still listed on A until A syncs.
    expect(await list(a)).toHaveLength(1);
    await expect(on(b, () => keepCurrent(entry!.id))).rejects.toThrow('already settled');

    await syncAll(a, b);
    for (const d of [a, b]) {
      expect(await list(d)).toEqual([]);
      expect(await fieldsOf(d, n)).toEqual(['Q1 from A', 'A1 from A']);
    }
  }, 60_000);

  it('an edit that beat a deletion: the other version is the deletion, and using it deletes the note everywhere', async () => {
    const n = notes[2]!;
    await deleteNotes([n], tick(), a.db);
    await updateNote(n, { fields: ['Q2 kept', 'A2'] }, tick(), b.db);
    await syncAll(a, b);
    // The newer edit wins, on the device that deleted the note too.
    for (const d of [a, b]) {
      expect(await fieldsOf(d, n)).toEqual(['Q2 kept', 'A2']);
      expect(await list(d)).toMatchObject([{ noteId: n, current: { fields: ['Q2 kept', 'A2'] }, other: { deleted: true } }]);
    }

    const [entry] = await list(a);
    await on(a, () => useOther(entry!.id));
    expect(await getNote(n, a.db)).toBeUndefined();
    expect(await list(a)).toEqual([]);
    await syncAll(a, b);
    for (const d of [a, b]) {
      expect(await getNote(n, d.db)).toBeUndefined();
      expect(await getNoteCards(n, d.db)).toEqual([]);
      expect(await list(d)).toEqual([]);
    }
  }, 60_000);

  it('a deletion that beat an edit: listed with the edit; "use the other version" puts the note back with its cards, everywhere', async () => {
    const n = notes[3]!;
    const cardIds = (await getNoteCards(n, a.db)).map((c) => c.id);
    await updateNote(n, { fields: ['Q3 lost edit', 'A3'] }, tick(), a.db);
    await deleteNotes([n], tick(), b.db);
    await syncAll(a, b);
    for (const d of [a, b]) {
      expect(await getNote(n, d.db)).toBeUndefined();
      const l = await list(d);
      expect(l).toMatchObject([{ noteId: n, current: { deleted: true }, other: { fields: ['Q3 lost edit', 'A3'] } }]);
      // The field names come from the note type the conflict names.
      expect(l[0]!.fieldNames).toEqual(['Front', 'Back']);
    }

    const [entry] = await list(b);
    await on(b, () => useOther(entry!.id));
    expect(await fieldsOf(b, n)).toEqual(['Q3 lost edit', 'A3']);
    expect(await list(b)).toEqual([]);
    await expect(on(b, () => useOther(entry!.id))).rejects.toThrow('already settled');
    await syncAll(a, b);
    for (const d of [a, b]) {
      expect(await list(d)).toEqual([]);
      expect(await fieldsOf(d, n)).toEqual(['Q3 lost edit', 'A3']);
      // Under their old ids: the review history they had still counts.
      expect((await getNoteCards(n, d.db)).map((c) => c.id)).toEqual(cardIds);
    }
  }, 60_000);

  it('an edit kept over a deletion gets its cards back when "keep this version" is chosen', async () => {
    const n = notes[5]!;
    const cardIds = (await getNoteCards(n, a.db)).map((c) => c.id);
    await deleteNotes([n], tick(), a.db);
    await updateNote(n, { fields: ['Q5 kept', 'A5'] }, tick(), b.db);
    await syncAll(a, b);
    // The edit won, but the cards' deletions did too: a note with no cards.
    for (const d of [a, b]) {
      expect(await fieldsOf(d, n)).toEqual(['Q5 kept', 'A5']);
      expect(await getNoteCards(n, d.db)).toEqual([]);
    }
    const [entry] = await list(a);
    await on(a, () => keepCurrent(entry!.id));
    await syncAll(a, b);
    for (const d of [a, b]) {
      expect(await list(d)).toEqual([]);
      expect(await fieldsOf(d, n)).toEqual(['Q5 kept', 'A5']);
      expect((await getNoteCards(n, d.db)).map((c) => c.id)).toEqual(cardIds);
    }
  }, 60_000);

  it('several entries come newest first; an unknown entry is refused with a clear message', async () => {
    // (Notes whose last write was not "use the other version": that one is stamped with the real clock.)
    await updateNote(notes[4]!, { fields: ['Q4 A', 'A4'] }, tick(), a.db);
    await updateNote(notes[1]!, { fields: ['Q1 again A', 'A1'] }, tick(), a.db);
    await updateNote(notes[4]!, { fields: ['Q4 B', 'A4'] }, tick(), b.db);
    await updateNote(notes[1]!, { fields: ['Q1 again B', 'A1'] }, tick(), b.db);
    await syncAll(a, b);
    const l = await list(a);
    expect(l.map((e) => e.noteId)).toEqual([notes[1], notes[4]]);
    expect(l[0]!.at).toBeGreaterThan(l[1]!.at);
    expect(await list(b)).toEqual(l);
    await expect(on(a, () => keepCurrent(`${notes[1]}:9-nothing`))).rejects.toThrow('already settled');
    expect(await list(a)).toEqual(l);
  }, 60_000);
});
