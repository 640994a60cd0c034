/**
 * The real engine in Node: PouchDB 9 (memory adapter) replicates chunked review-log documents
 * through the test sync server (tests/sync-harness.ts: `npm run sync-server`'s script on a free
 * loopback port, a per-user database, Basic auth), then into a second "device"; stopped by its PID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { appendToChunks, CHUNK_SIZE } from '../../src/sync/docs';
import { mergedLog } from '../../src/sync/replay';
import type { ReviewLogRecord } from '../../src/core/types';
import { startSyncServer, type SyncServer } from '../sync-harness';

const require = createRequire(import.meta.url);
// The few PouchDB calls used here, typed locally: @types/pouchdb-core's globals (its Buffer
// typings) break scripts/bench.ts under this tsconfig.
interface Db {
  bulkDocs(docs: object[]): Promise<unknown>;
  allDocs(opts: object): Promise<{ rows: { doc?: unknown }[] }>;
  replicate: { to(target: Db): Promise<{ docs_written: number }>; from(source: Db): Promise<{ docs_written: number }> };
}
type PouchStatic = new (name: string, opts?: object) => Db;
const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-memory')).plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-replication')) as PouchStatic;

let server: SyncServer | undefined;
let url = '';

beforeAll(async () => {
  server = await startSyncServer();
  url = await server.createUser('user-a', 'password-a');
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

const review = (i: number): ReviewLogRecord => ({ id: `r${i}-phone-c${i % 300}`, cardId: `c${i % 300}`, deckId: 'd', time: 1_700_000_000_000 + i * 60_000, rating: 3, stateBefore: 2, stateAfter: 2, stabilityBefore: 10, stabilityAfter: 20, difficultyBefore: 5, difficultyAfter: 5, dueBefore: 0, dueAfter: 1, scheduledDays: 20, elapsedDays: 10, durationMs: 4000, source: 'review' });

describe('replication through pouchdb-server', () => {
  it('carries a few thousand chunked reviews from one device to another, none lost', async () => {
    const count = 5 * CHUNK_SIZE + 123;
    const reviews = Array.from({ length: count }, (_, i) => review(i));
    const docs = appendToChunks('phone', undefined, reviews, [['r7-phone-c7', 1_800_000_000_000]]);
    const phone: Db = new PouchDB('phone', { adapter: 'memory' });
    const laptop: Db = new PouchDB('laptop', { adapter: 'memory' });
    const remote: Db = new PouchDB(url, { auth: { username: 'user-a', password: 'password-a' }, skip_setup: true });
    await phone.bulkDocs(docs);
    const started = performance.now();
    const up = await phone.replicate.to(remote);
    const down = await laptop.replicate.from(remote);
    const ms = performance.now() - started;
    expect(up.docs_written).toBe(docs.length);
    expect(down.docs_written).toBe(docs.length);
    const got = await laptop.allDocs({ include_docs: true, startkey: 'revlog:', endkey: 'revlog:\uffff' });
    const log = mergedLog(got.rows.map((r) => r.doc as never));
    expect(log.all.size).toBe(count);
    expect([...log.undone]).toEqual(['r7-phone-c7']);
    console.log(`${count} reviews in ${docs.length} documents: up and down in ${Math.round(ms)} ms`);
  }, 60_000);
});
