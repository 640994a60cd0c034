/**
 * Sync end to end in real Chromium: the production build served on one loopback port, the sync
 * server (tests/sync-harness.ts: pouchdb-server parts over LevelDB, admin party off, per-user
 * databases) on another, and two fresh browser profiles as two devices. Drives the app only
 * through Settings → Sync ("Server", "User", "Password", "Turn on sync", "Sync now", the status
 * line "Last sync …") and reads the app's IndexedDB to check what each device holds.
 * The server killed mid-sync is killed at the worst moment: it has written the first batch of the
 * push, and the reply never reaches the device (so the device's checkpoint is not saved either).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { countStore, horizontalOverflow, launch, openApp, readStore, RESULTS, waitForServiceWorker, type Browser, useServer } from './harness';
import { startSyncServer, userDbName, type SyncServer } from '../sync-harness';
import type { CardRecord, ReviewLogRecord } from '../../src/core/types';
import { unpackReview, type PackedReview } from '../../src/core/review-tuple';

const app = useServer();
let sync: SyncServer;

beforeAll(async () => {
  // useServer's beforeAll ran first (registered first): the app's origin is known for CORS.
  sync = await startSyncServer({ origins: [app.url] });
}, 60_000);

afterAll(async () => {
  await sync?.stop();
});

/** A 390×844 screenshot with the Sync section's heading at the top of the view. */
async function shot(page: Page, name: string): Promise<void> {
  await syncRegion(page).evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    // Below the sticky top bar.
    const bar = document.querySelector('header, nav')?.getBoundingClientRect().height ?? 0;
    window.scrollBy(0, -(bar + 12));
  });
  await page.screenshot({ path: join(RESULTS, name) });
}

/** Settings → Sync, drawn (the section loads lazily). */
async function openSyncSettings(page: Page): Promise<void> {
  await page.goto(app.url + '/#/settings');
  await page.getByRole('heading', { name: 'Settings' }).waitFor({ timeout: 30_000 });
  await syncRegion(page).waitFor({ timeout: 30_000 });
  await syncRegion(page).getByRole('button', { name: /^(Turn on sync|Sync now)$/ }).first().waitFor({ timeout: 30_000 });
}

const syncRegion = (page: Page) => page.getByRole('region', { name: 'Sync' });
const syncAlert = (page: Page) => syncRegion(page).getByRole('alert');
const alertText = async (page: Page) => ((await syncAlert(page).textContent()) ?? '').trim();

async function fillAndTurnOn(page: Page, server: string, user: string, password: string): Promise<void> {
  const region = syncRegion(page);
  await region.getByLabel('Server', { exact: true }).fill(server);
  await region.getByLabel('User', { exact: true }).fill(user);
  await region.getByLabel('Password', { exact: true }).fill(password);
  await region.getByRole('button', { name: 'Turn on sync' }).click();
}

/** Waits until sync is on and a sync has just finished without an error. */
async function waitForGoodSync(page: Page, timeout = 120_000): Promise<void> {
  const region = syncRegion(page);
  await region.getByRole('button', { name: 'Sync now' }).waitFor({ timeout });
  await expect.poll(() => region.getByRole('button', { name: 'Sync now' }).isEnabled(), { timeout }).toBe(true);
  await region.getByText(/Last sync just now/).waitFor({ timeout });
  expect(await alertText(page)).toBe('');
}

/** Clicks "Sync now" and waits for that sync to end (the button is disabled while it runs). */
async function syncNow(page: Page, timeout = 120_000): Promise<void> {
  const button = syncRegion(page).getByRole('button', { name: 'Sync now' });
  await expect.poll(() => button.isEnabled(), { timeout }).toBe(true);
  await button.click();
  await expect.poll(() => button.isEnabled(), { timeout }).toBe(true);
}

/** Grades `grades.length` cards from "Study all decks", one grade each. */
async function gradeCards(page: Page, grades: ('Again' | 'Hard' | 'Good' | 'Easy')[]): Promise<void> {
  await page.getByRole('link', { name: 'Study all decks' }).click();
  for (const grade of grades) {
    await page.getByRole('button', { name: 'Show answer' }).click({ timeout: 30_000 });
    await page.getByRole('button', { name: grade, exact: true }).click();
    await page.getByRole('button', { name: 'Show answer' }).or(page.getByRole('heading', { name: 'Done for today' })).first().waitFor();
  }
}

/** The packed history (storage/log-packs.ts) as log entries without `usn`, as `logOf` gives records. */
async function packedLogOf(page: Page): Promise<Omit<ReviewLogRecord, 'usn'>[]> {
  const packs = await readStore<{ bucket: number; reviews: PackedReview[] }>(page, 'logPacks');
  return packs.flatMap((p) => p.reviews.map(unpackReview)).map(({ usn: _usn, ...r }) => r);
}

/** The review log without device-local bookkeeping (`usn`), sorted by id. */
async function logOf(page: Page): Promise<Omit<ReviewLogRecord, 'usn'>[]> {
  const log = await readStore<ReviewLogRecord>(page, 'revlog');
  return log.map(({ usn: _usn, ...r }) => r).sort((a, b) => (a.id < b.id ? -1 : 1));
}

const SCHEDULE = ['due', 'stability', 'difficulty', 'state', 'reps', 'lapses', 'last_review', 'scheduled_days', 'learning_steps', 'suspended'] as const;
async function schedulesOf(page: Page, ids: Set<string>): Promise<Record<string, Partial<CardRecord>>> {
  const cards = await readStore<CardRecord>(page, 'cards');
  const out: Record<string, Partial<CardRecord>> = {};
  for (const c of cards) if (ids.has(c.id)) out[c.id] = Object.fromEntries(SCHEDULE.map((k) => [k, c[k]]));
  return out;
}

/** What the deck list shows: the summary line and every deck's counts. */
async function deckCounts(page: Page): Promise<string[]> {
  await openApp(page, app.url);
  await page.locator('.deck-link').first().waitFor();
  const summary = (await page.locator('.decks-summary').allTextContents()).map((t) => t.trim());
  const counts = await page.locator('.deck-list .counts').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return [...summary, ...counts];
}

/** Review-log entries on the server (admin view): every review id in every chunk, and the undos. */
async function serverLog(user: string): Promise<{ ids: string[]; undone: string[]; docs: number }> {
  const r = await sync.adminRequest('GET', `/${userDbName(user)}/_all_docs?include_docs=true&startkey=%22revlog%3A%22&endkey=%22revlog%3A%EF%BF%B0%22`);
  expect(r.status).toBe(200);
  const docs = r.body.rows.map((row: { doc: { reviews: [string][]; undos: [string][] } }) => row.doc);
  return { ids: docs.flatMap((d: { reviews: [string][] }) => d.reviews.map((x) => x[0])), undone: docs.flatMap((d: { undos: [string][] }) => d.undos.map((x) => x[0])), docs: docs.length };
}

async function twoDevices(): Promise<[Browser, Browser]> {
  const a = await launch({ viewport: { width: 390, height: 844 } });
  const b = await launch({ viewport: { width: 390, height: 844 } });
  for (const d of [a, b]) {
    await openApp(d.page, app.url);
    await waitForServiceWorker(d.page);
  }
  return [a, b];
}

/** Network noise of going offline and of a killed server, not app errors. */
const realErrors = (errors: string[]) => errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|Failed to load resource/.test(e));

describe('sync between two devices', () => {
  it('both devices grade offline, both sync, and both end with the same counts, cards and full log', async () => {
    const db = await sync.createUser('alice', 'correct horse');
    const [a, b] = await twoDevices();
    try {
      await a.context.setOffline(true);
      await b.context.setOffline(true);
      await openApp(a.page, app.url);
      await openApp(b.page, app.url);
      await gradeCards(a.page, ['Good', 'Again', 'Easy']);
      await gradeCards(b.page, ['Hard', 'Good']);
      const logA = await logOf(a.page);
      const logB = await logOf(b.page);
      expect(logA).toHaveLength(3);
      expect(logB).toHaveLength(2);
      const union = [...logA, ...logB].sort((x, y) => (x.id < y.id ? -1 : 1));
      expect(new Set(union.map((r) => r.id)).size).toBe(5);

      await a.context.setOffline(false);
      await b.context.setOffline(false);
      await openSyncSettings(a.page);
      await fillAndTurnOn(a.page, db, 'alice', 'correct horse');
      await waitForGoodSync(a.page);
      expect((await serverLog('alice')).ids.sort()).toEqual(logA.map((r) => r.id));

      // The second device already has data: its first sync merges, it does not overwrite.
      await openSyncSettings(b.page);
      await fillAndTurnOn(b.page, db, 'alice', 'correct horse');
      await waitForGoodSync(b.page);
      await shot(b.page, 'sync-on-390.png');
      expect(await horizontalOverflow(b.page)).toBeLessThanOrEqual(0);
      await syncNow(a.page);
      expect(await alertText(a.page)).toBe('');

      expect((await serverLog('alice')).ids.sort()).toEqual(union.map((r) => r.id));
      expect(await logOf(a.page)).toEqual(union);
      expect(await logOf(b.page)).toEqual(union);
      expect(await countStore(a.page, 'revlog')).toBe(5);
      expect(await countStore(b.page, 'revlog')).toBe(5);
      // Every card either device graded is scheduled the same on both (replay of the merged log).
      const graded = new Set(union.map((r) => r.cardId));
      const schedA = await schedulesOf(a.page, graded);
      expect(Object.keys(schedA).sort()).toEqual([...graded].sort());
      expect(await schedulesOf(b.page, graded)).toEqual(schedA);
      expect(await countStore(a.page, 'cards')).toBe(await countStore(b.page, 'cards'));
      // And the screens say the same.
      const countsA = await deckCounts(a.page);
      expect(countsA.length).toBeGreaterThan(1);
      expect(await deckCounts(b.page)).toEqual(countsA);

      expect(realErrors(a.errors)).toEqual([]);
      expect(realErrors(b.errors)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 300_000);
  it('the server killed in the middle of a sync and restarted: nothing lost, nothing twice, the sync completes', async () => {
    const db = await sync.createUser('bea', 'bea-password');
    const [a, b] = await twoDevices();
    try {
      await openSyncSettings(a.page);
      await fillAndTurnOn(a.page, db, 'bea', 'bea-password');
      await waitForGoodSync(a.page);

      // The first `_bulk_docs` of the next push reaches the server and is written; then the
      // server is SIGKILLed before its reply gets back, and the connection drops.
      let killed = false;
      let killing: Promise<void> | undefined;
      await a.context.route(
        (u) => u.href.startsWith(db) && u.pathname.endsWith('/_bulk_docs'),
        async (route) => {
          if (killed) return route.continue().catch(() => undefined);
          killed = true;
          await route.fetch().catch(() => undefined);
          killing = sync.kill();
          await killing;
          await route.abort('connectionreset').catch(() => undefined);
        },
      );

      // 6,000 reviews (12 chunks). The reload after seeding starts an automatic sync (on start):
      // that is the one cut, unless it has not begun within 20 s, then "Sync now" is.
      const seeded = await seedReviews(a.page, 6_000, 'seedA');
      await openSyncSettings(a.page);
      const mine = await logOf(a.page);
      expect(mine.length).toBe(seeded);
      await expect
        .poll(() => killed, { timeout: 20_000 })
        .toBe(true)
        .catch(async () => {
          await syncRegion(a.page).getByRole('button', { name: 'Sync now' }).click();
        });
      await expect.poll(() => killed, { timeout: 60_000 }).toBe(true);
      await killing;
      await a.context.unrouteAll({ behavior: 'ignoreErrors' });
      // The attempt ends with a message in plain words (not a raw "Failed to fetch").
      const button = syncRegion(a.page).getByRole('button', { name: 'Sync now' });
      await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
      await expect.poll(() => alertText(a.page), { timeout: 30_000 }).not.toBe('');
      expect(await alertText(a.page)).not.toMatch(/TypeError|Failed to fetch|undefined|\[object/);

      await sync.restart();
      // The batch the server wrote before dying survived it.
      const afterCrash = await serverLog('bea');
      expect(afterCrash.ids.length).toBeGreaterThan(0);

      await syncNow(a.page);
      expect(await alertText(a.page)).toBe('');
      await syncRegion(a.page).getByText(/Last sync just now/).waitFor();
      const onServer = await serverLog('bea');
      // Nothing lost, and nothing twice: the retry sends what is missing, not the chunks again.
      expect(new Set(onServer.ids)).toEqual(new Set(mine.map((r) => r.id)));
      expect(onServer.ids.length).toBe(seeded);

      // A new device pulls all of it: the entries older than two days packed by card
      // (storage/log-packs.ts), the recent ones as records; its Stats count every one.
      await openSyncSettings(b.page);
      await fillAndTurnOn(b.page, db, 'bea', 'bea-password');
      await waitForGoodSync(b.page);
      const packed = await packedLogOf(b.page);
      expect(packed.length).toBe(mine.filter((r) => r.time < Date.now() - 2 * 86_400_000).length);
      expect(packed.length).toBeGreaterThan(2_000);
      expect(await countStore(b.page, 'revlog')).toBe(seeded - packed.length);
      expect([...(await logOf(b.page)), ...packed].sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(mine);
      const reviewsChart = async (page: Page) => {
        await page.goto(app.url + '/#/stats');
        await page.locator('.stats .tiles').waitFor({ timeout: 60_000 });
        // The chart's one-sentence summary (its image's name): "N reviews in the last 30 days, …".
        return page.locator('.stats .chart', { hasText: 'Reviews per day' }).first().locator('svg[role="img"]').getAttribute('aria-label');
      };
      const chartA = await reviewsChart(a.page);
      expect(chartA).toContain(`${seeded} reviews in the last`);
      expect(await reviewsChart(b.page)).toBe(chartA);
      expect(realErrors(a.errors)).toEqual([]);
      expect(realErrors(b.errors)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 300_000);
});


describe('refusals', () => {
  it('a wrong password gives a clear message and changes nothing, here or on the server', async () => {
    const db = await sync.createUser('carl', 'carl-password');
    const d = await launch({ viewport: { width: 390, height: 844 } });
    try {
      await openApp(d.page, app.url);
      await gradeCards(d.page, ['Good']);
      const before = { revlog: await logOf(d.page), cards: await readStore(d.page, 'cards'), notes: await readStore(d.page, 'notes'), decks: await readStore(d.page, 'decks') };

      await openSyncSettings(d.page);
      await shot(d.page, 'sync-off-390.png');
      await fillAndTurnOn(d.page, db, 'carl', 'not-the-password');
      await expect.poll(() => alertText(d.page), { timeout: 60_000 }).not.toBe('');
      const message = await alertText(d.page);
      expect(message).toMatch(/user name or password/i);
      expect(message).not.toMatch(/401|unauthorized|TypeError/i);
      await shot(d.page, 'sync-wrong-password-390.png');
      expect(await horizontalOverflow(d.page)).toBeLessThanOrEqual(0);
      // Still off; the form is still there to correct.
      await expect.poll(() => syncRegion(d.page).getByRole('button', { name: 'Turn on sync' }).isEnabled()).toBe(true);
      expect(await syncRegion(d.page).getByRole('button', { name: 'Sync now' }).count()).toBe(0);

      expect(await logOf(d.page)).toEqual(before.revlog);
      expect(await readStore(d.page, 'cards')).toEqual(before.cards);
      expect(await readStore(d.page, 'notes')).toEqual(before.notes);
      expect(await readStore(d.page, 'decks')).toEqual(before.decks);
      // Still off after a reload too (nothing stored), and the server holds nothing.
      await openSyncSettings(d.page);
      await syncRegion(d.page).getByRole('button', { name: 'Turn on sync' }).waitFor();
      const info = await sync.adminRequest('GET', `/${userDbName('carl')}`);
      expect(info.body.doc_count).toBe(0);
      expect(realErrors(d.errors)).toEqual([]);
    } finally {
      await d.close();
    }
  }, 180_000);

  it("another user's database is refused with a clear message", async () => {
    await sync.createUser('dora', 'dora-password');
    const evesDb = await sync.createUser('eve', 'eve-password');
    const d = await launch({ viewport: { width: 390, height: 844 } });
    try {
      await openApp(d.page, app.url);
      await openSyncSettings(d.page);
      await fillAndTurnOn(d.page, evesDb, 'dora', 'dora-password');
      await expect.poll(() => alertText(d.page), { timeout: 60_000 }).not.toBe('');
      expect(await alertText(d.page)).toMatch(/does not let|not allowed|no access|permission|refused/i);
      expect(await syncRegion(d.page).getByRole('button', { name: 'Sync now' }).count()).toBe(0);
      expect((await sync.adminRequest('GET', `/${userDbName('eve')}`)).body.doc_count).toBe(0);
    } finally {
      await d.close();
    }
  }, 120_000);
});

describe("the app's headers and the sync server", () => {
  it('CSP and cross-origin isolation let the app fetch the sync server with credentials, and nothing else over plain http', async () => {
    const db = await sync.createUser('fay', 'fay-password');
    const d = await launch();
    try {
      await openApp(d.page, app.url);
      await waitForServiceWorker(d.page);
      await d.page.reload();
      await d.page.getByRole('heading', { name: 'Today' }).waitFor();
      const isolated = await d.page.evaluate(() => crossOriginIsolated);
      const csp = await d.page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
      expect(csp).toContain("connect-src 'self' https: http://localhost:* http://127.0.0.1:*");
      const got = await d.page.evaluate(
        async ({ url, auth }) => {
          const r = await fetch(url, { credentials: 'include', headers: { Authorization: auth, Accept: 'application/json' } });
          const put = await fetch(url + '/from-the-app', { method: 'PUT', credentials: 'include', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ok: 1 }) });
          const wrong = await fetch(url, { credentials: 'include', headers: { Authorization: 'Basic ' + btoa('fay:wrong') } });
          return { status: r.status, db: ((await r.json()) as { db_name?: string }).db_name, put: put.status, wrong: wrong.status };
        },
        { url: db, auth: 'Basic ' + Buffer.from('fay:fay-password').toString('base64') },
      );
      expect({ isolated, ...got }).toEqual({ isolated: true, status: 200, db: userDbName('fay'), put: 201, wrong: 401 });
      // Plain http to another machine is refused by the CSP, before any request.
      const blocked = await d.page.evaluate(async () => {
        const seen: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
        const outcome = await fetch('http://192.0.2.1:5984/').then(
          () => 'answered',
          (e: Error) => e.name,
        );
        await new Promise((r) => setTimeout(r, 100));
        // Reported once per policy: the response header and the page's <meta> carry the same one.
        return { outcome, seen: [...new Set(seen)] };
      });
      expect(blocked).toEqual({ outcome: 'TypeError', seen: ['connect-src'] });
    } finally {
      await d.close();
    }
  }, 120_000);
});

/**
 * Gives the device `count` reviews of its own (entries and their cards stamped with the next
 * change counter, as the review screen does), spread over 400 cards, in one transaction; reloads
 * so the app re-reads.
 */
async function seedReviews(page: Page, count: number, tag: string): Promise<number> {
  const n = await page.evaluate(
    ({ count, tag }) =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('prepdeck');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const read = db.transaction(['cards', 'meta']);
          const cardsReq = read.objectStore('cards').getAll();
          const usnReq = read.objectStore('meta').get('usn');
          read.oncomplete = () => {
            const cards = (cardsReq.result as { id: string; deckId: string }[]).slice(0, 400);
            const usn = ((usnReq.result as number | undefined) ?? 0) + 1;
            const tx = db.transaction(['revlog', 'cards', 'meta'], 'readwrite');
            const store = tx.objectStore('revlog');
            // The review screen stamps the graded card too: sync finds new reviews through it.
            for (const c of cards) tx.objectStore('cards').put({ ...c, usn, mtime: Date.now() });
            const start = Date.now() - count * 60_000;
            for (let i = 0; i < count; i++) {
              const c = cards[i % cards.length]!;
              store.put({ id: `${tag}-${String(i).padStart(7, '0')}`, cardId: c.id, deckId: c.deckId, time: start + i * 60_000, rating: 3, stateBefore: 2, stateAfter: 2, stabilityBefore: 10, stabilityAfter: 12, difficultyBefore: 5, difficultyAfter: 5, dueBefore: start, dueAfter: start + 86_400_000, scheduledDays: 1, elapsedDays: 1, durationMs: 4000, source: 'import', usn });
            }
            tx.objectStore('meta').put(usn, 'usn');
            tx.oncomplete = () => {
              db.close();
              resolve(count);
            };
            tx.onerror = () => reject(tx.error);
          };
        };
      }),
    { count, tag },
  );
  await page.reload();
  return n;
}
