/**
 * Stats and Readiness in real Chromium: at 100k cards (a large CSV import beside the built-in
 * decks) with a study history, offline, in light and dark, at phone and desktop size; the
 * figures on screen match the database; a focused session from a weak subtopic studies that
 * subtopic's cards.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { countStore, launch, readStore, RESULTS, useServer, waitForServiceWorker } from './harness';
import { describeViolations, runAxe } from './axe';
import { seedHistory } from './insights-seed';
import type { CardRecord, Note, ReviewLogRecord } from '../../src/core/types';
import { studyDayStart } from '../../src/core/time';

const server = useServer();
const AREAS = { a: 0.6, b: 0.3, c: 0.5, d: 0.1, g: 0.2 };

async function openDecks(page: Page): Promise<void> {
  await page.goto(server.url + '/');
  await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 60_000 });
}

async function importBig(page: Page, rows: number): Promise<void> {
  await page.goto(server.url + '/#/import');
  const lines = Array.from({ length: rows }, (_, i) => `Bulk question ${i}?,Answer ${i},${i % 3 ? 'drill' : 'theory'}`);
  await page.setInputFiles('#import-file', { name: 'bulk.csv', mimeType: 'text/csv', buffer: Buffer.from(['front,back,tags', ...lines].join('\n')) });
  await page.getByLabel('Column 3').selectOption('tags');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: `Import ${rows} cards` }).click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
}

const tileValue = (page: Page, name: string) => page.locator('.tile', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd').textContent();

describe('insights', () => {
  it('Stats and Readiness at 100k cards, offline, light and dark, phone and desktop: figures match the database; axe finds nothing', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page, context } = b;
      await openDecks(page);
      await waitForServiceWorker(page);
      await importBig(page, 98_000);
      const seeded = await seedHistory(page, { areas: AREAS, days: 200, now: Date.now() });
      expect(seeded.reviews).toBeGreaterThan(1000);
      const totalCards = (await countStore(page, 'cards')) + (await readStore<{ size: number }>(page, 'packs')).reduce((t, p) => t + p.size, 0);
      expect(totalCards).toBeGreaterThan(100_000);
      const logs = await readStore<ReviewLogRecord>(page, 'revlog');
      const today = studyDayStart(Date.now(), 4);
      const todayCount = logs.filter((l) => l.time >= today).length;

      await context.setOffline(true);
      await page.reload();
      await page.getByRole('link', { name: 'Stats' }).click();
      await page.locator('.stats .tiles').waitFor({ timeout: 60_000 });
      expect(await tileValue(page, 'Reviews')).toBe(String(todayCount));
      await expect(page.locator('.chart figcaption', { hasText: 'Card counts' }).textContent()).resolves.toBe(`Card counts (${totalCards} cards)`);
      // True retention: the all-time year row agrees with the log (Review-state reviews passed).
      const yearStart = today - 364 * 86_400_000 - 2 * 3_600_000;
      const reviewState = logs.filter((l) => l.stateBefore === 2 && l.time >= yearStart);
      const passed = reviewState.filter((l) => l.rating > 1).length;
      await expect(page.locator('table.retention tr', { hasText: 'Last 365 days' }).locator('td').nth(2).textContent()).resolves.toContain(`${passed}/${reviewState.length}`);
      // Every chart has its numbers as a table.
      const charts = await page.locator('.stats .chart').count();
      expect(charts).toBeGreaterThanOrEqual(10);
      expect(await page.locator('.stats .chart details.chart-table').count()).toBe(charts);
      await page.getByRole('button', { name: '90 days' }).first().click();
      await expect.poll(() => page.locator('.chart', { has: page.locator('figcaption', { hasText: /^Reviews per day$/ }) }).locator('tbody tr').count()).toBe(90);
      // One deck: only its cards.
      await page.getByLabel('Deck').selectOption({ label: 'bulk' });
      await expect.poll(() => page.locator('.chart figcaption', { hasText: 'Card counts' }).textContent(), { timeout: 30_000 }).toBe('Card counts (98000 cards)');
      expect(describeViolations('stats', await runAxe(page))).toEqual([]);

      await page.getByRole('link', { name: 'Readiness' }).click();
      await page.getByRole('heading', { name: 'Areas' }).waitFor({ timeout: 60_000 });
      const weakest = page.locator('.weakest li');
      await expect(weakest.count()).resolves.toBe(5);
      // The own deck and its tags are there too.
      await expect(page.locator('.panel', { hasText: 'Your decks' }).locator('.ready-name').first().textContent()).resolves.toBe('bulk');
      // A later date: recall can only fade.
      const before = await page.locator('.area summary .ready-value').first().textContent();
      const date = new Date(Date.now() + 60 * 86_400_000);
      await page.getByLabel('What if my interview were on').fill(`${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`);
      await page.getByText('on the date').first().waitFor({ timeout: 30_000 });
      const after = await page.locator('.area summary .ready-value').first().textContent();
      expect(parseInt(after!)).toBeLessThanOrEqual(parseInt(before!));
      expect(parseInt(after!)).toBeGreaterThanOrEqual(0);
      await page.locator('.area summary').first().click();
      expect(describeViolations('readiness', await runAxe(page))).toEqual([]);
      await context.setOffline(false);
    } finally {
      await b.close();
    }
  }, 400_000);

  for (const [w, h, size] of [
    [390, 844, 'phone'],
    [1280, 800, 'desktop'],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`looks right at ${size} size in ${scheme} (screenshots), with no page errors and no sideways scrolling`, async () => {
        const b = await launch({ viewport: { width: w, height: h }, colorScheme: scheme });
        try {
          const { page } = b;
          await openDecks(page);
          await seedHistory(page, { areas: AREAS, days: 200, now: Date.now() });
          await page.goto(server.url + '/#/stats');
          await page.locator('.stats .tiles').waitFor({ timeout: 60_000 });
          await page.screenshot({ path: join(RESULTS, `stats-${size}-${scheme}.png`), fullPage: true });
          await page.screenshot({ path: join(RESULTS, `stats-${size}-${scheme}-top.png`) });
          expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
          if (scheme === 'dark') expect(describeViolations('stats dark', await runAxe(page))).toEqual([]);
          await page.goto(server.url + '/#/readiness');
          await page.getByRole('heading', { name: 'Areas' }).waitFor({ timeout: 60_000 });
          await page.locator('.area summary').first().click();
          await page.evaluate(() => scrollTo(0, 0));
          await page.screenshot({ path: join(RESULTS, `readiness-${size}-${scheme}.png`), fullPage: true });
          await page.screenshot({ path: join(RESULTS, `readiness-${size}-${scheme}-top.png`) });
          expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
          if (scheme === 'dark') expect(describeViolations('readiness dark', await runAxe(page))).toEqual([]);
          expect(b.errors).toEqual([]);
        } finally {
          await b.close();
        }
      }, 200_000);
    }
  }

  it('a weak subtopic starts a focused session on its own cards; the answer counts and readiness moves', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = b;
      await openDecks(page);
      await seedHistory(page, { areas: AREAS, days: 200, now: Date.now() });
      await page.goto(server.url + '/#/readiness');
      const first = page.locator('.weakest li').first();
      await first.waitFor({ timeout: 60_000 });
      const label = (await first.locator('.ready-name').textContent())!;
      const topic = label.split(' ')[0]!;
      const seenBefore = (await first.locator('.ready-detail').textContent())!;
      await first.getByRole('link', { name: /^Focus on / }).click();
      await page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
      const cardId = (await page.locator('.card-view').getAttribute('data-card-id'))!;
      const card = (await readStore<CardRecord>(page, 'cards')).find((c) => c.id === cardId)!;
      const note = (await readStore<Note>(page, 'notes')).find((n) => n.id === card.noteId)!;
      expect(note.topics).toContain(topic);
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(async () => (await readStore<ReviewLogRecord>(page, 'revlog')).some((l) => l.cardId === cardId && l.source === 'review' && Date.now() - l.time < 120_000)).toBe(true);
      // Every card this session shows is of that subtopic.
      for (let i = 0; i < 3; i++) {
        const next = page.getByRole('button', { name: 'Show answer' });
        if (!(await next.isVisible())) break;
        const id = (await page.locator('.card-view').getAttribute('data-card-id'))!;
        const c = (await readStore<CardRecord>(page, 'cards')).find((x) => x.id === id)!;
        expect((await readStore<Note>(page, 'notes')).find((n) => n.id === c.noteId)!.topics).toContain(topic);
        await next.click();
        await page.getByRole('button', { name: 'Easy', exact: true }).click();
      }
      await page.goto(server.url + '/#/readiness');
      await page.getByRole('heading', { name: 'Areas' }).waitFor({ timeout: 60_000 });
      const area = page.locator('.area', { hasText: '' }).filter({ has: page.locator(`.ready-name:text-is("${label}")`) });
      await area.first().locator('summary').click();
      const row = area.first().locator('li', { has: page.locator(`.ready-name:text-is("${label}")`) });
      await expect.poll(async () => (await row.locator('.ready-detail').textContent()) !== seenBefore, { timeout: 30_000 }).toBe(true);
    } finally {
      await b.close();
    }
  }, 200_000);
});
