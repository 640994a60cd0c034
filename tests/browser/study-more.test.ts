/**
 * The done view tells the truth and offers custom study, in real Chromium: with today's new-card
 * limit used, it says how many new cards wait; "More new cards today" raises the limit and the
 * session goes on; axe finds nothing on the view.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { countStore, launch, readStore, RESULTS, useServer, openApp } from './harness';
import type { CardRecord } from '../../src/core/types';
import { patchStoredSettings } from './reliability-helpers';
import { describeViolations, runAxe } from './axe';

const server = useServer();

describe('study more today', () => {
  it('says how many new cards wait once the limit is used, and More new cards today continues the session', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = b;
      await openApp(page, server.url);
      await patchStoredSettings(page, { newPerDay: 2 });
      await page.goto(server.url + '/#/study/probability');
      // The app reads its settings at start.
      await page.reload();
      const easy = async () => {
        await page.getByRole('button', { name: 'Show answer' }).click();
        await page.getByRole('button', { name: 'Easy', exact: true }).click();
      };
      await easy();
      await easy();
      await page.getByRole('heading', { name: 'Done for today' }).waitFor({ timeout: 30_000 });
      const total = await page.evaluate(() => document.querySelector('.done .waiting')?.textContent ?? '');
      expect(total).toMatch(/^\d[\d,]* new cards wait; today’s new-card limit is used\.$/);
      await page.screenshot({ path: join(RESULTS, 'done-study-more-phone.png') });
      expect(describeViolations('done view', await runAxe(page))).toEqual([]);

      await page.getByLabel('How many more today').fill('0');
      await expect(page.getByRole('button', { name: 'More new cards today' }).isDisabled()).resolves.toBe(true);
      await page.getByLabel('How many more today').fill('3');
      await page.getByRole('button', { name: 'More new cards today' }).click();
      for (let i = 0; i < 3; i++) await easy();
      await page.getByRole('heading', { name: 'Done for today' }).waitFor({ timeout: 30_000 });
      expect(await countStore(page, 'revlog')).toBe(5);
      // Custom study from the done view: review ahead, cram: answers change nothing.
      await page.getByRole('link', { name: 'Custom study' }).click();
      await page.getByRole('heading', { name: 'Custom study', level: 1 }).waitFor();
      await page.getByLabel('Review ahead').check();
      await page.getByLabel('Due in the next (days)').fill('60');
      await page.getByLabel(/^Cram/).check();
      await page.screenshot({ path: join(RESULTS, 'custom-study-phone.png') });
      expect(describeViolations('custom study', await runAxe(page))).toEqual([]);
      const cardsBefore = await readStore<CardRecord>(page, 'cards');
      await page.getByRole('button', { name: 'Start' }).click();
      for (let i = 0; i < 5; i++) await easy();
      await page.getByRole('heading', { name: 'Custom study done' }).waitFor({ timeout: 30_000 });
      await page.getByText(/Nothing was rescheduled/).waitFor();
      expect(await readStore<CardRecord>(page, 'cards')).toEqual(cardsBefore);
      expect(await countStore(page, 'revlog')).toBe(5);
      // The deck list agrees: nothing new left today for this deck.
      await page.goto(server.url + '/#/');
      await expect.poll(() => page.locator('.deck-item', { hasText: 'Probability' }).first().locator('.counts').getAttribute('aria-label')).toMatch(/: 0 new/);
    } finally {
      await b.close();
    }
  });
});
