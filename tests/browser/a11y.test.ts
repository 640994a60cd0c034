/**
 * axe-core (default rules: WCAG 2.x A/AA and best practices) finds nothing on any screen, in the
 * light and the dark theme. The full audit with Lighthouse is `npm run audit`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, startServer, type Server } from './harness';
import { describeViolations, openScreen, runAxe, SCREENS } from './axe';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

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
});
