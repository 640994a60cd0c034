/**
 * Swipe to grade on a touch viewport in real Chromium (touch events through the DevTools
 * protocol): right grades Good, left Again; the question side and a scroll do not grade.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, readStore, useServer } from './harness';
import type { ReviewLogRecord } from '../../src/core/types';

const server = useServer();

/** A finger moving from (x, y) by (dx, dy) in `steps` moves over about 150 ms. */
async function swipe(page: Page, x: number, y: number, dx: number, dy: number, steps = 6): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + (dx * i) / steps, y: y + (dy * i) / steps }] });
    await page.waitForTimeout(20);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const ratings = async (page: Page) => (await readStore<ReviewLogRecord>(page, 'revlog')).map((l) => l.rating);

describe('swipe to grade', () => {
  it('right is Good and left is Again on the answer; the question and a scroll are not graded', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 }, hasTouch: true });
    try {
      const { page } = b;
      await page.goto(server.url + '/#/study/algorithms');
      const show = page.getByRole('button', { name: 'Show answer' });
      await show.waitFor({ timeout: 30_000 });
      const box = (await page.locator('.card-view').boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + Math.min(box.height / 2, 120);
      // The question side: a swipe does nothing.
      await swipe(page, cx, cy, 160, 0);
      await page.waitForTimeout(300);
      expect(await ratings(page)).toEqual([]);
      await show.click();
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
      await swipe(page, cx - 80, cy, 170, 5);
      await expect.poll(() => ratings(page)).toEqual([3]);
      await show.click();
      await page.getByRole('button', { name: 'Again', exact: true }).waitFor();
      await swipe(page, cx + 80, cy, -170, 0);
      await expect.poll(() => ratings(page)).toEqual([3, 1]);
      // A long answer: an upward movement scrolls it and grades nothing.
      await show.click();
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
      await page.addStyleTag({ content: '.card-view { padding-bottom: 2000px !important; }' });
      await swipe(page, cx, cy + 100, 0, -200);
      await page.waitForTimeout(400);
      expect(await ratings(page)).toEqual([3, 1]);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
