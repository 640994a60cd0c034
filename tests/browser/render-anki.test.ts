/**
 * Imported Anki cards rendered as Anki would, in real Chromium against the production build:
 * Image Occlusion masks over the image (labels hidden on the front, the active region revealed
 * on the back), the "Image Occlusion Enhanced" add-on's SVG masks stacked over its image, a
 * note type's CSS confined to the card, and a script-driven note type shown as its fields with
 * a warning in the import preview and the editor preview.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { buildLatestApkg } from '../fixtures/anki-packages';
import { IMAGE, LABELS, renderPackageContent } from '../fixtures/anki-render';
import { horizontalOverflow, launch, openApp, RESULTS, studyDeck, useServer } from './harness';

const server = useServer();
let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

type Box = { left: number; top: number; width: number; height: number };

async function box(page: Page, selector: string): Promise<Box> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
}

/** What is drawn on top at a point of the image given in normalized coordinates. */
async function topAt(page: Page, img: Box, x: number, y: number): Promise<string> {
  return page.evaluate(
    ({ px, py }) => {
      const el = document.elementFromPoint(px, py) as HTMLElement | null;
      return el ? (el.dataset.io ?? el.className ?? el.tagName) : 'nothing';
    },
    { px: img.left + x * img.width, py: img.top + y * img.height },
  );
}

async function importPackage(page: Page): Promise<void> {
  await openApp(page, server.url);
  await page.getByRole('link', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Import a deck' }).waitFor();
  await page.setInputFiles('#import-file', { name: 'render-anki.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(buildLatestApkg(sql, renderPackageContent())) });
  const importBtn = page.getByRole('button', { name: 'Import 6 cards' });
  await importBtn.waitFor({ timeout: 30_000 });
  await expect(page.locator('.warnings').textContent()).resolves.toContain('The note type "Multiple Choice" relies on scripts, which never run here; 1 card will show its fields as text.');
  await page.screenshot({ path: join(RESULTS, 'render-anki-import-preview.png'), fullPage: true });
  await importBtn.click();
  await page.getByRole('heading', { name: 'Import finished' }).waitFor();
}

async function study(page: Page, deck: string): Promise<void> {
  await openApp(page, server.url);
  await studyDeck(page, deck);
  await page.locator('article.card-view').waitFor();
}

const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1.5);

describe('Anki rendering in Chromium', () => {
  it('draws Image Occlusion masks over the image, confines note-type CSS, and shows script-driven notes as fields', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = b;
      await openApp(page, server.url);
      // The app's own look, before any imported CSS is installed.
      const appStyle = () =>
        page.evaluate(() => ({
          body: getComputedStyle(document.body).color,
          html: getComputedStyle(document.documentElement).backgroundColor,
          heading: getComputedStyle(document.querySelector('h1, h2')!).fontSize,
        }));
      const before = await appStyle();
      await importPackage(page);

      // — Image Occlusion, card 1 (c1 "hide all", c2 "hide all", c3 "hide one", a c0 label) —
      await study(page, 'Render IO');
      const img = page.locator('article.card-view .io-wrap img');
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(IMAGE.width);
      const card = page.locator('article.card-view');
      expect(await card.textContent()).toContain('Parts of the diagram');
      expect(await card.textContent()).not.toMatch(/Secret label|Three labels|Toggle Masks|image-occlusion/);
      expect(await page.locator('article.card-view canvas, article.card-view script, article.card-view button').count()).toBe(0);
      const imgBox = await box(page, 'article.card-view .io-wrap img');
      expect(imgBox.width).toBeGreaterThan(200);
      // The active mask sits exactly on the c1 label, over the image (not beside it).
      const active = await box(page, 'article.card-view [data-io="active"]');
      near(active.left, imgBox.left + LABELS.c1.left * imgBox.width);
      near(active.top, imgBox.top + LABELS.c1.top * imgBox.height);
      near(active.width, LABELS.c1.width * imgBox.width);
      near(active.height, LABELS.c1.height * imgBox.height);
      expect(await page.locator('article.card-view [data-io="active"]').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 142, 142)');
      expect(await topAt(page, imgBox, LABELS.c1.left + 0.15, LABELS.c1.top + 0.05)).toBe('active');
      // Hide all: c2 is masked too; hide one: c3 shows (its label is the image's).
      expect(await topAt(page, imgBox, LABELS.c2.left + LABELS.c2.rx, LABELS.c2.top + LABELS.c2.ry)).toBe('inactive');
      expect(await topAt(page, imgBox, LABELS.c3.left + 0.1, LABELS.c3.top + 0.07)).toBe('io-image');
      expect(await page.locator('article.card-view .io-mask').count()).toBe(2);
      expect(await horizontalOverflow(page)).toBe(0);
      // Dark theme: the masks keep their colours (the colour pass leaves our occlusion drawing alone).
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await page.waitForTimeout(300);
      expect(await page.locator('article.card-view [data-io="active"]').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 142, 142)');
      expect(await page.locator('article.card-view [data-io="inactive"]').first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 235, 162)');
      await page.evaluate(() => delete document.documentElement.dataset.theme);
      await page.screenshot({ path: join(RESULTS, 'render-anki-io-front-390.png'), fullPage: true });

      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.locator('article.card-view [data-io="highlight"]').waitFor();
      expect(await card.textContent()).toContain('Three labels');
      expect(await page.locator('article.card-view [data-io="label"]').textContent()).toBe('Secret label');
      // The active region is revealed: outlined, not filled; the "hide all" mask stays.
      const hl = page.locator('article.card-view [data-io="highlight"]');
      expect(await hl.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
      const hlBox = await box(page, 'article.card-view [data-io="highlight"]');
      const backImg = await box(page, 'article.card-view .io-wrap img');
      near(hlBox.left, backImg.left + LABELS.c1.left * backImg.width);
      expect(await topAt(page, backImg, LABELS.c2.left + LABELS.c2.rx, LABELS.c2.top + LABELS.c2.ry)).toBe('inactive');
      await page.screenshot({ path: join(RESULTS, 'render-anki-io-back-390.png'), fullPage: true });

      // Desktop width: the masks scale with the image.
      await page.setViewportSize({ width: 1280, height: 800 });
      await study(page, 'Render IO');
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(IMAGE.width);
      const wide = await box(page, 'article.card-view .io-wrap img');
      const wideMask = await box(page, 'article.card-view [data-io="active"]');
      near(wideMask.left, wide.left + LABELS.c1.left * wide.width);
      near(wideMask.width, LABELS.c1.width * wide.width);
      await page.screenshot({ path: join(RESULTS, 'render-anki-io-front-desktop.png') });
      await page.setViewportSize({ width: 390, height: 844 });

      // — Image Occlusion Enhanced: the SVG question mask lies on the image, which is visible —
      await study(page, 'Render IOE');
      const mask = page.locator('article.card-view #user-content-io-overlay img');
      await expect.poll(() => mask.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(IMAGE.width);
      expect(await mask.getAttribute('src')).toMatch(/^blob:/);
      const original = page.locator('article.card-view #user-content-io-original img');
      await expect.poll(() => original.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(IMAGE.width);
      expect(await page.locator('article.card-view #user-content-io-original').evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
      const m = await box(page, 'article.card-view #user-content-io-overlay img');
      const o = await box(page, 'article.card-view #user-content-io-original img');
      near(m.left, o.left);
      near(m.top, o.top);
      near(m.width, o.width);
      await page.screenshot({ path: join(RESULTS, 'render-anki-ioe-front-390.png'), fullPage: true });

      // — Note-type CSS: the card changes, the app does not —
      await study(page, 'Render CSS');
      const root = page.locator('article.card-view .card-content');
      await expect.poll(() => root.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 0, 0)');
      expect(await root.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 255, 0)');
      expect(await page.locator('article.card-view h1').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 0, 255)');
      expect(await page.locator('article.card-view #user-content-front').evaluate((el) => getComputedStyle(el).letterSpacing)).toBe('3px');
      await expect(page.getByRole('button', { name: 'Show answer' }).isVisible()).resolves.toBe(true);
      // The note type makes its card absolute, on top, with a page-wide red shadow: the card's box
      // still contains it, so the app's controls are where they were and take the clicks.
      const hit = (selector: string) =>
        page.locator(selector).first().evaluate((el) => {
          const r = el.getBoundingClientRect();
          const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return top !== null && (top === el || el.contains(top)) && !top.closest('.card-view');
        });
      expect(await hit('.show-answer')).toBe(true);
      expect(await hit('.review-bar a')).toBe(true);
      expect(await hit('header, nav')).toBe(true);
      expect(await page.locator('.review-bar button, .review button').first().evaluate((el) => getComputedStyle(el).display)).not.toBe('none');
      expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe(before.body);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(before.html);
      await page.screenshot({ path: join(RESULTS, 'render-anki-css-390.png'), fullPage: true });
      // Dark theme: night-mode rules apply, the root's light colours give way to the app's.
      const h1 = page.locator('article.card-view h1');
      expect(await h1.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('none');
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      expect(await h1.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('underline');
      expect(await root.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgb(255, 0, 0)');
      await page.screenshot({ path: join(RESULTS, 'render-anki-css-dark-390.png'), fullPage: true });
      await page.evaluate(() => delete document.documentElement.dataset.theme);
      // Back on the deck list, with the note type's sheet still installed: the app's heading is untouched.
      await openApp(page, server.url);
      expect(await appStyle()).toEqual(before);

      // — Script-driven multiple choice: the fields, readable, and a warning in the editor preview —
      await study(page, 'Render Script');
      await expect.poll(() => page.locator('article.card-view .anki-field-name').allTextContents()).toEqual(['Question', 'Q_1', 'Q_2', 'Q_3']);
      expect(await page.locator('article.card-view .anki-field-value').allTextContents()).toEqual(['Which is a prime?', '4', '7', '9']);
      expect(await card.textContent()).not.toMatch(/\{\{|0 1 0/);
      await page.screenshot({ path: join(RESULTS, 'render-anki-script-390.png'), fullPage: true });
      await page.getByRole('button', { name: 'Show answer' }).click();
      await expect.poll(() => page.locator('article.card-view .anki-field-name').allTextContents()).toContain('Answers');
      await page.keyboard.press('e');
      await expect.poll(() => page.locator('.editor-preview').textContent(), { timeout: 10_000 }).toContain('This note type relies on scripts, which never run here; 1 card will show its fields as text.');
      await page.locator('.editor-preview').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(RESULTS, 'render-anki-script-editor-390.png') });

      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
