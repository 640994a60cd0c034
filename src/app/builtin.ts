/**
 * The built-in deck sync, started once. It runs in a worker (src/workers/builtin.worker.ts) so
 * the first start does not block the page; where a module worker cannot start, on the page.
 */
import { loadBuiltinDecks, loadBuiltinIndex } from './builtin-load';
import { builtinDecksToApply } from '../storage/builtin-check';
import type { BuiltinWorkerResponse } from '../workers/builtin.worker';

export { loadBuiltinDecks };

function loadInWorker(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../workers/builtin.worker.ts', import.meta.url), { type: 'module', name: 'builtin-decks' });
    worker.onmessage = (e: MessageEvent<BuiltinWorkerResponse>) => {
      worker.terminate();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve(e.data.changed);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'The built-in deck worker could not start'));
    };
    worker.postMessage(null);
  });
}

let ready: Promise<string[]> | undefined;
let synced = false;

/**
 * Whether any built-in deck needs writing. Checked on the page (the precached index and one
 * record, a few milliseconds): on almost every start nothing changed, and starting the worker
 * only to hear that would hold back the deck list and the first card by 60–150 ms.
 */
async function anyDeckToApply(): Promise<boolean> {
  return (await builtinDecksToApply(await loadBuiltinIndex())).length > 0;
}

/** Starts the built-in deck sync once; screens that list cards wait for it on first start. */
export function builtinDecksReady(): Promise<string[]> {
  const sync = () => (typeof Worker === 'function' ? loadInWorker().catch(() => loadBuiltinDecks()) : loadBuiltinDecks());
  ready ??= anyDeckToApply()
    .catch(() => true)
    .then((apply) => (apply ? sync() : []))
    .catch((e: unknown) => {
      // Offline before the first successful load, or a storage failure: the app still opens.
      console.warn('Built-in decks could not be loaded', e);
      return [] as string[];
    })
    .finally(() => {
      synced = true;
    });
  return ready;
}

/**
 * Runs `read` (a deck list, a study queue) once the built-in decks are in place, without waiting
 * for the check in the common case where nothing changed: `read` starts at once, alongside the
 * check, and runs again only if the sync wrote something meanwhile.
 */
export async function afterBuiltinDecks<T>(read: () => Promise<T>): Promise<T> {
  if (synced) return read();
  const [changed, result] = await Promise.all([builtinDecksReady(), read()]);
  return changed.length ? read() : result;
}
