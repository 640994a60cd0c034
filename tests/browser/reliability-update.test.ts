/**
 * A service-worker update while another tab is in the middle of a review, in real Chromium:
 * one tab accepts "Update available — Reload" (the new worker takes over every tab) while the
 * other keeps grading. Every grade it made is stored, once, and survives its own reload under
 * the new worker. (tests/browser/pwa.test.ts covers the prompt within a single tab.)
 */
import { describe, expect, it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CardRecord, ReviewLogRecord } from '../../src/core/types';
import { countStore, launch, readStore, waitForServiceWorker, useServer } from './harness';
import { checkReviewInvariant } from './reliability-helpers';

const server = useServer();

const answered = async (page: Page) => Number(/(\d+) answered/.exec((await page.locator('.review p.visually-hidden').textContent()) ?? '')?.[1]);

describe('service-worker update during a review', () => {
  it('another tab applies the update while this one grades: no grade is lost or doubled', async () => {
    const b = await launch();
    try {
      const reviewing = b.page;
      await reviewing.goto(server.url + '/');
      await reviewing.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await waitForServiceWorker(reviewing);
      const initial = new Map((await readStore<CardRecord>(reviewing, 'cards')).map((c) => [c.id, c]));
      const other = await b.context.newPage();
      await other.goto(server.url + '/');
      await other.getByRole('heading', { name: 'Today' }).waitFor();
      await waitForServiceWorker(other);
      // Count the reviewing tab's changes of controlling worker.
      await reviewing.evaluate(() => navigator.serviceWorker.addEventListener('controllerchange', () => ((window as unknown as { switches: number }).switches = ((window as unknown as { switches?: number }).switches ?? 0) + 1)));

      // A steady review in the first tab: show the answer, grade, every 120 ms.
      await reviewing.getByRole('link', { name: 'Study all decks' }).click();
      await reviewing.getByRole('button', { name: 'Show answer' }).waitFor();
      await reviewing.evaluate(() => {
        const key = (k: string) => dispatchEvent(new KeyboardEvent('keydown', { key: k, cancelable: true }));
        let n = 0;
        (window as unknown as { burst: number }).burst = window.setInterval(() => {
          key(' ');
          key(String(1 + (n++ % 4)));
        }, 120);
      });
      await expect.poll(() => countStore(reviewing, 'revlog')).toBeGreaterThanOrEqual(3);

      // A new version is published; the other tab is offered it and takes it.
      appendFileSync(join(server.root, 'sw.js'), `\n// next version ${Date.now()}\n`);
      await other.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      const reload = other.getByRole('button', { name: 'Reload' });
      await reload.waitFor({ timeout: 30_000 });
      await Promise.all([other.waitForEvent('load'), reload.click()]);
      await other.getByRole('heading', { name: 'Today' }).waitFor();
      // The new worker controls both tabs now (clients.claim), while the review went on.
      await expect.poll(() => reviewing.evaluate(() => (window as unknown as { switches?: number }).switches ?? 0)).toBe(1);
      const atSwitch = await countStore(reviewing, 'revlog');
      await expect.poll(() => countStore(reviewing, 'revlog')).toBeGreaterThan(atSwitch + 2);
      await reviewing.evaluate(() => clearInterval((window as unknown as { burst: number }).burst));

      // Every grade this tab counted is in the log, once, and consistent with its card.
      await expect.poll(async () => (await answered(reviewing)) === (await countStore(reviewing, 'revlog'))).toBe(true);
      const logs = await readStore<ReviewLogRecord>(reviewing, 'revlog');
      expect(new Set(logs.map((l) => l.id)).size).toBe(logs.length);
      expect((await checkReviewInvariant(reviewing, initial)).problems).toEqual([]);
      // And it all survives a reload of the reviewing tab under the new worker.
      await reviewing.reload();
      await reviewing.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
      expect((await readStore<ReviewLogRecord>(reviewing, 'revlog')).map((l) => l.id).sort()).toEqual(logs.map((l) => l.id).sort());
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
