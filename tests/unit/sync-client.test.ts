/**
 * The sync client end to end in Node: two simulated devices (two fake-indexeddb databases, each
 * with a PouchDB memory replica) sync through a real pouchdb-server (LevelDB data dir, so it
 * survives a restart) with an admin and a user: grades, undos, edits, deletions in various
 * orders end in the same records and the full log; a wrong password changes nothing; a server
 * killed mid-replication loses nothing; the sync state never reaches a backup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import memoryAdapter from 'pouchdb-adapter-memory';
import { addNote, getNote, commitReview, deleteNotes, getNoteCards, readSnapshot, saveStory, setCards, undoReview, updateNote } from '../../src/storage';
import { createDeck } from '../../src/storage/decks';
import { getSettings } from '../../src/storage/settings';
import { openDatabase } from '../../src/storage/db';
import { configureSync, disableSync, enableSync, getSyncStatus, syncNow } from '../../src/sync/client';
import { readSyncState } from '../../src/storage/sync-records';
import { gradeCard } from '../../src/core/scheduler';
import { freshDbName, settings } from './helpers';
import type { Rating } from '../../src/core/types';
import { writeBackup } from '../../src/formats/backup/write';
import { BUCKETS, setBucketsForTests } from '../../src/sync/bundles';

const ROOT = resolvePath(__dirname, '../..');
let server: ChildProcess | undefined;
let port = 0;
let dataDir = '';
const ADMIN = { user: 'admin', password: 'admin-secret' };
const USER = { user: 'alice', password: 'alice-secret' };
const DB_URL = () => `http://127.0.0.1:${port}/userdb-616c696365`;

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as { port: number };
      s.close(() => res(a.port));
    });
  });
}

async function startServer(): Promise<void> {
  server = spawn(process.execPath, [join(ROOT, 'node_modules/pouchdb-server/bin/pouchdb-server'), '--dir', join(dataDir, 'db'), '--port', String(port), '--host', '127.0.0.1', '--no-stdout-logs', '--config', join(dataDir, 'config.json')], { cwd: dataDir, stdio: ['ignore', 'ignore', 'ignore'] });
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('pouchdb-server did not start');
}

function stopServer(): Promise<void> {
  const s = server;
  server = undefined;
  if (!s?.pid) return Promise.resolve();
  return new Promise((res) => {
    s.once('exit', () => res());
    process.kill(s.pid!, 'SIGKILL');
  });
}

const basic = (u: { user: string; password: string }) => ({ Authorization: `Basic ${Buffer.from(`${u.user}:${u.password}`).toString('base64')}`, 'Content-Type': 'application/json' });

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${path}`, { method, headers: basic(ADMIN), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'prepdeck-sync-client-'));
  port = await freePort();
  await startServer();
  // Admin party over: an admin, a user, and the user's own database.
  await fetch(`http://127.0.0.1:${port}/_config/admins/${ADMIN.user}`, { method: 'PUT', body: JSON.stringify(ADMIN.password) });
  await admin('PUT', `/_users/org.couchdb.user:${USER.user}`, { name: USER.user, password: USER.password, roles: [], type: 'user' });
  await admin('PUT', '/userdb-616c696365');
  await admin('PUT', '/userdb-616c696365/_security', { admins: { names: [], roles: [] }, members: { names: [USER.user], roles: [] } });
}, 60_000);

afterAll(async () => {
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Dev {
  db: string;
}
function device(label: string): Dev {
  return { db: freshDbName(`sync-${label}`) };
}
function use(d: Dev): void {
  configureSync({ dbName: d.db, adapter: { name: 'memory', plugin: memoryAdapter }, replicaName: `replica-${d.db}` });
}
async function on<T>(d: Dev, f: () => Promise<T>): Promise<T> {
  use(d);
  return f();
}

let clock = 1_750_000_000_000;
const tick = () => (clock += 60_000);

async function grade(d: Dev, noteId: string, rating: Rating): Promise<string> {
  const [card] = await getNoteCards(noteId, d.db);
  const now = tick();
  const logId = `r${now.toString(36)}-${d.db.slice(-6)}-${card!.id}`;
  // With the device's own options, as the review screen grades (replay uses them too).
  const { card: after, log } = gradeCard(card!, rating, now, 4000, await getSettings(d.db), logId);
  await commitReview(card!, after, log, now, undefined, d.db);
  return logId;
}

async function undo(d: Dev, noteId: string, logId: string): Promise<void> {
  const snap = await readSnapshot(clock, 'test', d.db);
  const log = snap.revlog.find((r) => r.id === logId)!;
  const [card] = await getNoteCards(noteId, d.db);
  const before = { ...card!, state: log.stateBefore, due: log.dueBefore, stability: log.stabilityBefore, difficulty: log.difficultyBefore, reps: card!.reps - 1 };
  await undoReview(before, logId, tick(), [], d.db);
}

/** What must be equal on both devices. */
async function view(d: Dev) {
  const s = await readSnapshot(clock, 'test', d.db);
  const strip = <T extends object>(r: T) => {
    const { usn: _u, mtime: _m, original: _o, ...rest } = r as T & { usn?: number; mtime?: number; original?: unknown };
    return rest;
  };
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  return {
    decks: s.decks.filter((x) => x.source !== 'builtin').map(strip).sort(byId),
    notes: s.notes.filter((n) => n.source !== 'builtin').map(strip).sort(byId),
    cards: s.cards.filter((c) => !c.noteId.startsWith('builtin')).map(strip).sort(byId),
    revlog: s.revlog.map((r) => r.id).sort(),
    stories: s.stories.map((x) => ({ noteId: x.noteId, text: x.text })),
  };
}

async function sync(d: Dev) {
  const out = await on(d, () => syncNow());
  expect(out).toMatchObject({ ok: true });
  return out;
}

describe('sync client', () => {
  const a = device('a');
  const b = device('b');
  const notes: string[] = [];
  const made: string[] = [];

  it('refuses a wrong password with a clear message and changes nothing', async () => {
    const before = await view(a);
    const out = await on(a, () => enableSync({ server: DB_URL(), user: USER.user, password: 'wrong' }));
    expect(out).toEqual({ ok: false, kind: 'auth', message: 'The server refused the user name or password.' });
    expect(await readSyncState(a.db)).toBeUndefined();
    expect(await view(a)).toEqual(before);
    expect((await on(a, () => getSyncStatus())).enabled).toBe(false);
    const bad = await on(a, () => enableSync({ server: 'not a url', user: 'x', password: 'y' }));
    expect(bad).toMatchObject({ ok: false, kind: 'bad-url' });
    const inUrl = await on(a, () => enableSync({ server: `http://alice:pw@127.0.0.1:${port}/userdb-616c696365`, user: 'x', password: 'y' }));
    expect(inUrl).toMatchObject({ ok: false, kind: 'bad-url' });
  }, 30_000);

  it('a device with data syncs, a new device pulls everything', async () => {
    const deck = await createDeck('Systems', tick(), '', a.db);
    for (let i = 0; i < 4; i++) notes.push((await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: [`Q${i}`, `A${i}`], tags: [] }, tick(), a.db)).note.id);
    made.push(await grade(a, notes[0]!, 3), await grade(a, notes[1]!, 1), await grade(a, notes[0]!, 4));
    await saveStory(notes[2]!, 'My story', tick(), a.db);
    const stamps = async () => {
      const s = await readSnapshot(clock, 'test', a.db);
      return [...s.notes, ...s.cards].filter((r) => !r.id.startsWith('builtin')).map((r) => `${r.id}@${r.usn}`);
    };
    const stampsBefore = await stamps();
    const outA = await on(a, () => enableSync({ server: DB_URL(), ...USER }));
    expect(outA).toMatchObject({ ok: true });
    // Its own notes and cards (replayed from their logs to the same state) are not written again.
    expect(await stamps()).toEqual(stampsBefore);
    const outB = await on(b, () => enableSync({ server: DB_URL(), ...USER }));
    expect(outB).toMatchObject({ ok: true });
    const vb = await view(b);
    expect(vb.revlog).toEqual([...made].sort());
    expect(vb).toEqual(await view(a));
    const status = await on(a, () => getSyncStatus());
    expect(status).toMatchObject({ enabled: true, user: 'alice', server: DB_URL(), pending: 0, running: false });
    expect(status.lastSyncAt).toBeGreaterThan(0);
  }, 60_000);

  it('grades, undos, edits, deletions and a forget on both devices, synced in turn, end equal with every review', async () => {
    made.push(await grade(a, notes[1]!, 3));
    const undone = await grade(b, notes[2]!, 3);
    await undo(b, notes[2]!, undone);
    made.push(await grade(b, notes[2]!, 2), await grade(b, notes[0]!, 3));
    await updateNote(notes[3]!, { fields: ['Q3 edited on A', 'A3'] }, tick(), a.db);
    await deleteNotes([notes[1]!], tick(), b.db);
    const [c3] = await getNoteCards(notes[3]!, b.db);
    await setCards([c3!.id], { kind: 'reschedule', days: 9 }, tick(), b.db);
    await sync(a);
    await sync(b);
    await sync(a);
    const va = await view(a);
    expect(va).toEqual(await view(b));
    expect(va.notes.map((n) => n.id)).not.toContain(notes[1]);
    expect(va.notes.find((n) => n.id === notes[3])!.fields[0]).toBe('Q3 edited on A');
    expect(va.revlog).not.toContain(undone);
    // Every review of a note that still exists is there on both devices.
    const gone = new Set((await getNoteCards(notes[1]!, a.db)).map((c) => c.id));
    for (const id of made) if (![...gone].some((c) => id.endsWith(c))) expect(va.revlog).toContain(id);
    expect(va.cards.find((c) => c.noteId === notes[3])!.scheduled_days).toBe(9);
    expect((await on(a, () => getSyncStatus())).pending).toBe(0);
  }, 60_000);

  it('a server killed mid-replication and restarted: nothing lost, the next sync completes', async () => {
    for (let i = 0; i < 30; i++) made.push(await grade(a, notes[i % 2 === 0 ? 0 : 2]!, 3));
    use(a);
    const pending = syncNow();
    await new Promise((r) => setTimeout(r, 30));
    await stopServer();
    const failed = await pending;
    // Depending on timing the sync finished before the kill; if not, it says why.
    if (!failed.ok) expect(failed.kind).toBe('unreachable');
    await startServer();
    await sync(a);
    await sync(b);
    const vb = await view(b);
    expect(vb).toEqual(await view(a));
    for (const id of made.slice(-30)) expect(vb.revlog).toContain(id);
  }, 90_000);

  it('turning sync off keeps every record and forgets the credentials; the sync state is never in a backup', async () => {
    const before = await view(a);
    const backup = await writeBackup(await readSnapshot(clock, 'test', a.db));
    const text = new TextDecoder().decode(backup);
    expect(text).not.toContain(USER.password);
    expect(text).not.toContain('userdb-616c696365');
    await on(a, () => disableSync());
    expect(await view(a)).toEqual(before);
    expect((await readSyncState(a.db))?.config).toBeUndefined();
    expect(await on(a, () => syncNow())).toMatchObject({ ok: false });
  }, 30_000);
});

describe('a first sync of an older collection', () => {
  it('sends records whose change counter is 0 (an upgraded database, an old backup restored)', async () => {
    const c = device('c');
    const d = device('d');
    const deck = await createDeck('Legacy', tick(), '', c.db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: [`Old Q${i}`, `Old A${i}`], tags: [] }, tick(), c.db)).note.id);
    // As a database from before the change feed holds them: no stamp on any record.
    const db = await openDatabase(c.db);
    for (const store of ['decks', 'notes', 'cards'] as const) {
      const tx = db.transaction(store, 'readwrite');
      for (const r of (await tx.store.getAll()) as { usn?: number }[]) await tx.store.put({ ...r, usn: 0 } as never);
      await tx.done;
    }
    expect(await on(c, () => enableSync({ server: DB_URL(), ...USER }))).toMatchObject({ ok: true });
    expect(await on(d, () => enableSync({ server: DB_URL(), ...USER }))).toMatchObject({ ok: true });
    const vd = await view(d);
    expect(vd.notes.map((n) => n.id)).toEqual(expect.arrayContaining(ids));
    expect(vd.cards.filter((x) => ids.includes(x.noteId))).toHaveLength(3);
    expect(vd.decks.map((x) => x.name)).toContain('Legacy');
  }, 60_000);
});

describe('storage gaps sync relies on', () => {
  it('undo writes a review tombstone; stories are stamped and an emptied one leaves a tombstone', async () => {
    const d = device('gaps');
    const deck = await createDeck('Gaps', tick(), '', d.db);
    const note = (await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: ['Q', 'A'], tags: [] }, tick(), d.db)).note.id;
    const logId = await grade(d, note, 3);
    await undo(d, note, logId);
    const db = await (await import('../../src/storage')).openDatabase(d.db);
    expect(await db.get('graves', `review:${logId}`)).toMatchObject({ kind: 'review', id: logId });
    await saveStory(note, 'Mine', tick(), d.db);
    const story = await db.get('stories', note);
    expect(story?.usn).toBeGreaterThan(0);
    await saveStory(note, '  ', tick(), d.db);
    expect(await db.get('stories', note)).toBeUndefined();
    expect(await db.get('graves', `story:${note}`)).toMatchObject({ kind: 'story', id: note });
  });

  it('forget and set due date write a manual log entry whose replay gives the stored state', async () => {
    const { replayCard, logsByCard } = await import('../../src/sync/replay');
    const { unpackReview, packReview } = await import('../../src/sync/docs');
    const d = device('manual');
    const deck = await createDeck('Manual', tick(), '', d.db);
    const note = (await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: ['Q', 'A'], tags: [] }, tick(), d.db)).note.id;
    await grade(d, note, 3);
    await grade(d, note, 3);
    const [card] = await getNoteCards(note, d.db);
    await setCards([card!.id], { kind: 'reschedule', days: 12 }, tick(), d.db);
    await grade(d, note, 4);
    await setCards([card!.id], { kind: 'reset' }, tick(), d.db);
    const snap = await readSnapshot(clock, 'test', d.db);
    const log = snap.revlog.filter((r) => r.cardId === card!.id);
    expect(log.filter((r) => r.source === 'manual')).toHaveLength(2);
    // Through the document form and back, as another device gets it.
    const all = new Map(log.map((r) => [r.id, unpackReview(packReview(r))]));
    const replayed = replayCard({ id: card!.id, noteId: note, deckId: deck.id, ord: 0, suspended: false }, logsByCard({ all, undone: new Set() }).get(card!.id), settings());
    const stored = (await getNoteCards(note, d.db))[0]!;
    for (const k of ['due', 'state', 'reps', 'lapses', 'stability', 'difficulty', 'scheduled_days'] as const) expect(replayed[k]).toEqual(stored[k]);
  });
});

describe('an interrupted push', () => {
  const CAROL = { user: 'carol', password: 'carol-secret' };
  const CAROL_DB = '/userdb-6361726f6c';
  let proxy: import('node:http').Server | undefined;
  let proxyPort = 0;
  let bulk = 0;
  let cutAt = 0;

  beforeAll(async () => {
    await admin('PUT', `/_users/org.couchdb.user:${CAROL.user}`, { name: CAROL.user, password: CAROL.password, roles: [], type: 'user' });
    await admin('PUT', CAROL_DB);
    await admin('PUT', `${CAROL_DB}/_security`, { admins: { names: [], roles: [] }, members: { names: [CAROL.user], roles: [] } });
    // A pass-through proxy that cuts the connection of the `cutAt`-th `_bulk_docs` (a network
    // lost while the push is on its way: the replica already holds the new chunks).
    const http = await import('node:http');
    proxyPort = await freePort();
    proxy = http.createServer((req, res) => {
      if (req.url?.includes('/_bulk_docs') && ++bulk === cutAt) {
        req.socket.destroy();
        return;
      }
      const up = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy!.listen(proxyPort, '127.0.0.1', () => r()));
  }, 30_000);

  afterAll(async () => {
    await new Promise((r) => proxy?.close(r));
  });

  /** Every review entry the server holds, duplicates included. */
  async function serverEntries(): Promise<string[]> {
    const res = (await (await admin('GET', `${CAROL_DB}/_all_docs?include_docs=true&startkey=%22revlog%3A%22&endkey=%22revlog%3A%EF%BF%BF%22`)).json()) as { rows: { doc: { reviews: [string][] } }[] };
    return res.rows.flatMap((r) => r.doc.reviews.map((e) => e[0]));
  }

  it('the push cut off and sent again stores every review once', async () => {
    const c = device('c');
    const d = device('d');
    const server = `http://127.0.0.1:${proxyPort}${CAROL_DB}`;
    const deck = await createDeck('Cut', tick(), '', c.db);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: [`Q${i}`, `A${i}`], tags: [] }, tick(), c.db)).note.id);
    expect(await on(c, () => enableSync({ server, ...CAROL }))).toMatchObject({ ok: true });
    // 1,300 reviews: three chunks (500 entries each) for the next push.
    const made: string[] = [];
    for (let i = 0; i < 1_300; i++) made.push(await grade(c, ids[i % ids.length]!, ((i % 4) + 1) as Rating));
    cutAt = bulk + 1;
    const cut = await on(c, () => syncNow());
    expect(cut).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(await serverEntries()).toEqual([]);
    // Sent again: everything arrives, once.
    await sync(c);
    const entries = await serverEntries();
    expect(new Set(entries)).toEqual(new Set(made));
    expect(entries.length).toBe(made.length);
    // And once more after further reviews (the chunk open at the last sync is filled, not repeated).
    for (let i = 0; i < 30; i++) made.push(await grade(c, ids[i]!, 3));
    await sync(c);
    expect((await serverEntries()).length).toBe(made.length);
    expect(await on(d, () => enableSync({ server, ...CAROL }))).toMatchObject({ ok: true });
    const vd = await view(d);
    expect(vd.revlog).toEqual([...made].sort());
    expect(vd).toEqual(await view(c));
  }, 120_000);
});

/** A user with its own database (path `/userdb-<hex name>`). */
async function newUser(name: string) {
  const user = { user: name, password: `${name}-secret` };
  const path = `/userdb-${Buffer.from(name).toString('hex')}`;
  await admin('PUT', `/_users/org.couchdb.user:${name}`, { name, password: user.password, roles: [], type: 'user' });
  await admin('PUT', path);
  await admin('PUT', `${path}/_security`, { admins: { names: [], roles: [] }, members: { names: [name], roles: [] } });
  return { user, path, server: `http://127.0.0.1:${port}${path}` };
}

describe('a review whose card was not stamped', () => {
  it('still goes out (entries logged since the last sync are read too)', async () => {
    const { user, server } = await newUser('erin');
    const g = device('g');
    const h = device('h');
    const deck = await createDeck('Unstamped', tick(), '', g.db);
    const noteId = (await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: ['Q', 'A'], tags: [] }, tick(), g.db)).note.id;
    expect(await on(g, () => enableSync({ server, ...user }))).toMatchObject({ ok: true });
    expect(await on(h, () => enableSync({ server, ...user }))).toMatchObject({ ok: true });
    // A writer that logs a review and forgets to stamp the card (none does today).
    const [card] = await getNoteCards(noteId, g.db);
    const db = await openDatabase(g.db);
    const usn = ((await db.get('meta', 'usn')) as number) + 1;
    const { log } = gradeCard(card!, 3, Date.now(), 4000, settings(), 'unstamped-review');
    await db.put('revlog', { ...log, usn });
    await db.put('meta', usn, 'usn');
    await sync(g);
    await sync(h);
    expect((await view(h)).revlog).toEqual(['unstamped-review']);
  }, 60_000);
});

describe('a chunk that arrives again', () => {
  it('an undo of a review the other device holds, and later reviews in the same open chunk, land', async () => {
    const { user, server } = await newUser('gus');
    const k = device('k');
    const l = device('l');
    const deck = await createDeck('Again', tick(), '', k.db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: [`Q${i}`, `A${i}`], tags: [] }, tick(), k.db)).note.id);
    const first = [await grade(k, ids[0]!, 3), await grade(k, ids[1]!, 2)];
    expect(await on(k, () => enableSync({ server, ...user }))).toMatchObject({ ok: true });
    expect(await on(l, () => enableSync({ server, ...user }))).toMatchObject({ ok: true });
    expect((await view(l)).revlog).toEqual([...first].sort());
    await undo(k, ids[1]!, first[1]!);
    const later = [await grade(k, ids[2]!, 4), await grade(k, ids[0]!, 3)];
    await sync(k);
    await sync(l);
    const vl = await view(l);
    expect(vl.revlog).toEqual([first[0]!, ...later].sort());
    expect(vl).toEqual(await view(k));
  }, 60_000);
});

describe('a clock that ran ahead', () => {
  it('an edit made after the clock was set back still reaches the other device', async () => {
    const { user, server } = await newUser('fay');
    const i = device('i');
    const j = device('j');
    const deck = await createDeck('Clock', tick(), '', i.db);
    const noteId = (await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: ['Q', 'A'], tags: [] }, tick(), i.db)).note.id;
    expect(await on(i, () => enableSync({ server, ...user }))).toMatchObject({ ok: true });
    expect(await on(j, () => enableSync({ server, ...user }))).toMatchObject({ ok: true });
    // An edit stamped an hour ahead, synced; then the clock is right again and the note is edited.
    await updateNote(noteId, { fields: ['Q from a clock ahead', 'A'] }, tick() + 3_600_000, i.db);
    await sync(i);
    await sync(j);
    await updateNote(noteId, { fields: ['Q typed afterwards', 'A'] }, tick(), i.db);
    expect((await on(i, () => getSyncStatus())).pending).toBeGreaterThan(0);
    await sync(i);
    await sync(j);
    for (const d of [i, j]) expect((await getNote(noteId, d.db))?.fields[0]).toBe('Q typed afterwards');
    expect(await view(j)).toEqual(await view(i));
    expect((await on(i, () => getSyncStatus())).pending).toBe(0);
  }, 60_000);
});

describe('records that share a bundle', () => {
  it('edits of different notes and cards of one bundle on two devices both survive, with no conflict listed', async () => {
    setBucketsForTests(1);
    try {
      const { user: DANA, path: dbPath, server } = await newUser('dana');
      const e = device('e');
      const f = device('f');
      const deck = await createDeck('Shared bundle', tick(), '', e.db);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: [`Q${i}`, `A${i}`], tags: [] }, tick(), e.db)).note.id);
      expect(await on(e, () => enableSync({ server, ...DANA }))).toMatchObject({ ok: true });
      expect(await on(f, () => enableSync({ server, ...DANA }))).toMatchObject({ ok: true });
      await updateNote(ids[0]!, { fields: ['Q0 edited on E', 'A0'] }, tick(), e.db);
      await updateNote(ids[1]!, { fields: ['Q1 edited on F', 'A1'] }, tick(), f.db);
      const [c2] = await getNoteCards(ids[2]!, f.db);
      await setCards([c2!.id], { kind: 'suspend' }, tick(), f.db);
      const made = [await grade(e, ids[3]!, 3)];
      await sync(e);
      await sync(f);
      await sync(e);
      const ve = await view(e);
      expect(ve).toEqual(await view(f));
      expect(ve.notes.find((n) => n.id === ids[0])!.fields[0]).toBe('Q0 edited on E');
      expect(ve.notes.find((n) => n.id === ids[1])!.fields[0]).toBe('Q1 edited on F');
      expect(ve.cards.find((c) => c.noteId === ids[2])!.suspended).toBe(true);
      expect(ve.revlog).toEqual(made);
      const docs = (await (await admin('GET', `${dbPath}/_all_docs`)).json()) as { rows: { id: string }[] };
      const ids2 = docs.rows.map((r) => r.id);
      expect(ids2).toEqual(expect.arrayContaining(['bundle:card:00', 'bundle:note:00']));
      expect(ids2.filter((id) => id.startsWith('note:') || id.startsWith('card:') || id.startsWith('conflict:'))).toEqual([]);
    } finally {
      setBucketsForTests(BUCKETS);
    }
  }, 60_000);
});
