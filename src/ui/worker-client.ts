/**
 * The page's side of the import worker: started on first use, one request at a time per id,
 * progress callbacks, and errors turned back into AppErrors with the worker's message.
 */
import { AppError, ErrorCode, type ErrorCode as Code } from '../core/errors';
import type { WorkerRequest, WorkerResponse, WorkerResults } from '../workers/protocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; onProgress?: (f: number) => void };
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'prepdeck-import' });
    worker.addEventListener('message', (e: MessageEvent<WorkerResponse>) => {
      const msg = e.data;
      const p = pending.get(msg.id);
      if (!p) return;
      if ('progress' in msg) return p.onProgress?.(msg.progress);
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else {
        const { code, message, name } = msg.error;
        p.reject(code ? new AppError(code as Code, message) : Object.assign(new Error(message), { name }));
      }
    });
    worker.addEventListener('error', (e) => {
      const err = new AppError(ErrorCode.Corrupt, `The import worker stopped: ${e.message || 'unknown error'}. Nothing was changed.`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      worker?.terminate();
      worker = undefined;
    });
  }
  return worker;
}

export function callWorker<T extends WorkerRequest['type']>(
  req: Extract<DistributiveOmit<WorkerRequest, 'id'>, { type: T }>,
  opts: { onProgress?: (f: number) => void; transfer?: Transferable[] } = {},
): Promise<WorkerResults[T]> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    getWorker().postMessage({ ...req, id }, { transfer: opts.transfer ?? [] });
  });
}

/** Saves bytes as a file through a temporary link (works offline; no server involved). */
export function downloadBytes(bytes: Uint8Array, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
