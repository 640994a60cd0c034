/**
 * axe-core (default rules: WCAG 2.x A/AA and best practices) finds nothing on any screen, in the
 * light and the dark theme. The full audit with Lighthouse is `npm run audit`.
 */
import { describe, expect, it } from 'vitest';
import { launch, studyDeck, useServer } from './harness';
import { describeViolations, openScreen, runAxe, SCREENS } from './axe';

const server = useServer();

describe('accessibility (axe)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`every screen has zero axe violations (${colorScheme})`, async () => {
      const b = await launch({ colorScheme });
      try {
        const found: string[] = [];
        for (const screen of SCREENS) {
          await openScreen(b.page, server.url, screen);
          found.push(...describeViolations(`${screen}-${colorScheme}`, await runAxe(b.page)));
        }
        expect(found).toEqual([]);
        expect(b.errors).toEqual([]);
        if (colorScheme === 'light') {
          // The check itself can fail: an image without alt text and faint text are reported.
          await b.page.evaluate(() => {
            const img = document.createElement('img');
            img.src = '/favicon.svg';
            const faint = document.createElement('p');
            faint.textContent = 'Hard to read';
            faint.style.color = '#ddd';
            document.querySelector('main')!.append(img, faint);
          });
          const ids = (await runAxe(b.page)).map((v) => v.id);
          expect(ids).toContain('image-alt');
          expect(ids).toContain('color-contrast');
        }
      } finally {
        await b.close();
      }
    });
  }

  it('card content: wide code, a table with an empty corner and display math pass on a phone', async () => {
    const deck = [
      '---',
      'id: wide-things',
      'name: Wide things',
      '---',
      '',
      '## wide-code',
      '',
      'What does this print?',
      '',
      '```python',
      `print(${'"a long string that cannot wrap" + '.repeat(4)}"end")`,
      '```',
      '',
      '---',
      '',
      '| | Time | Memory |',
      '|---|---|---|',
      '| list | O(n) | O(n) |',
      '',
      `$$${Array.from({ length: 14 }, (_, i) => `x_{${i}}^{2}`).join(' + ')}$$`,
      '',
    ].join('\n');
    const b = await launch();
    try {
      const { page } = b;
      await openScreen(page, server.url, 'import');
      await page.setInputFiles('#import-file', { name: 'wide-things.md', mimeType: 'text/markdown', buffer: Buffer.from(deck) });
      await page.getByRole('button', { name: 'Import 1 card' }).click();
      await page.getByRole('heading', { name: 'Import finished' }).waitFor();
      await openScreen(page, server.url, 'decks');
      await studyDeck(page, 'Wide things');
      await page.getByRole('button', { name: 'Show answer' }).waitFor();
      // The code block is wider than a 390 px phone: it scrolls, and is reachable by keyboard.
      await expect(page.locator('.card-view pre').getAttribute('tabindex')).resolves.toBe('0');
      const found = describeViolations('wide-front', await runAxe(page));
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
      await expect(page.locator('.card-view thead td').count()).resolves.toBe(1);
      await expect(page.locator('.card-view .katex-display').getAttribute('role')).resolves.toBe('region');
      found.push(...describeViolations('wide-back', await runAxe(page)));
      expect(found).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
