/**
 * A CouchDB-compatible sync server for tests (Node and browser): `scripts/sync-server.mjs`
 * (pouchdb-server 4.2's parts over LevelDB) on a free loopback port, in its own process, stopped
 * or killed by that process's PID. Admin party is off: a server admin, users in `_users`, one
 * database per user named as CouchDB's couch_peruser names them (`userdb-<hex of the name>`) whose
 * `_security` admits only that user. The data folder survives `kill()` (SIGKILL) and `restart()`.
 *
 *   const server = await startSyncServer({ origins: [app.url] });
 *   const dbUrl = await server.createUser('alice', 'secret'); // http://127.0.0.1:<port>/userdb-616c696365
 *   ...
 *   await server.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from './browser/harness';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');

export interface SyncServerOptions {
  /** LevelDB data folder; default a fresh temporary folder, deleted by `stop()`. */
  dataDir?: string;
  /** Web origins allowed by CORS (with credentials), e.g. the app's `http://127.0.0.1:<port>`. */
  origins?: string[];
}

export interface SyncServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** PID of the server process now running (changes on `restart()`). */
  readonly pid: number;
  readonly port: number;
  readonly dataDir: string;
  /** The server admin's credentials (Basic auth). */
  readonly admin: { name: string; password: string };
  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and deletes a temporary data folder. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), keeping its data folder: a crash. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data folder (stopping it first if it runs). */
  restart(): Promise<void>;
  /** Creates a user and its per-user database; returns that database's URL (no credentials in it). */
  createUser(name: string, password: string): Promise<string>;
  /** Calls the server as its admin; returns status and parsed JSON body. */
  adminRequest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** CouchDB's couch_peruser database name: "userdb-" + the UTF-8 bytes of the user name in lowercase hex. */
export function userDbName(name: string): string {
  return 'userdb-' + Buffer.from(name, 'utf8').toString('hex');
}

/** `Authorization` header value for HTTP Basic auth. */
export function basicAuth(name: string, password: string): string {
  return 'Basic ' + Buffer.from(`${name}:${password}`, 'utf8').toString('base64');
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((res) => {
    const t = setTimeout(() => res(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      res(true);
    });
  });
}

export async function startSyncServer(opts: SyncServerOptions = {}): Promise<SyncServer> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'prepdeck-syncdata-'));
  const port = await freePort();
  const admin = { name: 'admin', password: randomBytes(12).toString('hex') };
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = [join(REPO, 'scripts/sync-server.mjs'), '--port', String(port), '--dir', dataDir, '--admin', `${admin.name}:${admin.password}`];
    for (const o of opts.origins ?? []) args.push('--origin', o);
    const proc = spawn(process.execPath, args, { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let log = '';
    proc.stderr!.on('data', (d) => (log += d));
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`The sync server did not start in 30 s.\n${log}`)), 30_000);
      proc.stdout!.on('data', (d: Buffer) => {
        log += d;
        if (log.includes(`Sync server: ${url}`)) {
          clearTimeout(timer);
          res();
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        rej(new Error(`The sync server exited (${code ?? signal}) before it answered.\n${log}`));
      });
    });
    proc.stdout!.resume();
  };

  const adminRequest = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(url + path, { method, headers: { Authorization: basicAuth(admin.name, admin.password), 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed as any };
  };

  const kill = async () => {
    const proc = child;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
    process.kill(proc.pid, 'SIGKILL');
    await waitForExit(proc, 5000);
  };

  const halt = async () => {
    const proc = child;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
    process.kill(proc.pid, 'SIGTERM');
    if (!(await waitForExit(proc, 3000))) await kill();
  };

  await launch();

  return {
    url,
    port,
    dataDir,
    admin,
    get pid() {
      return child?.pid ?? -1;
    },
    adminRequest,
    kill,
    stop: async () => {
      await halt();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
    restart: async () => {
      await halt();
      await launch();
    },
    createUser: async (name: string, password: string) => {
      const id = `org.couchdb.user:${name}`;
      const made = await adminRequest('PUT', `/_users/${encodeURIComponent(id)}`, { _id: id, name, password, roles: [], type: 'user' });
      if (made.status !== 201) throw new Error(`createUser(${name}): _users answered ${made.status} ${JSON.stringify(made.body)}`);
      const db = userDbName(name);
      const created = await adminRequest('PUT', `/${db}`);
      if (created.status !== 201) throw new Error(`createUser(${name}): creating ${db} answered ${created.status} ${JSON.stringify(created.body)}`);
      const sec = await adminRequest('PUT', `/${db}/_security`, { admins: { names: [], roles: [] }, members: { names: [name], roles: [] } });
      if (sec.status !== 200) throw new Error(`createUser(${name}): _security of ${db} answered ${sec.status} ${JSON.stringify(sec.body)}`);
      return `${url}/${db}`;
    },
  };
}
