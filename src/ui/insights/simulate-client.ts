/**
 * The page's side of the simulation worker: started on first use and kept (a second run, after
 * changing the parameters, skips starting it again); a request resolves with the summary, and
 * reports progress after each simulated retention. A worker that dies fails its requests and is
 * replaced on the next call.
 */
import type { SimulateRequest, SimulateSummary } from '../../workers/simulate-load';
import type { SimulateWorkerResponse } from '../../workers/simulate.worker';

type Pending = { resolve: (s: SimulateSummary) => void; reject: (e: Error) => void; onProgress: ((f: number) => void) | undefined };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../../workers/simulate.worker.ts', import.meta.url), { type: 'module', name: 'prepdeck-simulate' });
  w.addEventListener('message', (e: MessageEvent<SimulateWorkerResponse>) => {
    const msg = e.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) return p.onProgress?.(msg.progress);
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
  });
  w.addEventListener('error', (e) => {
    const err = new Error(`the simulation stopped (${e.message || 'unknown error'})`);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    w.terminate();
    worker = undefined;
  });
  return (worker = w);
}

export function simulateWorkload(request: SimulateRequest, onProgress?: (fraction: number) => void): Promise<SimulateSummary> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    getWorker().postMessage({ id, request });
  });
}
