/**
 * The desired-retention helper's part of `npm run bench` (called from scripts/bench.ts on each
 * collection, last): the workload simulation over every deck, 15 retentions × 365 days, in its
 * worker (simulate.worker.ts), request → result. It runs from the generator page (same origin,
 * same database), so the app's service worker, which would answer that navigation with the app,
 * is unregistered first: nothing measured after it on this profile.
 */
import type { Page } from 'playwright-core';

export interface SimulateFigures {
  /** Request → result: IndexedDB read (cards, pack keys, 50k recent reviews) plus the simulation. */
  simulateMs: number;
  /** Of which reading IndexedDB (worker clock). */
  simulateLoadMs: number;
}

export async function benchSimulate(page: Page, url: string, log: (m: string) => void): Promise<SimulateFigures> {
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  });
  await page.goto('about:blank');
  await page.goto(`${url}/bench/index.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const sim = await page.evaluate(() => window.prepdeckBench.simulateAll());
  log(`retention helper: ${Math.round(sim.ms)} ms (IndexedDB ${sim.loadMs} ms: cards ${sim.cardsMs}, review log ${sim.revlogMs}; simulation ${sim.simulateMs} ms) over ${sim.studiedCards} studied and ${sim.newCards} new cards, ${sim.retentions} retentions; lowest workload at ${sim.best}`);
  return { simulateMs: Math.round(sim.ms), simulateLoadMs: sim.loadMs };
}
