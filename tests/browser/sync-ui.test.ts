/**
 * Settings → Sync with sync off: the form renders with the names people and tests rely on, a bad
 * address is refused with a clear message before any network request, it fits a phone, passes
 * axe in both themes, and is photographed at 390×844 and 1280×800. (Syncing against a real
 * server is tests/browser/sync.test.ts.)
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { countStore, horizontalOverflow, launch, RESULTS, useServer } from './harness';
import { describeViolations, openScreen, runAxe } from './axe';
import { startSyncServer, type SyncServer } from '../sync-harness';

const server = useServer();
let sync: SyncServer | undefined;
afterAll(async () => {
  await sync?.stop();
});

async function openSync(page: Page): Promise<void> {
  await openScreen(page, server.url, 'settings');
  await page.getByRole('heading', { name: 'Sync', level: 2 }).waitFor({ timeout: 30_000 });
  await page.getByLabel('Server', { exact: true }).waitFor({ timeout: 30_000 });
}

/** Scrolls Settings → Sync to the top of the screen, below the sticky top bar. */
async function showSection(page: Page): Promise<void> {
  await page.evaluate(() => {
    const top = document.getElementById('sync-title')!.getBoundingClientRect().top + scrollY;
    const bar = document.querySelector('.topbar')!.getBoundingClientRect().height;
    scrollTo(0, top - bar - 8);
  });
}
/** An element screenshot without the sticky top bar drawn over it. */
const UNSTICK = '.topbar { position: static !important; }';

/** Requests that leave the app's own origin (the sync form must not make any before it is valid). */
function watchOutside(page: Page): string[] {
  const outside: string[] = [];
  page.context().on('request', (r) => {
    const url = r.url();
    if (/^https?:/.test(url) && !url.startsWith(server.url)) outside.push(url);
  });
  return outside;
}

describe('Settings → Sync (off)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`renders, refuses a bad address without a network request, fits a phone and passes axe (${colorScheme})`, async () => {
      const b = await launch({ colorScheme, viewport: { width: 390, height: 844 } });
      try {
        const { page } = b;
        const outside = watchOutside(page);
        await openSync(page);
        const section = page.locator('section.sync');

        // The fields, with what password managers and phone keyboards need.
        const serverField = page.getByLabel('Server', { exact: true });
        const userField = page.getByLabel('User', { exact: true });
        const passwordField = page.getByLabel('Password', { exact: true });
        await expect(serverField.getAttribute('type')).resolves.toBe('url');
        await expect(serverField.getAttribute('autocomplete')).resolves.toBe('url');
        await expect(userField.getAttribute('autocomplete')).resolves.toBe('username');
        await expect(passwordField.getAttribute('type')).resolves.toBe('password');
        await expect(passwordField.getAttribute('autocomplete')).resolves.toBe('current-password');
        await expect(section.getByText('Your password is stored on this device only', { exact: false }).count()).resolves.toBe(1);
        await expect(page.getByRole('button', { name: 'Turn on sync' }).isEnabled()).resolves.toBe(true);
        expect(await page.getByRole('button', { name: 'Sync now' }).count()).toBe(0);

        expect(describeViolations(`sync-off-${colorScheme}`, await runAxe(page))).toEqual([]);
        expect(await horizontalOverflow(page)).toBe(0);

        // The help opens, and still fits.
        await page.getByText('How do I get a server?').click();
        await section.getByText('npm run sync-server').waitFor();
        await expect(section.getByText('CouchDB 3', { exact: false }).count()).resolves.toBeGreaterThan(0);
        expect(await horizontalOverflow(page)).toBe(0);
        await showSection(page);
        await page.screenshot({ path: join(RESULTS, `sync-off-phone-${colorScheme}.png`) });
        await section.screenshot({ path: join(RESULTS, `sync-off-section-phone-${colorScheme}.png`), style: UNSTICK });

        // A host without a scheme: a clear message on the Server field, and no request at all.
        await serverField.fill('couch.example.org');
        await userField.fill('alice');
        await passwordField.fill('secret');
        await page.getByRole('button', { name: 'Turn on sync' }).click();
        const alert = section.getByRole('alert');
        await expect(alert.textContent()).resolves.toMatch(/“couch\.example\.org” is not a web address\. It starts with https:\/\//);
        await expect(serverField.getAttribute('aria-invalid')).resolves.toBe('true');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('sync-server');

        // Plain http to another computer: refused too (the password would travel unencrypted).
        await serverField.fill('http://couch.example.org/userdb-616c696365');
        await page.getByRole('button', { name: 'Turn on sync' }).click();
        await expect(alert.textContent()).resolves.toMatch(/^Use https:\/\/ for a server on another computer/);
        // Another scheme.
        await serverField.fill('ftp://couch.example.org/db');
        await page.getByRole('button', { name: 'Turn on sync' }).click();
        await expect(alert.textContent()).resolves.toMatch(/must start with https:\/\//);
        // A missing password is named as such.
        await serverField.fill('https://couch.example.org/userdb-616c696365');
        await passwordField.fill('');
        await page.getByRole('button', { name: 'Turn on sync' }).click();
        await expect(alert.textContent()).resolves.toBe('Enter your password for the sync server.');
        await expect(passwordField.getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(serverField.getAttribute('aria-invalid')).resolves.toBe(null);

        // Nothing left the page, sync is still off, and the error state passes axe and fits.
        await page.waitForTimeout(300);
        expect(outside).toEqual([]);
        await expect(page.getByRole('button', { name: 'Turn on sync' }).isEnabled()).resolves.toBe(true);
        expect(describeViolations(`sync-error-${colorScheme}`, await runAxe(page))).toEqual([]);
        expect(await horizontalOverflow(page)).toBe(0);
        await section.screenshot({ path: join(RESULTS, `sync-error-section-phone-${colorScheme}.png`), style: UNSTICK });
        expect(b.errors).toEqual([]);

        // The desktop layout.
        await page.setViewportSize({ width: 1280, height: 800 });
        await showSection(page);
        expect(await horizontalOverflow(page)).toBe(0);
        await page.screenshot({ path: join(RESULTS, `sync-off-desktop-${colorScheme}.png`) });
      } finally {
        await b.close();
      }
    });
  }
});

describe('Settings → Sync (on)', () => {
  it('shows the server, the user and "Last sync …", passes axe in both themes, fits, and turns off keeping the data', { timeout: 240_000 }, async () => {
    sync = await startSyncServer({ origins: [server.url] });
    const db = await sync.createUser('ui-alice', 'ui-secret');
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = b;
      await openSync(page);
      const section = page.getByRole('region', { name: 'Sync' });
      await page.getByLabel('Server', { exact: true }).fill(db);
      await page.getByLabel('User', { exact: true }).fill('ui-alice');
      await page.getByLabel('Password', { exact: true }).fill('ui-secret');
      // The server answers slowly, so the first sync's progress bar can be seen and photographed.
      await page.route(`${sync.url}/**`, async (route) => {
        await new Promise((r) => setTimeout(r, 250));
        await route.continue().catch(() => undefined);
      });
      await page.getByRole('button', { name: 'Turn on sync' }).click();
      const bar = section.getByRole('progressbar', { name: 'Sync progress' });
      await bar.waitFor({ timeout: 30_000 });
      await expect(bar.getAttribute('aria-valuetext')).resolves.toMatch(/^(Connecting to the server…|Sending…|Receiving…|Saving on this device…)/);
      await showSection(page);
      await page.screenshot({ path: join(RESULTS, 'sync-progress-phone-light.png') });
      await page.unroute(`${sync.url}/**`);
      // Either the first sync ends ("Last sync just now") or the alert says why not.
      await section.getByText(/^Last sync just now\./).or(section.locator('.sync-problem:not(:empty)')).first().waitFor({ timeout: 90_000 });
      const why = (await section.getByRole('alert').textContent()) ?? '';
      if (why) throw new Error(`Sync did not turn on: "${why}"; page errors: ${b.errors.join(' | ')}`);
      await expect(section.getByRole('alert').textContent()).resolves.toBe('');
      await expect(section.locator('dd').allTextContents()).resolves.toEqual([db, 'ui-alice']);
      // The password is not kept in the page once sync is on.
      expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);

      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(describeViolations(`sync-on-${colorScheme}`, await runAxe(page))).toEqual([]);
        expect(await horizontalOverflow(page)).toBe(0);
        await showSection(page);
        await page.screenshot({ path: join(RESULTS, `sync-on-phone-${colorScheme}.png`) });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await showSection(page);
      await page.screenshot({ path: join(RESULTS, 'sync-on-desktop-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });

      // Sync now: "Syncing…" while it runs, then "Last sync just now" and what it did.
      await section.getByRole('button', { name: 'Sync now' }).click();
      await section.getByText(/^Last sync just now\. (Everything was already in sync|Sent |Received )/).waitFor({ timeout: 60_000 });

      // A second device pulls what the first sent, with "Receiving… N of M" on its progress bar.
      const other = await launch({ viewport: { width: 390, height: 844 } });
      try {
        const p2 = other.page;
        await openSync(p2);
        await p2.evaluate(() => {
          const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
          new MutationObserver(() => {
            const t = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext');
            if (t && seen.at(-1) !== t) seen.push(t);
          }).observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        await p2.route(`${sync.url}/**`, async (route) => {
          await new Promise((r) => setTimeout(r, 250));
          await route.continue().catch(() => undefined);
        });
        await p2.getByLabel('Server', { exact: true }).fill(db);
        await p2.getByLabel('User', { exact: true }).fill('ui-alice');
        await p2.getByLabel('Password', { exact: true }).fill('ui-secret');
        await p2.getByRole('button', { name: 'Turn on sync' }).click();
        await p2.getByRole('progressbar', { name: /Sync progress/ }).and(p2.locator('[aria-valuetext^="Receiving…"]')).waitFor({ timeout: 60_000 });
        await showSection(p2);
        await p2.screenshot({ path: join(RESULTS, 'sync-receiving-phone-light.png') });
        await p2.unroute(`${sync.url}/**`);
        await p2.getByRole('region', { name: 'Sync' }).getByText(/^Last sync just now\./).waitFor({ timeout: 60_000 });
        const seen = await p2.evaluate(() => (window as unknown as { seen: string[] }).seen);
        expect(seen[0]).toBe('Connecting to the server…');
        expect(seen.some((t) => /^Receiving… \d+ of \d+$/.test(t))).toBe(true);
      } finally {
        await other.close();
      }

      // Turn off: asks first (saying the data stays), then shows the form again.
      const cards = await countStore(page, 'cards');
      const asked: string[] = [];
      page.once('dialog', (d) => {
        asked.push(d.message());
        void d.accept();
      });
      await section.getByRole('button', { name: 'Turn off sync' }).click();
      await section.getByRole('button', { name: 'Turn on sync' }).waitFor();
      expect(asked).toEqual(['Turn off sync on this device? Your cards and reviews stay on this device.']);
      expect(await page.evaluate(() => localStorage.getItem('prepdeck-sync-on'))).toBe(null);
      const after = await countStore(page, 'cards');
      expect(after).toBe(cards);
      // Replication asks for its checkpoints (_local/…) first: a 404 on a first sync is normal.
      expect(b.errors.filter((e) => !e.includes('the server responded with a status of 404'))).toEqual([]);
    } finally {
      await b.close();
    }
  });
});

mkdirSync(RESULTS, { recursive: true });
