/**
 * The optimiser worker: reads a preset's review log, builds FSRS items, fits FSRS-6 parameters
 * with fsrs-rs compiled to wasm (fsrs-browser, threads through wasm-bindgen-rayon), and evaluates
 * the current and the fitted parameters on time-series splits of the same items. One run per worker: the page
 * terminates it to cancel (fsrs-rs has no cancel hook in this build) and after each run, which
 * also gives the wasm memory back.
 */
import { buildFsrsItems, type FsrsItems } from '../core/fsrs-items';
import { decideAdoption, evaluateOnSplits, sliceItems, timeSeriesSplits } from '../core/optimise-eval';
import { readReviewsForOptimiser } from '../storage/optimise-reviews';
import type { OptimiseMessage, OptimiseRequest } from './optimise-protocol';
import { DEFAULT_FSRS_PARAMS, MIN_TRAINING_ITEMS } from '../core/optimise';

interface FsrsBrowser {
  default: () => Promise<{ memory: WebAssembly.Memory }>;
  initThreadPool: (threads: number) => Promise<unknown>;
  Fsrs: new () => { computeParameters: (r: Uint32Array, d: Uint32Array, l: Uint32Array, p: unknown, shortTerm: boolean) => Float32Array };
  Progress: { new: () => { pointer: () => number } };
}

const post = (m: OptimiseMessage) => (self as unknown as Worker).postMessage(m);

async function run(req: OptimiseRequest): Promise<void> {
  post({ type: 'phase', phase: 'reading' });
  const t0 = performance.now();
  let items: FsrsItems;
  let reviewsTotal: number;
  let capped = false;
  if (req.items) {
    const total = req.items.lengths.length;
    items = { count: total, ...req.items, reviewsUsed: 0, cardsUsed: 0, cardsSkipped: 0 };
    reviewsTotal = 0;
  } else {
    const window = await readReviewsForOptimiser({ deckIds: req.deckIds ? new Set(req.deckIds) : undefined, limit: req.maxReviews });
    items = buildFsrsItems(window.reviews, req.dayStartHour);
    reviewsTotal = window.total;
    capped = window.reviews.length < window.total;
  }
  const readMs = performance.now() - t0;
  if (items.count < MIN_TRAINING_ITEMS) throw new Error(`Not enough reviews to optimise yet: ${items.count} usable answers, at least ${MIN_TRAINING_ITEMS} are needed.`);

  post({ type: 'phase', phase: 'loading' });
  // A runtime URL, outside the bundle: see scripts/vite-fsrs-assets.ts.
  const url = `${import.meta.env.BASE_URL}fsrs/fsrs_browser.js`;
  const fsrs = (await import(/* @vite-ignore */ url)) as FsrsBrowser;
  const wasm = await fsrs.default();
  const threads = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
  await fsrs.initThreadPool(threads);

  // The parameters to keep are fitted on every item; the evaluation fits again on earlier items
  // only and predicts later ones (time-series splits), so neither side is scored on answers it
  // was trained on. Progress runs over all the fits, weighted by their size.
  const splits = timeSeriesSplits(items.count);
  const sizes = [items.count, ...splits.map((sp) => sp.trainEnd)];
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  let doneSize = 0;
  const fit = (part: typeof items, stage: number): number[] => {
    const progress = fsrs.Progress.new();
    post({ type: 'progress-source', buffer: wasm.memory.buffer as unknown as SharedArrayBuffer, pointer: progress.pointer(), from: doneSize / totalSize, share: sizes[stage]! / totalSize });
    const w = Array.from(new fsrs.Fsrs().computeParameters(part.ratings, part.deltaTs, part.lengths, progress, true), (x) => Math.round(x * 1e4) / 1e4);
    doneSize += sizes[stage]!;
    return w;
  };
  post({ type: 'phase', phase: 'fitting' });
  const t1 = performance.now();
  const fitted = fit(items, 0);
  const fitMs = performance.now() - t1;

  post({ type: 'phase', phase: 'evaluating' });
  const t2 = performance.now();
  const splitParams = splits.map((sp, k) => fit(sliceItems(items, 0, sp.trainEnd), k + 1));
  const currentParams = req.currentParams ?? DEFAULT_FSRS_PARAMS;
  const current = evaluateOnSplits(() => currentParams, items, splits);
  const decision = decideAdoption(current, evaluateOnSplits((k) => splitParams[k]!, items, splits));
  post({
    type: 'done',
    outcome: {
      params: fitted,
      current: decision.current,
      fitted: decision.fitted,
      adopt: decision.adopt,
      reviewsUsed: items.reviewsUsed,
      reviewsTotal,
      capped,
      items: items.count,
      splits: splits.length,
      testedItems: splits.reduce((t, sp) => t + sp.testEnd - sp.trainEnd, 0),
      readMs: Math.round(readMs),
      fitMs: Math.round(fitMs),
      evalMs: Math.round(performance.now() - t2),
      threads,
    },
  });
}

self.addEventListener('message', (e: MessageEvent<OptimiseRequest>) => {
  run(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
});
