/**
 * The desired-retention helper (issue #11) on the deck options screen, in real Chromium: it loads
 * only when "Help me decide" opens, simulates in its worker from the deck's cards, shows the
 * chart and the table, its "Use …" button sets the desired retention that Save then keeps; axe
 * finds nothing in it, light or dark; a worker that fails to load gives a message, not silence.
 * Screenshots at 390×844 and 1280×800, light and dark.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { horizontalOverflow, launch, REPO, RESULTS, useServer, waitForServiceWorker } from './harness';
import { describeViolations, type AxeViolation } from './axe';

const server = useServer();
const DECK = 'algorithms';

/** Turns 200 of the deck's new cards into review cards with a history of a few weeks to months. */
async function seedReviews(page: Page): Promise<number> {
  return page.evaluate(
    (deckId) =>
      new Promise<number>((res, rej) => {
        const open = indexedDB.open('prepdeck');
        open.onerror = () => rej(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('cards', 'readwrite');
          const store = tx.objectStore('cards');
          const get = store.index('byDeck').getAll(deckId);
          let n = 0;
          get.onsuccess = () => {
            const now = Date.now();
            for (const c of (get.result as Record<string, unknown>[]).slice(0, 200)) {
              const stability = 3 + (n % 60);
              const last = now - Math.round(stability * 0.8) * 86_400_000;
              store.put({ ...c, state: 2, bucket: 2, stability, difficulty: 3 + (n % 6), reps: 4, last_review: last, due: last + stability * 86_400_000, scheduled_days: stability, elapsed_days: stability });
              n++;
            }
          };
          tx.oncomplete = () => {
            db.close();
            res(n);
          };
          tx.onerror = () => rej(tx.error);
        };
      }),
    DECK,
  );
}

/** axe on the helper only (the rest of the options screen is tested elsewhere). */
async function axeHelper(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const res = await axe.run({ include: [['.retention-helper']] }, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html.slice(0, 200), summary: n.failureSummary ?? '' })) }));
  });
}

const retentionField = (page: Page) => page.getByRole('spinbutton', { name: 'Desired retention', exact: true });

async function openOptions(page: Page): Promise<void> {
  await page.goto(`${server.url}/#/deck/${DECK}/options`);
  await page.getByRole('heading', { name: 'Options', level: 1 }).waitFor({ timeout: 30_000 });
}

describe('desired-retention helper', () => {
  it('simulates, shows a chart and a table, and its button sets the desired retention', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = b;
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await waitForServiceWorker(page);
      expect(await seedReviews(page)).toBe(200);

      await openOptions(page);
      await retentionField(page).fill('0.97');
      // Nothing of the helper has loaded yet.
      expect(requests.filter((u) => /RetentionHelper|simulate/.test(u))).toEqual([]);
      await page.getByText('Help me decide', { exact: true }).click();
      await page.getByRole('heading', { name: 'Workload by desired retention' }).waitFor({ timeout: 60_000 });
      expect(requests.some((u) => /simulate.*worker/.test(u))).toBe(true);

      const chart = page.getByRole('img', { name: 'Minutes and reviews a day by desired retention' });
      await expect(chart.isVisible()).resolves.toBe(true);
      await expect(page.locator('.workload-chart .line-minutes').getAttribute('d')).resolves.toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){14}$/);
      await expect(page.locator('.workload-chart .mark-current text').textContent()).resolves.toBe('yours 0.97');

      await page.getByText('Show the figures as a table').click();
      const table = page.getByRole('table', { name: /Simulated workload over the next 365 days/ });
      await expect(table.locator('tbody tr').count()).resolves.toBe(15);
      await expect(table.getByRole('rowheader').first().textContent()).resolves.toBe('0.70');
      await expect(table.getByRole('rowheader', { name: /\(yours\)/ }).textContent()).resolves.toBe('0.97 (yours)');
      const bestRow = (await table.getByRole('rowheader', { name: /lowest workload/ }).textContent()) ?? '';
      const best = /^(0\.\d\d)/.exec(bestRow)?.[1];
      expect(best).toBeDefined();
      // Minutes a day grow with retention.
      const minutes = (await table.locator('tbody tr td:nth-child(2)').allTextContents()).map(Number);
      expect(minutes.every((m, i) => i === 0 || m >= minutes[i - 1]!)).toBe(true);
      expect(minutes.at(-1)!).toBeGreaterThan(minutes[0]!);
      expect(await horizontalOverflow(page)).toBe(0);

      for (const [w, h, name] of [[390, 844, 'phone'], [1280, 800, 'desktop']] as const) {
        await page.setViewportSize({ width: w, height: h });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          // The helper's heading just under the sticky top bar.
          await page.locator('.retention-helper h3').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70));
          await page.screenshot({ path: join(RESULTS, `retention-helper-${name}-${scheme}.png`) });
          expect(describeViolations(`retention helper ${name} ${scheme}`, await axeHelper(page))).toEqual([]);
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });

      // "Use 0.xx" puts the suggestion in the field; Save keeps it.
      await page.getByRole('button', { name: `Use ${best}` }).click();
      await expect(retentionField(page).inputValue()).resolves.toBe(String(Number(best)));
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved “Default”.').waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Options', level: 1 }).waitFor({ timeout: 30_000 });
      await expect.poll(() => retentionField(page).inputValue()).toBe(String(Number(best)));
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('says so when the simulation cannot run', async () => {
    // No service worker, so that the worker script's request can be failed on purpose.
    const b = await launch({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    try {
      const { page } = b;
      await page.route(/simulate.*worker/, (route) => route.abort());
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await openOptions(page);
      await page.getByText('Help me decide', { exact: true }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'The workload simulation failed' }).textContent({ timeout: 30_000 })).resolves.toMatch(/simulation stopped/);
      await expect(page.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(true);
    } finally {
      await b.close();
    }
  });
});
