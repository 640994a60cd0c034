/** The page's side of the search worker: started on first use, one promise per request. */
import type { SearchWorkerRequest, SearchWorkerResponse, SearchWorkerResults } from '../../workers/search-protocol';

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'prepdeck-search' });
    worker.addEventListener('message', (e: MessageEvent<SearchWorkerResponse>) => {
      const msg = e.data;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
    });
    worker.addEventListener('error', (e) => {
      const err = new Error(`Search stopped working: ${e.message || 'unknown error'}. Reload the page to try again.`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      worker?.terminate();
      worker = undefined;
    });
  }
  return worker;
}

export function callSearch<T extends SearchWorkerRequest['type']>(req: Extract<DistributiveOmit<SearchWorkerRequest, 'id'>, { type: T }>): Promise<SearchWorkerResults[T]> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    getWorker().postMessage({ ...req, id });
  });
}
