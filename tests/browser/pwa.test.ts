/**
 * Installability, updates, persistence and settings, in real Chromium against the production build.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { countStore, launch, readStore, waitForServiceWorker, type Browser, useServer } from './harness';

const server = useServer();

async function openDecks(b: Browser, path = '/') {
  await b.page.goto(server.url + path);
  await b.page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
}

function pngSize(path: string): [number, number] {
  const buf = readFileSync(path);
  expect(buf.subarray(1, 4).toString()).toBe('PNG');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

describe('installable PWA', () => {
  it('serves a complete web app manifest with 192, 512 and maskable icons and a Study now shortcut', async () => {
    const res = await fetch(`${server.url}/manifest.webmanifest`);
    expect(res.ok).toBe(true);
    const m = (await res.json()) as Record<string, unknown> & { icons: { src: string; sizes: string; purpose?: string }[]; shortcuts: { name: string; url: string }[] };
    expect(m).toMatchObject({ name: expect.stringContaining('Prepdeck'), short_name: 'Prepdeck', display: 'standalone', start_url: '/' });
    expect(m.description).toEqual(expect.any(String));
    expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const sizes = m.icons.map((i) => `${i.sizes}:${i.purpose ?? 'any'}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));
    for (const icon of m.icons) {
      const [w, h] = pngSize(join(server.root, icon.src));
      expect(`${w}x${h}`).toBe(icon.sizes);
    }
    expect(m.shortcuts.map((s) => s.name)).toContain('Study now');
    // The service worker and robots.txt really exist (vite preview answers index.html otherwise).
    expect((await fetch(`${server.url}/sw.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect(await (await fetch(`${server.url}/robots.txt`)).text()).toMatch(/User-agent/);
  });

  it('ships a strict Content-Security-Policy in the page itself', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-eval'/);
    expect(csp).toContain("object-src 'none'");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('the "Study now" shortcut opens a review directly', async () => {
    const b = await launch();
    try {
      await b.page.goto(`${server.url}/#/study/all`);
      await b.page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
    } finally {
      await b.close();
    }
  });
});

describe('updates', () => {
  it('offers "Update available — Reload" for a waiting version, and reloading keeps every review', async () => {
    const b = await launch();
    try {
      await openDecks(b);
      await waitForServiceWorker(b.page);
      const { page } = b;
      await page.getByRole('link', { name: 'Study all decks' }).click();
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Again', exact: true }).click();
      await expect.poll(() => countStore(page, 'revlog')).toBe(2);
      // Publish a "new version": any byte change to sw.js makes the browser install it.
      appendFileSync(join(server.root, 'sw.js'), `\n// next version ${Date.now()}\n`);
      // The app checks for updates when it becomes visible again (and hourly).
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      const reload = page.getByRole('button', { name: 'Reload' });
      await reload.waitFor({ timeout: 30_000 });
      await expect(page.getByText('Update available').isVisible()).resolves.toBe(true);
      // Non-blocking: the review goes on while the prompt is shown.
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Easy', exact: true }).click();
      await expect.poll(() => countStore(page, 'revlog')).toBe(3);
      const before = await readStore<{ id: string }>(page, 'revlog');
      await Promise.all([page.waitForEvent('load'), reload.click()]);
      await page.getByRole('button', { name: 'Show answer' }).waitFor();
      const after = await readStore<{ id: string }>(page, 'revlog');
      expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
      await expect(page.getByRole('button', { name: 'Reload' }).count()).resolves.toBe(0);
    } finally {
      await b.close();
    }
  });
});

describe('settings and storage', () => {
  it('asks for persistent storage after the first graded card and shows the result in Settings', async () => {
    const b = await launch();
    try {
      await openDecks(b);
      const { page } = b;
      const asked = () =>
        page.evaluate(
          () =>
            new Promise<unknown>((res) => {
              const r = indexedDB.open('prepdeck');
              r.onsuccess = () => {
                const g = r.result.transaction('meta').objectStore('meta').get('persistRequested');
                g.onsuccess = () => res(g.result);
              };
            }),
        );
      expect(await asked()).toBeUndefined();
      await page.getByRole('link', { name: 'Study all decks' }).click();
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(asked).toBe(true);
      const persisted = await page.evaluate(() => navigator.storage.persisted());
      await page.goto(`${server.url}/#/settings`);
      const status = page.locator('#persist-status');
      await expect.poll(() => status.textContent()).not.toBe('checking…');
      expect(await status.textContent()).toMatch(persisted ? /^Yes/ : /^Not granted/);
      await expect(page.locator('#app-version').textContent()).resolves.toMatch(/^\d+\.\d+\.\d+$/);
    } finally {
      await b.close();
    }
  });

  it('a change of learning steps applies from the next card on; invalid input is refused with a message', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      await openDecks(b);
      const { page } = b;
      await page.goto(`${server.url}/#/settings`);
      // Changes apply as they are made; an invalid value says why and saves nothing.
      await page.getByLabel('Desired retention').fill('0.5');
      await expect.poll(() => page.getByRole('alert').filter({ hasText: /\S/ }).textContent()).toMatch(/retention must be between 0.70 and 0.99/i);
      await page.getByLabel('Desired retention').fill('0.93');
      await page.getByLabel('Learning steps', { exact: true }).fill('2m 15m');
      await page.getByText('Settings saved').waitFor();
      const [settings] = (await readStore<{ desiredRetention: number; learningSteps: string[] }>(page, 'meta')).filter((v) => typeof v === 'object' && v !== null && 'desiredRetention' in v);
      expect(settings).toMatchObject({ desiredRetention: 0.93, learningSteps: ['2m', '15m'] });
      await page.goto(`${server.url}/#/study/all`);
      await page.getByRole('button', { name: 'Show answer' }).click();
      await expect(page.locator('#interval-1').textContent()).resolves.toBe('2m');
      await expect(page.locator('#interval-3').textContent()).resolves.toBe('15m');
    } finally {
      await b.close();
    }
  });

  it('says when the next card is due once the day is done', async () => {
    const b = await launch();
    try {
      await openDecks(b);
      const { page } = b;
      await page.goto(`${server.url}/#/settings`);
      await page.getByLabel('New cards per day').fill('1');
      await page.getByText('Settings saved').waitFor();
      await page.goto(`${server.url}/#/study/all`);
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Easy', exact: true }).click();
      await page.getByRole('heading', { name: 'Done for today' }).waitFor();
      await expect(page.getByRole('status').filter({ hasText: 'Done for today' }).textContent()).resolves.toMatch(/next card is due (tomorrow|today at \d|on \d|in \d+ minutes?)/);
    } finally {
      await b.close();
    }
  });

  it('follows the theme setting and the system colour scheme, and respects reduced motion', async () => {
    const b = await launch({ colorScheme: 'dark', reducedMotion: 'reduce' });
    try {
      await openDecks(b);
      const { page } = b;
      const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(await bg()).toBe('rgb(17, 19, 34)'); // system = dark
      await page.goto(`${server.url}/#/settings`);
      // The theme applies the moment it is chosen, and is saved.
      await page.getByLabel('Theme').selectOption('light');
      await expect.poll(bg).toBe('rgb(247, 247, 251)');
      await page.getByText('Settings saved').waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await bg()).toBe('rgb(247, 247, 251)');
      await page.goto(`${server.url}/#/study/all`);
      await page.getByRole('button', { name: 'Show answer' }).waitFor();
      const duration = await page.evaluate(() => getComputedStyle(document.querySelector('.progress-fill')!).transitionDuration);
      expect(parseFloat(duration)).toBeLessThan(0.001);
    } finally {
      await b.close();
    }
  });
});
