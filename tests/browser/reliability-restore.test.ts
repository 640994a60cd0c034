/**
 * Backup → wipe → restore in real Chromium: a collection with progress, undone grades, an
 * imported deck with an image and review history, a story and changed settings is backed up
 * through Settings; the browser profile is then thrown away (everything on the device gone) and
 * the file restored into a brand-new profile. Every store must come back identical, media byte
 * for byte, and stay so after the next start re-syncs the built-in decks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { buildLegacyApkg } from '../fixtures/anki-packages';
import { countStore, launch, readStore, RESULTS, useServer } from './harness';
import { patchStoredSettings } from './reliability-helpers';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/types';

const server = useServer();
let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

/** Every record of every store, media as bytes, and the stored settings. */
async function collection(page: Page) {
  const media = await page.evaluate(
    () =>
      new Promise<{ id: string; deckId: string; name: string; mime: string; bytes: number[] }[]>((res, rej) => {
        const req = indexedDB.open('prepdeck');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction('media').objectStore('media').getAll();
          all.onerror = () => rej(all.error);
          all.onsuccess = async () => {
            db.close();
            const list = all.result as { id: string; deckId: string; name: string; mime: string; data: Blob }[];
            res(await Promise.all(list.map(async (m) => ({ id: m.id, deckId: m.deckId, name: m.name, mime: m.mime, bytes: Array.from(new Uint8Array(await m.data.arrayBuffer())) }))));
          };
        };
      }),
  );
  // Stored settings hold only what was ever saved; the app (and a backup) completes them with defaults.
  const stored = (await readStore<unknown>(page, 'meta')).find((v) => typeof v === 'object' && v !== null && 'newPerDay' in v) as Partial<Settings>;
  const { lastBackupAt: _ignored, ...settingsWithoutBackupDate } = { ...DEFAULT_SETTINGS, ...stored };
  return {
    decks: await readStore(page, 'decks'),
    notes: await readStore(page, 'notes'),
    cards: await readStore(page, 'cards'),
    revlog: await readStore(page, 'revlog'),
    stories: await readStore(page, 'stories'),
    media,
    settings: settingsWithoutBackupDate,
  };
}

async function grade(page: Page, name: 'Again' | 'Hard' | 'Good' | 'Easy') {
  await page.getByRole('button', { name: 'Show answer' }).click();
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByRole('button', { name: 'Show answer' }).waitFor();
}

describe('backup, wipe, restore', () => {
  it('restores a backup into a brand-new profile with every store identical', async () => {
    const first = await launch({ viewport: { width: 1280, height: 800 } });
    let original!: Awaited<ReturnType<typeof collection>>;
    const file = join(RESULTS, 'reliability-backup.zip');
    try {
      const { page } = first;
      await page.goto(server.url + '/#/import');
      await page.getByRole('heading', { name: 'Import a deck' }).waitFor({ timeout: 30_000 });
      // An imported deck brings an image and a review history.
      await page.setInputFiles('#import-file', { name: 'fixture.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(buildLegacyApkg(sql)) });
      await page.getByRole('button', { name: 'Import 8 cards' }).click({ timeout: 30_000 });
      await page.getByRole('heading', { name: 'Import finished' }).waitFor();
      // Progress: grades, one of them undone.
      await page.goto(server.url + '/#/study/all');
      await grade(page, 'Good');
      await grade(page, 'Again');
      await grade(page, 'Easy');
      await page.keyboard.press('z');
      await grade(page, 'Hard');
      await expect.poll(() => countStore(page, 'revlog')).toBe(4 + 3);
      // A story for a behavioural prompt, and settings of one's own.
      const storyNote = (await readStore<{ id: string; story?: boolean }>(page, 'notes')).find((n) => n.story)!;
      await page.evaluate(
        (noteId) =>
          new Promise<void>((res, rej) => {
            const req = indexedDB.open('prepdeck');
            req.onsuccess = () => {
              const db = req.result;
              const tx = db.transaction('stories', 'readwrite');
              tx.objectStore('stories').put({ noteId, text: 'At my last job I cut the p99 latency in half by…', updatedAt: 1_790_000_000_000 });
              tx.oncomplete = () => (db.close(), res());
              tx.onerror = () => rej(tx.error);
            };
          }),
        storyNote.id,
      );
      await patchStoredSettings(page, { newPerDay: 7, desiredRetention: 0.87, learningSteps: ['2m', '15m'] });
      await page.reload();
      original = await collection(page);
      expect(original.media).toHaveLength(1);
      expect(original.stories).toHaveLength(1);

      await page.goto(server.url + '/#/settings');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Back up everything' }).click()]);
      await download.saveAs(file);
    } finally {
      // The wipe: this profile and everything in it is deleted.
      await first.close();
    }

    const second = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      const { page } = second;
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      expect(await countStore(page, 'revlog')).toBe(0);
      await page.goto(server.url + '/#/settings');
      page.once('dialog', (d) => void d.accept());
      await page.setInputFiles('#restore-file', file);
      await page.getByText(/Backup restored/).waitFor({ timeout: 30_000 });
      const restored = await collection(page);
      for (const store of ['decks', 'notes', 'cards', 'revlog', 'stories', 'media', 'settings'] as const) expect(restored[store], store).toEqual(original[store]);

      // The next start re-applies the built-in decks (their record was not in the backup):
      // progress, history, stories and media stay exactly as restored.
      await page.reload();
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await expect.poll(async () => (await readStore(page, 'meta')).length).toBeGreaterThan(1);
      const later = await collection(page);
      for (const store of ['cards', 'revlog', 'stories', 'media', 'settings'] as const) expect(later[store], store).toEqual(original[store]);
      expect(later.notes.map((n) => (n as { id: string }).id).sort()).toEqual(original.notes.map((n) => (n as { id: string }).id).sort());
      expect(second.errors).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
