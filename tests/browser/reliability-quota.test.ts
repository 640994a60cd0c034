/**
 * Storage full, in real Chromium: the origin's quota is shrunk through the DevTools protocol
 * (Storage.overrideQuotaForOrigin) so that IndexedDB really refuses writes with
 * QuotaExceededError, during a grade and during an import; and a write failure injected inside
 * the grade transaction itself. Each time: a clear message, nothing half-written, and the same
 * action succeeds once there is space again.
 *
 * Chromium reads an origin's quota when its IndexedDB storage opens and keeps it while any
 * database of the origin is open (and a moment after), so a quota change is made away from the
 * app and checked with a probe write before the app is opened again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { buildLegacyApkg } from '../fixtures/anki-packages';
import type { CardRecord, ReviewLogRecord } from '../../src/core/types';
import { countStore, launch, readStore, useServer } from './harness';
import { storeCounts } from './reliability-helpers';

const server = useServer();
let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

const FULL = /out of storage space for this app\. Free some space .* and try again\. Nothing was changed\./;

/** Whether a tiny write to a scratch database of the origin is refused for lack of space. */
function probeFull(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      new Promise<boolean>((res) => {
        const done = (full: boolean) => {
          indexedDB.deleteDatabase('quota-probe');
          res(full);
        };
        const req = indexedDB.open('quota-probe', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('s');
        req.onerror = () => done(req.error?.name === 'QuotaExceededError');
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction('s', 'readwrite');
          tx.objectStore('s').put('x', 1);
          tx.oncomplete = () => (db.close(), done(false));
          tx.onabort = () => (db.close(), done(tx.error?.name === 'QuotaExceededError'));
        };
      }),
  );
}

/**
 * Leaves the app, sets (or, with `undefined`, removes) the origin's quota override, and waits
 * until a probe write shows it in force. 1000 bytes is far below what the collection already
 * uses, so every write that adds data fails.
 */
async function setQuota(page: Page, cdp: CDPSession, quotaSize: number | undefined): Promise<void> {
  await page.goto(server.url + '/robots.txt');
  await cdp.send('Storage.overrideQuotaForOrigin', quotaSize === undefined ? { origin: server.url } : { origin: server.url, quotaSize });
  for (let attempt = 0; ; attempt++) {
    // The app's storage closes about two seconds after its last connection.
    await new Promise((r) => setTimeout(r, 2500));
    if ((await probeFull(page)) === (quotaSize !== undefined)) return;
    if (attempt === 5) throw new Error(`the quota override (${quotaSize}) did not take effect`);
  }
}
const fillDisk = (page: Page, cdp: CDPSession) => setQuota(page, cdp, 1000);
const freeDisk = (page: Page, cdp: CDPSession) => setQuota(page, cdp, undefined);

async function revealFirst(page: Page): Promise<string> {
  await page.goto(server.url + '/#/study/all');
  await page.getByRole('button', { name: 'Show answer' }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
  return (await page.locator('article.card-view').getAttribute('data-card-id'))!;
}

const cardById = async (page: Page, id: string) => (await readStore<CardRecord>(page, 'cards')).find((c) => c.id === id);

describe('storage full', () => {
  it('during a grade: a clear message, the card and the log unchanged, and the grade lands once there is space', async () => {
    // The service worker stays out (its precache would compete for the tiny quota), and robots.txt
    // stays a plain file.
    const b = await launch({ serviceWorkers: 'block' });
    try {
      const { page } = b;
      const cdp = await b.context.newCDPSession(page);
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });

      await fillDisk(page, cdp);
      const x = await revealFirst(page);
      const before = { card: await cardById(page, x), revlog: await countStore(page, 'revlog') };
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(FULL);
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/^The review could not be saved/);
      expect(await cardById(page, x)).toEqual(before.card);
      expect(await countStore(page, 'revlog')).toBe(before.revlog);
      // The card stays on screen with its grade buttons; another try fails the same clean way.
      expect(await page.locator('article.card-view').getAttribute('data-card-id')).toBe(x);
      await page.getByRole('button', { name: 'Easy', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(FULL);
      expect(await cardById(page, x)).toEqual(before.card);
      expect(await countStore(page, 'revlog')).toBe(before.revlog);

      // With space again, the same card is up first and its grade lands exactly once.
      await freeDisk(page, cdp);
      expect(await revealFirst(page)).toBe(x);
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => countStore(page, 'revlog')).toBe(before.revlog + 1);
      const logs = await readStore<ReviewLogRecord>(page, 'revlog');
      expect(logs.filter((l) => l.cardId === x)).toHaveLength(1);
      expect((await cardById(page, x))!.reps).toBe(before.card!.reps + 1);
      await expect.poll(() => page.getByRole('alert').count()).toBe(0);
      // (robots.txt pages ask for a favicon that does not exist: that 404 is not the app's)
      expect(b.errors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('a log write that fails inside the grade transaction leaves the card untouched', async () => {
    const b = await launch({ serviceWorkers: 'block' });
    try {
      const { page } = b;
      // Fault injection: while armed, adding to the review log throws at once (the card's put
      // in the same transaction has already been issued).
      await page.addInitScript(() => {
        const add = IDBObjectStore.prototype.add;
        IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
          if ((window as unknown as { failLogWrites?: boolean }).failLogWrites && this.name === 'revlog') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return add.apply(this, args);
        };
      });
      const x = await revealFirst(page);
      const before = { card: await cardById(page, x), revlog: await countStore(page, 'revlog') };
      await page.evaluate(() => ((window as unknown as { failLogWrites?: boolean }).failLogWrites = true));
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(FULL);
      expect(await cardById(page, x)).toEqual(before.card);
      expect(await countStore(page, 'revlog')).toBe(before.revlog);

      await page.evaluate(() => ((window as unknown as { failLogWrites?: boolean }).failLogWrites = false));
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => countStore(page, 'revlog')).toBe(before.revlog + 1);
      expect((await cardById(page, x))!.reps).toBe(before.card!.reps + 1);
    } finally {
      await b.close();
    }
  });

  it('during an import: a clear message, nothing of the import written, and it completes once there is space', async () => {
    const b = await launch({ serviceWorkers: 'block' });
    try {
      const { page } = b;
      const cdp = await b.context.newCDPSession(page);
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      const apkg = { name: 'fixture.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(buildLegacyApkg(sql)) };
      // Large enough to be written as packs (src/storage/pack-format.ts).
      const csv = { name: 'quota rows.csv', mimeType: 'text/csv', buffer: Buffer.from(['front,back', ...Array.from({ length: 600 }, (_, i) => `Quota question ${i}?,Answer ${i}`)].join('\n')) };
      const chooseFile = async (file: typeof apkg, cards: number) => {
        // A new document: the Import screen starts from "choose a file" (not the last preview).
        await page.goto('about:blank');
        await page.goto(server.url + '/#/import');
        await page.getByRole('heading', { name: 'Import a deck' }).waitFor({ timeout: 30_000 });
        await page.setInputFiles('#import-file', file);
        if (file === csv) await page.getByRole('button', { name: 'Continue' }).click({ timeout: 30_000 });
        const importBtn = page.getByRole('button', { name: `Import ${cards} cards` });
        await importBtn.waitFor({ timeout: 30_000 });
        return importBtn;
      };

      await fillDisk(page, cdp);
      const before = await storeCounts(page);
      for (const [file, cards] of [[apkg, 8], [csv, 600]] as const) {
        const importBtn = await chooseFile(file, cards);
        await importBtn.click();
        const alert = page.getByRole('alert');
        await expect.poll(() => alert.textContent()).toMatch(FULL);
        await expect(alert.textContent()).resolves.toMatch(/^The import could not be saved/);
        expect(await storeCounts(page)).toEqual(before);
        // The preview stays, so the import can be tried again.
        await expect(importBtn.isVisible()).resolves.toBe(true);
      }

      await freeDisk(page, cdp);
      for (const [file, cards] of [[apkg, 8], [csv, 600]] as const) {
        await (await chooseFile(file, cards)).click();
        await page.getByRole('heading', { name: 'Import finished' }).waitFor();
      }
      const after = await storeCounts(page);
      expect(after).toMatchObject({ cards: before.cards + 8, notes: before.notes + 6, media: before.media + 1, revlog: before.revlog + 4, packs: before.packs + 2 });
      const packed = await readStore<{ size: number }>(page, 'packs');
      expect(packed.reduce((n, p) => n + p.size, 0)).toBe(600);
      // (robots.txt pages ask for a favicon that does not exist: that 404 is not the app's)
      expect(b.errors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
