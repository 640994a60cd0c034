/**
 * A full mock interview in real Chromium with a fake microphone: three questions, each timed,
 * one answer recorded and played back after the reveal, self-graded (reviews in the log); the
 * summary names the weakest subtopic and its drill starts a focused session.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launch, readStore, RESULTS, useServer } from './harness';
import { describeViolations, runAxe } from './axe';
import type { ReviewLogRecord } from '../../src/core/types';

const server = useServer();

describe('mock interview', () => {
  it('times, records, reveals and grades three questions, then sums up and drills', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 }, args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
    try {
      const { page, context } = b;
      await context.grantPermissions(['microphone']);
      await page.goto(server.url + '/#/interview');
      await page.getByRole('link', { name: 'Mock interview' }).click();
      await page.getByRole('heading', { name: 'Mock interview', level: 1 }).waitFor({ timeout: 30_000 });
      for (const area of ['Algorithms & data structures', 'Behavioural', 'LLM engineering', 'Machine learning', 'ML system design & MLOps', 'Software engineering & system design']) await page.getByLabel(area).uncheck();
      await page.getByLabel('Questions').fill('3');
      await page.getByLabel(/^Record my answers/).check();
      expect(describeViolations('mock setup', await runAxe(page))).toEqual([]);
      await page.getByRole('button', { name: 'Start mock interview' }).click();

      await page.getByRole('heading', { name: 'Question 1 of 3' }).waitFor({ timeout: 30_000 });
      await expect(page.getByRole('timer').textContent()).resolves.toMatch(/^[12]:\d\d$/);
      await page.getByRole('button', { name: 'Record answer' }).click();
      await page.getByRole('button', { name: 'Stop recording' }).waitFor();
      await page.waitForTimeout(600);
      await page.getByRole('button', { name: 'Stop recording' }).click();
      await page.getByText('Recorded. You can play it after the reveal.').waitFor();
      await page.getByRole('button', { name: 'Reveal answer' }).click();
      const audio = page.locator('audio');
      await audio.waitFor();
      await expect(audio.getAttribute('src')).resolves.toMatch(/^blob:/);
      // It plays: the recording loads under the app's CSP.
      await expect.poll(() => audio.evaluate((a) => (a as HTMLAudioElement).readyState)).toBeGreaterThan(0);
      await page.screenshot({ path: join(RESULTS, 'mock-question-phone.png') });
      expect(describeViolations('mock question', await runAxe(page))).toEqual([]);
      await page.getByRole('button', { name: 'Delete recording' }).click();
      expect(await audio.count()).toBe(0);
      await page.getByRole('group', { name: 'How did you answer?' }).getByRole('button', { name: 'Again' }).click();
      for (const grade of ['Good', 'Hard']) {
        await page.getByRole('button', { name: 'Reveal answer' }).click();
        await page.getByRole('group', { name: 'How did you answer?' }).getByRole('button', { name: grade }).click();
      }
      await page.getByRole('heading', { name: 'Mock interview summary' }).waitFor();
      expect(await page.locator('.mock-table tbody tr').count()).toBe(3);
      const logs = await readStore<ReviewLogRecord>(page, 'revlog');
      expect(logs.map((l) => l.rating).sort()).toEqual([1, 2, 3]);
      expect(logs.every((l) => l.deckId === 'probability')).toBe(true);
      expect(describeViolations('mock summary', await runAxe(page))).toEqual([]);
      await page.screenshot({ path: join(RESULTS, 'mock-summary-phone.png'), fullPage: true });
      const drill = page.getByRole('link', { name: /^Drill b\.\d+/ }).first();
      const topic = /Drill (b\.\d+)/.exec((await drill.textContent())!)![1]!;
      await drill.click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/study/topic%3A${topic}`);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
