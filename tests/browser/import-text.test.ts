/**
 * Text imports through the UI in real Chromium: a wide CSV with a header row on a phone (the
 * table scrolls inside its own box, never the page), going back from the preview to change the
 * mapping, a Quizlet export with custom separators, and a CrowdAnki folder chosen as a folder.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { horizontalOverflow, launch, readStore, RESULTS, type Browser, useServer } from './harness';
import { crowdAnkiDeck, MODEL_REVERSED, PNG_1PX } from '../fixtures/crowdanki';

const server = useServer();

async function openImport(b: Browser) {
  await b.page.goto(server.url + '/');
  await b.page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
  await b.page.getByRole('link', { name: 'Import' }).click();
  await b.page.getByRole('heading', { name: 'Import a deck' }).waitFor();
}

const quote = (f: string) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);

/** Eight columns, long cells without spaces to break at, a header row with two unknown columns. */
function wideCsv(): string {
  const header = ['guid', 'question', 'answer', 'tags', 'deck', 'source', 'notes', 'difficulty'];
  const long = (s: string) => `${s}-${'supercalifragilistic'.repeat(4)}`;
  const rows = [
    ['w-1', 'Which zebra clause filters groups after aggregation?', 'HAVING', 'sql', 'Wide::SQL', long('manual'), 'A long note, with a comma', 'hard'],
    ['w-2', 'What does a zebra LEFT JOIN keep?', 'Every row of the left table', 'sql joins', 'Wide::SQL', long('book'), '', 'easy'],
    ['w-3', 'What is a zebra window function?', 'A function over a frame of rows', 'sql', 'Wide', long('blog'), 'see chapter 9', 'medium'],
  ];
  return [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
}

describe('text imports in the browser', () => {
  it('maps a wide CSV by its header on a phone without page overflow, and goes back to change the mapping', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      await openImport(b);
      const { page } = b;
      await page.setInputFiles('#import-file', { name: 'wide zebra deck.csv', mimeType: 'text/csv', buffer: Buffer.from(wideCsv()) });
      await page.getByLabel('Separator').waitFor();
      // Mapped by name: guid, front, back, tags, deck; the unknown columns are ignored.
      const roles = await Promise.all(Array.from({ length: 8 }, (_, i) => page.locator(`#col-${i}`).inputValue()));
      expect(roles).toEqual(['guid', 'front', 'back', 'tags', 'deck', 'ignore', 'ignore', 'ignore']);
      await expect(page.getByLabel('The first row holds column names').isChecked()).resolves.toBe(true);
      expect(await horizontalOverflow(page)).toBe(0);
      // The table is wider than the phone: it scrolls inside its own box.
      const box = await page.locator('.table-wrap').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(box.scroll).toBeGreaterThan(box.client);
      await page.screenshot({ path: join(RESULTS, 'phone-import-columns.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: join(RESULTS, 'desktop-import-columns.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });

      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Import 3 cards' }).waitFor();
      await expect(page.locator('.warnings').textContent()).resolves.toMatch(/3 columns are not imported \(column 6 \("source"\), column 7 \("notes"\), column 8 \("difficulty"\)\): 3 rows have text there/);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: join(RESULTS, 'phone-import-preview.png'), fullPage: true });

      // Back to the columns: the mapping is as it was; send "source" and "notes" to the back.
      await page.getByRole('button', { name: 'Change columns' }).click();
      await page.locator('#col-5').waitFor();
      await expect(page.locator('#col-0').inputValue()).resolves.toBe('guid');
      await page.locator('#col-5').selectOption('back');
      await page.locator('#col-6').selectOption('back');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Import 3 cards' }).waitFor();
      await expect(page.locator('.warnings').textContent()).resolves.toMatch(/^Column 8 \("difficulty"\) is not imported: 3 rows have text there/);

      // Back again, and the header-row choice: off, the names row becomes a card of its own.
      await page.getByRole('button', { name: 'Change columns' }).click();
      await page.getByLabel('The first row holds column names').uncheck();
      await expect.poll(() => page.locator('.preview-table tbody tr').count()).toBe(4);
      await page.getByLabel('The first row holds column names').check();
      await expect.poll(() => page.locator('.preview-table tbody tr').count()).toBe(3);
      await page.locator('#col-5').selectOption('back');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Import 3 cards' }).click();
      await page.getByRole('heading', { name: 'Import finished' }).waitFor();

      const notes = await readStore<{ id: string; guid?: string; front: string; back: string; tags: string[] }>(page, 'notes');
      const mine = notes.filter((n) => n.front.includes('zebra'));
      expect(mine.map((n) => n.guid).sort()).toEqual(['w-1', 'w-2', 'w-3']);
      const w1 = mine.find((n) => n.guid === 'w-1')!;
      expect(w1.back).toContain('HAVING');
      expect(w1.back).toContain('manual-supercalifragilistic');
      expect(w1.tags).toEqual(['sql']);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('reads a Quizlet export with the separators chosen in the import screen', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      await openImport(b);
      const { page } = b;
      const text = 'der Zebrahund - the dog;;der Stuhl - the chair,\nthe stool;;das Zebralied - the song;;';
      await page.setInputFiles('#import-file', { name: 'German zebra set.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
      await page.getByLabel('A Quizlet export').check();
      await page.getByLabel('Between term and definition', { exact: true }).selectOption('custom');
      await page.getByLabel('Between term and definition: custom').fill(' - ');
      await page.getByLabel('Between term and definition: custom').press('Tab');
      await page.getByLabel('Between cards', { exact: true }).selectOption('custom');
      await page.getByLabel('Between cards: custom').fill(';;');
      await page.getByLabel('Between cards: custom').press('Tab');
      await expect.poll(() => page.locator('.preview-table tbody tr').count()).toBe(3);
      await expect(page.locator('.preview-table tbody tr').nth(1).locator('td').nth(1).textContent()).resolves.toBe('the chair,\nthe stool');
      await expect(page.locator('.col-name').allTextContents()).resolves.toEqual(['Term', 'Definition']);
      // The custom separators stay as typed.
      await expect(page.getByLabel('Between term and definition: custom').inputValue()).resolves.toBe(' - ');
      await expect(page.getByLabel('Between cards: custom').inputValue()).resolves.toBe(';;');
      await page.screenshot({ path: join(RESULTS, 'desktop-import-quizlet.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: join(RESULTS, 'phone-import-quizlet.png'), fullPage: true });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Import 3 cards' }).click();
      await page.getByRole('heading', { name: 'Import finished' }).waitFor();
      const notes = await readStore<{ front: string; back: string }>(page, 'notes');
      expect(notes.filter((n) => n.front.startsWith('der Stuhl')).map((n) => n.back)).toEqual(['the chair,<br>the stool']);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('imports a CrowdAnki folder chosen with "Choose a folder"', async () => {
    const root = mkdtempSync(join(tmpdir(), 'prepdeck-folder-'));
    const dir = join(root, 'Zebra Spanish');
    mkdirSync(join(dir, 'media'), { recursive: true });
    const deck = crowdAnkiDeck({ name: 'Zebra Spanish', media: ['perro.png'], notes: [{ guid: 'zs-1', model: MODEL_REVERSED.uuid, fields: ['el perro <img src="perro.png">', 'the dog'] }] }, [MODEL_REVERSED]);
    writeFileSync(join(dir, 'deck.json'), JSON.stringify(deck));
    writeFileSync(join(dir, 'media', 'perro.png'), PNG_1PX);
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      await openImport(b);
      const { page } = b;
      await expect(page.locator('#import-file').getAttribute('accept')).resolves.toContain('.json,.zip,.mochi');
      await page.setInputFiles('#import-folder', dir);
      await page.getByText('Zebra Spanish.zip').waitFor();
      await expect(page.locator('.facts').textContent()).resolves.toMatch(/Media files\s*1/);
      expect(await horizontalOverflow(page)).toBe(0);
    } finally {
      await b.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
