/**
 * The sync client: the only module that loads PouchDB (lazily: Settings and trigger.ts import
 * it with `import('./client')`). One sync:
 * 1. connect: the server must answer for these credentials (nothing changes locally otherwise);
 * 2. push: this device's changes since its last sync (storage/sync-records.ts reads them from the change feed)
 *    become documents (engine.ts `outgoing`) in the local replica (PouchDB, IndexedDB), which
 *    replicates to the server, checkpointed, in batches (a killed tab or a lost network resumes);
 * 3. pull: the server's documents replicate into the replica; documents changed on two devices
 *    are resolved (merge.ts) the same way on every device and the resolution is pushed;
 * 4. apply: the replica's documents changed since the last applied sequence go through
 *    `incoming` and are written to the records in one IndexedDB transaction (storage/sync-records.ts).
 */
import { mark } from '../core/marks';
import type { SyncConfig, SyncErrorKind, SyncOutcome, SyncProgress, SyncStatus } from './api';
import type { PouchDatabase, PouchDoc, PouchStatic, Replication } from './pouch-types';
import type { LiveDoc, LwwDoc, RevlogChunkDoc, SyncDoc } from './docs';
import { incomingMedia, outgoingMedia } from './media';
import { allChunks, changedIds, changesSince, deviceChunksFrom, FirstPull, laterFeed, newestChunk, newestOwnChunk, rangeDocs, recordsByIds, resolveConflicts, writeDocs } from './replica';
import { bundleOfDocId, expandBundle, foldIntoBundles, type BundleDoc } from './bundles';
import { outgoing, type ReplicaReader } from './engine';
import { mergedLog } from './replay';
import { announceChange } from '../app/tabs';
import { applyIncoming } from '../storage/sync-apply';
import { affectedCards, unchangedRecords, clearSyncState, newDeviceId, pendingChanges, readOutgoing, readSyncState, writeSyncState, type SyncState } from '../storage/sync-records';
import { notifySyncStatus, SYNC_FLAG } from './trigger';
import { checkServerUrl, classify, SyncFailure } from './errors';

export type { SyncConfig, SyncErrorKind, SyncOutcome, SyncProgress, SyncStatus } from './api';
export { checkServerUrl, classify, SyncFailure } from './errors';

/**
 * Documents per replication batch. Each batch costs a round trip or two and one IndexedDB
 * transaction in the replica, so small batches bound the rate (50 per batch gave ~250 documents a
 * second in Chromium, 250 gives ~740: the bench's `syncFirst1MMs`); a batch of chunks (~50 KB
 * each) stays ~12 MB.
 */
const BATCH_SIZE = 250;
/** Media documents per push request (each carries its file). */
const MEDIA_BATCH_SIZE = 4;
/** Batches read ahead while one is written. */
const BATCHES_LIMIT = 2;

interface Options {
  /** The app's IndexedDB name (tests). */
  dbName?: string;
  /** PouchDB adapter plugin and name for the local replica (tests: the memory adapter). */
  adapter?: { name: string; plugin: unknown };
  /** The replica's name (default `prepdeck-sync`). */
  replicaName?: string;
}
let options: Options = {};
let Pouch: PouchStatic | undefined;
let running = false;

/** Test hook: which IndexedDB database and which PouchDB adapter to use. */
export function configureSync(o: Options): void {
  options = o;
  Pouch = undefined;
}

let base: PouchStatic | undefined;
const adapters = new Set<unknown>();

async function pouch(): Promise<PouchStatic> {
  if (Pouch) return Pouch;
  if (!base) {
    // `plugin` changes PouchDB itself: each plugin goes in once.
    const [core, http, replication] = await Promise.all([import('pouchdb-core'), import('pouchdb-adapter-http'), import('pouchdb-replication')]);
    base = core.default.plugin(http.default).plugin(replication.default);
  }
  const adapter = options.adapter ? options.adapter.plugin : (await import('pouchdb-adapter-idb')).default;
  if (!adapters.has(adapter)) {
    base = base.plugin(adapter);
    adapters.add(adapter);
  }
  return (Pouch = base);
}

const replicaName = (): string => options.replicaName ?? (options.dbName ? `prepdeck-sync-${options.dbName}` : 'prepdeck-sync');

function localReplica(P: PouchStatic): PouchDatabase {
  return new P(replicaName(), { adapter: options.adapter?.name ?? 'idb', auto_compaction: true });
}

function remoteDb(P: PouchStatic, config: SyncConfig): PouchDatabase {
  // Basic auth through PouchDB's `auth` option (never in the URL); the database is not created.
  return new P(config.server, { adapter: 'http', skip_setup: true, auth: { username: config.user, password: config.password } });
}

/**
 * The server answers for these credentials. PouchDB's http `info()` resolves with CouchDB's
 * error body (`{ error: 'unauthorized' }`) instead of rejecting: turned into an error here.
 */
async function checkRemote(remote: PouchDatabase): Promise<{ doc_count: number }> {
  const info = (await remote.info()) as { doc_count: number; error?: string; reason?: string };
  if (info.error) {
    const status = info.error === 'unauthorized' ? 401 : info.error === 'forbidden' ? 403 : info.error === 'not_found' ? 404 : 500;
    throw Object.assign(new Error(info.reason ?? info.error), { status, name: info.error });
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// The API the Settings screen and the trigger call

export async function getSyncStatus(): Promise<SyncStatus> {
  const s = await readSyncState(options.dbName);
  const status: SyncStatus = { enabled: Boolean(s?.config), pending: await pendingChanges(s, options.dbName), running };
  if (s?.config) {
    status.server = s.config.server;
    status.user = s.config.user;
  }
  if (s?.lastSyncAt !== undefined) status.lastSyncAt = s.lastSyncAt;
  if (s?.lastError) status.lastError = s.lastError;
  return status;
}

function setFlag(on: boolean): void {
  try {
    if (on) localStorage.setItem(SYNC_FLAG, '1');
    else localStorage.removeItem(SYNC_FLAG);
  } catch {
    /* no localStorage (Node tests, private mode): automatic sync just does not run */
  }
}

/** Checks the credentials against the server, then stores them on this device only and runs a first sync. */
export async function enableSync(config: SyncConfig, onProgress?: (p: SyncProgress) => void): Promise<SyncOutcome> {
  const clean: SyncConfig = { server: config.server.trim().replace(/\/+$/, ''), user: config.user.trim(), password: config.password };
  try {
    checkServerUrl(clean.server);
    if (!clean.user) throw new SyncFailure('auth', 'Enter the user name.');
    if (!clean.password) throw new SyncFailure('auth', 'Enter the password.');
    onProgress?.({ phase: 'connect', done: 0 });
    const P = await pouch();
    const remote = remoteDb(P, clean);
    try {
      await checkRemote(remote);
    } finally {
      void remote.close().catch(() => undefined);
    }
  } catch (e) {
    const f = await classify(e, clean.server);
    return { ok: false, kind: f.kind, message: f.message };
  }
  const prev = await readSyncState(options.dbName);
  // Another server (or none before): the replica and the positions start over; the device id stays.
  const sameServer = prev?.replica === clean.server;
  if (!sameServer) {
    const P = await pouch();
    await localReplica(P).destroy().catch(() => undefined);
  }
  const next: SyncState = sameServer && prev ? { ...prev, config: clean } : { device: prev?.device ?? newDeviceId(), config: clean, since: 0, replica: clean.server };
  await writeSyncState(next, options.dbName);
  setFlag(true);
  notifySyncStatus();
  const out = await syncNow(onProgress);
  if (!out.ok && (out.kind === 'auth' || out.kind === 'forbidden')) {
    // Refused after all (the server changed its mind): sync stays as it was.
    if (prev) await writeSyncState(prev, options.dbName);
    else await clearSyncState(options.dbName);
    setFlag(Boolean(prev?.config));
    notifySyncStatus();
  }
  return out;
}

/** Stops syncing; keeps every local record; forgets the credentials. */
export async function disableSync(): Promise<void> {
  const s = await readSyncState(options.dbName);
  if (s) {
    const { config: _c, lastError: _e, ...rest } = s;
    await writeSyncState(rest, options.dbName);
  }
  setFlag(false);
  notifySyncStatus();
}

let queue: Promise<unknown> = Promise.resolve();

/** One sync at a time (in this tab; across tabs through the Web Locks API where there is one). */
export function syncNow(onProgress?: (p: SyncProgress) => void, signal?: AbortSignal): Promise<SyncOutcome> {
  const run = (): Promise<SyncOutcome> => {
    const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
    return locks ? (locks.request('prepdeck-sync', () => syncOnce(onProgress, signal)) as Promise<SyncOutcome>) : syncOnce(onProgress, signal);
  };
  const p = queue.then(run, run);
  queue = p.catch(() => undefined);
  return p;
}

/** Runs `fn` on the local replica between this tab's syncs (conflicts.ts): instances of one name share a connection, so closing one mid-sync would break the sync. */
export function withReplica<T>(fn: (replica: PouchDatabase, dbName: string | undefined) => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    const replica = localReplica(await pouch());
    try {
      return await fn(replica, options.dbName);
    } finally {
      await replica.close().catch(() => undefined);
    }
  };
  const p = queue.then(run, run);
  queue = p.catch(() => undefined);
  return p;
}

async function syncOnce(onProgress: ((p: SyncProgress) => void) | undefined, signal: AbortSignal | undefined): Promise<SyncOutcome> {
  const dbName = options.dbName;
  const state = await readSyncState(dbName);
  if (!state?.config) return { ok: false, kind: 'auth', message: 'Sync is off on this device: enter the server, user and password first.' };
  const config = state.config;
  running = true;
  notifySyncStatus();
  const P = await pouch();
  const local = localReplica(P);
  const remote = remoteDb(P, config);
  const progress = (p: SyncProgress): void => onProgress?.(p);
  try {
    checkServerUrl(config.server);
    if (signal?.aborted) throw stopped();
    progress({ phase: 'connect', done: 0 });
    await checkRemote(remote);

    // Push: this device's changes into the replica, then to the server.
    mark('sync:connected');
    // A replica that never held anything: the apply's feed is what this sync writes into it.
    const fresh = state.seq === undefined && Number((await local.info()).update_seq) === 0;
    const out = await readOutgoing(state.since, state.skipUsn, dbName, state.lastSyncAt);
    mark('sync:outgoing-read');
    // A first sync sends every record, those stamped 0 too (records from before the change
    // counter existed: a migrated database, a restored old backup): `outgoing` keeps usn > since.
    // Study options never changed here (no stamp) stay out: the server's, if any, are kept.
    if (out.full && out.state.settingsStamp.usn === 0) out.state.settingsStamp = { ...out.state.settingsStamp, usn: -1 };
    const { docs, chunkSeq } = await outgoingDocs(local, out, state.device, out.full ? -1 : state.since, state.chunkSeq, state.seq);
    const refs = await outgoingMedia(local, dbName);
    docs.push(...refs);
    const mediaIds = [...new Set(refs.map((r) => `media:${(r as LiveDoc<'mediaref'>).body.hash}`))];
    if (docs.length) await writeDocs(local, docs);
    mark('sync:outgoing-written');
    // This sync's new files first, a few per request (attachments: a request of 250 images could
    // pass a proxy's body limit every time), then everything else in big batches. (By id, not by
    // a filter function: a filtered push reads every document that arrived since its checkpoint,
    // which after a big pull took seconds.)
    const upMedia = mediaIds.length ? await replicate(local.replicate.to(remote, { doc_ids: mediaIds, batch_size: MEDIA_BATCH_SIZE, batches_limit: 1, retry: false }), 'push', progress, signal) : 0;
    const up = upMedia + (await replicate(local.replicate.to(remote, { batch_size: BATCH_SIZE, batches_limit: BATCHES_LIMIT, retry: false }), 'push', progress, signal));

    mark('sync:pushed');
    // Pull, then resolve what was changed on two devices (and push the resolutions).
    const remoteInfo = await checkRemote(remote);
    const firstPull = fresh ? new FirstPull(docs) : undefined;
    const down = await replicate(local.replicate.from(remote, { batch_size: BATCH_SIZE, batches_limit: BATCHES_LIMIT, retry: false }), 'pull', progress, signal, remoteInfo?.doc_count, firstPull?.collect);
    mark('sync:pulled');

    // Apply: the replica's changes since the last applied sequence, in one transaction. What
    // was changed on two devices is resolved first (and the resolutions pushed, and read).
    progress({ phase: 'apply', done: 0 });
    let feed = firstPull ? await firstPull.feed(local) : await changesSince(local, state.seq);
    if (feed.conflicted.length && (await resolveConflicts(local, feed.conflicted))) {
      await replicate(local.replicate.to(remote, { batch_size: BATCH_SIZE, retry: false }), 'push', progress, signal);
      feed = laterFeed(feed, await changesSince(local, feed.lastSeq));
    }
    const lastSeq = feed.lastSeq;
    mark('sync:feed-read');
    // A changed bundle brings every record in it: those this device already holds as they are stay out.
    const same = state.seq === undefined ? new Set<string>() : await unchangedRecords(feed.changed.filter((d): d is LwwDoc => d.type === 'note' || d.type === 'card'), dbName);
    const changed = same.size ? feed.changed.filter((d) => !same.has(d._id)) : feed.changed;
    // Card documents that came before their note: again, in case the note is here now.
    if (state.orphanCards?.length) {
      const have = new Set(changed.map((d) => d._id));
      for (const d of (await recordsByIds(local, state.orphanCards.map((id) => `card:${id}`))).records.values()) if (!have.has(d._id)) changed.push(d);
    }
    const optionsChanged = changed.some((d) => d.type === 'settings' || d.type === 'preset' || (d.type === 'deck' && !(d as LwwDoc).deleted && ((d as LwwDoc<'deck'>).body?.presetId ?? '') !== (out.state.decks.get(d._id.slice(5))?.presetId ?? '')));
    const optionsHere = out.state.settingsStamp.usn > state.since || [...out.state.presets.values()].some((p) => p.usn > state.since && p.usn !== state.skipUsn);
    const full = state.seq === undefined || optionsChanged || optionsHere;
    // A first apply's changes are the whole replica already: not read a second time.
    const everything = state.seq === undefined;
    const chunks = full && !everything ? await allChunks(local) : (changed.filter((d) => d.type === 'revlog') as RevlogChunkDoc[]);
    const cardDocs = new Map<string, LwwDoc<'card'>>();
    if (everything) {
      for (const d of changed) if (d.type === 'card') cardDocs.set(d._id.slice(5), d as LwwDoc<'card'>);
    } else if (full) {
      for (const b of await rangeDocs(local, 'bundle:card:')) for (const d of expandBundle(b as unknown as BundleDoc)) cardDocs.set(d._id.slice(5), d as LwwDoc<'card'>);
    } else {
      const ids = await affectedCards(state, chunks, dbName);
      for (const d of changed) if (d.type === 'card') ids.add(d._id.slice(5));
      for (const d of (await recordsByIds(local, [...ids].map((id) => `card:${id}`))).records.values()) if (!(d as LwwDoc).deleted) cardDocs.set(d._id.slice(5), d as LwwDoc<'card'>);
    }
    mark('sync:card-docs-read');
    const media = await incomingMedia(local, changed, dbName);
    mark('sync:media-read');
    const applied = await applyIncoming({ changed, chunks, full, cardDocs, media, unstamped: out.unstamped, counter: out.counter, from: chunkSeq === undefined ? state : { ...state, chunkSeq }, seq: lastSeq, now: Date.now() }, dbName);
    mark('sync:applied');
    progress({ phase: 'apply', done: applied.written, total: applied.written });
    if (applied.written > 0) {
      // Open screens (this tab's and the others') read the collection again.
      if (typeof dispatchEvent === 'function' && typeof Event === 'function') dispatchEvent(new Event('prepdeck:data-changed'));
      announceChange('sync');
    }
    return { ok: true, pushed: up, pulled: down, at: applied.state.lastSyncAt ?? Date.now() };
  } catch (e) {
    const f = await classify(e, config.server);
    const latest = await readSyncState(dbName).catch(() => undefined);
    if (latest?.config) await writeSyncState({ ...latest, lastError: { kind: f.kind, message: f.message, at: Date.now() } }, dbName).catch(() => undefined);
    return { ok: false, kind: f.kind, message: f.message };
  } finally {
    running = false;
    await Promise.all([local.close(), remote.close()]).catch(() => undefined);
    notifySyncStatus();
  }
}

const stopped = (): SyncFailure => new SyncFailure('offline', 'Sync was stopped before it finished; the next sync goes on from where it stopped.');

async function replicate(rep: Replication, phase: 'push' | 'pull', progress: (p: SyncProgress) => void, signal: AbortSignal | undefined, total?: number, onDocs?: (docs: PouchDoc[]) => void): Promise<number> {
  const abort = (): void => rep.cancel();
  signal?.addEventListener('abort', abort);
  try {
    rep.on('change', (info) => {
      if (onDocs && info.docs) onDocs(info.docs);
      progress({ phase, done: info.docs_written, ...(total !== undefined ? { total } : {}) });
    });
    const result = await rep;
    if (signal?.aborted || result.status === 'cancelled') throw stopped();
    progress({ phase, done: result.docs_written, ...(total !== undefined ? { total } : {}) });
    return result.docs_written;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

// ---------------------------------------------------------------------------------------------
// Push

/** The documents for this device's changes, against what the replica holds. */
async function outgoingDocs(local: PouchDatabase, out: Awaited<ReturnType<typeof readOutgoing>>, device: string, since: number, chunkSeq: number | undefined, appliedSeq: number | string | undefined): Promise<{ docs: SyncDoc[]; chunkSeq: number | undefined }> {
  const unapplied = appliedSeq === undefined ? undefined : await changedIds(local, appliedSeq);
  const s = out.state;
  const ids = new Set<string>(['settings:study']);
  for (const n of s.notes.values()) ids.add(`note:${n.id}`);
  for (const c of s.cards.values()) ids.add(`card:${c.id}`);
  for (const d of s.decks.values()) ids.add(`deck:${d.id}`);
  for (const t of s.noteTypes.values()) ids.add(`notetype:${t.id}`);
  for (const p of s.presets.values()) ids.add(`preset:${p.id}`);
  for (const st of s.stories.values()) ids.add(`story:${st.noteId}`);
  for (const g of s.graves.values()) if (g.kind !== 'review') ids.add(`${g.kind}:${g.id}`);
  const { records: existing, bundles } = await recordsByIds(local, [...ids]);
  // A first sync (or one after a change of server) checks the whole log the replica holds;
  // later ones this device's chunks from the one that was open at the last completed sync: a
  // push that was cut off left its entries there, still in the feed, and must not chunk them again.
  const recent = out.full ? await allChunks(local) : await deviceChunksFrom(local, device, chunkSeq ?? 0);
  const replicaLog = mergedLog(recent);
  const open = newestChunk(recent, device) ?? (out.full ? undefined : await newestOwnChunk(local, device));
  const reader: ReplicaReader = {
    get: (id) => existing.get(id),
    openChunk: () => open,
    hasReview: (id) => out.synced.has(id) || replicaLog.all.has(id),
    hasUndo: (id) => replicaLog.undone.has(id),
    // What the replica took in after the last apply (a sync cut off before it) is not applied yet.
    pending: (id) => unapplied === undefined || unapplied.has(id) || unapplied.has(bundleOfDocId(id) ?? id),
  };
  // The state holds the feed's records plus every deck, preset and story: `outgoing` keeps those
  // stamped after `since` (sync's own writes among them match the replica and are skipped).
  // Notes and cards go into their bundles, on top of the revision the replica holds.
  const docs = foldIntoBundles(outgoing(s, since, device, reader), (id) => bundles.get(id));
  const newest = newestChunk(docs.filter((d): d is RevlogChunkDoc => d.type === 'revlog'), device) ?? open;
  return {
    docs: docs.map((d) => {
      const prev = d._id === open?._id ? open : d.type === 'bundle' ? undefined : existing.get(d._id);
      return prev?._rev ? ({ ...d, _rev: prev._rev } as SyncDoc) : d;
    }),
    chunkSeq: newest?.seq,
  };
}
