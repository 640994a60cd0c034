/**
 * Benchmark-only page (bench/index.html, built by vite.bench.config.ts into dist-bench/, never
 * part of the app's bundle or precache). Served from the app's origin, so the collection it
 * generates lands in the database the app opens. scripts/bench.ts drives it.
 */
import { generateCollection } from './generate';
import { closeDatabase } from '../storage/db';

declare global {
  interface Window {
    prepdeckBench: {
      generateCollection: typeof generateCollection;
      closeDatabase: typeof closeDatabase;
    };
  }
}

window.prepdeckBench = { generateCollection, closeDatabase };
document.getElementById('status')!.textContent = 'ready';
