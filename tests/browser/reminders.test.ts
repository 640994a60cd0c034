/**
 * Reminders in real Chromium: a study time, a daily calendar file that a calendar library reads
 * back, the interview plan's days as a file, and notifications turned on with permission.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { launch, readStore, useServer } from './harness';
import { describeViolations, runAxe } from './axe';

const server = useServer();

describe('reminders', () => {
  it('a daily calendar event at the study time, the plan’s days, and notifications', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page, context } = b;
      await context.grantPermissions(['notifications'], { origin: server.url });
      await page.goto(server.url + '/#/settings');
      await page.getByRole('heading', { name: 'Reminders' }).waitFor({ timeout: 30_000 });
      await page.getByLabel('Daily study time').fill('07:45');
      await page.getByLabel('Daily study time').dispatchEvent('change');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Add a daily reminder to my calendar' }).click()]);
      expect(download.suggestedFilename()).toBe('prepdeck-daily.ics');
      const text = readFileSync((await download.path())!, 'utf8');
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
      expect(event.summary).toBe('Prepdeck: ten minutes of review');
      expect(event.startDate.toString()).toMatch(/T07:45:00$/);
      expect(event.isRecurring()).toBe(true);

      await page.getByLabel('Notify me at that time while Prepdeck is open').check();
      await page.getByText('You will be notified at 07:45 while Prepdeck is open.').waitFor();
      const settings = (await readStore<unknown>(page, 'meta')).find((m) => typeof m === 'object' && m !== null && 'dayStartHour' in m) as { remind?: boolean; studyTime?: string };
      expect(settings).toMatchObject({ remind: true, studyTime: '07:45' });
      expect(describeViolations('settings with reminders', await runAxe(page))).toEqual([]);

      // With an interview, its plan's days go to the calendar too.
      await page.goto(server.url + '/#/interview');
      const d = new Date(Date.now() + 10 * 86_400_000);
      await page.getByLabel('Interview date').fill(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
      await page.getByRole('button', { name: 'Save interview' }).click();
      await page.locator('article.plan').waitFor();
      await page.goto(server.url + '/#/settings');
      const [plan] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Add my interview plan’s days' }).click()]);
      const events = new ICAL.Component(ICAL.parse(readFileSync((await plan.path())!, 'utf8'))).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events).toHaveLength(11);
      expect(events[0]!.summary).toMatch(/^Prepdeck: \d+ new cards \(interview in 10 days\)$/);
      expect(events.at(-1)!.summary).toBe('Prepdeck: review what would fade (interview today)');
    } finally {
      await b.close();
    }
  });
});
