/**
 * Media through sync in real Chromium: device A imports an Anki package with an image through the
 * Import screen and turns sync on (Settings → Sync); device B turns sync on with the same account,
 * holds the same bytes, then goes offline and studies the deck: the image is drawn from B's own
 * IndexedDB (a `blob:` address, decoded: naturalWidth 24). Server: tests/sync-harness.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { buildLatestApkg } from '../fixtures/anki-packages';
import type { FixtureContent } from '../fixtures/anki-content';
import { png } from '../fixtures/anki-render';
import { countStore, launch, openApp, studyDeck, useServer, waitForServiceWorker } from './harness';
import { startSyncServer, type SyncServer } from '../sync-harness';

const app = useServer();
let sync: SyncServer;
let sql: SqlJsStatic;

beforeAll(async () => {
  // useServer's beforeAll ran first (registered first): the app's origin is known for CORS.
  sync = await startSyncServer({ origins: [app.url] });
  sql = await loadSqlJsNode();
}, 60_000);

afterAll(async () => {
  await sync?.stop();
});

/** A 24×24 green square (PNG), so the test can tell the image really decoded. */
const GREEN_SQUARE = png(24, 24, () => [0x22, 0xaa, 0x44]);

function packageContent(): FixtureContent {
  const basic = { id: 10, name: 'Basic', cloze: false, fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] };
  return {
    crt: 1_700_006_400,
    decks: [
      { id: 1, name: 'Default' },
      { id: 300, name: 'Synced Pictures' },
    ],
    notetypes: [basic],
    notes: [{ id: 7000, guid: 'synced-img-note', mid: 10, tags: [], fields: ['Which colour is this? <img src="green.png">', 'Green'] }],
    cards: [{ id: 8000, nid: 7000, did: 300, ord: 0, type: 0, queue: 0, due: 1, ivl: 0, factor: 0, reps: 0, lapses: 0 }],
    revlog: [],
    media: [{ name: 'green.png', data: GREEN_SQUARE }],
  };
}

// The Settings → Sync steps, as tests/browser/sync.test.ts drives them.
const syncRegion = (page: Page) => page.getByRole('region', { name: 'Sync' });

async function turnOnSync(page: Page, server: string, user: string, password: string): Promise<void> {
  await page.goto(app.url + '/#/settings');
  await page.getByRole('heading', { name: 'Settings' }).waitFor({ timeout: 30_000 });
  const region = syncRegion(page);
  await region.getByRole('button', { name: 'Turn on sync' }).waitFor({ timeout: 30_000 });
  await region.getByLabel('Server', { exact: true }).fill(server);
  await region.getByLabel('User', { exact: true }).fill(user);
  await region.getByLabel('Password', { exact: true }).fill(password);
  await region.getByRole('button', { name: 'Turn on sync' }).click();
  // Sync is on and its first sync finished without an error.
  await region.getByRole('button', { name: 'Sync now' }).waitFor({ timeout: 120_000 });
  await expect.poll(() => region.getByRole('button', { name: 'Sync now' }).isEnabled(), { timeout: 120_000 }).toBe(true);
  await region.getByText(/Last sync just now/).waitFor({ timeout: 120_000 });
  expect(((await region.getByRole('alert').textContent()) ?? '').trim()).toBe('');
}

/** The app's media records: name, type and the SHA-256 of the bytes. */
async function mediaOf(page: Page): Promise<{ id: string; name: string; mime: string; sha: string }[]> {
  const recs = await page.evaluate(
    () =>
      new Promise<{ id: string; name: string; mime: string; bytes: number[] }[]>((res, rej) => {
        const req = indexedDB.open('prepdeck');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction('media').objectStore('media').getAll();
          all.onerror = () => rej(all.error);
          all.onsuccess = async () => {
            db.close();
            const list = all.result as { id: string; name: string; mime: string; data: Blob }[];
            res(await Promise.all(list.map(async (m) => ({ id: m.id, name: m.name, mime: m.mime, bytes: [...new Uint8Array(await m.data.arrayBuffer())] }))));
          };
        };
      }),
  );
  return recs.map((m) => ({ id: m.id, name: m.name, mime: m.mime, sha: createHash('sha256').update(Uint8Array.from(m.bytes)).digest('hex') })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

const realErrors = (errors: string[]) => errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e));

describe('media through sync', () => {
  it('an image imported on A is shown on B offline, from B’s own copy', async () => {
    const db = await sync.createUser('pia', 'pictures please');
    const a = await launch({ viewport: { width: 390, height: 844 } });
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      for (const d of [a, b]) {
        await openApp(d.page, app.url);
        await waitForServiceWorker(d.page);
      }
      // A: import through the Import screen.
      await a.page.getByRole('link', { name: 'Import' }).click();
      await a.page.getByRole('heading', { name: 'Import a deck' }).waitFor();
      await a.page.setInputFiles('#import-file', { name: 'synced-pictures.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(buildLatestApkg(sql, packageContent())) });
      await a.page.getByRole('button', { name: 'Import 1 card' }).click({ timeout: 30_000 });
      await a.page.getByRole('heading', { name: 'Import finished' }).waitFor();
      const mediaA = await mediaOf(a.page);
      expect(mediaA).toEqual([expect.objectContaining({ name: 'green.png', mime: 'image/png', sha: createHash('sha256').update(GREEN_SQUARE).digest('hex') })]);
      await turnOnSync(a.page, db, 'pia', 'pictures please');

      // B: sync on, then the same file with the same name and type.
      expect(await countStore(b.page, 'media')).toBe(0);
      await turnOnSync(b.page, db, 'pia', 'pictures please');
      expect(await mediaOf(b.page)).toEqual(mediaA);

      // B offline: the deck's card shows the image from B's IndexedDB.
      await b.context.setOffline(true);
      await openApp(b.page, app.url);
      await studyDeck(b.page, 'Synced Pictures');
      const img = b.page.locator('article.card-view img');
      await img.waitFor({ timeout: 30_000 });
      expect(await img.getAttribute('src')).toMatch(/^blob:/);
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 30_000 }).toBe(24);
      expect(await b.page.locator('article.card-view').textContent()).toContain('Which colour is this?');

      expect(realErrors(a.errors)).toEqual([]);
      expect(realErrors(b.errors)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 300_000);
});
