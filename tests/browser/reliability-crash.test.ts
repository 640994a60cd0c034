/**
 * Crash safety in real Chromium: the whole browser (browser process, storage service,
 * renderers) is SIGKILLed in the middle of a burst of grades, several times on one profile.
 * After each restart every graded card has exactly its log entries, no card changed without
 * one, every grade that a reader had already seen committed is still there, and the app works.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CardRecord, ReviewLogRecord } from '../../src/core/types';
import { countStore, launch, readStore, type Browser, useServer } from './harness';
import { checkReviewInvariant, chromiumProcessTree, killAndWait, patchStoredSettings, reviewInvariantProblems } from './reliability-helpers';

const server = useServer();

/**
 * Grades as fast as the page can: Space shows the answer, a random 1–4 grades (and, when
 * `undo` is set, an occasional z takes a grade back). Synthetic key events go through the
 * same window listener as real key presses.
 */
async function startBurst(page: Browser['page'], seed: number, undo: boolean): Promise<void> {
  await page.evaluate(
    ({ seed, undo }) => {
      let s = seed >>> 0;
      const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const key = (k: string) => dispatchEvent(new KeyboardEvent('keydown', { key: k, cancelable: true }));
      setInterval(() => {
        key(' ');
        key(String(1 + Math.floor(rand() * 4)));
        if (undo && rand() < 0.005) key('z'); // about one undo per seven grades
      }, 2);
    },
    { seed, undo },
  );
}

describe('crash during a burst of grades', () => {
  it('the invariant check itself catches a card changed without its log, and a double grade', () => {
    const card = { id: 'c', reps: 0, state: 0, due: 5 } as CardRecord;
    const log = (id: string, time: number, before: [number, number], after: [number, number]) => ({ id, cardId: 'c', time, stateBefore: before[0], dueBefore: before[1], stateAfter: after[0], dueAfter: after[1] }) as ReviewLogRecord;
    const initial = new Map([['c', card]]);
    expect(reviewInvariantProblems(initial, [card], [])).toEqual([]);
    expect(reviewInvariantProblems(initial, [{ ...card, reps: 1, state: 1, due: 9 }], [])).toHaveLength(1);
    expect(reviewInvariantProblems(initial, [{ ...card, reps: 1, state: 1, due: 9 }], [log('a', 1, [0, 5], [1, 9])])).toEqual([]);
    expect(reviewInvariantProblems(initial, [{ ...card, reps: 2, state: 1, due: 9 }], [log('a', 1, [0, 5], [1, 9]), log('b', 2, [0, 5], [1, 9])])).not.toEqual([]);
    expect(reviewInvariantProblems(initial, [card], [log('a', 1, [0, 5], [1, 9])])).not.toEqual([]);
  });

  it('after each SIGKILL and restart, every graded card has exactly its log entries and committed grades survive', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'prepdeck-crash-'));
    let b: Browser | undefined;
    try {
      b = await launch({ profile });
      await b.page.goto(server.url + '/');
      await b.page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      // Enough new cards for a long burst (the default limit of 20 a day would end it early).
      await patchStoredSettings(b.page, { newPerDay: 5000, reviewsPerDay: 5000 });
      await b.page.reload();
      const initial = new Map((await readStore<CardRecord>(b.page, 'cards')).map((c) => [c.id, c]));
      expect(initial.size).toBeGreaterThan(100);

      // Kill moments: after a few, a dozen and a few dozen more committed grades, each with its
      // own extra delay so the kill lands at a different point of a grade's transaction.
      const rounds = [
        { after: 3, delayMs: 0, undo: false },
        { after: 12, delayMs: 7, undo: true },
        { after: 25, delayMs: 23, undo: false },
      ];
      for (const [i, round] of rounds.entries()) {
        const page = b.page;
        await page.goto(server.url + '/#/study/all');
        await page.reload(); // a full start that reads the settings (goto to a hash alone does not)
        await page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
        const start = await countStore(page, 'revlog');
        const tree = chromiumProcessTree(profile);
        await startBurst(page, 1000 + i, round.undo);
        let seen = start;
        while ((seen = await countStore(page, 'revlog')) < start + round.after) await new Promise((r) => setTimeout(r, 5));
        if (round.delayMs) await new Promise((r) => setTimeout(r, round.delayMs));
        await killAndWait(tree.all);
        await b.context.close().catch(() => undefined);

        b = await launch({ profile });
        // Read the database from a page of the same origin that does not run the app.
        await b.page.goto(server.url + '/robots.txt');
        const { problems, reviews } = await checkReviewInvariant(b.page, initial);
        expect(problems, `round ${i + 1}`).toEqual([]);
        // Every grade a reader saw committed survived (with undo in the burst, z can only take
        // back this session's grades, so at least the earlier rounds' grades are all there).
        expect(reviews).toBeGreaterThanOrEqual(round.undo ? start : seen);
      }

      // The app starts normally on the crashed profile and records the next grade.
      const { page } = b;
      b.errors.length = 0; // (robots.txt pages ask for a favicon that does not exist)
      const before = await countStore(page, 'revlog');
      await page.goto(server.url + '/#/study/all');
      await page.getByRole('button', { name: 'Show answer' }).click({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => countStore(page, 'revlog')).toBe(before + 1);
      expect((await checkReviewInvariant(page, initial)).problems).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await b?.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
