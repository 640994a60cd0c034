/** The stats worker: answers the Stats and Readiness screens off the main thread (stats-service.ts). */
import { StatsService } from './stats-service';
import type { StatsWorkerRequest } from './stats-protocol';

const service = new StatsService();

function post(msg: unknown): void {
  (self as unknown as Worker).postMessage(msg);
}

self.addEventListener('message', (e: MessageEvent<StatsWorkerRequest>) => {
  const req = e.data;
  const { id } = req;
  // A first build reads every review: the screen shows how far it has got.
  let last = -1;
  const progress = (f: number) => {
    const pct = Math.floor(f * 100);
    if (pct !== last) post({ id, progress: (last = pct) / 100 });
  };
  const job = req.type === 'open' ? service.openDigest() : req.type === 'stats' ? service.stats(req, progress) : service.readiness(req, progress);
  job.then(
    (result) => post({ id, ok: true, result }),
    (err: unknown) => post({ id, ok: false, error: { name: (err as Error).name, message: (err as Error).message } }),
  );
});
