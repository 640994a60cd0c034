/**
 * A date to be ready by, in real Chromium: set an interview → a countdown on the first screen →
 * the plan (new cards a day, on track) → study today's plan → the plan counts what was done.
 * Offline, phone-sized, axe clean.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launch, readStore, RESULTS, useServer, waitForServiceWorker, openApp } from './harness';
import { describeViolations, runAxe } from './axe';
import type { ReviewLogRecord } from '../../src/core/types';

const server = useServer();

const inDays = (n: number) => {
  const d = new Date(Date.now() + n * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('interview plan', () => {
  it('set a date, see the countdown and the plan, study it, and the plan moves', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page, context } = b;
      await openApp(page, server.url);
      await waitForServiceWorker(page);
      await context.setOffline(true);
      await page.getByRole('link', { name: 'Set your interview date for a plan' }).click();
      await page.getByRole('heading', { name: 'Interview', level: 1 }).waitFor();
      await page.getByLabel('Interview date').fill(inDays(20));
      await page.getByLabel('Company (optional)').fill('Acme');
      await page.getByLabel('Probability & statistics').check();
      await page.getByRole('button', { name: 'Save interview' }).click();
      const plan = page.locator('article.plan');
      await plan.waitFor();
      await expect(plan.locator('.plan-status').textContent()).resolves.toBe('On track');
      const text = (await plan.textContent())!;
      const [, unseen, perDay] = /(\d+) cards not seen yet: (\d+) new a day/.exec(text)!;
      expect(Number(perDay)).toBe(Math.ceil(Number(unseen) / 17));
      expect(describeViolations('interview', await runAxe(page))).toEqual([]);
      await page.screenshot({ path: join(RESULTS, 'interview-phone.png'), fullPage: true });

      // The first screen counts down.
      await page.goto(server.url + '/#/');
      await page.getByRole('link', { name: new RegExp(`Acme interview in 20 days — on track, ${perDay} new cards left today`) }).waitFor();

      // Today's plan: the decks' due cards, then today's new ones; two answered.
      await page.getByRole('link', { name: /Acme interview/ }).click();
      await page.getByRole('link', { name: 'Study today’s plan' }).click();
      for (let i = 0; i < 2; i++) {
        await page.getByRole('button', { name: 'Show answer' }).click();
        await page.getByRole('button', { name: 'Easy', exact: true }).click();
      }
      await expect.poll(async () => (await readStore<ReviewLogRecord>(page, 'revlog')).filter((l) => l.deckId === 'probability').length).toBe(2);
      await page.goto(server.url + '/#/interview');
      await plan.waitFor();
      await expect.poll(async () => /(\d+) left today/.exec((await plan.textContent()) ?? '')?.[1]).toBe(String(Number(perDay) - 2));
      const after = (await plan.textContent())!;
      expect(after, after).toContain(`${Number(unseen) - 2} cards not seen yet`);
      // The first screen's plan moved too.
      await page.goto(server.url + '/#/');
      await page.getByRole('link', { name: new RegExp(`Acme interview in 20 days — on track, ${Number(perDay) - 2} new cards left today`) }).waitFor();
      await page.goto(server.url + '/#/interview');
      await plan.waitFor();
      // After its date, an interview's plan ends and it is kept with the readiness it had.
      await page.evaluate(
        (past) =>
          new Promise<void>((res, rej) => {
            const r = indexedDB.open('prepdeck');
            r.onerror = () => rej(r.error);
            r.onsuccess = () => {
              const tx = r.result.transaction('meta', 'readwrite');
              const get = tx.objectStore('meta').get('interviews');
              get.onsuccess = () => tx.objectStore('meta').put([...(get.result ?? []), { id: 'past', date: past, company: 'Initech', decks: ['probability'], targetRecall: 0.9, createdAt: Date.now() - 9e8, startDay: 0, unseenAtStart: 278 }], 'interviews');
              tx.oncomplete = () => {
                r.result.close();
                res();
              };
            };
          }),
        inDays(-2),
      );
      await page.reload();
      await page.getByRole('heading', { name: 'Past interviews' }).waitFor({ timeout: 30_000 });
      await expect(page.locator('.interview-history li').first().textContent()).resolves.toMatch(/^Initech on \d{4}-\d{2}-\d{2}: readiness \d+ % \(seen \d+ %, recall \d+ %\)$/);
      expect(await page.locator('article.plan').count()).toBe(1);
      await context.setOffline(false);
    } finally {
      await b.close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`the interview, mock interview and custom study screens at 1280×800 and 390×844 in ${scheme}: no sideways scrolling, no page errors`, async () => {
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        const b = await launch({ viewport, colorScheme: scheme });
        try {
          const { page } = b;
          await page.goto(server.url + '/#/interview');
          await page.getByLabel('Interview date').fill(inDays(30));
          await page.getByLabel('Company (optional)').fill('Globex');
          await page.getByRole('button', { name: 'Save interview' }).click();
          await page.locator('article.plan').waitFor({ timeout: 30_000 });
          await page.getByText(/Predicted recall on the day/).waitFor();
          // A plan made on a fresh profile (built-in decks still loading) starts on track.
          await expect(page.locator('.plan-status').first().textContent()).resolves.toBe('On track');
          for (const [hash, heading] of [
            ['#/interview', 'Interview'],
            ['#/mock', 'Mock interview'],
            ['#/custom', 'Custom study'],
          ] as const) {
            await page.goto(server.url + '/' + hash);
            await page.getByRole('heading', { name: heading, level: 1 }).waitFor({ timeout: 30_000 });
            await page.screenshot({ path: join(RESULTS, `${hash.slice(2)}-${viewport.width}-${scheme}.png`), fullPage: true });
            expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
          }
          expect(b.errors).toEqual([]);
        } finally {
          await b.close();
        }
      }
    }, 120_000);
  }
});
