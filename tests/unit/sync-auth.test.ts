/**
 * The test sync server (tests/sync-harness.ts → scripts/sync-server.mjs) with admin party off:
 * per-user databases admit only their user, wrong or missing credentials get 401, CORS answers
 * the app's origin with credentials, and the LevelDB data survives a kill -9 in the middle of a
 * replication (the replication then completes, nothing lost). Real HTTP, real PouchDB 9 client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { basicAuth, startSyncServer, userDbName, type SyncServer } from '../sync-harness';

const require = createRequire(import.meta.url);
interface Db {
  bulkDocs(docs: object[]): Promise<unknown>;
  allDocs(opts: object): Promise<{ total_rows: number; rows: { id: string }[] }>;
  info(): Promise<{ doc_count: number }>;
  replicate: { to(target: Db | string, opts?: object): Promise<{ ok: boolean; docs_written: number }> & { on(ev: string, fn: (x: any) => void): unknown; cancel(): void } };
}
type PouchStatic = new (name: string, opts?: object) => Db;
const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-memory')).plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-replication')) as PouchStatic;

const APP_ORIGIN = 'http://127.0.0.1:4173';
let server: SyncServer;
let dbA = '';
let dbB = '';

beforeAll(async () => {
  server = await startSyncServer({ origins: [APP_ORIGIN] });
  dbA = await server.createUser('alice', 'alice-pw');
  dbB = await server.createUser('bob', 'bob-pw');
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const as = (name: string, password: string) => ({ Authorization: basicAuth(name, password), 'Content-Type': 'application/json' });
const ALICE = () => as('alice', 'alice-pw');
const BOB = () => as('bob', 'bob-pw');
const JSON_ONLY = { 'Content-Type': 'application/json' };

async function req(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, body: (await r.json().catch(() => undefined)) as any };
}

/** Every way a replication reads or writes a database, for one set of headers. */
async function everyAccess(db: string, headers: Record<string, string>) {
  return {
    info: (await req('GET', db, headers)).status,
    getDoc: (await req('GET', `${db}/secret`, headers)).status,
    allDocs: (await req('GET', `${db}/_all_docs?include_docs=true`, headers)).status,
    changes: (await req('GET', `${db}/_changes?include_docs=true`, headers)).status,
    bulkGet: (await req('POST', `${db}/_bulk_get`, headers, { docs: [{ id: 'secret' }] })).status,
    find: (await req('POST', `${db}/_find`, headers, { selector: {} })).status,
    revsDiff: (await req('POST', `${db}/_revs_diff`, headers, { secret: ['1-abc'] })).status,
    localGet: (await req('GET', `${db}/_local/checkpoint`, headers)).status,
    put: (await req('PUT', `${db}/intruder`, headers, { by: 'someone else' })).status,
    bulkDocs: (await req('POST', `${db}/_bulk_docs`, headers, { docs: [{ _id: 'intruder2' }] })).status,
    localPut: (await req('PUT', `${db}/_local/intruder`, headers, { x: 1 })).status,
    security: (await req('PUT', `${db}/_security`, headers, { members: { names: [] } })).status,
    deleteDb: (await req('DELETE', db, headers)).status,
  };
}

describe('per-user databases with admin party off', () => {
  it('names databases as couch_peruser does (hex of the UTF-8 user name)', () => {
    expect(userDbName('alice')).toBe('userdb-616c696365');
    expect(userDbName('Zoë')).toBe('userdb-5a6fc3ab');
    expect(dbA).toBe(`${server.url}/userdb-616c696365`);
  });

  it('lets the user read and write their own database, over HTTP and by PouchDB replication', async () => {
    expect((await req('PUT', `${dbA}/secret`, ALICE(), { text: 'only alice' })).status).toBe(201);
    const got = await req('GET', `${dbA}/secret`, ALICE());
    expect(got.status).toBe(200);
    expect(got.body.text).toBe('only alice');
    expect((await req('POST', `${dbA}/_bulk_get`, ALICE(), { docs: [{ id: 'secret' }] })).status).toBe(200);

    const device = new PouchDB('alice-device', { adapter: 'memory' });
    await device.bulkDocs(Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}`, n: i })));
    const remote = new PouchDB(dbA, { auth: { username: 'alice', password: 'alice-pw' }, skip_setup: true });
    const up = await device.replicate.to(remote);
    expect(up.docs_written).toBe(50);
    const back = new PouchDB('alice-device-2', { adapter: 'memory' });
    await (remote as Db).replicate.to(back);
    expect((await back.info()).doc_count).toBe(51);
  });

  it('refuses another user with 403 on every route, and writes nothing', async () => {
    const access = await everyAccess(dbA, BOB());
    for (const [route, status] of Object.entries(access)) expect([route, status]).toEqual([route, 403]);
    // Bob's own database is fine.
    expect((await req('PUT', `${dbB}/mine`, BOB(), { x: 1 })).status).toBe(201);
    // A PouchDB replication with Bob's credentials cannot pull Alice's database either.
    const thief = new PouchDB('thief', { adapter: 'memory' });
    const fromA = new PouchDB(dbA, { auth: { username: 'bob', password: 'bob-pw' }, skip_setup: true });
    await expect((fromA as Db).replicate.to(thief)).rejects.toMatchObject({ status: 403 });
    expect((await thief.info()).doc_count).toBe(0);
  });

  it('refuses a wrong password and no credentials with 401, and writes nothing', async () => {
    const wrong = await everyAccess(dbA, as('alice', 'not-her-password'));
    for (const [route, status] of Object.entries(wrong)) expect([route, status]).toEqual([route, 401]);
    const wrongBody = await req('GET', `${dbA}/secret`, as('alice', 'nope'));
    expect(wrongBody.body).toMatchObject({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
    const anonymous = await everyAccess(dbA, JSON_ONLY);
    for (const [route, status] of Object.entries(anonymous)) expect([route, status]).toEqual([route, 401]);
    const unknownUser = await req('GET', dbA, as('mallory', 'x'));
    expect(unknownUser.status).toBe(401);

    const all = await server.adminRequest('GET', `/${userDbName('alice')}/_all_docs`);
    const ids: string[] = all.body.rows.map((r: { id: string }) => r.id);
    expect(ids).toContain('secret');
    expect(ids.filter((id) => id.startsWith('intruder'))).toEqual([]);
    const local = await server.adminRequest('GET', `/${userDbName('alice')}/_local/intruder`);
    expect(local.status).toBe(404);
    const sec = await server.adminRequest('GET', `/${userDbName('alice')}/_security`);
    expect(sec.body.members.names).toEqual(['alice']);
  });

  it('keeps server-wide endpoints for the admin: users cannot list databases, create them or read other users', async () => {
    expect((await req('GET', `${server.url}/_all_dbs`, BOB())).status).toBe(403);
    expect((await req('PUT', `${server.url}/userdb-new`, BOB())).status).toBe(403);
    expect((await req('PUT', `${server.url}/userdb-new`, JSON_ONLY)).status).toBe(401);
    expect((await req('POST', `${server.url}/_replicate`, BOB(), { source: userDbName('alice'), target: userDbName('bob') })).status).toBe(403);
    expect((await req('GET', `${server.url}/_users/_all_docs`, BOB())).status).toBe(403);
    const aliceDoc = await req('GET', `${server.url}/_users/${encodeURIComponent('org.couchdb.user:alice')}`, BOB());
    expect(aliceDoc.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(aliceDoc.body)).not.toContain('derived_key');
    expect((await req('GET', `${server.url}/_session`, BOB())).body.userCtx).toEqual({ name: 'bob', roles: [] });
    // The server is still up after all of that (a non-admin PUT /db used to crash pouchdb-server).
    expect((await fetch(server.url)).status).toBe(200);
  });
});

describe('CORS for the app', () => {
  it('answers the app origin with credentials, preflight included, and not another origin', async () => {
    const pre = await fetch(`${dbA}/_bulk_docs`, { method: 'OPTIONS', headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
    expect(pre.status).toBeLessThan(300);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    const get = await fetch(`${dbA}/secret`, { headers: { ...ALICE(), Origin: APP_ORIGIN } });
    expect(get.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    // Refusals carry CORS headers too, so the app can read "401" instead of a network error.
    const refused = await fetch(`${dbA}/secret`, { headers: { ...as('alice', 'bad'), Origin: APP_ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const other = await fetch(`${dbA}/secret`, { headers: { ...ALICE(), Origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('LevelDB data across a crash', () => {
  it('survives kill -9 in the middle of a replication; after a restart the replication completes, nothing lost', async () => {
    const carol = await server.createUser('carol', 'carol-pw');
    const device = new PouchDB('carol-device', { adapter: 'memory' });
    const total = 3000;
    // Big documents (about 20 KB each) so that the push takes long enough to be cut.
    const filler = 'x'.repeat(20_000);
    for (let i = 0; i < total; i += 500) await device.bulkDocs(Array.from({ length: 500 }, (_, k) => ({ _id: `doc${String(i + k).padStart(5, '0')}`, n: i + k, filler })));
    const remote = () => new PouchDB(carol, { auth: { username: 'carol', password: 'carol-pw' }, skip_setup: true });
    const pid = server.pid;

    const first = device.replicate.to(remote(), { batch_size: 100, retry: false });
    let killedAt = -1;
    first.on('change', (info: { docs_written: number }) => {
      if (killedAt < 0 && info.docs_written >= 500) {
        killedAt = info.docs_written;
        void server.kill();
      }
    });
    await expect(first).rejects.toBeTruthy();
    expect(killedAt).toBeGreaterThanOrEqual(500);

    const written = async () => (await server.adminRequest('GET', `/${userDbName('carol')}`)).body.doc_count as number;
    await server.restart();
    expect(server.pid).not.toBe(pid);
    const survived = await written();
    expect(survived).toBeGreaterThanOrEqual(killedAt);
    expect(survived).toBeLessThan(total);
    // Still protected after the restart (users and _security are in the data folder).
    expect((await req('GET', `${carol}/doc00000`, BOB())).status).toBe(403);

    const second = await device.replicate.to(remote(), { batch_size: 100 });
    expect(second.ok).toBe(true);
    expect(await written()).toBe(total);
    // The checkpoint made before the crash let the second run skip what was already there.
    expect(second.docs_written).toBeLessThan(total);
    const ids = (await server.adminRequest('GET', `/${userDbName('carol')}/_all_docs`)).body.rows.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(total);
  }, 120_000);
});
