/**
 * The page's side of the optimiser: one worker per run, the fitting progress read straight from
 * the wasm memory the worker shares (the worker itself is busy inside fsrs-rs and cannot post
 * progress), and cancel = terminate the worker, which stops every thread and changes nothing.
 */
import type { OptimiseMessage, OptimiseOutcome, OptimisePhase, OptimiseRequest } from '../../workers/optimise-protocol';

export interface OptimiseProgress {
  phase: OptimisePhase;
  /** 0–1 while fitting, undefined before. */
  fraction?: number;
}

export interface OptimiseRun {
  result: Promise<OptimiseOutcome>;
  cancel: () => void;
}

export class OptimiseCancelled extends Error {
  constructor() {
    super('Optimisation cancelled. Nothing was changed.');
    this.name = 'AbortError';
  }
}

/** False when this page cannot run the optimiser (no cross-origin isolation: no shared memory). */
export function canOptimise(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
}

export function startOptimise(req: OptimiseRequest, onProgress: (p: OptimiseProgress) => void): OptimiseRun {
  const worker = new Worker(new URL('../../workers/optimise.worker.ts', import.meta.url), { type: 'module', name: 'prepdeck-optimise' });
  let timer: ReturnType<typeof setInterval> | undefined;
  let phase: OptimisePhase = 'reading';
  let settle: { reject: (e: unknown) => void } | undefined;
  const stop = () => {
    clearInterval(timer);
    worker.terminate();
  };
  const result = new Promise<OptimiseOutcome>((resolve, reject) => {
    settle = { reject };
    worker.addEventListener('message', (e: MessageEvent<OptimiseMessage>) => {
      const m = e.data;
      if (m.type === 'phase') {
        phase = m.phase;
        if (m.phase === 'reading' || m.phase === 'loading') onProgress({ phase: m.phase });
      } else if (m.type === 'progress-source') {
        // One source per fit: the final fit, then one per time-series split, each a share of the bar.
        clearInterval(timer);
        const view = new Uint32Array(m.buffer, m.pointer, 2);
        onProgress({ phase, fraction: m.from });
        timer = setInterval(() => {
          const [done, total] = [Atomics.load(view, 0), Atomics.load(view, 1)];
          if (total > 0) onProgress({ phase, fraction: Math.min(1, m.from + m.share * (done / total)) });
        }, 150);
      } else if (m.type === 'done') {
        stop();
        resolve(m.outcome);
      } else {
        stop();
        reject(new Error(m.message));
      }
    });
    worker.addEventListener('error', (e) => {
      stop();
      reject(new Error(`The optimiser stopped: ${e.message || 'unknown error'}. Nothing was changed.`));
    });
  });
  worker.postMessage(req);
  return {
    result,
    cancel: () => {
      stop();
      settle?.reject(new OptimiseCancelled());
    },
  };
}
