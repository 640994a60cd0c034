/**
 * Card rendering in real Chromium, under the app's CSP and offline: code, display math, cloze,
 * type-in, and hostile card text that must stay inert.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch, RESULTS, waitForServiceWorker, useServer } from './harness';
import { newCard } from '../../src/core/scheduler';

const server = useServer();

type SeedNote = { id: string; kind: 'basic' | 'cloze' | 'type-in'; front: string; back: string; answer?: string; ords: number[] };

const CODE = ['What does this print?', '', '```python', 'def f(xs):', '    return sum(x * x for x in xs)', 'print(f([1, 2, 3]))', '```'].join('\n');
const NOTES: SeedNote[] = [
  { id: 'r-code', kind: 'basic', front: CODE, back: '`14`: the sum of squares.', ords: [0] },
  { id: 'r-math', kind: 'basic', front: 'State the softmax of $z$.', back: '$$\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}$$', ords: [0] },
  { id: 'r-cloze', kind: 'cloze', front: 'Binary search runs in {{c1::$O(\\log n)$}} time on a {{c2::sorted::kind of}} array.', back: 'It halves the range each step.', ords: [0, 1] },
  { id: 'r-type', kind: 'type-in', front: 'What is $2^{10}$?', back: 'A kibi-unit.', answer: '1024', ords: [0] },
  {
    id: 'r-xss',
    kind: 'basic',
    front: 'Hostile <img src=x onerror="window.__xss=1"> text <script>window.__xss=2</script> [link](javascript:window.__xss=3)',
    back: '<a href="javascript:window.__xss=4">click</a><svg onload="window.__xss=5"></svg><iframe src="javascript:window.__xss=6"></iframe>',
    ords: [0],
  },
];

/** Puts a small deck straight into the app's database (test set-up, not the code under test). */
async function seed(page: Page, notes: SeedNote[], deckId: string) {
  await page.evaluate(
    ({ notes, deckId, cards }) =>
      new Promise<void>((res, rej) => {
        const r = indexedDB.open('prepdeck');
        r.onerror = () => rej(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const tx = db.transaction(['decks', 'notes', 'cards', 'meta'], 'readwrite');
          const now = Date.now();
          tx.objectStore('decks').put({ id: deckId, name: deckId, description: '', source: 'user', createdAt: now, mtime: now, usn: 0 });
          for (const n of notes) {
            const { ords: _ords, ...rest } = n;
            const fields = n.kind === 'type-in' ? [n.front, n.back, n.answer ?? ''] : [n.front, n.back];
            tx.objectStore('notes').put({ ...rest, deckId, format: 'markdown', noteTypeId: `pd-${n.kind}`, fields, tags: [], topics: [], mtime: now, usn: 0 });
          }
          // The cloze cards of one note are studied one after another here: no sibling burying.
          const settings = tx.objectStore('meta').get('settings');
          settings.onsuccess = () => tx.objectStore('meta').put({ ...((settings.result as object | undefined) ?? {}), buryNewSiblings: false, buryReviewSiblings: false }, 'settings');
          for (const c of cards) tx.objectStore('cards').put(c);
          tx.oncomplete = () => {
            db.close();
            res();
          };
          tx.onerror = () => rej(tx.error);
        };
      }),
    { notes, deckId, cards: notes.flatMap((n) => n.ords.map((ord) => ({ id: `${n.id}-${ord}`, noteId: n.id, ord }))).map((c, position) => newCard({ ...c, deckId, position })) },
  );
}

describe('card rendering in Chromium', () => {
  it('renders code, display math, cloze and type-in under the CSP, offline, and keeps hostile markup inert', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    const dialogs: string[] = [];
    b.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      const { page } = b;
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await waitForServiceWorker(page);
      // The hostile card gets a deck of its own: the review screen renders upcoming cards ahead
      // of time, so in one deck it would be rendered (and logged) while the type-in card is up.
      await seed(page, NOTES.filter((n) => n.id !== 'r-xss'), 'render-test');
      await seed(page, NOTES.filter((n) => n.id === 'r-xss'), 'render-xss');
      // Everything below runs with no network: the render chunks, KaTeX and its fonts come from the precache.
      await b.context.setOffline(true);
      // A new document, so that the app reads the settings the seed changed.
      await page.goto('about:blank');
      await page.goto(server.url + '/#/study/render-test');
      const card = page.locator('article.card-view');
      const show = page.getByRole('button', { name: 'Show answer' });

      // 1. Code: highlighted Python.
      await show.waitFor();
      await expect.poll(() => card.locator('pre code').count()).toBe(1);
      await expect.poll(() => card.locator('pre code [class^="hljs-"]').count()).toBeGreaterThan(2);
      await page.screenshot({ path: join(RESULTS, 'render-code.png') });
      await show.click();
      await page.getByRole('button', { name: 'Good', exact: true }).click();

      // 2. Display math: KaTeX markup with its fonts applied.
      await show.click();
      await expect.poll(() => card.locator('.katex-display').count()).toBe(1);
      const mathFont = await card.locator('.katex-display .mord').first().evaluate((el) => getComputedStyle(el).fontFamily);
      expect(mathFont).toMatch(/KaTeX/);
      await expect.poll(() => page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
      await page.screenshot({ path: join(RESULTS, 'render-math.png') });
      await page.getByRole('button', { name: 'Good', exact: true }).click();

      // 3. Cloze c1: blank on the front, revealed and highlighted on the back; c2 shows its hint.
      await show.waitFor();
      await expect.poll(() => card.locator('.cloze').first().textContent()).toMatch(/\[…\]|\[\.\.\.\]/);
      expect(await card.textContent()).toContain('sorted');
      await show.click();
      await expect.poll(() => card.locator('.cloze-revealed').count()).toBeGreaterThan(0);
      expect(await card.locator('.cloze-revealed .katex').count()).toBe(1);
      await page.screenshot({ path: join(RESULTS, 'render-cloze.png') });
      await page.getByRole('button', { name: 'Good', exact: true }).click();

      // 4. Type-in (a sibling never comes straight after its sibling: the type-in card is next): an answer box on the front; the back compares typed and expected.
      const input = page.getByLabel('Your answer');
      await input.waitFor();
      await input.fill('1042');
      await input.press('Enter');
      await expect.poll(() => card.locator('.typed-bad, .typed-missed').count()).toBeGreaterThan(0);
      expect(await card.textContent()).toContain('1024');
      await page.screenshot({ path: join(RESULTS, 'render-type-in.png') });
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      // The cloze's second card comes after another note's card (siblings never follow each other).
      await show.waitFor();
      await expect.poll(() => card.locator('.cloze').first().textContent()).toBe('[kind of]');
      await show.click();
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await show.waitFor();
      // No CSP violations while rendering all of the legitimate content above (checked before
      // the hostile card's deck is opened).
      expect(b.errors.filter((e) => /Content Security Policy/.test(e))).toEqual([]);

      // 5. Hostile card text: nothing runs, nothing dangerous reaches the DOM. (Chromium logs a
      // CSP report when the sanitizer's inert parser meets an event-handler attribute: expected.)
      await page.goto(server.url + '/#/study/render-xss');
      await expect.poll(() => card.getAttribute('data-card-id')).toBe('r-xss-0');
      await show.click();
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
      const scan = await card.evaluate((el) => ({
        handlers: [...el.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
        scripts: el.querySelectorAll('script, iframe, object, embed').length,
        jsUrls: [...el.querySelectorAll('[href], [src]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? '')).length,
      }));
      expect(scan).toEqual({ handlers: [], scripts: 0, jsUrls: 0 });
      for (const a of await card.locator('a').all()) await a.click({ force: true, modifiers: [] }).catch(() => undefined);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
