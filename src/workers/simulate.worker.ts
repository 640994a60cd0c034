/**
 * The desired-retention helper's worker: reads the decks' cards and review log from IndexedDB
 * and runs the workload simulation at every retention (simulate-load.ts), off the main thread.
 * Messages: in `{ id, request }`; out `{ id, progress }` after each retention, then
 * `{ id, ok: true, result }` or `{ id, ok: false, error }`.
 */
import { runSimulation, type SimulateRequest } from './simulate-load';

export type SimulateWorkerResponse =
  | { id: number; progress: number }
  | { id: number; ok: true; result: Awaited<ReturnType<typeof runSimulation>> }
  | { id: number; ok: false; error: { name: string; message: string } };

const post = (msg: SimulateWorkerResponse) => (self as unknown as Worker).postMessage(msg);

self.addEventListener('message', (e: MessageEvent<{ id: number; request: SimulateRequest }>) => {
  const { id, request } = e.data;
  runSimulation(request, (progress) => post({ id, progress })).then(
    (result) => post({ id, ok: true, result }),
    (err: unknown) => post({ id, ok: false, error: { name: (err as Error)?.name ?? 'Error', message: (err as Error)?.message ?? String(err) } }),
  );
});
