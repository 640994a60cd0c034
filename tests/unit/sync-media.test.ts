/**
 * Media files through sync, end to end in Node: devices are fake-indexeddb databases with PouchDB
 * memory replicas, the server is the test sync server (tests/sync-harness.ts: pouchdb-server's
 * parts over LevelDB, admin party off). A deck imported with an image and an audio file on one
 * device arrives byte for byte on another; the same bytes go up once; a sync with nothing new
 * sends nothing; built-in decks' media stay on the device; a file replaced under the same name
 * follows; a deleted deck's media go on the other devices too (and come back with an undo);
 * a 5 MB file syncs; two devices that imported the same deck before syncing end with one copy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import memoryAdapter from 'pouchdb-adapter-memory';
import { applyBuiltinDeck, commitImportPlan, openDatabase } from '../../src/storage';
import { deleteDeck, restoreDeletedDecks } from '../../src/storage/decks';
import { configureSync, enableSync, syncNow } from '../../src/sync/client';
import { DEFAULT_SETTINGS, type MediaRecord } from '../../src/core/types';
import type { ImportPlan, PlanMedia } from '../../src/formats/plan';
import { png as pngOf } from '../fixtures/anki-render';
import { userDbName } from '../sync-harness';
import { useSyncServer } from './use-sync-server';
import { freshDbName, sampleDeck } from './helpers';

const server = useSyncServer();

// ---- small real files

/** A w×h PNG of one colour (the fixture encoder: decodable by any image decoder). */
const png = (w: number, h: number, rgb: [number, number, number]): Uint8Array => pngOf(w, h, () => rgb);

/** An MP3-shaped file: an ID3v2 header, then MPEG-1 Layer III frame headers (128 kbit/s, 44.1 kHz) over `seed`-dependent bytes. */
function mp3ish(frames: number, seed: number): Uint8Array {
  const FRAME = 417;
  const out = new Uint8Array(10 + frames * FRAME);
  out.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0], 0);
  let x = seed;
  for (let f = 0; f < frames; f++) {
    const at = 10 + f * FRAME;
    out.set([0xff, 0xfb, 0x90, 0x64], at);
    for (let i = 4; i < FRAME; i++) out[at + i] = x = (x * 1103515245 + 12345) & 0xff;
  }
  return out;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// ---- devices

interface Dev {
  db: string;
}
let clock = 1_760_000_000_000;
const tick = () => (clock += 60_000);

function device(label: string): Dev {
  return { db: freshDbName(`media-${label}`) };
}
function use(d: Dev): void {
  configureSync({ dbName: d.db, adapter: { name: 'memory', plugin: memoryAdapter }, replicaName: `replica-${d.db}` });
}
async function sync(d: Dev) {
  use(d);
  const out = await syncNow();
  expect(out).toMatchObject({ ok: true });
  return out as { ok: true; pushed: number; pulled: number };
}
async function turnOn(d: Dev, dbUrl: string, user: string, password: string) {
  use(d);
  const out = await enableSync({ server: dbUrl, user, password });
  expect(out).toMatchObject({ ok: true });
  return out as { ok: true; pushed: number; pulled: number };
}

/** A deck with one note per media file (`<img>` or `[sound:]`), as an import plan. */
function deckPlan(deckId: string, name: string, media: Omit<PlanMedia, 'deckId'>[]): ImportPlan {
  const notes = media.map((m, i) => ({
    id: `${deckId}-n${i}`,
    deckId,
    kind: 'basic' as const,
    format: 'html' as const,
    front: m.mime.startsWith('image/') ? `What is shown? <img src="${m.name}">` : `What is heard? [sound:${m.name}]`,
    back: `File ${m.name}`,
    tags: [],
    topics: [],
    mtime: 0,
  }));
  return {
    format: 'csv',
    decks: [{ id: deckId, name }],
    notes,
    cards: notes.map((n, i) => ({ id: `${n.id}-c0`, noteId: n.id, deckId, ord: 0, newPosition: i })),
    revlog: [],
    media: media.map((m) => ({ ...m, deckId })),
    warnings: [],
    stats: { clozeNotes: 0, mediaInMap: media.length, missingMedia: [], strippedScripts: 0 },
  };
}

async function importDeck(d: Dev, plan: ImportPlan) {
  await commitImportPlan(plan, { mode: 'fresh', now: tick(), params: DEFAULT_SETTINGS, dbName: d.db });
}

/** The device's media of one deck: name → mime, size and SHA-256 of the bytes. */
async function mediaOf(d: Dev, deckId: string): Promise<Record<string, { mime: string; size: number; sha: string; blobType: string }>> {
  const db = await openDatabase(d.db);
  const recs = (await db.getAll('media')) as MediaRecord[];
  const out: Record<string, { mime: string; size: number; sha: string; blobType: string }> = {};
  for (const r of recs.filter((m) => m.deckId === deckId).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    expect(r.id).toBe(`${deckId}/${r.name}`);
    const bytes = new Uint8Array(await r.data.arrayBuffer());
    out[r.name] = { mime: r.mime, size: bytes.length, sha: sha(bytes), blobType: r.data.type };
  }
  return out;
}

const expected = (files: Omit<PlanMedia, 'deckId'>[]) => Object.fromEntries(files.map((f) => [f.name, { mime: f.mime, size: f.data.length, sha: sha(f.data), blobType: f.mime }]));

/** The server's documents of one kind (admin view). */
async function serverDocs(user: string, prefix: 'media:' | 'mediaref:'): Promise<{ _id: string; [k: string]: unknown }[]> {
  const q = `startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}&include_docs=true`;
  const r = await server.adminRequest('GET', `/${userDbName(user)}/_all_docs?${q}`);
  expect(r.status).toBe(200);
  return r.body.rows.map((row: { doc: { _id: string } }) => row.doc);
}

/** The bytes of a `media:` document's attachment on the server. */
async function serverBytes(user: string, hash: string): Promise<Uint8Array> {
  const r = await fetch(`${server.url}/${userDbName(user)}/media:${hash}/data`, { headers: { Authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` } });
  expect(r.status).toBe(200);
  return new Uint8Array(await r.arrayBuffer());
}

// ---- the files

const DIAGRAM = { name: 'diagram.png', mime: 'image/png', data: png(24, 24, [0xdd, 0x22, 0x22]) };
const TONE = { name: 'tone.mp3', mime: 'audio/mpeg', data: mp3ish(6, 7) };
const SHARED = { name: 'shared.png', mime: 'image/png', data: png(16, 8, [0x22, 0x66, 0xdd]) };

describe('media through sync', () => {
  const user = 'mia';
  const password = 'mia-secret';
  let dbUrl = '';
  const a = device('a');
  const b = device('b');

  beforeAll(async () => {
    dbUrl = await server.createUser(user, password);
  });

  it('an image and an audio file imported on A arrive on B with the same bytes, type and name', async () => {
    await importDeck(a, deckPlan('imp-media-1', 'Media One', [DIAGRAM, TONE]));
    await turnOn(a, dbUrl, user, password);
    const refs = await serverDocs(user, 'mediaref:');
    expect(refs.map((d) => d._id).sort()).toEqual(['mediaref:imp-media-1/diagram.png', 'mediaref:imp-media-1/tone.mp3']);
    const media = await serverDocs(user, 'media:');
    expect(media.map((d) => d._id).sort()).toEqual([`media:${sha(DIAGRAM.data)}`, `media:${sha(TONE.data)}`].sort());
    expect([...(await serverBytes(user, sha(TONE.data)))]).toEqual([...TONE.data]);

    await turnOn(b, dbUrl, user, password);
    expect(await mediaOf(b, 'imp-media-1')).toEqual(expected([DIAGRAM, TONE]));
    expect(await mediaOf(a, 'imp-media-1')).toEqual(expected([DIAGRAM, TONE]));
    // The deck and its cards came along too.
    const db = await openDatabase(b.db);
    expect((await db.get('decks', 'imp-media-1'))?.name).toBe('Media One');
    expect(await db.countFromIndex('cards', 'byDeck', 'imp-media-1')).toBe(2);
  }, 60_000);

  it('a sync with nothing new sends nothing, on either device', async () => {
    expect((await sync(a)).pushed).toBe(0);
    expect((await sync(b)).pushed).toBe(0);
    expect((await sync(a)).pushed).toBe(0);
  }, 60_000);

  it('the same bytes in two decks are uploaded once', async () => {
    await importDeck(a, deckPlan('imp-media-2', 'Media Two', [SHARED, { ...DIAGRAM, name: 'same-as-diagram.png' }]));
    await importDeck(a, deckPlan('imp-media-3', 'Media Three', [{ ...SHARED, name: 'copy.png' }]));
    await sync(a);
    const media = await serverDocs(user, 'media:');
    expect(media.map((d) => d._id).sort()).toEqual([DIAGRAM, TONE, SHARED].map((f) => `media:${sha(f.data)}`).sort());
    expect((await serverDocs(user, 'mediaref:')).length).toBe(5);
    await sync(b);
    expect(await mediaOf(b, 'imp-media-2')).toEqual(expected([SHARED, { ...DIAGRAM, name: 'same-as-diagram.png' }]));
    expect(await mediaOf(b, 'imp-media-3')).toEqual(expected([{ ...SHARED, name: 'copy.png' }]));
    expect((await sync(a)).pushed).toBe(0);
    expect((await sync(b)).pushed).toBe(0);
  }, 60_000);

  it("media of built-in decks never leave the device", async () => {
    const secret = { name: 'builtin-only.png', mime: 'image/png', data: png(5, 5, [1, 2, 3]) };
    await applyBuiltinDeck(sampleDeck('bi-media', 2), tick(), a.db);
    // An import into a built-in deck's id keeps it built-in (as a shipped deck with media would be).
    await importDeck(a, deckPlan('bi-media', 'Deck bi-media', [secret]));
    expect((await (await openDatabase(a.db)).get('decks', 'bi-media'))?.source).toBe('builtin');
    expect(Object.keys(await mediaOf(a, 'bi-media'))).toEqual(['builtin-only.png']);
    await sync(a);
    expect((await serverDocs(user, 'mediaref:')).filter((d) => d._id.includes('bi-media'))).toEqual([]);
    expect((await serverDocs(user, 'media:')).map((d) => d._id)).not.toContain(`media:${sha(secret.data)}`);
    await applyBuiltinDeck(sampleDeck('bi-media', 2), tick(), b.db);
    await sync(b);
    expect(await mediaOf(b, 'bi-media')).toEqual({});
  }, 60_000);

  it('a file replaced under the same name on A (re-import) reaches B, also when its size is unchanged', async () => {
    const bigger = { ...DIAGRAM, data: png(32, 20, [0x11, 0xaa, 0x33]) };
    const sameSize = { ...TONE, data: mp3ish(6, 99) };
    expect(sameSize.data.length).toBe(TONE.data.length);
    await importDeck(a, deckPlan('imp-media-1', 'Media One', [bigger, sameSize]));
    expect(await mediaOf(a, 'imp-media-1')).toEqual(expected([bigger, sameSize]));
    await sync(a);
    const refs = await serverDocs(user, 'mediaref:');
    expect(refs.find((d) => d._id === 'mediaref:imp-media-1/diagram.png')).toMatchObject({ body: { hash: sha(bigger.data) } });
    expect(refs.find((d) => d._id === 'mediaref:imp-media-1/tone.mp3')).toMatchObject({ body: { hash: sha(sameSize.data) } });
    await sync(b);
    expect(await mediaOf(b, 'imp-media-1')).toEqual(expected([bigger, sameSize]));
    // And nothing goes back and forth after that.
    expect((await sync(b)).pushed).toBe(0);
    expect((await sync(a)).pushed).toBe(0);
    expect(await mediaOf(a, 'imp-media-1')).toEqual(expected([bigger, sameSize]));
  }, 60_000);

  it('a deck deleted on A takes its media with it on B; undoing the delete brings them back', async () => {
    expect(Object.keys(await mediaOf(b, 'imp-media-3'))).toEqual(['copy.png']);
    const gone = await deleteDeck('imp-media-3', tick(), a.db);
    await sync(a);
    await sync(b);
    const db = await openDatabase(b.db);
    expect(await db.get('decks', 'imp-media-3')).toBeUndefined();
    expect(await db.countFromIndex('cards', 'byDeck', 'imp-media-3')).toBe(0);
    expect(await mediaOf(b, 'imp-media-3')).toEqual({});
    // The other decks keep theirs (the same bytes are still used by imp-media-2).
    expect(Object.keys(await mediaOf(b, 'imp-media-2'))).toEqual(['same-as-diagram.png', 'shared.png']);

    // A device that joins later never downloads the deleted deck's files.
    const c = device('c');
    await turnOn(c, dbUrl, user, password);
    expect(await mediaOf(c, 'imp-media-3')).toEqual({});
    expect(Object.keys(await mediaOf(c, 'imp-media-2'))).toEqual(['same-as-diagram.png', 'shared.png']);

    // Undo on A (its files stayed there): the deck and its files come back everywhere.
    await restoreDeletedDecks(gone, tick(), a.db);
    await sync(a);
    await sync(b);
    expect((await db.get('decks', 'imp-media-3'))?.name).toBe('Media Three');
    expect(await mediaOf(b, 'imp-media-3')).toEqual(expected([{ ...SHARED, name: 'copy.png' }]));
    await sync(c);
    expect(await mediaOf(c, 'imp-media-3')).toEqual(expected([{ ...SHARED, name: 'copy.png' }]));
  }, 90_000);

  it('a 5 MB file syncs', async () => {
    const lecture = { name: 'lecture.mp3', mime: 'audio/mpeg', data: new Uint8Array(randomBytes(5 * 1024 * 1024)) };
    await importDeck(a, deckPlan('imp-media-big', 'Big Media', [lecture]));
    await sync(a);
    expect(sha(await serverBytes(user, sha(lecture.data)))).toBe(sha(lecture.data));
    await sync(b);
    expect(await mediaOf(b, 'imp-media-big')).toEqual(expected([lecture]));
  }, 120_000);
});

describe('two devices that imported the same deck before syncing', () => {
  it('end with one copy of each file on the server and the same files on both', async () => {
    const dbUrl = await server.createUser('noor', 'noor-secret');
    const d = device('d');
    const e = device('e');
    const plan = deckPlan('imp-both', 'Both', [DIAGRAM, TONE]);
    await importDeck(d, plan);
    await importDeck(e, plan);
    await turnOn(d, dbUrl, 'noor', 'noor-secret');
    await turnOn(e, dbUrl, 'noor', 'noor-secret');
    await sync(d);
    expect(await mediaOf(d, 'imp-both')).toEqual(expected([DIAGRAM, TONE]));
    expect(await mediaOf(e, 'imp-both')).toEqual(expected([DIAGRAM, TONE]));
    const media = await serverDocs('noor', 'media:');
    expect(media.map((x) => x._id).sort()).toEqual([`media:${sha(DIAGRAM.data)}`, `media:${sha(TONE.data)}`].sort());
    // No document is left with two live revisions.
    for (const prefix of ['media:', 'mediaref:'] as const) {
      for (const doc of await serverDocs('noor', prefix)) {
        const r = await server.adminRequest('GET', `/${userDbName('noor')}/${encodeURIComponent(doc._id)}?conflicts=true`);
        expect(r.body._conflicts ?? []).toEqual([]);
      }
    }
    expect((await sync(e)).pushed).toBe(0);
    expect((await sync(d)).pushed).toBe(0);
  }, 90_000);
});
