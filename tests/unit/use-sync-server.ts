/**
 * A sync server for one test file (tests/sync-harness.ts), started before its tests and stopped
 * after them. The returned object stands for the running server: `server.createUser(...)`.
 */
import { afterAll, beforeAll } from 'vitest';
import { startSyncServer, type SyncServer, type SyncServerOptions } from '../sync-harness';

export function useSyncServer(opts: SyncServerOptions = {}): SyncServer {
  let running: SyncServer | undefined;
  beforeAll(async () => {
    running = await startSyncServer(opts);
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
  });
  return new Proxy({} as SyncServer, {
    get(_target, key) {
      if (!running) throw new Error('The sync server is not running (use it inside a test).');
      const value = running[key as keyof SyncServer];
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}
