/**
 * Import and backup through the UI, in real Chromium: an Anki package with an image and a cloze
 * note, a CSV with column mapping, a broken file, and backup → change → restore.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { buildLatestApkg } from '../fixtures/anki-packages';
import type { FixtureContent } from '../fixtures/anki-content';
import { countStore, launch, readStore, RESULTS, waitForServiceWorker, type Browser, useServer, studyDeck } from './harness';

const server = useServer();
let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

/** A 24×24 red square (PNG), so the test can tell the image really decoded. */
function redSquarePng(): Uint8Array {
  // 24×24 RGBA, every pixel #dd2222 (written with zlib).
  return Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAYAAADgdz34AAAAJUlEQVR42mO4q6T0n5aYYdSCUQtGLRi1YNSCUQtGLRi1YGhYAAA8esg9B1IgpQAAAABJRU5ErkJggg==',
      'base64',
    ),
  );
}

function packageContent(): FixtureContent {
  const basic = { id: 10, name: 'Basic', cloze: false, fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] };
  const cloze = { id: 12, name: 'Cloze', cloze: true, fields: ['Text', 'Extra'], templates: [{ name: 'Cloze', qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}<br>{{Extra}}' }] };
  return {
    crt: 1_700_006_400,
    decks: [
      { id: 1, name: 'Default' },
      { id: 200, name: 'Browser Import' },
    ],
    notetypes: [basic, cloze],
    notes: [
      { id: 5000, guid: 'img-note', mid: 10, tags: [], fields: ['Which shape is this? <img src="square.png">', 'A red square'] },
      { id: 5001, guid: 'cloze-note', mid: 12, tags: [], fields: ['A {{c1::trie}} stores strings by {{c2::prefix}}.', ''] },
    ],
    cards: [
      { id: 6000, nid: 5000, did: 200, ord: 0, type: 0, queue: 0, due: 1, ivl: 0, factor: 0, reps: 0, lapses: 0 },
      { id: 6001, nid: 5001, did: 200, ord: 0, type: 0, queue: 0, due: 2, ivl: 0, factor: 0, reps: 0, lapses: 0 },
      { id: 6002, nid: 5001, did: 200, ord: 1, type: 0, queue: 0, due: 3, ivl: 0, factor: 0, reps: 0, lapses: 0 },
    ],
    revlog: [],
    media: [{ name: 'square.png', data: redSquarePng() }],
  };
}

async function openImport(b: Browser) {
  await b.page.goto(server.url + '/');
  await b.page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
  await b.page.getByRole('link', { name: 'Import' }).click();
  await b.page.getByRole('heading', { name: 'Import a deck' }).waitFor();
}

/** The Import screen with the network off: worker, sql.js and WebAssembly from the precache. */
async function openImportOffline(b: Browser) {
  await openImport(b);
  await waitForServiceWorker(b.page);
  await b.context.setOffline(true);
  await b.page.reload();
  await b.page.getByRole('heading', { name: 'Import a deck' }).waitFor();
}

describe('import through the UI', () => {
  it('imports an Anki package with an image and a cloze note, then studies it and sees the image', async () => {
    const b = await launch();
    try {
      // Import works offline.
      await openImportOffline(b);
      const { page } = b;
      const cardsBefore = await countStore(page, 'cards');
      await page.setInputFiles('#import-file', { name: 'browser-import.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(buildLatestApkg(sql, packageContent())) });
      const importBtn = page.getByRole('button', { name: 'Import 3 cards' });
      await importBtn.waitFor({ timeout: 30_000 });
      await expect(page.locator('.summary').textContent()).resolves.toMatch(/Browser Import — 3 cards/);
      await page.screenshot({ path: join(RESULTS, 'import-preview.png') });
      // Nothing is written before the user confirms.
      expect(await countStore(page, 'cards')).toBe(cardsBefore);
      await importBtn.click();
      await page.getByRole('heading', { name: 'Import finished' }).waitFor();
      expect(await countStore(page, 'cards')).toBe(cardsBefore + 3);
      expect(await countStore(page, 'media')).toBe(1);

      await page.getByRole('link', { name: 'Go to decks' }).click();
      await studyDeck(page, 'Browser Import');
      const img = page.locator('article.card-view img');
      await img.waitFor();
      expect(await img.getAttribute('src')).toMatch(/^blob:/);
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(24);
      await page.screenshot({ path: join(RESULTS, 'import-image-card.png') });
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      // The cloze note's first card: a blank where "trie" was.
      await expect.poll(() => page.locator('article.card-view .cloze').count()).toBeGreaterThan(0);
      expect(await page.locator('article.card-view').textContent()).not.toContain('trie');
      await page.getByRole('button', { name: 'Show answer' }).click();
      await expect.poll(() => page.locator('article.card-view .cloze-revealed').textContent()).toBe('trie');
    } finally {
      await b.close();
    }
  });

  it('maps CSV columns before importing', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      await openImport(b);
      const { page } = b;
      const csv = 'tags;question;answer\nsql;Which clause filters my zebra groups?;HAVING, after aggregation\npython;What is a lazy zebra iterator?;A generator\n';
      await page.setInputFiles('#import-file', { name: 'my-notes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByLabel('Separator').waitFor();
      await expect(page.getByLabel('Separator').inputValue()).resolves.toBe(';');
      await page.getByLabel('Column 1').selectOption('tags');
      await page.getByLabel('Column 2').selectOption('front');
      await page.getByLabel('Column 3').selectOption('back');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Import 2 cards' }).click();
      await page.getByRole('heading', { name: 'Import finished' }).waitFor();
      const notes = await readStore<{ front: string; back: string; tags: string[] }>(page, 'notes');
      const mine = notes.filter((n) => n.front.includes('zebra'));
      expect(mine).toHaveLength(2);
      expect(mine.find((n) => n.front.includes('clause'))).toMatchObject({ back: expect.stringContaining('HAVING, after aggregation'), tags: ['sql'] });
    } finally {
      await b.close();
    }
  });

  it('a large CSV goes into packs offline: counted in the deck list, studied in file order, kept across a reload', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      await openImportOffline(b);
      const { page } = b;
      const before = { notes: await countStore(page, 'notes'), cards: await countStore(page, 'cards') };
      const rows = Array.from({ length: 1000 }, (_, i) => `Large deck question ${i}?,Answer ${i}`);
      await page.setInputFiles('#import-file', { name: 'large deck.csv', mimeType: 'text/csv', buffer: Buffer.from(['front,back', ...rows].join('\n')) });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Import 1000 cards' }).click();
      await page.getByRole('heading', { name: 'Import finished' }).waitFor();
      // Stored two packs to a record (src/storage/pack-format.ts), not 2,000 records.
      const packs = await readStore<{ size: number; notes: unknown[] }>(page, 'packs');
      expect(packs.length).toBeGreaterThan(0);
      expect(packs.reduce((n, p) => n + p.size, 0)).toBe(1000);
      expect({ notes: await countStore(page, 'notes'), cards: await countStore(page, 'cards') }).toEqual(before);

      await page.getByRole('link', { name: 'Go to decks' }).click();
      const item = page.locator('.deck-item', { hasText: 'large deck' });
      await expect.poll(() => item.locator('.deck-total').textContent()).toBe('1000 cards');
      await expect.poll(() => item.locator('.counts').getAttribute('aria-label')).toMatch(/^large deck: 20 new, 0 learning, 0 to review$/);
      await studyDeck(page, 'large deck');
      const card = page.locator('article.card-view');
      await expect.poll(() => card.textContent()).toContain('Large deck question 0?');
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => card.textContent()).toContain('Large deck question 1?');
      // Today's 20 new notes left their packs; the other 980 are still packed.
      expect((await readStore<{ size: number }>(page, 'packs')).reduce((n, p) => n + p.size, 0)).toBe(980);
      await expect.poll(() => countStore(page, 'revlog')).toBe(1);
      await page.reload();
      await expect.poll(() => card.textContent()).toContain('Large deck question 1?');
      await page.goto(server.url + '/#/');
      await expect.poll(() => item.locator('.counts').getAttribute('aria-label')).toMatch(/^large deck: 19 new, 1 learning, 0 to review$/);
      await expect.poll(() => item.locator('.deck-total').textContent()).toBe('1000 cards');
      await page.screenshot({ path: join(RESULTS, 'import-large-deck-phone.png') });
    } finally {
      await b.close();
    }
  });

  it('refuses a broken file with a specific message and writes nothing', async () => {
    const b = await launch();
    try {
      await openImport(b);
      const { page } = b;
      const before = { cards: await countStore(page, 'cards'), decks: await countStore(page, 'decks') };
      await page.setInputFiles('#import-file', { name: 'broken.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a zip archive at all, just text') });
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not a zip/i);
      await page.setInputFiles('#import-file', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/empty/i);
      expect({ cards: await countStore(page, 'cards'), decks: await countStore(page, 'decks') }).toEqual(before);
    } finally {
      await b.close();
    }
  });
});

describe('share target', () => {
  it('a file shared to the installed app opens in the import preview', async () => {
    const b = await launch();
    try {
      await openImport(b);
      const { page } = b;
      await waitForServiceWorker(page);
      const status = await page.evaluate(async () => {
        const form = new FormData();
        form.append('file', new File(['# Shared deck\n\n## What does a Bloom filter never give?\n\nA false negative.\n'], 'shared.md', { type: 'text/markdown' }));
        const res = await fetch('/share-target', { method: 'POST', body: form, redirect: 'manual' });
        return res.type === 'opaqueredirect' ? 'redirect' : String(res.status);
      });
      expect(status).toBe('redirect');
      await page.goto(server.url + '/#/import?shared=1');
      await page.getByRole('button', { name: 'Import 1 card' }).waitFor();
      await expect(page.locator('.summary').textContent()).resolves.toContain('shared.md');
    } finally {
      await b.close();
    }
  });
});

describe('backup and restore through the UI', () => {
  it('backs up to a file, and restoring it brings back the collection exactly', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      const { page } = b;
      await page.goto(server.url + '/#/study/all');
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => countStore(page, 'revlog')).toBe(1);
      const before = { cards: await readStore(page, 'cards'), revlog: await readStore(page, 'revlog'), notes: await countStore(page, 'notes') };

      await page.goto(server.url + '/#/settings');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Back up everything' }).click()]);
      const file = join(RESULTS, download.suggestedFilename());
      await download.saveAs(file);
      expect(download.suggestedFilename()).toMatch(/^prepdeck-backup-\d{4}-\d{2}-\d{2}\.zip$/);
      await expect.poll(() => page.locator('#last-backup').textContent()).toMatch(/^Last backup:/);

      // A deck exports to our own Markdown format.
      await page.getByLabel('Deck', { exact: true }).selectOption('probability');
      const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Markdown (.md)' }).click()]);
      const mdPath = join(RESULTS, md.suggestedFilename());
      await md.saveAs(mdPath);
      const text = readFileSync(mdPath, 'utf8');
      expect(text).toMatch(/^---\nid: probability\nname: Probability & statistics\n/);
      expect(text.match(/^## prob-/gm)!.length).toBeGreaterThan(100);

      // Change things after the backup: two more reviews.
      await page.goto(server.url + '/#/study/all');
      for (let i = 0; i < 2; i++) {
        await page.getByRole('button', { name: 'Show answer' }).click();
        await page.getByRole('button', { name: 'Easy', exact: true }).click();
      }
      await expect.poll(() => countStore(page, 'revlog')).toBe(3);

      await page.goto(server.url + '/#/settings');
      page.once('dialog', (d) => void d.accept());
      await page.setInputFiles('#restore-file', { name: 'backup.zip', mimeType: 'application/zip', buffer: readFileSync(file) });
      await page.getByText(/Backup restored/).waitFor({ timeout: 30_000 });
      expect(await readStore(page, 'revlog')).toEqual(before.revlog);
      expect(await readStore(page, 'cards')).toEqual(before.cards);
      expect(await countStore(page, 'notes')).toBe(before.notes);
    } finally {
      await b.close();
    }
  });
});
