/**
 * Benchmark-only page (bench/index.html, built by vite.bench.config.ts into dist-bench/, never
 * part of the app's bundle or precache). Served from the app's origin, so the collection it
 * generates lands in the database the app opens. scripts/bench.ts drives it.
 */
import { generateCollection } from './generate';
import { closeDatabase, openDatabase } from '../storage/db';
import { simulateWorkload } from '../ui/insights/simulate-client';
import { cardCount, gradeReviewCards, hasReviews, reviewCount, syncAgain, syncEnable } from './sync';

/** The desired-retention helper's simulation over every deck, in its worker (bench key `simulateMs`). */
async function simulateAll() {
  const deckIds = (await (await openDatabase()).getAllKeys('decks')).map(String);
  const t0 = performance.now();
  const s = await simulateWorkload({ deckIds, now: Date.now() });
  return { ms: performance.now() - t0, loadMs: s.loadMs, cardsMs: s.cardsMs, revlogMs: s.revlogMs, simulateMs: s.simulateMs, studiedCards: s.studiedCards, newCards: s.newCards, retentions: s.points.length, best: s.best };
}

declare global {
  interface Window {
    prepdeckBench: {
      generateCollection: typeof generateCollection;
      closeDatabase: typeof closeDatabase;
      simulateAll: typeof simulateAll;
      syncEnable: typeof syncEnable;
      syncAgain: typeof syncAgain;
      gradeReviewCards: typeof gradeReviewCards;
      hasReviews: typeof hasReviews;
      reviewCount: typeof reviewCount;
      cardCount: typeof cardCount;
    };
  }
}

window.prepdeckBench = { generateCollection, closeDatabase, simulateAll, syncEnable, syncAgain, gradeReviewCards, hasReviews, reviewCount, cardCount };
document.getElementById('status')!.textContent = 'ready';
