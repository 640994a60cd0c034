/**
 * The optimiser in real Chromium: the page is cross-origin isolated, a seeded review history is
 * fitted in the worker (fsrs-browser wasm) with a moving progress bar, Cancel changes nothing,
 * a second run completes offline and shows both evaluations; the wasm fit is compared with
 * fsrs-rs native (the Node binding) on the same items. Screenshots and axe of the new section.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as native from '@open-spaced-repetition/binding';
import { buildFsrsItems, itemsAsReviews } from '../../src/core/fsrs-items';
import { evaluateParameters } from '../../src/core/optimise-eval';
import { sampleReviews, SAMPLE_PARAMS } from '../../src/core/optimise-sample';
import type { ReviewLogRecord, Settings } from '../../src/core/types';
import { launch, readStore, RESULTS, useServer, waitForServiceWorker, openApp } from './harness';
import { describeViolations, runAxe } from './axe';

const server = useServer();
const DECK = 'algorithms';
const reviews = sampleReviews({ params: SAMPLE_PARAMS, cards: 3000, days: 500, seed: 11 });

async function seedReviews(page: Page): Promise<void> {
  const records: ReviewLogRecord[] = reviews.map((r, i) => ({
    id: `seed-${i}`, cardId: r.cardId, deckId: DECK, time: r.time, rating: r.rating, stateBefore: r.stateBefore, stateAfter: 2,
    stabilityBefore: 0, stabilityAfter: 0, difficultyBefore: 0, difficultyAfter: 0, dueBefore: r.time, dueAfter: r.time,
    scheduledDays: 0, elapsedDays: 0, durationMs: 5000, source: 'import',
  }));
  await page.evaluate(
    (rows) =>
      new Promise<void>((res, rej) => {
        const req = indexedDB.open('prepdeck');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction('revlog', 'readwrite');
          for (const r of rows) tx.objectStore('revlog').put(r);
          tx.oncomplete = () => {
            db.close();
            res();
          };
          tx.onerror = () => rej(tx.error);
        };
      }),
    records,
  );
}

const progressValue = (page: Page) => page.locator('#optimise-progress').evaluate((el) => (el as HTMLProgressElement).hasAttribute('value') ? (el as HTMLProgressElement).value : -1);

async function settingsOf(page: Page): Promise<Settings> {
  const meta = await page.evaluate(
    () =>
      new Promise<unknown>((res, rej) => {
        const req = indexedDB.open('prepdeck');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const g = req.result.transaction('meta').objectStore('meta').get('settings');
          g.onsuccess = () => res(g.result);
        };
      }),
  );
  return (meta ?? {}) as Settings;
}

describe('optimiser', () => {
  it('fits the review history in a worker with progress and cancel, offline, and matches fsrs-rs native', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page, context } = b;
      await openApp(page, server.url);
      await waitForServiceWorker(page);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await seedReviews(page);
      await page.goto(`${server.url}/#/deck/${DECK}/options`);
      await page.getByRole('heading', { name: 'Memory model' }).waitFor({ timeout: 30_000 });
      // More than a thousand reviews and never optimised: the reminder says so.
      await expect.poll(() => page.getByRole('note').textContent(), { timeout: 30_000 }).toMatch(/reviews and parameters never optimised/);

      // Offline from here on: the worker, the wasm and the review log all come from the device.
      await context.setOffline(true);
      const before = await settingsOf(page);
      await page.getByRole('button', { name: 'Optimise', exact: true }).click();
      const bar = page.getByRole('progressbar', { name: 'Optimisation progress' });
      await bar.waitFor();
      await expect.poll(() => progressValue(page), { timeout: 60_000 }).toBeGreaterThan(0);
      const first = await progressValue(page);
      await expect.poll(() => progressValue(page), { timeout: 60_000 }).toBeGreaterThan(first);
      await page.locator('.optimise').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(RESULTS, 'optimise-running-390-light.png') });
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('alert').filter({ hasText: 'Optimisation cancelled. Nothing was changed.' }).waitFor();
      expect(await settingsOf(page)).toEqual(before);

      const started = Date.now();
      await page.getByRole('button', { name: 'Optimise', exact: true }).click();
      const result = page.locator('.optimise-result');
      await result.waitFor({ timeout: 120_000 });
      const wallMs = Date.now() - started;
      const text = (await result.textContent()) ?? '';
      expect(text).toContain('Fitted parameters kept');
      expect(text).toMatch(/Trained on [\d,]+ reviews\./);
      const after = await settingsOf(page);
      expect(after.fsrsParams).toHaveLength(21);
      expect(after.lastOptimisation?.adopted).toBe(true);
      expect(after.lastOptimisation!.fitted.logLoss).toBeLessThan(after.lastOptimisation!.current.logLoss);

      // The same items fitted by fsrs-rs natively: parameters close, predictions closer.
      const items = buildFsrsItems(reviews, 4);
      const nativeItems = itemsAsReviews(items).map((rs) => new native.FSRSBindingItem(rs.map((r) => new native.FSRSBindingReview(r.rating, r.deltaT))));
      const nativeParams = await native.computeParameters(nativeItems, { enableShortTerm: true });
      const wasm = evaluateParameters(after.fsrsParams!, items);
      const nat = evaluateParameters(nativeParams, items);
      const truth = evaluateParameters(SAMPLE_PARAMS, items);
      const paramDiff = after.fsrsParams!.map((w, i) => Math.abs(w - nativeParams[i]!) / Math.max(0.1, Math.abs(nativeParams[i]!)));
      console.log(`[optimise] wall ${wallMs} ms; wasm ${JSON.stringify(after.fsrsParams)}; native ${JSON.stringify(nativeParams.map((x) => Math.round(x * 1e4) / 1e4))}; logloss wasm ${wasm.logLoss.toFixed(4)} native ${nat.logLoss.toFixed(4)} truth ${truth.logLoss.toFixed(4)}; max rel param diff ${Math.max(...paramDiff).toFixed(3)}`);
      expect(Math.abs(wasm.logLoss - nat.logLoss)).toBeLessThan(0.002);
      expect(Math.abs(wasm.rmseBins - nat.rmseBins)).toBeLessThan(0.01);
      // The first four (initial stabilities) decide most intervals: within 35 % of native.
      for (let i = 0; i < 4; i++) expect(paramDiff[i]).toBeLessThan(0.35);

      // Optimised just now: no reminder.
      await expect.poll(() => page.getByRole('note').count()).toBe(0);
      await context.setOffline(false);
      const section = page.locator('.optimise');
      const dismiss = page.getByRole('button', { name: 'Dismiss' });
      if (await dismiss.count()) await dismiss.click();
      for (const [w, h] of [[390, 844], [1280, 800]] as const)
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.setViewportSize({ width: w, height: h });
          await section.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(RESULTS, `optimise-${w}-${scheme}.png`) });
        }
      await page.emulateMedia({ colorScheme: 'light' });
      const violations = await runAxe(page);
      expect(describeViolations('deck-options (optimised)', violations)).toEqual([]);
      expect(b.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    } finally {
      await b.close();
    }
  }, 300_000);
});
