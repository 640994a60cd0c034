/**
 * Settings → Sync → "Changed on two devices" in real Chromium: two fresh browser profiles as two
 * devices and the test sync server (tests/sync-harness.ts). The same built-in note is edited on
 * both through the Edit screen, both turn sync on: the section appears on both with the version
 * in use and the other one; it passes axe in both themes and fits a phone (photographed at
 * 390×844 and 1280×800); "Use the other version" puts that text back, and after the next syncs
 * both devices hold it and the section is gone on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { horizontalOverflow, launch, openApp, readStore, RESULTS, useServer } from './harness';
import { describeViolations, runAxe } from './axe';
import { startSyncServer, type SyncServer } from '../sync-harness';
import type { Note } from '../../src/core/types';

const app = useServer();
let sync: SyncServer;

beforeAll(async () => {
  // useServer's beforeAll ran first: the app's origin is known for CORS.
  sync = await startSyncServer({ origins: [app.url] });
}, 60_000);

afterAll(async () => {
  await sync?.stop();
});

const syncRegion = (page: Page) => page.getByRole('region', { name: 'Sync' });
const conflicts = (page: Page) => page.getByRole('region', { name: 'Changed on two devices' });
/** An element screenshot without the sticky top bar drawn over it. */
const UNSTICK = '.topbar { position: static !important; }';

async function openSyncSettings(page: Page): Promise<void> {
  await page.goto(app.url + '/#/settings');
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor({ timeout: 30_000 });
  await syncRegion(page).getByRole('button', { name: /^(Turn on sync|Sync now)$/ }).first().waitFor({ timeout: 30_000 });
}

/** Turns sync on from the form and waits for the first sync to end without an error. */
async function turnOn(page: Page, server: string, user: string, password: string): Promise<void> {
  const region = syncRegion(page);
  await region.getByLabel('Server', { exact: true }).fill(server);
  await region.getByLabel('User', { exact: true }).fill(user);
  await region.getByLabel('Password', { exact: true }).fill(password);
  await region.getByRole('button', { name: 'Turn on sync' }).click();
  await waitForIdle(page);
  await region.getByText(/Last sync just now/).waitFor({ timeout: 120_000 });
}

/** "Sync now" is enabled again: no sync runs (the automatic one after a choice included). */
async function waitForIdle(page: Page): Promise<void> {
  const button = syncRegion(page).getByRole('button', { name: 'Sync now' });
  await button.waitFor({ timeout: 120_000 });
  await expect.poll(() => button.isEnabled(), { timeout: 120_000 }).toBe(true);
  expect(((await syncRegion(page).locator('#sync-problem').textContent()) ?? '').trim()).toBe('');
}

async function syncNow(page: Page): Promise<void> {
  await waitForIdle(page);
  await syncRegion(page).getByRole('button', { name: 'Sync now' }).click();
  await waitForIdle(page);
}

/** Edits a note through the Edit screen, as a person would. */
async function editNote(page: Page, id: string, fields: Record<string, string>): Promise<void> {
  await page.goto(`${app.url}/#/edit/${encodeURIComponent(id)}`);
  await page.getByRole('form', { name: 'Edit' }).waitFor({ timeout: 30_000 });
  for (const [name, value] of Object.entries(fields)) await page.getByLabel(name, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Saved.', { exact: true }).waitFor({ timeout: 30_000 });
}

const noteOf = async (page: Page, id: string) => (await readStore<Note>(page, 'notes')).find((n) => n.id === id);

/** Closes a message left from an earlier step (it would sit over the photographed section). */
async function dismissToast(page: Page): Promise<void> {
  const toast = page.locator('.toast');
  if (await toast.count()) await toast.getByRole('button', { name: 'Dismiss' }).click();
  await toast.waitFor({ state: 'detached' });
}

/** Scrolls the section to the top of the view, below the sticky top bar. */
async function showConflicts(page: Page, id = 'sync-conflicts-title'): Promise<void> {
  await page.evaluate((id) => {
    const top = document.getElementById(id)!.getBoundingClientRect().top + scrollY;
    const bar = document.querySelector('.topbar')!.getBoundingClientRect().height;
    scrollTo(0, top - bar - 8);
  }, id);
}

describe('changed on two devices', () => {
  it('lists a note edited on both devices on both; "Use the other version" settles it on both', { timeout: 420_000 }, async () => {
    const db = await sync.createUser('dana', 'dana-secret');
    const a = await launch({ viewport: { width: 390, height: 844 } });
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      for (const d of [a, b]) {
        await openApp(d.page, app.url);
        await expect.poll(async () => (await readStore<Note>(d.page, 'notes')).length, { timeout: 60_000 }).toBeGreaterThan(0);
      }
      // A shipped Basic note with a short answer (the same on both devices).
      const shipped = (await readStore<Note>(a.page, 'notes')).filter((n) => n.source === 'builtin' && n.noteTypeId === 'pd-basic' && n.fields[1]!.length > 80).sort((x, y) => x.fields[1]!.length - y.fields[1]!.length || (x.id < y.id ? -1 : 1));
      const note = shipped[0]!;
      expect((await noteOf(b.page, note.id))?.fields).toEqual(note.fields);

      // Edited on A (front and back), then on B (front only): B's is newer and wins the merge.
      const fromA = { Front: `${note.fields[0]} (edited on the phone)`, Back: `${note.fields[1]}\n\nAdded on the phone: an example with a very-long-unbroken-identifier_that_must_wrap_on_a_phone_screen_without_scrolling.` };
      const fromB = { Front: `${note.fields[0]} (edited on the laptop)` };
      await editNote(a.page, note.id, fromA);
      await editNote(b.page, note.id, fromB);

      await openSyncSettings(a.page);
      await turnOn(a.page, db, 'dana', 'dana-secret');
      expect(await conflicts(a.page).count()).toBe(0);
      await openSyncSettings(b.page);
      await turnOn(b.page, db, 'dana', 'dana-secret');
      await syncNow(a.page);

      for (const d of [a, b]) {
        const section = conflicts(d.page);
        await section.waitFor({ timeout: 30_000 });
        const items = section.getByRole('listitem');
        await expect(items.count()).resolves.toBe(1);
        const [inUse, other] = await section.locator('.conflict-version').all();
        await expect(inUse!.textContent()).resolves.toContain(fromB.Front);
        await expect(inUse!.textContent()).resolves.toContain('In use now');
        await expect(other!.textContent()).resolves.toContain(fromA.Front);
        await expect(other!.textContent()).resolves.toContain('Added on the phone');
        await expect(other!.locator('dt').allTextContents()).resolves.toEqual(['Front · differs', 'Back · differs', 'Tags']);
        await expect(section.getByRole('button', { name: 'Keep this version' }).count()).resolves.toBe(1);
        await expect(section.getByRole('button', { name: 'Use the other version' }).count()).resolves.toBe(1);
        // Every button is a full touch target.
        for (const box of await section.getByRole('button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) expect(box).toBeGreaterThanOrEqual(44);
        expect((await noteOf(d.page, note.id))?.fields[0]).toBe(fromB.Front);
      }

      // Phone: stacked, no sideways scroll, axe clean in both themes; then the desktop layout.
      const page = a.page;
      const section = conflicts(page);
      const [first, second] = await section.locator('.conflict-version').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, bottom: r.bottom })));
      expect(second!.y).toBeGreaterThan(first!.bottom - 1);
      await dismissToast(page);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(describeViolations(`sync-conflicts-${colorScheme}`, await runAxe(page))).toEqual([]);
        expect(await horizontalOverflow(page)).toBe(0);
        await showConflicts(page);
        await page.screenshot({ path: join(RESULTS, `sync-conflicts-phone-${colorScheme}.png`) });
        await section.screenshot({ path: join(RESULTS, `sync-conflicts-section-phone-${colorScheme}.png`), style: UNSTICK });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      const wide = await section.locator('.conflict-version').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y })));
      expect(wide[1]!.x).toBeGreaterThan(wide[0]!.x);
      expect(wide[1]!.y).toBe(wide[0]!.y);
      expect(await horizontalOverflow(page)).toBe(0);
      await showConflicts(page);
      await page.screenshot({ path: join(RESULTS, 'sync-conflicts-desktop-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.screenshot({ path: join(RESULTS, 'sync-conflicts-desktop-light.png') });
      await section.screenshot({ path: join(RESULTS, 'sync-conflicts-section-desktop-light.png'), style: UNSTICK });
      await page.setViewportSize({ width: 390, height: 844 });

      // Use the other version on A: the section goes at once, the note holds A's text again.
      await section.getByRole('button', { name: 'Use the other version' }).click();
      await page.getByText('Now using the other version.', { exact: false }).waitFor({ timeout: 30_000 });
      await section.waitFor({ state: 'detached', timeout: 30_000 });
      const onA = await noteOf(page, note.id);
      expect(onA?.fields).toEqual([fromA.Front, fromA.Back]);
      // Focus went back to the Sync heading (the list is empty), and stays there while the sync runs.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('sync-title');
      await waitForIdle(page);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('sync-title');

      // After the next syncs both devices hold it, and the section is gone on B too.
      await syncNow(a.page);
      await syncNow(b.page);
      await conflicts(b.page).waitFor({ state: 'detached', timeout: 30_000 });
      expect((await noteOf(b.page, note.id))?.fields).toEqual([fromA.Front, fromA.Back]);
      await syncNow(a.page);
      // The list reloads once the sync has ended (after syncNow returns, a moment later).
      await expect.poll(() => conflicts(a.page).count(), { timeout: 30_000 }).toBe(0);
      expect((await noteOf(a.page, note.id))?.fields).toEqual([fromA.Front, fromA.Back]);
      await dismissToast(page);
      await showConflicts(page, 'sync-title');
      await page.screenshot({ path: join(RESULTS, 'sync-conflicts-settled-phone-light.png') });

      // A deletion that beat an edit: the other version (A's edit) is shown; using it brings the
      // note back, with its cards under their old ids, on both devices.
      const gone = shipped[1]!;
      await editNote(b.page, gone.id, { Front: `${gone.fields[0]} zqxj` });
      await editNote(a.page, gone.id, { Front: `${gone.fields[0]} (kept on the phone)` });
      await b.page.goto(`${app.url}/#/browse?q=zqxj`);
      await b.page.getByRole('checkbox', { name: /^Select .*zqxj/ }).check({ timeout: 30_000 });
      b.page.once('dialog', (dlg) => void dlg.accept());
      await b.page.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect.poll(async () => (await noteOf(b.page, gone.id)) === undefined, { timeout: 30_000 }).toBe(true);
      await openSyncSettings(a.page);
      await syncNow(a.page);
      await openSyncSettings(b.page);
      await syncNow(b.page);
      await syncNow(a.page);
      for (const d of [a, b]) {
        expect(await noteOf(d.page, gone.id)).toBeUndefined();
        const versions = conflicts(d.page).locator('.conflict-version');
        await versions.first().waitFor({ timeout: 30_000 });
        await expect(versions.first().textContent()).resolves.toMatch(/^In use now · deleted .*Deleted/);
        await expect(versions.nth(1).textContent()).resolves.toContain('(kept on the phone)');
      }
      const region = conflicts(b.page);
      await expect(region.textContent()).resolves.toContain('using this version brings it back with its cards');
      expect(describeViolations('sync-conflicts-deleted', await runAxe(b.page))).toEqual([]);
      expect(await horizontalOverflow(b.page)).toBe(0);
      await dismissToast(b.page);
      await showConflicts(b.page);
      await region.screenshot({ path: join(RESULTS, 'sync-conflicts-deleted-phone-light.png'), style: UNSTICK });
      await region.getByRole('button', { name: 'Use the other version' }).click();
      await region.waitFor({ state: 'detached', timeout: 30_000 });
      await expect.poll(async () => (await noteOf(b.page, gone.id))?.fields[0], { timeout: 30_000 }).toBe(`${gone.fields[0]} (kept on the phone)`);
      await syncNow(b.page);
      await syncNow(a.page);
      // The list reloads once the sync has ended (after syncNow returns, a moment later).
      await expect.poll(() => conflicts(a.page).count(), { timeout: 30_000 }).toBe(0);
      for (const d of [a, b]) {
        expect((await noteOf(d.page, gone.id))?.fields[0]).toBe(`${gone.fields[0]} (kept on the phone)`);
        expect((await readStore<{ noteId: string }>(d.page, 'cards')).filter((c) => c.noteId === gone.id).length).toBeGreaterThan(0);
      }

      // Replication asks for its checkpoints (_local/…) first: a 404 on a first sync is normal.
      for (const d of [a, b]) expect(d.errors.filter((e) => !e.includes('the server responded with a status of 404'))).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
