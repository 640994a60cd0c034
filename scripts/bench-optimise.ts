/**
 * Optimiser figures for `npm run bench`: FSRS-6 fitted to histories drawn from known parameters
 * (src/core/optimise-sample.ts, seeded), 100k and 1M review-log entries.
 * - optimise100kMs: the app's optimiser worker (fsrs-browser wasm, threads) in Chromium, on the
 *   items of 100k reviews: request posted → result (fit + evaluation of both parameter sets).
 * - optimise1MMs: the same on a 1M-review history, trained the way the app trains it: on the
 *   most recently studied whole cards, up to MAX_TRAINING_REVIEWS answers (optimise1MReviewsUsed).
 * - optimise100kNativeMs / optimise1MNativeMs: fsrs-rs native (@open-spaced-repetition/binding in
 *   Node) fitting the same items, for comparison.
 * Items are built in Node and handed to the worker (`items` in the request), so these figures
 * leave out reading IndexedDB (measured separately by the browser test's wall time).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as native from '@open-spaced-repetition/binding';
import { buildFsrsItems, itemsAsReviews, recentWholeCards, type FsrsItems } from '../src/core/fsrs-items';
import { evaluateParameters } from '../src/core/optimise-eval';
import { sampleReviews, SAMPLE_PARAMS } from '../src/core/optimise-sample';
import { MAX_TRAINING_REVIEWS } from '../src/core/optimise';
import type { OptimiseOutcome } from '../src/workers/optimise-protocol';
import { launch, REPO } from '../tests/browser/harness';

export interface OptimiseFigures {
  optimise100kMs: number;
  optimise100kFitMs: number;
  optimise100kNativeMs: number;
  optimise100kItems: number;
  /** |log loss(wasm fit) − log loss(native fit)| on the same items. */
  optimise100kLogLossGap: number;
  optimise1MMs: number;
  optimise1MNativeMs: number;
  optimise1MReviewsUsed: number;
  optimise1MReviewsTotal: number;
  optimise1MItems: number;
  optimiseThreads: number;
}

/** A heavy user's history: two years, about ten answers per card (the sampler's retention 0.9). */
function itemsFor(reviews: number, seed: number, window = Infinity): { items: FsrsItems; total: number } {
  const all = sampleReviews({ params: SAMPLE_PARAMS, cards: Math.ceil(reviews / 5), maxReviews: reviews, days: 730, seed });
  const used = recentWholeCards(all, window);
  return { items: buildFsrsItems(used.reviews, 4), total: used.total };
}

async function nativeFit(items: FsrsItems): Promise<{ ms: number; params: number[] }> {
  const input = itemsAsReviews(items).map((rs) => new native.FSRSBindingItem(rs.map((r) => new native.FSRSBindingReview(r.rating, r.deltaT))));
  const t = performance.now();
  const params = await native.computeParameters(input, { enableShortTerm: true });
  return { ms: Math.round(performance.now() - t), params };
}

export async function benchOptimise(baseUrl: string, log: (m: string) => void): Promise<OptimiseFigures> {
  const worker = readdirSync(join(REPO, 'dist', 'assets')).find((f) => /^optimise\.worker-.*\.js$/.test(f));
  if (!worker) throw new Error('dist/assets has no optimise worker: build first');
  const b = await launch({});
  try {
    const { page } = b;
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
    if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the app is not cross-origin isolated: the optimiser cannot run');
    const inBrowser = async (items: FsrsItems) =>
      page.evaluate(
        async ({ url, lengths, ratings, deltaTs }) => {
          const w = new Worker(url, { type: 'module' });
          const started = performance.now();
          const outcome = await new Promise<unknown>((resolve, reject) => {
            w.onmessage = (e: MessageEvent<{ type: string; outcome?: unknown; message?: string }>) => {
              if (e.data.type === 'done') resolve(e.data.outcome);
              else if (e.data.type === 'error') reject(new Error(e.data.message));
            };
            w.onerror = (e) => reject(new Error(e.message));
            w.postMessage({ dayStartHour: 4, maxReviews: 0, items: { lengths: new Uint32Array(lengths), ratings: new Uint32Array(ratings), deltaTs: new Uint32Array(deltaTs) } });
          });
          w.terminate();
          return { ms: performance.now() - started, outcome };
        },
        { url: `/assets/${worker}`, lengths: Array.from(items.lengths), ratings: Array.from(items.ratings), deltaTs: Array.from(items.deltaTs) },
      ) as Promise<{ ms: number; outcome: OptimiseOutcome }>;

    log('optimiser: 100k reviews…');
    const small = itemsFor(100_000, 100).items;
    const wasm100k = await inBrowser(small);
    const native100k = await nativeFit(small);
    const gap = Math.abs(evaluateParameters(wasm100k.outcome.params, small).logLoss - evaluateParameters(native100k.params, small).logLoss);
    log(`optimiser: 100k in ${Math.round(wasm100k.ms)} ms (native ${native100k.ms} ms); 1M reviews, newest ${MAX_TRAINING_REVIEWS}…`);
    const big = itemsFor(1_000_000, 1000, MAX_TRAINING_REVIEWS);
    const wasm1M = await inBrowser(big.items);
    const native1M = await nativeFit(big.items);
    return {
      optimise100kMs: Math.round(wasm100k.ms),
      optimise100kFitMs: wasm100k.outcome.fitMs,
      optimise100kNativeMs: native100k.ms,
      optimise100kItems: small.count,
      optimise100kLogLossGap: Math.round(gap * 1e5) / 1e5,
      optimise1MMs: Math.round(wasm1M.ms),
      optimise1MNativeMs: native1M.ms,
      optimise1MReviewsUsed: big.items.reviewsUsed,
      optimise1MReviewsTotal: big.total,
      optimise1MItems: big.items.count,
      optimiseThreads: wasm100k.outcome.threads,
    };
  } finally {
    await b.close();
  }
}
