/**
 * A device's first sync builds the apply's feed from what the sync itself wrote into its empty
 * replica (sync/replica.ts FirstPull), not from a second read of everything it pulled. A
 * document written on both sides before that first sync (the shared study options) is in
 * conflict in the new replica: it must still be resolved by last writer wins, on both devices,
 * whichever side wrote last; the records of both devices arrive.
 */
import { describe, expect, it } from 'vitest';
import memoryAdapter from 'pouchdb-adapter-memory';
import { addNote } from '../../src/storage';
import { createDeck } from '../../src/storage/decks';
import { getSettings, saveSettings } from '../../src/storage/settings';
import { readSnapshot } from '../../src/storage/snapshot';
import { configureSync, enableSync, syncNow } from '../../src/sync/client';
import { freshDbName } from './helpers';
import { useSyncServer } from './use-sync-server';

const server = useSyncServer();

const use = (db: string) => configureSync({ dbName: db, adapter: { name: 'memory', plugin: memoryAdapter }, replicaName: `replica-${db}` });
const pause = () => new Promise((r) => setTimeout(r, 5));

async function notesOf(db: string): Promise<string[]> {
  return (await readSnapshot(Date.now(), 'test', db)).notes.filter((n) => n.source !== 'builtin').map((n) => n.fields[0]!).sort();
}

describe("a device's first sync", () => {
  for (const newer of ['the new device', 'the other device'] as const) {
    it(`resolves study options changed on both devices before it (${newer} changed them last)`, async () => {
      const url = await server.createUser(`first-${newer === 'the new device' ? 'b' : 'a'}`, 'pw-first-pull');
      const config = { server: url, user: `first-${newer === 'the new device' ? 'b' : 'a'}`, password: 'pw-first-pull' };
      const a = freshDbName('first-a');
      const b = freshDbName('first-b');
      const deckA = await createDeck('From A', Date.now(), '', a);
      await addNote({ deckId: deckA.id, noteTypeId: 'pd-basic', fields: ['written on A', 'x'], tags: [] }, Date.now(), a);
      const deckB = await createDeck('From B', Date.now(), '', b);
      await addNote({ deckId: deckB.id, noteTypeId: 'pd-basic', fields: ['written on B', 'y'], tags: [] }, Date.now(), b);
      const [first, second] = newer === 'the new device' ? [a, b] : [b, a];
      await saveSettings({ ...(await getSettings(first)), desiredRetention: 0.85 }, first);
      await pause();
      await saveSettings({ ...(await getSettings(second)), desiredRetention: 0.95 }, second);

      use(a);
      expect(await enableSync(config)).toMatchObject({ ok: true });
      use(b);
      expect(await enableSync(config)).toMatchObject({ ok: true });
      use(a);
      expect(await syncNow()).toMatchObject({ ok: true });

      for (const db of [a, b]) {
        expect((await getSettings(db)).desiredRetention).toBe(0.95);
        expect(await notesOf(db)).toEqual(['written on A', 'written on B']);
      }
    }, 60_000);
  }
});
