/**
 * The Stats and Readiness part of `npm run bench` (called from scripts/bench.ts on each
 * collection): the stats worker's digest built on first use (statsBuildMs); then a new page each
 * time, so a new worker loads the saved digest (statsColdMs, and navigation → first panel); then,
 * within one page, a card answered and Stats opened again (statsMs, the target: the worker has
 * its digest and catches up with the answer); readiness with a new page.
 */
import type { Page } from 'playwright-core';

export interface InsightsFigures {
  /** First open: every card and review read into the digest, and the statistics computed. */
  statsBuildMs: number;
  /** In the same page after answering a card: request → statistics back (worker clock, median of 3). */
  statsMs: number;
  /** A new page, so a new worker that loads the saved digest: request → statistics (median of 3). */
  statsColdMs: number;
  /** Navigation to Stats → the first panel painted (page clock, median of 3). */
  statsOpenMs: number;
  /** Saved digest, fresh worker: request → readiness back (median of 3). */
  readinessMs: number;
}

export interface BenchTools {
  navigate: (page: Page, hash: string) => Promise<void>;
  probe: (page: Page, key: string) => Promise<number>;
  measures: (page: Page, name: string) => Promise<number[]>;
  median: (xs: number[]) => number;
  log: (m: string) => void;
}

async function digestSaved(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      new Promise<boolean>((res) => {
        const r = indexedDB.open('prepdeck');
        r.onsuccess = () => {
          const g = r.result.transaction('search').objectStore('search').getKey('stats');
          g.onsuccess = () => {
            r.result.close();
            res(g.result !== undefined);
          };
        };
        r.onerror = () => res(false);
      }),
  );
}

async function workerTime(page: Page, prefix: string, tools: BenchTools): Promise<{ ms: number; loaded: string }> {
  const handle = await page.waitForFunction((p) => performance.getEntriesByType('measure').find((e) => e.name.startsWith(p)), prefix, { timeout: 300_000, polling: 100 });
  await handle.dispose();
  const [entry] = await page.evaluate((p) => performance.getEntriesByType('measure').filter((e) => e.name.startsWith(p)).map((e) => ({ name: e.name, ms: e.duration, detail: (e as PerformanceMeasure).detail as Record<string, number> | null })), prefix);
  if (entry?.detail) tools.log(`${prefix.slice(9, -1)} (${entry.name.slice(prefix.length)}): ${Object.entries(entry.detail).map(([k, v]) => `${k} ${typeof v === 'number' ? Math.round(v) : v}`).join(', ')}`);
  return { ms: entry!.ms, loaded: entry!.name.slice(prefix.length) };
}

export async function benchInsights(page: Page, tools: BenchTools): Promise<InsightsFigures> {
  await tools.navigate(page, '#/stats');
  const first = await workerTime(page, 'prepdeck:stats-', tools);
  for (let waited = 0; !(await digestSaved(page)); waited += 500) {
    if (waited > 120_000) throw new Error('the stats digest was not saved within two minutes');
    await page.waitForTimeout(500);
  }
  const runs: number[] = [];
  const opens: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < 3; i++) {
    await tools.navigate(page, '#/stats');
    opens.push(await tools.probe(page, 'statsPanel'));
    const t = await workerTime(page, 'prepdeck:stats-', tools);
    if (t.loaded !== 'saved') throw new Error(`the stats worker did not load its saved digest (it says "${t.loaded}")`);
    runs.push(t.ms);
    await tools.navigate(page, '#/readiness');
    ready.push((await workerTime(page, 'prepdeck:readiness-', tools)).ms);
  }
  // Within one page: answer a card, then open Stats again (in-app navigation keeps the worker).
  await tools.navigate(page, '#/stats');
  await workerTime(page, 'prepdeck:stats-', tools);
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.evaluate(() => (location.hash = '#/study/all'));
    await page.locator('button.show-answer').click({ timeout: 60_000 });
    const before = await page.evaluate(() => performance.getEntriesByName('prepdeck:stats-memory').length);
    await page.getByRole('button', { name: 'Good', exact: true }).click();
    await page.waitForTimeout(300);
    await page.evaluate(() => (location.hash = '#/stats'));
    await page.waitForFunction((n) => performance.getEntriesByName('prepdeck:stats-memory').length > n, before, { timeout: 60_000 });
    const entry = await page.evaluate(() => {
      const e = performance.getEntriesByName('prepdeck:stats-memory').at(-1) as PerformanceMeasure;
      return { ms: e.duration, detail: e.detail as Record<string, number> };
    });
    tools.log(`stats after an answer (memory): ${Object.entries(entry.detail).map(([k, v]) => `${k} ${typeof v === 'number' ? Math.round(v) : v}`).join(', ')}`);
    warm.push(entry.ms);
  }
  tools.log(`stats: first open ${Math.round(first.ms)} ms (${first.loaded}); new page ${runs.map(Math.round).join(', ')} ms in the worker, ${opens.map(Math.round).join(', ')} ms to the first panel; after an answer ${warm.map(Math.round).join(', ')} ms; readiness ${ready.map(Math.round).join(', ')} ms`);
  return { statsBuildMs: Math.round(first.ms), statsMs: Math.round(tools.median(warm)), statsColdMs: Math.round(tools.median(runs)), statsOpenMs: Math.round(tools.median(opens)), readinessMs: Math.round(tools.median(ready)) };
}
