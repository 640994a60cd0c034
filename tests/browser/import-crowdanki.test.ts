/**
 * A CrowdAnki export (a zipped folder with deck.json and media/) through the import screen, in
 * real Chromium: the preview counts it, and studying it shows the note type's CSS and the image.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { crowdAnkiDeck, crowdAnkiZip } from '../fixtures/crowdanki';
import { countStore, launch, RESULTS, studyDeck, useServer } from './harness';

const server = useServer();

/** A 24×24 red square (PNG), so the test can tell the image really decoded. */
const RED_SQUARE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAYAAADgdz34AAAAJUlEQVR42mO4q6T0n5aYYdSCUQtGLRi1YNSCUQtGLRi1YGhYAAA8esg9B1IgpQAAAABJRU5ErkJggg==',
  'base64',
);

function flagsZip(): Uint8Array {
  const model = {
    uuid: 'f1a9f1a9-0000-11ea-8000-00000000f1a9',
    name: 'Flag quiz',
    fields: ['Country', 'Flag'],
    templates: [{ name: 'Flag → Country', qfmt: '<div class="quiz-flag">{{Flag}}</div><div class="quiz-hint">Which country?</div>', afmt: '{{FrontSide}}<hr id=answer><div class="country">{{Country}}</div>' }],
    css: '.card { text-align: center; }\n.quiz-hint { color: rgb(12, 34, 200); font-style: italic; }\n.country { font-weight: bold; }\n',
  };
  const deck = crowdAnkiDeck(
    { name: 'CrowdAnki Flags', children: [{ name: 'Europe', media: ['red.png'], notes: [{ guid: 'ca-flag-red', model: model.uuid, fields: ['Redland', '<img src="red.png">'] }] }] },
    [model],
  );
  return crowdAnkiZip(deck, { 'red.png': new Uint8Array(RED_SQUARE) }, 'CrowdAnki Flags');
}

describe('CrowdAnki import through the UI', () => {
  it('imports a zipped CrowdAnki folder and studies a card with its note type CSS and image', async () => {
    const b = await launch();
    try {
      const { page } = b;
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await page.getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import a deck' }).waitFor();
      const cardsBefore = await countStore(page, 'cards');
      await page.setInputFiles('#import-file', { name: 'CrowdAnki Flags.zip', mimeType: 'application/zip', buffer: Buffer.from(flagsZip()) });
      const importBtn = page.getByRole('button', { name: 'Import 1 card' });
      await importBtn.waitFor({ timeout: 30_000 });
      await expect(page.locator('.summary').textContent()).resolves.toMatch(/CrowdAnki Flags::Europe — 1 card/);
      await importBtn.click();
      await page.getByRole('heading', { name: 'Import finished' }).waitFor();
      expect(await countStore(page, 'cards')).toBe(cardsBefore + 1);
      expect(await countStore(page, 'media')).toBe(1);

      await page.getByRole('link', { name: 'Go to decks' }).click();
      await studyDeck(page, 'CrowdAnki Flags');
      const img = page.locator('article.card-view img');
      await img.waitFor();
      expect(await img.getAttribute('src')).toMatch(/^blob:/);
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(24);
      // The note type's CSS, scoped to the card, styles the template's markup.
      const hint = page.locator('article.card-view .quiz-hint');
      await expect.poll(() => hint.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(12, 34, 200)');
      expect(await hint.evaluate((el) => getComputedStyle(el).fontStyle)).toBe('italic');
      await page.screenshot({ path: join(RESULTS, 'import-crowdanki-card.png') });
      await page.getByRole('button', { name: 'Show answer' }).click();
      const country = page.locator('article.card-view .country');
      await expect.poll(() => country.textContent()).toBe('Redland');
      expect(await country.evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
    } finally {
      await b.close();
    }
  });
});
