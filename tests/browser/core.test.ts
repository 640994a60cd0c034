/**
 * The core promise in real Chromium: study, grade, reload, go offline, keep every grade.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { countStore, horizontalOverflow, launch, readStore, RESULTS, waitForServiceWorker, type Browser, useServer } from './harness';

const server = useServer();

async function openDecks(b: Browser) {
  await b.page.goto(server.url + '/');
  await b.page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
}

async function studyOneCard(b: Browser, grade: 'Again' | 'Hard' | 'Good' | 'Easy') {
  const { page } = b;
  await page.getByRole('link', { name: 'Study all decks' }).click();
  await page.getByRole('button', { name: 'Show answer' }).waitFor();
  await page.getByRole('button', { name: 'Show answer' }).click();
  const btn = page.getByRole('button', { name: grade, exact: true });
  await btn.waitFor();
  await expect(btn.locator('.grade-interval').textContent()).resolves.toMatch(/^\d+(\.\d)?(m|h|d|mo|y)$/);
  await btn.click();
  // The next card's front is up (or the done screen).
  await page.getByRole('button', { name: 'Show answer' }).or(page.getByRole('heading', { name: 'Done for today' })).waitFor();
}

describe('study, reload, offline', () => {
  it('a grade persists across reloads, and the app starts and grades offline', async () => {
    const b = await launch();
    try {
      await openDecks(b);
      await waitForServiceWorker(b.page);
      // Built-in decks are loaded with their counts.
      const cards = await countStore(b.page, 'cards');
      expect(cards).toBeGreaterThan(20);
      await studyOneCard(b, 'Good');
      expect(await countStore(b.page, 'revlog')).toBe(1);

      await b.page.reload();
      await b.page.getByRole('button', { name: 'Show answer' }).waitFor();
      expect(await countStore(b.page, 'revlog')).toBe(1);
      const [log] = await readStore<{ rating: number; stateBefore: number; stateAfter: number; durationMs: number }>(b.page, 'revlog');
      expect(log).toMatchObject({ rating: 3, stateBefore: 0, stateAfter: 1 });
      expect(log!.durationMs).toBeGreaterThanOrEqual(0);

      // Offline: the service worker serves the app shell and the decks.
      await b.context.setOffline(true);
      await b.page.goto(server.url + '/');
      await b.page.getByRole('heading', { name: 'Today' }).waitFor();
      await studyOneCard(b, 'Easy');
      expect(await countStore(b.page, 'revlog')).toBe(2);
      await b.page.reload();
      await b.page.getByRole('heading', { name: 'Today' }).or(b.page.getByRole('button', { name: 'Show answer' })).first().waitFor();
      expect(await countStore(b.page, 'revlog')).toBe(2);
      const logs = await readStore<{ rating: number }>(b.page, 'revlog');
      expect(logs.map((l) => l.rating).sort()).toEqual([3, 4]);
      expect(b.errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('works with the keyboard alone: Space shows, 1–4 grade, z undoes', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      await openDecks(b);
      const { page } = b;
      // Tab to "Study all decks" and open it with Enter.
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
        if (name === 'Study all decks') break;
      }
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Study all decks');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Show answer' }).waitFor();
      // Focus is visible on the focused control.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).not.toBe('none');
      const front1 = await page.locator('article.card-view').innerHTML();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
      await page.keyboard.press('3');
      await page.getByRole('button', { name: 'Show answer' }).waitFor();
      await expect.poll(() => countStore(page, 'revlog')).toBe(1);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Again', exact: true }).waitFor();
      await page.keyboard.press('1');
      await expect.poll(() => countStore(page, 'revlog')).toBe(2);
      // Undo twice: z, then Ctrl+Z; the first card is back, its log entry gone.
      await page.keyboard.press('z');
      await expect.poll(() => countStore(page, 'revlog')).toBe(1);
      await page.keyboard.press('Control+z');
      await expect.poll(() => countStore(page, 'revlog')).toBe(0);
      await expect.poll(() => page.locator('article.card-view').innerHTML()).toBe(front1);
      const cards = await readStore<{ reps: number }>(page, 'cards');
      expect(cards.every((c) => c.reps === 0)).toBe(true);
      // The Undo button is named exactly so.
      await expect(page.getByRole('button', { name: 'Undo', exact: true }).isDisabled()).resolves.toBe(true);
    } finally {
      await b.close();
    }
  });

  it('fits a 360×640 screen without horizontal scrolling, and takes phone and desktop screenshots', async () => {
    const b = await launch({ viewport: { width: 360, height: 640 } });
    try {
      await openDecks(b);
      const { page } = b;
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.goto(server.url + '/#/settings');
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.goto(server.url + '/#/import');
      await page.getByRole('heading', { name: 'Import a deck' }).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.goto(server.url + '/#/study/all');
      await page.getByRole('button', { name: 'Show answer' }).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor();
      await page.screenshot({ path: join(RESULTS, 'phone-decks.png') });
      await page.goto(server.url + '/#/study/all');
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
      await page.screenshot({ path: join(RESULTS, 'phone-review.png') });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor();
      await page.screenshot({ path: join(RESULTS, 'desktop-decks.png') });
      // On a wide screen the answer bar's button and grades sit centred under the card.
      await page.goto(server.url + '/#/study/all');
      const centre = async (name: string) => {
        const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
        return box.x + box.width / 2;
      };
      expect(Math.abs((await centre('Show answer')) - 640)).toBeLessThan(2);
      await page.screenshot({ path: join(RESULTS, 'desktop-review.png') });
      await page.getByRole('button', { name: 'Show answer' }).click();
      const grades = (await page.getByRole('group', { name: 'How well did you remember?' }).boundingBox())!;
      expect(Math.abs(grades.x + grades.width / 2 - 640)).toBeLessThan(2);
    } finally {
      await b.close();
    }
  });
});
