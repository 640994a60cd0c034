/**
 * The page's side of the simulation worker: started on first use and kept (a second run, after
 * changing the parameters, skips starting it again); a request resolves with the summary, and
 * reports progress after each simulated retention. A worker that dies fails its requests and is
 * replaced on the next call.
 */
import type { SimulateRequest, SimulateSummary } from '../../workers/simulate-load';
import { workerRpc } from '../worker-rpc';

type Req = { id: number; type: 'simulate'; request: SimulateRequest };

const call = workerRpc<Req, { simulate: SimulateSummary }>(
  () => new Worker(new URL('../../workers/simulate.worker.ts', import.meta.url), { type: 'module', name: 'prepdeck-simulate' }),
  (reason) => `the simulation stopped (${reason})`,
);

export function simulateWorkload(request: SimulateRequest, onProgress?: (fraction: number) => void): Promise<SimulateSummary> {
  return call({ type: 'simulate', request }, onProgress);
}
