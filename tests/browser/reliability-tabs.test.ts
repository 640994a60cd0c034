/**
 * Two tabs on one collection, in real Chromium: counts and queues catch up across tabs, a card
 * answered in one tab is never graded again from its old state in the other, both tabs grading
 * at full speed land every grade exactly once, and a schema upgrade from another tab closes the
 * app's connection, reloads it and loses nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CardRecord, ReviewLogRecord } from '../../src/core/types';
import { countStore, launch, readStore, useServer } from './harness';
import { checkReviewInvariant, patchStoredSettings, storeCounts } from './reliability-helpers';

const server = useServer();

/** "Left in this session: 20 new, 0 learning, 0 to review" (review) or the deck list's total. */
const sessionCounts = (page: Page) => page.locator('.review-bar .counts').getAttribute('aria-label');
const allDecksCounts = (page: Page) => page.locator('.counts').first().getAttribute('aria-label');
const shownCard = (page: Page) => page.locator('article.card-view').getAttribute('data-card-id');
const answered = async (page: Page) => Number(/(\d+) answered/.exec((await page.locator('.review p.visually-hidden').textContent()) ?? '')?.[1]);

async function reveal(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
  return (await shownCard(page))!;
}

async function openStudy(page: Page): Promise<void> {
  await page.goto(server.url + '/#/study/all');
  await page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
}

/** Writes a grade of `cardId` the way another writer would, without telling this tab. */
async function gradeBehindTheAppsBack(page: Page, cardId: string): Promise<void> {
  await page.evaluate(
    (id) =>
      new Promise<void>((res, rej) => {
        const req = indexedDB.open('prepdeck');
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['cards', 'revlog'], 'readwrite');
          const get = tx.objectStore('cards').get(id);
          get.onsuccess = () => {
            const c = get.result as CardRecord;
            const after = { ...c, reps: c.reps + 1, state: 1, bucket: 1, due: Date.now() + 600_000, last_review: Date.now() };
            tx.objectStore('cards').put(after);
            tx.objectStore('revlog').add({ id: `elsewhere-${id}-${c.reps}`, cardId: id, deckId: c.deckId, time: Date.now(), rating: 3, stateBefore: c.state, stateAfter: 1, stabilityBefore: c.stability, stabilityAfter: 1, difficultyBefore: c.difficulty, difficultyAfter: 5, dueBefore: c.due, dueAfter: after.due, scheduledDays: 0, elapsedDays: 0, durationMs: 1000, source: 'review' });
          };
          tx.oncomplete = () => {
            db.close();
            res();
          };
          tx.onerror = () => rej(tx.error);
        };
        req.onerror = () => rej(req.error);
      }),
    cardId,
  );
}

describe('two tabs on one collection', () => {
  it('counts and the card on screen catch up when the other tab grades', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      const a = b.page;
      const other = await b.context.newPage();
      await a.goto(server.url + '/');
      await a.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      const initial = new Map((await readStore<CardRecord>(a, 'cards')).map((c) => [c.id, c]));

      // Tab B lists the decks while tab A studies: B's totals follow A's grade without a reload.
      await other.goto(server.url + '/');
      await other.getByRole('heading', { name: 'Today' }).waitFor();
      expect(await allDecksCounts(other)).toMatch(/20 new, 0 learning, 0 to review/);
      await openStudy(a);
      const x = await reveal(a);
      await a.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => allDecksCounts(other)).toMatch(/19 new, 1 learning, 0 to review/);

      // Both tabs show the same card Y; A grades it: B moves on and says why, and the session
      // counts of both tabs agree.
      await openStudy(other);
      const y = await reveal(other);
      expect(y).not.toBe(x);
      expect(await shownCard(a)).toBe(y);
      await a.getByRole('button', { name: 'Show answer' }).click();
      await a.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => shownCard(other)).not.toBe(y);
      await expect.poll(() => other.getByRole('status').filter({ hasText: 'answered in another tab' }).count()).toBe(1);
      await expect.poll(async () => (await sessionCounts(other))?.replace(/^.*: /, '')).toBe((await sessionCounts(a))?.replace(/^.*: /, ''));

      // And the other way round: B grades the card A is looking at.
      const z = await shownCard(other);
      expect(await shownCard(a)).toBe(z);
      await other.getByRole('button', { name: 'Show answer' }).click();
      await other.getByRole('button', { name: 'Easy', exact: true }).click();
      await expect.poll(() => shownCard(a)).not.toBe(z);

      const logs = await readStore<ReviewLogRecord>(a, 'revlog');
      expect(logs.map((l) => l.cardId).sort()).toEqual([x, y, z].sort());
      expect((await checkReviewInvariant(a, initial)).problems).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('a grade or undo made stale by a write this tab never heard of is refused and writes nothing', async () => {
    const b = await launch();
    try {
      const { page } = b;
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      const initial = new Map((await readStore<CardRecord>(page, 'cards')).map((c) => [c.id, c]));
      await openStudy(page);

      // The card on screen is graded elsewhere; grading it here must not count it twice.
      const x = await reveal(page);
      await gradeBehindTheAppsBack(page, x);
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'already answered in another tab' }).waitFor();
      expect((await readStore<ReviewLogRecord>(page, 'revlog')).filter((l) => l.cardId === x)).toHaveLength(1);
      await expect.poll(() => shownCard(page)).not.toBe(x);

      // A card graded here and then again elsewhere: undo would orphan the other grade.
      const y = await reveal(page);
      await page.getByRole('button', { name: 'Again', exact: true }).click();
      await expect.poll(() => countStore(page, 'revlog')).toBe(2);
      await gradeBehindTheAppsBack(page, y);
      const cardBefore = (await readStore<CardRecord>(page, 'cards')).find((c) => c.id === y);
      await page.keyboard.press('z');
      await page.getByRole('status').filter({ hasText: 'can no longer be undone' }).waitFor();
      expect((await readStore<CardRecord>(page, 'cards')).find((c) => c.id === y)).toEqual(cardBefore);
      expect(await countStore(page, 'revlog')).toBe(3);
      // That review is dropped from the undo list: nothing else to undo in this session.
      await expect.poll(() => page.getByRole('button', { name: 'Undo', exact: true }).isDisabled()).toBe(true);
      expect((await checkReviewInvariant(page, initial)).problems).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('both tabs grading the same deck as fast as they can: every grade lands exactly once', async () => {
    const b = await launch();
    try {
      const a = b.page;
      const other = await b.context.newPage();
      await a.goto(server.url + '/');
      await a.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await patchStoredSettings(a, { newPerDay: 5000, reviewsPerDay: 5000 });
      await a.reload();
      const initial = new Map((await readStore<CardRecord>(a, 'cards')).map((c) => [c.id, c]));
      await openStudy(a);
      await openStudy(other);
      // Both start on the same card, so they collide from the first grade on.
      expect(await shownCard(other)).toBe(await shownCard(a));
      const burst = (page: Page, seed: number) =>
        page.evaluate((seed) => {
          let s = seed;
          const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
          const key = (k: string) => dispatchEvent(new KeyboardEvent('keydown', { key: k, cancelable: true }));
          (window as unknown as { burst: number }).burst = window.setInterval(() => {
            key(' ');
            key(String(1 + Math.floor(rand() * 4)));
          }, 5);
        }, seed);
      await Promise.all([burst(a, 1), burst(other, 2)]);
      await expect.poll(() => countStore(a, 'revlog'), { timeout: 30_000 }).toBeGreaterThanOrEqual(40);
      await Promise.all([a, other].map((p) => p.evaluate(() => clearInterval((window as unknown as { burst: number }).burst))));
      // Let the last grades and refreshes settle.
      let last = -1;
      for (let n = await countStore(a, 'revlog'); n !== last; n = await countStore(a, 'revlog')) {
        last = n;
        await new Promise((r) => setTimeout(r, 400));
      }
      const { problems, reviews, gradedCards } = await checkReviewInvariant(a, initial);
      expect(problems).toEqual([]);
      // Each tab counts the grades it committed; together they are exactly the log. (Which tab
      // wins each collision depends on timing: the slower one may commit few grades or none.)
      await expect.poll(async () => (await answered(a)) + (await answered(other))).toBe(reviews);
      expect(gradedCards).toBeGreaterThan(10);
      // Both tabs end up showing the same counts.
      await expect.poll(async () => (await sessionCounts(other))?.replace(/^.*: /, '')).toBe((await sessionCounts(a))?.replace(/^.*: /, ''));
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('a schema upgrade from another tab closes both app tabs’ connections, reloads them, and loses nothing', async () => {
    const b = await launch({ serviceWorkers: 'block' });
    try {
      const studying = b.page;
      const listing = await b.context.newPage();
      const upgrader = await b.context.newPage();
      await openStudy(studying);
      await reveal(studying);
      await studying.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => countStore(studying, 'revlog')).toBe(1);
      await listing.goto(server.url + '/');
      await listing.getByRole('heading', { name: 'Today' }).waitFor();
      const before = { counts: await storeCounts(studying), cards: await readStore(studying, 'cards'), revlog: await readStore(studying, 'revlog') };

      // A page of the same origin that does not run the app opens the next schema version, as a
      // newer app version would; it only adds a harmless store.
      await upgrader.goto(server.url + '/robots.txt');
      const reloads = [studying, listing].map((p) => p.waitForEvent('load', { timeout: 20_000 }));
      const upgrade = await upgrader.evaluate(
        () =>
          new Promise<{ from: number; to: number; wasBlocked: boolean }>((res, rej) => {
            const probe = indexedDB.open('prepdeck');
            probe.onerror = () => rej(probe.error);
            probe.onsuccess = () => {
              const from = probe.result.version;
              probe.result.close();
              let wasBlocked = false;
              const req = indexedDB.open('prepdeck', from + 1);
              req.onupgradeneeded = () => req.result.createObjectStore('upgrade-probe');
              // Blocked until every open connection closes; the app's tabs must close theirs.
              req.onblocked = () => (wasBlocked = true);
              req.onerror = () => rej(req.error);
              req.onsuccess = () => {
                req.result.close();
                res({ from, to: from + 1, wasBlocked });
              };
            };
          }),
      );
      expect(upgrade.to).toBe(upgrade.from + 1);
      await Promise.all(reloads);

      // After the reload both tabs say plainly what happened instead of failing one by one.
      for (const p of [studying, listing]) {
        await expect.poll(() => p.getByRole('alert').textContent()).toMatch(/upgraded by a newer version of Prepdeck.*Reload this page/);
        await expect(p.getByRole('button', { name: 'Reload' }).isVisible()).resolves.toBe(true);
      }
      // Nothing was lost, and the new store is there.
      expect(await storeCounts(upgrader)).toEqual(before.counts);
      expect(await readStore(upgrader, 'cards')).toEqual(before.cards);
      expect(await readStore(upgrader, 'revlog')).toEqual(before.revlog);
      expect(await countStore(upgrader, 'upgrade-probe')).toBe(0);
      expect(b.errors.filter((e) => !e.includes('404'))).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
