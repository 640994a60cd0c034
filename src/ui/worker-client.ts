/**
 * The page's side of the import worker: started on first use, one request at a time per id,
 * progress callbacks, and errors turned back into AppErrors with the worker's message.
 */
import { AppError, ErrorCode, type ErrorCode as Code } from '../core/errors';
import type { WorkerRequest, WorkerResults } from '../workers/protocol';
import { workerRpc } from './worker-rpc';

export const callWorker = workerRpc<WorkerRequest, WorkerResults>(
  () => new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'prepdeck-import' }),
  (reason) => new AppError(ErrorCode.Corrupt, `The import worker stopped: ${reason}. Nothing was changed.`),
  (e) => (e.code ? new AppError(e.code as Code, e.message) : Object.assign(new Error(e.message), { name: e.name })),
);

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
