/**
 * Sync figures for `npm run bench` (called from scripts/bench.ts; `--only-sync`, `--skip-sync`):
 * two devices, two Chromium profiles, one CouchDB-compatible server (tests/sync-harness.ts:
 * scripts/sync-server.mjs over LevelDB, a user with its own database, CORS for the app's origin)
 * on a free loopback port, stopped by its PID.
 * - Device A: the heavy collection (100k cards / 1M reviews, the bench's generator) turns sync
 *   on and pushes everything (`syncSeedPushMs`, a detail).
 * - Device B: a fresh profile that has opened the app once (built-in decks) turns sync on against
 *   the same database: `syncFirst1MMs` = enableSync called → its first sync finished, every
 *   review in B's IndexedDB (counted).
 * - A grades 20 cards through the storage layer and syncs (`syncIncrementalPushMs`); B syncs:
 *   `syncIncrementalMs` = B's syncNow called → finished, the 20 entries in B's log (checked).
 * Both devices drive the client from the generator page (src/bench/sync.ts), on the app's origin
 * and database, with service workers blocked (the app's would answer that page with the app).
 * Times are the page's clock (performance.now()).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { countStore, launch, type Browser } from '../tests/browser/harness';
import { startSyncServer } from '../tests/sync-harness';
import type { TimedSync } from '../src/bench/sync';

export interface SyncFigures {
  /** A new device: enableSync → first sync finished, all reviews applied (ms). */
  syncFirst1MMs: number;
  /** Of which: connect + push (nothing to push) / pull (replication into the replica) / apply (records written). */
  syncFirstPullMs: number;
  syncFirstApplyMs: number;
  /** Documents the first sync pulled, and review-log entries on device B after it. */
  syncFirstDocs: number;
  syncFirstReviews: number;
  /** Device A's first sync: its collection pushed to the server (a detail, not a target). */
  syncSeedPushMs: number;
  syncSeedDocs: number;
  /** The server's database after the seeding push: documents and bytes (LevelDB data size). */
  syncServerDocs: number;
  syncServerMB: number;
  /** B's sync of the 20 reviews A made (ms), A's push of them, and the documents each moved. */
  syncIncrementalMs: number;
  syncIncrementalPushMs: number;
  syncIncrementalDocs: number;
  syncIncrementalReviews: number;
}

export interface SyncBenchContext {
  /** The app (and the generator page) on loopback. */
  appUrl: string;
  cards: number;
  /** Fills `profile` with the generated collection (the bench's generator, or its cache). */
  seedProfile: (profile: string) => Promise<{ cards: number; revlog: number }>;
  log: (m: string) => void;
  /** Write CPU profiles of both first syncs here (and log the functions with the most self time). */
  profileDir?: string | undefined;
}

/** Runs `run` under the page's CPU profiler; writes `<dir>/<name>.cpuprofile` and logs the top self times. */
async function profiled<T>(page: Page, dir: string | undefined, name: string, log: (m: string) => void, run: () => Promise<T>): Promise<T> {
  if (!dir) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const out = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] } };
  await cdp.detach();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  log(`profile ${name} (self ms): ${top.map(([k, v]) => `${k} ${Math.round(v)}`).join(' | ')}`);
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

async function device(profile: string): Promise<Browser> {
  const b = await launch({ viewport: { width: 1280, height: 900 }, profile, serviceWorkers: 'block' });
  await b.context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  return b;
}

/**
 * The generator page. A service worker the app registered earlier in this profile would still
 * answer its navigation with the app (blocking only stops new registrations): unregistered first.
 */
async function generatorPage(page: Page, appUrl: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${appUrl}/bench/index.html`);
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  });
  await page.goto('about:blank');
  await page.goto(`${appUrl}/bench/index.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
}

const describe = (s: TimedSync) =>
  `${Math.round(s.ms)} ms (phases from the call: ${Object.entries(s.phases).map(([k, v]) => `${k} ${Math.round(v!)}`).join(', ')}; docs ${Object.entries(s.done).map(([k, v]) => `${k} ${v}`).join(', ')}; steps ${s.steps.map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')})`;

function check(s: TimedSync, what: string): asserts s is TimedSync & { outcome: { ok: true; pushed: number; pulled: number } } {
  if (!s.outcome.ok) throw new Error(`${what} failed: ${s.outcome.kind}: ${s.outcome.message}`);
}

export async function benchSync(ctx: SyncBenchContext): Promise<SyncFigures> {
  const { appUrl, log } = ctx;
  const server = await startSyncServer({ origins: [appUrl] });
  const profileA = mkdtempSync(join(tmpdir(), 'prepdeck-bench-sync-a-'));
  const profileB = mkdtempSync(join(tmpdir(), 'prepdeck-bench-sync-b-'));
  const browsers: Browser[] = [];
  try {
    const dbUrl = await server.createUser('bench', 'bench-password');
    const config = { server: dbUrl, user: 'bench', password: 'bench-password' };
    const gen = await ctx.seedProfile(profileA);

    // Device A: its whole collection to the server.
    const a = await device(profileA);
    browsers.push(a);
    await generatorPage(a.page, appUrl);
    const reviewsA = await countStore(a.page, 'revlog');
    log(`sync: device A holds ${reviewsA} reviews (generated ${gen.revlog}); first sync (push)…`);
    const seed = await profiled(a.page, ctx.profileDir, 'seed-push', log, () => a.page.evaluate((c) => window.prepdeckBench.syncEnable(c), config));
    check(seed, "device A's first sync");
    log(`sync: device A pushed ${seed.outcome.pushed} documents in ${describe(seed)}`);
    const info = await server.adminRequest('GET', `/${new URL(dbUrl).pathname.slice(1)}`);
    const serverDocs = Number(info.body.doc_count);
    const serverBytes = Number(info.body.data_size ?? info.body.sizes?.external ?? info.body.disk_size ?? 0);
    log(`sync: the server's database holds ${serverDocs} documents, ${(serverBytes / 1e6).toFixed(1)} MB (disk ${(Number(info.body.disk_size ?? 0) / 1e6).toFixed(1)} MB)`);

    // Device B: a new device (the app opened once: built-in decks in place) pulls everything.
    const b = await device(profileB);
    browsers.push(b);
    await b.page.goto(`${appUrl}/#/`);
    await b.page.locator('.deck-list[aria-label="Decks"]').waitFor({ timeout: 120_000 });
    const before = await countStore(b.page, 'revlog'); // (the app's page: a new device has no packed history)
    await generatorPage(b.page, appUrl);
    log('sync: device B, first sync (pull)…');
    const first = await profiled(b.page, ctx.profileDir, 'first-pull', log, () => b.page.evaluate((c) => window.prepdeckBench.syncEnable(c), config));
    check(first, "device B's first sync");
    const reviewsB = await b.page.evaluate(() => window.prepdeckBench.reviewCount());
    log(`sync: device B pulled ${first.outcome.pulled} documents in ${describe(first)}; ${reviewsB} reviews now (${before} before)`);
    if (reviewsB - before !== reviewsA) throw new Error(`device B holds ${reviewsB - before} synced reviews after its first sync; device A holds ${reviewsA}`);
    const cardsA = await a.page.evaluate(() => window.prepdeckBench.cardCount());
    const cardsB = await b.page.evaluate(() => window.prepdeckBench.cardCount());
    if (cardsB < cardsA) throw new Error(`device B holds ${cardsB} cards after its first sync; device A holds ${cardsA}`);

    // 20 new reviews on A, sent; B syncs.
    const ids = await a.page.evaluate(() => window.prepdeckBench.gradeReviewCards(20, Date.now()));
    if (ids.length !== 20) throw new Error(`device A found only ${ids.length} review cards to grade`);
    const push = await a.page.evaluate(() => window.prepdeckBench.syncAgain());
    check(push, "device A's sync of 20 reviews");
    log(`sync: device A sent 20 reviews (${push.outcome.pushed} documents) in ${describe(push)}`);
    const incr = await profiled(b.page, ctx.profileDir, 'incremental-pull', log, () => b.page.evaluate(() => window.prepdeckBench.syncAgain()));
    check(incr, "device B's sync of 20 reviews");
    const arrived = await b.page.evaluate((x) => window.prepdeckBench.hasReviews(x), ids);
    log(`sync: device B took the 20 reviews (${incr.outcome.pulled} documents) in ${describe(incr)}`);
    if (arrived !== ids.length) throw new Error(`device B holds ${arrived} of the 20 new reviews after its sync`);
    for (const x of browsers) if (x.errors.length) log(`sync: page errors: ${x.errors.join(' | ')}`);

    const end = (s: TimedSync) => s.ms;
    return {
      syncFirst1MMs: Math.round(first.ms),
      syncFirstPullMs: Math.round((first.phases.apply ?? end(first)) - (first.phases.pull ?? 0)),
      syncFirstApplyMs: Math.round(end(first) - (first.phases.apply ?? end(first))),
      syncFirstDocs: first.outcome.pulled,
      syncFirstReviews: reviewsB - before,
      syncSeedPushMs: Math.round(seed.ms),
      syncSeedDocs: seed.outcome.pushed,
      syncServerDocs: serverDocs,
      syncServerMB: round1(serverBytes / 1024 / 1024),
      syncIncrementalMs: Math.round(incr.ms),
      syncIncrementalPushMs: Math.round(push.ms),
      syncIncrementalDocs: incr.outcome.pulled,
      syncIncrementalReviews: arrived,
    };
  } finally {
    for (const x of browsers) await x.close().catch(() => undefined);
    await server.stop();
    rmSync(profileA, { recursive: true, force: true });
    rmSync(profileB, { recursive: true, force: true });
  }
}
