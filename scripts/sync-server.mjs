// A CouchDB-compatible server for sync tests and local trials, built from pouchdb-server 4.2's own
// parts (express-pouchdb, its CORS middleware, PouchDB 7 over LevelDB) and run in this process, so
// its PID is the server's. Admin party is off: one server admin, users in `_users`, and one
// database per user named like CouchDB's couch_peruser (`userdb-<hex of the user name>`) whose
// `_security` lets only that user in. Prints "Sync server: <url>" once it answers, then one line
// per user created with --user: "Database for <name>: <url>".
//
// Usage: npm run sync-server [-- options]
//   --port N               port (default: a free one)       --host H   (default 127.0.0.1)
//   --dir DIR              LevelDB data folder, kept (default: a temporary folder, deleted on exit)
//   --in-memory            no data folder at all (lost on exit)
//   --admin NAME:PASSWORD  the server admin (default admin:<random>, printed)
//   --user NAME:PASSWORD   create this user and its database (repeatable; an existing one is kept)
//   --origin URL           allow this web origin, with credentials (repeatable; default: the
//                          app's dev and preview origins on localhost and 127.0.0.1)
//
// Why not the pouchdb-server binary itself: with admin party off, a non-admin `PUT /<db>` makes
// express-pouchdb 4.2 crash the whole server ("db.info is not a function": its security wrapper
// returns a rejected promise where the route expects a database). Here such a request gets the
// 401/403 CouchDB gives instead.
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverRequire = createRequire(join(root, 'node_modules/pouchdb-server/lib/index.js'));

// ---- arguments
const argv = process.argv.slice(2);
const many = (flag) => argv.flatMap((a, i) => (a === flag && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
const one = (flag) => many(flag).at(-1);
const pair = (s, what) => {
  const at = s.indexOf(':');
  if (at <= 0 || at === s.length - 1) throw new Error(`${what} must look like NAME:PASSWORD, got "${s}".`);
  return { name: s.slice(0, at), password: s.slice(at + 1) };
};
const host = one('--host') ?? '127.0.0.1';
const inMemory = argv.includes('--in-memory');
const askedDir = one('--dir');
const admin = one('--admin') ? pair(one('--admin'), '--admin') : { name: 'admin', password: randomBytes(12).toString('hex') };
const users = many('--user').map((u) => pair(u, '--user'));
const origins = many('--origin');
if (origins.length === 0) for (const h of ['localhost', '127.0.0.1']) for (const p of [5173, 4173]) origins.push(`http://${h}:${p}`);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}
const port = one('--port') ? Number(one('--port')) : await freePort();
if (!Number.isInteger(port) || port <= 0) throw new Error(`--port must be a number, got "${one('--port')}".`);

const url = `http://${host}:${port}`;

// ---- data folder (LevelDB) and the server's log file
const tempDir = askedDir ? undefined : mkdtempSync(join(tmpdir(), 'prepdeck-sync-'));
const dir = resolve(askedDir ?? tempDir);
const dataDir = join(dir, 'db');
if (!inMemory) mkdirSync(dataDir, { recursive: true });

// ---- the server
const express = serverRequire('express');
const expressPouchDB = serverRequire('express-pouchdb');
const cors = serverRequire('./cors');
const PouchDB = serverRequire('pouchdb-core').plugin(serverRequire('pouchdb-adapter-http')).plugin(serverRequire('pouchdb-replication')).plugin(serverRequire('pouchdb-mapreduce'));
PouchDB.plugin(inMemory ? serverRequire('pouchdb-adapter-memory') : serverRequire('pouchdb-adapter-leveldb'));

// The configuration lives in memory and is set on every start (the admin's password is never
// written to disk in clear); users and databases live in the data folder.
const pouchApp = expressPouchDB({ inMemoryConfig: true, logPath: join(dir, 'log.txt'), mode: 'fullCouchDB' });
const config = pouchApp.couchConfig;
const set = (section, key, value) => new Promise((res, rej) => config.set(section, key, value, (err) => (err ? rej(err) : res())));
await set('admins', admin.name, admin.password);
await set('httpd', 'enable_cors', true);
await set('cors', 'credentials', true);
await set('cors', 'origins', origins.join(', '));
pouchApp.setPouchDB(inMemory ? PouchDB.defaults({ adapter: 'memory' }) : PouchDB.defaults({ prefix: dataDir + '/' }));

const isAdmin = (req) => {
  const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1], 'base64');
  const want = Buffer.from(`${admin.name}:${admin.password}`);
  return given.length === want.length && timingSafeEqual(given, want);
};

const app = express();
app.use(cors(config));
app.use((req, res, next) => {
  guard(req).then((refusal) => (refusal ? res.status(refusal.status).json(refusal.body) : next()), next);
});
app.use(pouchApp);

// Access control in front of express-pouchdb. Its own `_security` checks (pouchdb-security) miss
// some routes: `_bulk_get` and `_find` called by a user who is not a member return the documents
// (those routes pass no user to the database, and no user means "admin party" there). So every
// request to a database is checked here first, as CouchDB 3 does: the server admin may do
// anything; otherwise the user (from the same credentials, asked of `/_session`) must be named in
// the database's `_security` members or admins (an empty `_security` means admins only); only the
// admin creates or deletes databases or uses the server's special databases and endpoints.
// Refusals: 401 without valid credentials, 403 for a signed-in user who is not allowed.
const OPEN_TO_ALL = new Set(['', '_session', '_uuids', 'favicon.ico']);
async function guard(req) {
  if (req.method === 'OPTIONS' || isAdmin(req)) return undefined;
  const segments = req.path.split('/');
  const first = decodeURIComponent(segments[1] ?? '');
  if (OPEN_TO_ALL.has(first)) return undefined;
  // A user's own document in _users (sign-up, password change): pouchdb-auth checks who may.
  if (first === '_users' && decodeURIComponent(segments[2] ?? '').startsWith('org.couchdb.user:')) return undefined;
  const session = await fetch(`${url}/_session`, { headers: { authorization: req.headers.authorization ?? '', cookie: req.headers.cookie ?? '' } });
  const body = await session.json().catch(() => ({}));
  if (session.status === 401) return { status: 401, body };
  const user = body.userCtx ?? { name: null, roles: [] };
  if (user.roles?.includes('_admin')) return undefined;
  const refuse = (reason) => (user.name ? { status: 403, body: { error: 'forbidden', reason } } : { status: 401, body: { error: 'unauthorized', reason } });
  if (first.startsWith('_')) return refuse(`Only the server admin can use ${first}.`);
  const wholeDb = segments.length === 2 || (segments.length === 3 && segments[2] === '');
  if (wholeDb && (req.method === 'PUT' || req.method === 'DELETE')) return refuse('Only the server admin can create or delete a database.');
  const sec = await call('GET', `/${encodeURIComponent(first)}/_security`);
  if (sec.status === 404) return undefined; // express-pouchdb answers "not found"
  const inSection = (section) => !!section && ((section.names ?? []).includes(user.name) || (section.roles ?? []).some((r) => user.roles.includes(r)));
  if (user.name && (inSection(sec.body.members) || inSection(sec.body.admins))) return undefined;
  return refuse(user.name ? 'You are not allowed to access this db.' : 'You are not authorized to access this db.');
}

const server = app.listen(port, host);
await new Promise((res, rej) => {
  server.once('listening', res);
  server.once('error', rej);
});

// ---- users and their databases, like CouchDB's couch_peruser
const authHeader = { Authorization: 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64'), 'Content-Type': 'application/json' };
async function call(method, path, body) {
  const r = await fetch(url + path, { method, headers: authHeader, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, body: await r.json().catch(() => ({})) };
}
const userDbName = (name) => 'userdb-' + Buffer.from(name, 'utf8').toString('hex');
async function ensureUser({ name, password }) {
  const id = `org.couchdb.user:${name}`;
  const existing = await call('GET', `/_users/${encodeURIComponent(id)}`);
  if (existing.status === 404) {
    const made = await call('PUT', `/_users/${encodeURIComponent(id)}`, { _id: id, name, password, roles: [], type: 'user' });
    if (made.status >= 300) throw new Error(`Could not create user ${name}: ${made.status} ${JSON.stringify(made.body)}`);
  }
  const db = userDbName(name);
  const created = await call('PUT', `/${db}`);
  if (created.status >= 300 && created.status !== 412) throw new Error(`Could not create ${db}: ${created.status} ${JSON.stringify(created.body)}`);
  const sec = await call('PUT', `/${db}/_security`, { admins: { names: [], roles: [] }, members: { names: [name], roles: [] } });
  if (sec.status >= 300) throw new Error(`Could not protect ${db}: ${sec.status} ${JSON.stringify(sec.body)}`);
  return `${url}/${db}`;
}

// Wait until the users database answers (express-pouchdb opens it in the background).
for (let i = 0; ; i++) {
  const r = await call('GET', '/_users').catch(() => ({ status: 0 }));
  if (r.status === 200) break;
  if (i > 200) throw new Error('The sync server did not open its users database.');
  await new Promise((r) => setTimeout(r, 50));
}
const made = [];
for (const u of users) made.push([u.name, await ensureUser(u)]);

console.log(`Sync server: ${url}`);
if (!one('--admin')) console.log(`Server admin: ${admin.name} / ${admin.password}`);
console.log(`Data: ${inMemory ? 'in memory (lost on exit)' : tempDir ? `${dataDir} (temporary, deleted on exit)` : dataDir}`);
console.log(`Web origins allowed (CORS, with credentials): ${origins.join(', ')}`);
for (const [name, dbUrl] of made) console.log(`Database for ${name}: ${dbUrl}`);

const stop = () => {
  server.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
