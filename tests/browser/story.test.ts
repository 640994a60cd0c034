/**
 * "My story" on behavioural prompts: written on the back of the card, saved in IndexedDB,
 * shown again (and editable) the next time the card's answer is shown.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launch, readStore, RESULTS, useServer } from './harness';

const server = useServer();

describe('My story', () => {
  it('is written on the back of a behavioural card, saved, and shown again after a reload', async () => {
    const b = await launch();
    try {
      const { page } = b;
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      // Study the behavioural deck until a prompt with a story area comes up.
      await page.goto(server.url + '/#/study/behavioural');
      const story = page.getByLabel('My story');
      let found = false;
      for (let i = 0; i < 20 && !found; i++) {
        await page.getByRole('button', { name: 'Show answer' }).click();
        await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
        if (await story.count()) found = true;
        else await page.getByRole('button', { name: 'Good', exact: true }).click();
      }
      expect(found).toBe(true);
      const text = 'Situation: our ranking model leaked labels. Action: I rebuilt the split by time. Result: offline AUC matched online.';
      await story.fill(text);
      await expect.poll(() => page.locator('.story-status').textContent()).toBe('Saved on this device');
      const saved = await readStore<{ noteId: string; text: string }>(page, 'stories');
      expect(saved).toHaveLength(1);
      expect(saved[0]!.text).toBe(text);
      await page.screenshot({ path: join(RESULTS, 'story.png') });

      // After a reload the same card is up again (not graded yet): its story is on the back.
      await page.reload();
      await page.getByRole('button', { name: 'Show answer' }).click();
      await expect.poll(() => page.getByLabel('My story').inputValue()).toBe(text);
      await page.getByLabel('My story').fill(`${text} Learned: validate splits first.`);
      await page.getByLabel('My story').blur();
      await expect.poll(async () => (await readStore<{ text: string }>(page, 'stories'))[0]?.text).toMatch(/Learned: validate splits first\.$/);
    } finally {
      await b.close();
    }
  });
});
