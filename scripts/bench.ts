/**
 * `npm run bench` — the production build in Chromium against a heavy user's collection.
 *
 *   npm run bench                      builds, measures, prints a table
 *   npm run bench --silent -- --json   the same, as one JSON object on stdout (progress: stderr)
 *
 * Options: --no-build (use dist/ as it is), --sizes=10000,100000, --skip-import, --only-import,
 * --skip-optimise, --only-optimise (the FSRS optimiser's figures only, scripts/bench-optimise.ts),
 * --grades=200, --samples (log every grade time), --dist=DIR (measure another build, e.g. an
 * older commit's, for before/after figures), --skip-sync, --only-sync (two devices syncing the
 * largest collection through a local server, scripts/bench-sync.ts; --sync-cards=N for another
 * size; --sync-profile=DIR writes CPU profiles of the syncs there), --cache (development only: keep each generated
 * collection in .tmp/bench-cache and reuse a copy; served on a fixed port, since IndexedDB
 * belongs to an origin).
 *
 * Every figure is measured, never estimated. Collections are generated in the browser through the
 * app's storage layer (bench/index.html, built separately into dist-bench/), on the app's origin,
 * into the app's database; then the real app (dist/, with its service worker warm) is timed.
 * Timings come from the page's own clock (performance.now(), relative to navigation start), so
 * Playwright's polling never adds to them. See docs/PERFORMANCE.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { countStore, freePort, launch, readStore, REPO, waitForServiceWorker, type Browser } from '../tests/browser/harness';
import { loadSqlJsNode } from '../src/formats/apkg/sql-node';
import { buildLatestApkg } from '../tests/fixtures/anki-packages';
import type { FixtureContent } from '../tests/fixtures/anki-content';
import { benchInsights, type InsightsFigures } from './bench-insights';
import { benchOptimise, type OptimiseFigures } from './bench-optimise';
import { benchSimulate, type SimulateFigures } from './bench-simulate';
import { benchSync, type SyncFigures } from './bench-sync';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const JSON_OUT = flag('json');
const ONLY = flag('only-import') || flag('only-optimise') || flag('only-sync');
const SIZES = ONLY ? [] : (option('sizes') ?? '10000,100000').split(',').map(Number);
const GRADES = Number(option('grades') ?? 200);
const STARTUP_RUNS = 5;
const CACHE = flag('cache') ? join(REPO, '.tmp', 'bench-cache') : undefined;
const CACHE_PORT = 41731;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

export const TARGETS = { startupMs: 500, gradeToNextP95Ms: 25, deckListMs: 300, heapMB: 80, importCsvCardsPerSec: 30000, importSmallAfterBigMs: 150, searchP95Ms: 30, browseOpenMs: 300, statsMs: 200, syncFirst1MMs: 60000, syncIncrementalMs: 1000 };
/** Targets where a larger figure is better. */
const HIGHER_IS_BETTER = new Set(['importCsvCardsPerSec']);

interface CollectionResult {
  cards: number;
  revlog: number;
  generatedCards: number;
  generatedRevlog: number;
  generateMs: number;
  storageMB: number;
  startupMs: number;
  startupRunsMs: number[];
  deckListMs: number;
  deckListRunsMs: number[];
  deckSummariesMs: number;
  queueBuildMs: number;
  heapMB: number;
  gradeToNextP50Ms: number;
  gradeToNextP95Ms: number;
  gradeToNextMaxMs: number;
  /** Click → next card in the DOM, before the frame that paints it (less quantised by frames). */
  gradeToDomP50Ms: number;
  gradeToDomP95Ms: number;
  revealP50Ms: number;
  /** Navigation to Browse → first result rows painted (median). */
  browseOpenMs: number;
  /** Full-text index built from the collection on Browse's first open (worker, one-off). */
  indexBuildMs: number | undefined;
  /** A later open: saved index loaded and caught up with the change feed. */
  indexOpenMs: number;
  /** Query sent → card ids back, over 10 realistic queries with and without filters (p95, p50). */
  searchP95Ms: number;
  searchP50Ms: number;
  /** JS heap of the search worker's page after Browse opened (main thread only). */
  browseHeapMB: number;
  grades: number;
}
type CollectionFigures = CollectionResult & InsightsFigures & SimulateFigures;

interface ImportResultFigures {
  importCsvCardsPerSec: number;
  importCsvMs: number;
  importCsvReadMs: number;
  importCsvCommitMs: number;
  importCsvMaxFrameGapMs: number;
  /** After the CSV import: navigation → the imported deck's first card painted (median of 3). */
  importedDeckFirstCardMs: number;
  importApkgMs: number;
  importApkgReadMs: number;
  importApkgCommitMs: number;
  importApkgMaxFrameGapMs: number;
  /** A 3-row CSV imported into a collection that already holds the 100k-row import. */
  importSmallAfterBigMs: number;
  apkgNotes: number;
  apkgReviews: number;
}

const median = (xs: number[]) => percentile(xs, 50);
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  // Nearest rank: the value below which p % of the samples fall.
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Installed in every page before its scripts run: records (page clock) when the first card and
 * the deck list are in the DOM, and the animation frame that follows (they are painted then).
 */
function pageProbe() {
  const w = window as unknown as { __bench: Record<string, number> };
  w.__bench = {};
  const seen = (key: string, selector: string) => {
    if (w.__bench[`${key}Dom`] !== undefined || !document.querySelector(selector)) return;
    w.__bench[`${key}Dom`] = performance.now();
    requestAnimationFrame(() => (w.__bench[key] = performance.now()));
  };
  new MutationObserver(() => {
    seen('firstCard', 'button.show-answer');
    seen('deckList', '.deck-list .deck-item .counts');
    seen('browseRows', '.browse-row-main:not(.muted)');
    seen('statsPanel', '.stats .tiles');
  }).observe(document, { childList: true, subtree: true });
}

async function probe(page: Page, key: string): Promise<number> {
  const handle = await page.waitForFunction((k) => (window as unknown as { __bench?: Record<string, number> }).__bench?.[k], key, { timeout: 60_000, polling: 50 });
  return (await handle.jsonValue()) as number;
}

async function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);
}

interface Server {
  url: string;
  root: string;
  stop: () => Promise<void>;
}

/**
 * `vite preview` over a private copy of dist/ plus the generator page (dist-bench/), on a
 * loopback port, stopped by its own PID (the harness's server, with a port that can be fixed).
 */
async function startServer(port: number): Promise<Server> {
  const root = mkdtempSync(join(tmpdir(), 'prepdeck-bench-dist-'));
  cpSync(option('dist') ?? join(REPO, 'dist'), root, { recursive: true });
  cpSync(join(REPO, 'dist-bench'), root, { recursive: true });
  const child = spawn(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'preview', '--outDir', root, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (await fetch(`${url}/`).then((r) => r.ok, () => false)) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`preview server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    root,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named inner functions in a
 * `__name(fn, "name")` helper; functions sent to the page need that helper there too.
 */
async function launchForBench(profile?: string): Promise<Browser> {
  const b = await launch({ viewport: { width: 1280, height: 900 }, ...(profile ? { profile } : {}) });
  await b.context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  b.page.on('response', (r) => r.status() >= 400 && log(`HTTP ${r.status()} ${r.url()}`));
  return b;
}

/** A fresh navigation (new document, so the page clock starts at 0) to the app at `hash`. */
async function navigate(page: Page, server: Server, hash: string) {
  await page.goto('about:blank');
  await page.goto(`${server.url}/${hash}`);
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

/** Shows the answer, then grades with `cls` and times click → next card in the DOM → its frame. */
async function gradeOnce(page: Page, cls: string): Promise<{ reveal: number; grade: number; dom: number } | null> {
  return page.evaluate(async (gradeCls) => {
    const frame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
    const until = (test: () => boolean) =>
      new Promise<number>((resolve) => {
        if (test()) return resolve(performance.now());
        const mo = new MutationObserver(() => {
          if (test()) {
            mo.disconnect();
            resolve(performance.now());
          }
        });
        mo.observe(document.body, { childList: true, subtree: true, attributes: true });
      });
    const show = document.querySelector<HTMLButtonElement>('button.show-answer');
    if (!show) return null;
    const t0 = performance.now();
    show.click();
    await until(() => !!document.querySelector(`button.${gradeCls}:not([disabled])`));
    const t1 = await frame();
    const button = document.querySelector<HTMLButtonElement>(`button.${gradeCls}`)!;
    const t2 = performance.now();
    button.click();
    // The next card is up when "Show answer" is back (or the session ended).
    const tDom = await until(() => !!document.querySelector('button.show-answer') || !!document.querySelector('.review .done'));
    const t3 = await frame();
    return { reveal: t1 - t0, grade: t3 - t2, dom: tDom - t2 };
  }, cls);
}

type Generated = { cards: number; revlog: number; ms: number };

/** Generates the collection, then starts the app once (service worker, built-in decks). */
async function prepareProfile(server: Server, cards: number, profile: string): Promise<Generated> {
  const revlogWanted = cards * 10;
  const b = await launchForBench(profile);
  try {
    const { page } = b;
    // Generated on the app's origin, before the app (and its service worker) ever ran there.
    await page.goto(`${server.url}/bench/index.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    log(`generating ${cards} cards / ${revlogWanted} log entries…`);
    const gen = await page.evaluate(
      async ({ cards, revlog }) => {
        const r = await window.prepdeckBench.generateCollection({ cards, revlog, decks: 20, now: Date.now(), settings: { reviewsPerDay: 9999 } });
        await window.prepdeckBench.closeDatabase();
        return r;
      },
      { cards, revlog: revlogWanted },
    );
    log(`generated in ${(gen.ms / 1000).toFixed(1)} s`);
    await navigate(page, server, '#/');
    await waitForServiceWorker(page);
    await page.locator('.deck-list[aria-label="Decks"]').waitFor({ timeout: 120_000 });
    return gen;
  } finally {
    await b.close();
  }
}

/** Ten queries a person might type on this collection, with and without filters. */
const QUERIES = ['gradient', 'kernel matrix', 'protein enzyme', 'theorem lem', 'borrow lifetime iterator', 'tag:leech-watch', 'river is:review', 'syntax closure is:due', 'neuron is:new', 'cell nucleus tag:leech-watch is:review'];

async function benchBrowse(page: Page, server: Server): Promise<Pick<CollectionResult, 'browseOpenMs' | 'indexBuildMs' | 'indexOpenMs' | 'searchP95Ms' | 'searchP50Ms' | 'browseHeapMB'>> {
  // First open: the index is built in the worker (and saved); rows appear when it answers.
  await navigate(page, server, '#/browse');
  await probe(page, 'browseRows');
  await page.waitForFunction(() => performance.getEntriesByName('prepdeck:search-index-open').length > 0, null, { timeout: 120_000 });
  const build = await measures(page, 'prepdeck:search-index-build');
  // Later opens: navigation → first rows painted, with the saved index.
  const opens: number[] = [];
  const loads: number[] = [];
  // The worker saves a new index once it has been idle for 3 s; later opens load it. (Polled
  // with evaluate: waitForFunction would take the returned promise itself as truthy.)
  const saved = () =>
    page.evaluate(
      () =>
        new Promise<boolean>((res) => {
          const r = indexedDB.open('prepdeck');
          r.onsuccess = () => {
            const c = r.result.transaction('search').objectStore('search').count();
            c.onsuccess = () => {
              r.result.close();
              res(c.result > 0);
            };
          };
          r.onerror = () => res(false);
        }),
    );
  for (let waited = 0; !(await saved()); waited += 500) {
    if (waited > 120_000) throw new Error('the search index was not saved within two minutes');
    await page.waitForTimeout(500);
  }
  for (let i = 0; i < 3; i++) {
    await navigate(page, server, '#/browse');
    opens.push(await probe(page, 'browseRows'));
    await page.waitForFunction(() => performance.getEntriesByName('prepdeck:search-index-open').length > 0, null, { timeout: 60_000 });
    loads.push(...(await measures(page, 'prepdeck:search-index-open')));
  }
  const searches: number[] = [];
  const box = page.getByRole('searchbox', { name: 'Search' });
  for (const q of QUERIES) {
    const before = (await measures(page, 'prepdeck:search')).length;
    await box.fill(q);
    await page.waitForFunction((n) => performance.getEntriesByName('prepdeck:search').length > n, before, { timeout: 60_000 });
    searches.push((await measures(page, 'prepdeck:search')).at(-1)!);
  }
  const phases = await page.evaluate(() => performance.getEntriesByType('measure').filter((e) => e.name.startsWith('prepdeck:search-index-saved-') || e.name.startsWith('prepdeck:search-index-built-')).map((e) => `${e.name.slice(22)} ${Math.round(e.duration)}`).slice(-8));
  log(`search index open, by phase (last open): ${phases.join(', ')} ms`);
  const inWorker = (await measures(page, 'prepdeck:search-worker')).slice(-QUERIES.length);
  log(`search in the worker: ${inWorker.map((x) => x.toFixed(1)).join(', ')} ms`);
  const queued = (await measures(page, 'prepdeck:search-queued')).slice(-QUERIES.length);
  const delivered = (await measures(page, 'prepdeck:search-delivered')).slice(-QUERIES.length);
  log(`search waited before the worker took it: ${queued.map((x) => x.toFixed(1)).join(', ')} ms; after it answered: ${delivered.map((x) => x.toFixed(1)).join(', ')} ms`);
  log(`browse: open ${opens.map(Math.round).join(', ')} ms, index build ${build.map(Math.round).join(', ') || '—'} ms, saved index open ${loads.map(Math.round).join(', ')} ms; search ${searches.map(Math.round).join(', ')} ms`);
  return {
    browseOpenMs: Math.round(median(opens)),
    indexBuildMs: build.length ? Math.round(build[0]!) : undefined,
    indexOpenMs: Math.round(median(loads)),
    searchP95Ms: round1(percentile(searches, 95)),
    searchP50Ms: round1(median(searches)),
    browseHeapMB: await heapMB(page),
  };
}

/** Fills `profile` with the generated collection: generated now, or copied from --cache. */
async function seedProfile(server: Server, cards: number, profile: string): Promise<{ gen: Generated; cached: string | undefined }> {
  const cached = CACHE && join(CACHE, String(cards));
  if (cached && existsSync(join(cached, 'generated.json'))) {
    cpSync(join(cached, 'profile'), profile, { recursive: true });
    log(`using the cached ${cards}-card collection (${cached})`);
    return { gen: JSON.parse(readFileSync(join(cached, 'generated.json'), 'utf8')) as Generated, cached };
  }
  const gen = await prepareProfile(server, cards, profile);
  if (cached) {
    rmSync(cached, { recursive: true, force: true });
    mkdirSync(cached, { recursive: true });
    cpSync(profile, join(cached, 'profile'), { recursive: true });
    writeFileSync(join(cached, 'generated.json'), JSON.stringify(gen));
  }
  return { gen, cached };
}

async function benchCollection(server: Server, cards: number): Promise<CollectionFigures> {
  const profile = mkdtempSync(join(tmpdir(), 'prepdeck-bench-profile-'));
  const { gen, cached } = await seedProfile(server, cards, profile);
  const b = await launchForBench(profile);
  try {
    const { page } = b;
    await b.context.addInitScript(pageProbe);
    // A cached profile holds the service worker (and precache) of the build it was made with:
    // remove them, so the build under test installs itself as on a first start.
    if (cached) {
      await navigate(page, server, '#/');
      await page.evaluate(async () => {
        for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
        for (const k of await caches.keys()) await caches.delete(k);
      });
    }
    // The app as a returning user opens it: service worker installed, built-in decks loaded.
    await navigate(page, server, '#/');
    await waitForServiceWorker(page);
    await probe(page, 'deckList');
    const storage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    const counts = { cards: await countStore(page, 'cards'), revlog: await countStore(page, 'revlog') };

    // 3. Startup: navigation → first card painted, service worker warm.
    const startupRuns: number[] = [];
    const queueRuns: number[] = [];
    let heap = 0;
    for (let i = 0; i < STARTUP_RUNS; i++) {
      await navigate(page, server, '#/study/all');
      startupRuns.push(await probe(page, 'firstCard'));
      queueRuns.push(...(await measures(page, 'prepdeck:queue-build')));
      if (i === STARTUP_RUNS - 1) heap = await heapMB(page);
    }
    log(`startup ${startupRuns.map(Math.round).join(', ')} ms`);

    // 4. Deck list: navigation → every deck's counts painted.
    const deckRuns: number[] = [];
    const summaryRuns: number[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      await navigate(page, server, '#/');
      deckRuns.push(await probe(page, 'deckList'));
      summaryRuns.push(...(await measures(page, 'prepdeck:deck-summaries')));
    }
    log(`deck list ${deckRuns.map(Math.round).join(', ')} ms`);

    // 5. Grade → next card, GRADES times, with a realistic mix of answers.
    await navigate(page, server, '#/study/all');
    await probe(page, 'firstCard');
    const grades: number[] = [];
    const doms: number[] = [];
    const reveals: number[] = [];
    const pattern = ['grade-good', 'grade-good', 'grade-again', 'grade-good', 'grade-easy', 'grade-good', 'grade-hard', 'grade-good', 'grade-good', 'grade-good'];
    for (let i = 0; i < GRADES; i++) {
      const r = await gradeOnce(page, pattern[i % pattern.length]!);
      if (!r) break;
      grades.push(r.grade);
      doms.push(r.dom);
      reveals.push(r.reveal);
    }
    if (grades.length < GRADES) log(`only ${grades.length} cards were due`);
    log(`grade → next p50 ${median(grades).toFixed(1)} ms, p95 ${percentile(grades, 95).toFixed(1)} ms (in the DOM: p50 ${median(doms).toFixed(1)}, p95 ${percentile(doms, 95).toFixed(1)})`);
    const revlogAfter = await countStore(page, 'revlog');
    if (revlogAfter !== counts.revlog + grades.length) throw new Error(`review log has ${revlogAfter} entries after ${grades.length} grades; expected ${counts.revlog + grades.length}`);
    if (b.errors.length) log(`page errors: ${b.errors.join(' | ')}`);

    if (flag('samples')) log(`grade samples: ${grades.map(Math.round).join(' ')}`);
    const browse = await benchBrowse(page, server);
    const insights = await benchInsights(page, { navigate: (p, hash) => navigate(p, server, hash), probe, measures, median, log });
    // Last: it unregisters the app's service worker.
    const simulation = await benchSimulate(page, server.url, log);
    return {
      ...browse,
      ...insights,
      ...simulation,
      cards: counts.cards,
      revlog: counts.revlog,
      generatedCards: gen.cards,
      generatedRevlog: gen.revlog,
      generateMs: gen.ms,
      storageMB: round1(storage / 1024 / 1024),
      startupMs: Math.round(median(startupRuns)),
      startupRunsMs: startupRuns.map(Math.round),
      deckListMs: Math.round(median(deckRuns)),
      deckListRunsMs: deckRuns.map(Math.round),
      deckSummariesMs: Math.round(median(summaryRuns)),
      queueBuildMs: round1(median(queueRuns)),
      heapMB: round1(heap),
      gradeToNextP50Ms: round1(median(grades)),
      gradeToNextP95Ms: round1(percentile(grades, 95)),
      gradeToNextMaxMs: round1(Math.max(...grades)),
      gradeToDomP50Ms: round1(median(doms)),
      gradeToDomP95Ms: round1(percentile(doms, 95)),
      revealP50Ms: round1(median(reveals)),
      grades: grades.length,
    };
  } finally {
    await b.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Imports through the real Import screen.

function csvOf(rows: number): Buffer {
  const lines = ['Front,Back,Tags'];
  for (let i = 0; i < rows; i++) lines.push(`"Question ${i}: what is term ${(i * 7919) % 100003}?","Answer ${i}, with a comma and ""quotes"" inside",bench t${i % 50}`);
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

function apkgContent(notes: number): FixtureContent {
  const crt = Math.floor(Date.now() / 1000) - 400 * 86400;
  const today = Math.floor((Date.now() / 1000 - crt) / 86400);
  const content: FixtureContent = {
    crt,
    decks: [{ id: 1, name: 'Default' }, ...Array.from({ length: 5 }, (_, i) => ({ id: 100 + i, name: `Bench package::Part ${i + 1}` }))],
    notetypes: [{ id: 10, name: 'Basic', cloze: false, fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] }],
    notes: [],
    cards: [],
    revlog: [],
    media: [],
  };
  let revId = (crt + 86400) * 1000;
  for (let i = 0; i < notes; i++) {
    content.notes.push({ id: 1_000_000 + i, guid: `bench-${i}`, mid: 10, tags: [`part${i % 5}`], fields: [`Package question ${i} <b>bold</b>`, `Package answer ${i}`] });
    const reviewed = i % 10 < 6;
    const id = 2_000_000 + i;
    content.cards.push(
      reviewed
        ? { id, nid: 1_000_000 + i, did: 100 + (i % 5), ord: 0, type: 2, queue: 2, due: today + (i % 60) - 5, ivl: 1 + (i % 60), factor: 2500, reps: 3, lapses: i % 7 === 0 ? 1 : 0 }
        : { id, nid: 1_000_000 + i, did: 100 + (i % 5), ord: 0, type: 0, queue: 0, due: i, ivl: 0, factor: 0, reps: 0, lapses: 0 },
    );
    if (reviewed)
      for (let j = 0; j < 3; j++) content.revlog.push([(revId += 1000 + (i % 997)), id, j === 1 && i % 7 === 0 ? 1 : 3, j === 0 ? -600 : j * 3, j === 0 ? 0 : j * 2, 2500, 6000, j === 0 ? 0 : 1]);
  }
  return content;
}

/** Records, in the page, every gap between animation frames while `run` goes on. */
async function withFrameWatch<T>(page: Page, run: () => Promise<T>): Promise<{ result: T; maxGapMs: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: { last: number; max: number; on: boolean } };
    w.__frames = { last: performance.now(), max: 0, on: true };
    const tick = (t: number) => {
      const f = w.__frames;
      if (!f.on) return;
      f.max = Math.max(f.max, t - f.last);
      f.last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const result = await run();
  const maxGapMs = await page.evaluate(() => {
    const f = (window as unknown as { __frames: { max: number; on: boolean } }).__frames;
    f.on = false;
    return f.max;
  });
  return { result, maxGapMs };
}

/** Page-clock timestamps of the import steps: file chosen, each screen shown, each click. */
function importProbe() {
  const w = window as unknown as { __imp: Record<string, number> };
  w.__imp = {};
  const at = (k: string) => (w.__imp[k] ??= performance.now());
  document.addEventListener('change', (e) => (e.target as HTMLElement).id === 'import-file' && at('chosen'), true);
  document.addEventListener(
    'click',
    (e) => {
      const t = (e.target as HTMLElement).closest('button');
      if (t?.textContent?.trim() === 'Continue') at('continue');
      if (t?.textContent?.startsWith('Import ')) at('commit');
    },
    true,
  );
  new MutationObserver(() => {
    if (document.querySelector('.columns-step')) at('columns');
    if (document.querySelector('.import .summary')) at('preview');
    if ([...document.querySelectorAll('.import .done h2')].some((h) => h.textContent === 'Import finished')) at('finished');
  }).observe(document, { childList: true, subtree: true });
}

async function importFile(page: Page, name: string, buffer: Buffer, cards: number, csv: boolean) {
  // Chosen from disk, as a person would: handed over as a buffer, Playwright would decode it
  // from base64 on the page's main thread (seconds for 10 MB), which is not the app's doing.
  const dir = mkdtempSync(join(tmpdir(), 'prepdeck-bench-files-'));
  const path = join(dir, name);
  writeFileSync(path, buffer);
  await page.evaluate(importProbe);
  const { maxGapMs } = await withFrameWatch(page, async () => {
    await page.setInputFiles('#import-file', path);
    if (csv) await page.getByRole('button', { name: 'Continue' }).click({ timeout: 120_000 });
    await page.getByRole('button', { name: `Import ${cards} cards` }).click({ timeout: 300_000 });
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 600_000 });
  });
  rmSync(dir, { recursive: true, force: true });
  const t = await page.evaluate(() => (window as unknown as { __imp: Record<string, number> }).__imp);
  // Machine time only: the moments a person would spend deciding are left out.
  const readMs = (csv ? t.columns! - t.chosen! + (t.preview! - t.continue!) : t.preview! - t.chosen!);
  const commitMs = t.finished! - t.commit!;
  return { readMs, commitMs, totalMs: readMs + commitMs, maxGapMs };
}

async function benchImports(server: Server): Promise<ImportResultFigures> {
  const CSV_ROWS = 100_000;
  const APKG_NOTES = 10_000;
  const csv = csvOf(CSV_ROWS);
  const sql = await loadSqlJsNode();
  const content = apkgContent(APKG_NOTES);
  const apkg = Buffer.from(buildLatestApkg(sql, content));
  log(`generated a ${(csv.length / 1e6).toFixed(1)} MB CSV (${CSV_ROWS} rows) and a ${(apkg.length / 1e6).toFixed(1)} MB .apkg (${APKG_NOTES} notes, ${content.revlog.length} reviews)`);
  const b = await launchForBench();
  try {
    const { page } = b;
    await b.context.addInitScript(pageProbe);
    await page.goto(`${server.url}/#/`);
    await waitForServiceWorker(page);
    await page.locator('.deck-list[aria-label="Decks"]').waitFor({ timeout: 60_000 });
    // A new document each time: the Import screen starts from "choose a file".
    const open = async () => {
      await page.goto('about:blank');
      await page.goto(`${server.url}/#/import`);
      await page.locator('#import-file').waitFor({ state: 'attached' });
    };
    await open();
    const c = await importFile(page, 'bench-100k.csv', csv, CSV_ROWS, true);
    log(`CSV: read ${Math.round(c.readMs)} ms + commit ${Math.round(c.commitMs)} ms, longest frame gap ${Math.round(c.maxGapMs)} ms`);
    // The imported cards are studied at once: the first run moves today's new notes out of their
    // packs (src/storage/packs.ts), the others find them there. The first card must be row 1.
    const deckId = (await readStore<{ id: string; name: string }>(page, 'decks')).find((d) => d.name === 'bench-100k')?.id;
    if (!deckId) throw new Error('the imported deck bench-100k is not in the database');
    const firstCardRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      await navigate(page, server, `#/study/${encodeURIComponent(deckId)}`);
      firstCardRuns.push(await probe(page, 'firstCard'));
      const front = (await page.locator('.card-view').textContent()) ?? '';
      if (!front.includes('Question 0:')) throw new Error(`the imported deck's first card is not the file's first row: ${front.slice(0, 80)}`);
    }
    log(`imported deck: first card ${firstCardRuns.map(Math.round).join(', ')} ms`);
    // A small import into the collection that now holds the 100k-row one (median of 3).
    const smallRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      await open();
      const small = await importFile(page, `small-${i}.csv`, Buffer.from(`front,back\nsmall ${i} q1,a1\nsmall ${i} q2,a2\nsmall ${i} q3,a3\n`), 3, true);
      smallRuns.push(small.totalMs);
    }
    log(`3-row CSV after the big one: ${smallRuns.map(Math.round).join(', ')} ms`);
    await open();
    const a = await importFile(page, 'bench-10k.apkg', apkg, APKG_NOTES, false);
    log(`apkg: read ${Math.round(a.readMs)} ms + commit ${Math.round(a.commitMs)} ms, longest frame gap ${Math.round(a.maxGapMs)} ms`);
    if (b.errors.length) log(`page errors: ${b.errors.join(' | ')}`);
    return {
      importCsvCardsPerSec: Math.round(CSV_ROWS / (c.totalMs / 1000)),
      importCsvMs: Math.round(c.totalMs),
      importCsvReadMs: Math.round(c.readMs),
      importCsvCommitMs: Math.round(c.commitMs),
      importCsvMaxFrameGapMs: Math.round(c.maxGapMs),
      importedDeckFirstCardMs: Math.round(median(firstCardRuns)),
      importApkgMs: Math.round(a.totalMs),
      importApkgReadMs: Math.round(a.readMs),
      importApkgCommitMs: Math.round(a.commitMs),
      importApkgMaxFrameGapMs: Math.round(a.maxGapMs),
      importSmallAfterBigMs: Math.round(median(smallRuns)),
      apkgNotes: APKG_NOTES,
      apkgReviews: content.revlog.length,
    };
  } finally {
    await b.close();
  }
}

// ---------------------------------------------------------------------------------------------

function chromiumVersion(): string {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function table(results: Record<string, CollectionResult>, imports: ImportResultFigures | undefined, headline: CollectionResult | undefined, sync: SyncFigures | undefined): string {
  const sizes = Object.keys(results);
  const rows: [string, (r: CollectionResult) => string, string][] = [
    ['cards (stored)', (r) => String(r.cards), ''],
    ['review-log entries', (r) => String(r.revlog), ''],
    ['startup: navigation → first card (median of 5)', (r) => `${r.startupMs} ms`, `≤ ${TARGETS.startupMs} ms`],
    ['deck list: navigation → all counts (median of 5)', (r) => `${r.deckListMs} ms`, `≤ ${TARGETS.deckListMs} ms`],
    ['  of which listDeckSummaries', (r) => `${r.deckSummariesMs} ms`, ''],
    ['queue build (loadStudyQueue)', (r) => `${r.queueBuildMs} ms`, ''],
    ['grade → next card painted, p50', (r) => `${r.gradeToNextP50Ms} ms`, '(16 ms aim)'],
    ['grade → next card painted, p95', (r) => `${r.gradeToNextP95Ms} ms`, `≤ ${TARGETS.gradeToNextP95Ms} ms`],
    ['grade → next card painted, max', (r) => `${r.gradeToNextMaxMs} ms`, ''],
    ['grade → next card in the DOM, p50 / p95', (r) => `${r.gradeToDomP50Ms} / ${r.gradeToDomP95Ms} ms`, ''],
    ['show answer → answer painted, p50', (r) => `${r.revealP50Ms} ms`, ''],
    ['JS heap after startup', (r) => `${r.heapMB} MB`, `≤ ${TARGETS.heapMB} MB`],
    ['Browse: navigation → first rows (median of 3)', (r) => `${r.browseOpenMs} ms`, `≤ ${TARGETS.browseOpenMs} ms`],
    ['  search index build (first open, worker)', (r) => (r.indexBuildMs === undefined ? '—' : `${r.indexBuildMs} ms`), ''],
    ['  saved index open + catch-up (worker)', (r) => `${r.indexOpenMs} ms`, ''],
    ['search: query → results, p50 / p95 (10 queries)', (r) => `${r.searchP50Ms} / ${r.searchP95Ms} ms`, `p95 ≤ ${TARGETS.searchP95Ms} ms`],
    ['JS heap (page) with Browse open', (r) => `${r.browseHeapMB} MB`, ''],
    ['Stats after answering a card: request → statistics (worker; median of 3)', (r) => `${(r as CollectionFigures).statsMs} ms`, `≤ ${TARGETS.statsMs} ms`],
    ['  a new page (saved digest loaded by a new worker)', (r) => `${(r as CollectionFigures).statsColdMs} ms`, ''],
    ['  a new page: navigation → first panel painted', (r) => `${(r as CollectionFigures).statsOpenMs} ms`, ''],
    ['  digest build on first open (worker)', (r) => `${(r as CollectionFigures).statsBuildMs} ms`, ''],
    ['Readiness: request → figures (saved digest, worker)', (r) => `${(r as CollectionFigures).readinessMs} ms`, ''],
    ['Retention helper: simulation, all decks, 15 retentions (worker)', (r) => `${(r as CollectionFigures).simulateMs} ms`, ''],
    ['  of which reading IndexedDB', (r) => `${(r as CollectionFigures).simulateLoadMs} ms`, ''],
    ['storage (navigator.storage.estimate)', (r) => `${r.storageMB} MB`, ''],
    ['collection generation (not a target)', (r) => `${(r.generateMs / 1000).toFixed(1)} s`, ''],
  ];
  const head = ['', ...(sizes.length ? sizes.map((s) => `${Number(s) / 1000}k cards`) : ['measured']), 'target'];
  const body = sizes.length ? rows.map(([label, f, target]) => [label, ...sizes.map((s) => f(results[s]!)), target]) : [];
  if (imports) {
    const blank = sizes.slice(1).map(() => '');
    body.push(['CSV import, 100k rows (file chosen → finished)', `${imports.importCsvCardsPerSec} cards/s`, ...blank, `≥ ${TARGETS.importCsvCardsPerSec}/s`]);
    body.push(['  read / commit', `${imports.importCsvReadMs} / ${imports.importCsvCommitMs} ms`, ...blank, '']);
    body.push(['  longest gap between frames', `${imports.importCsvMaxFrameGapMs} ms`, ...blank, '']);
    body.push(['  then the imported deck: navigation → first card', `${imports.importedDeckFirstCardMs} ms`, ...blank, '']);
    body.push(['  then a 3-row CSV (file chosen → finished)', `${imports.importSmallAfterBigMs} ms`, ...blank, `≤ ${TARGETS.importSmallAfterBigMs} ms`]);
    body.push(['.apkg import, 10k notes schema 18', `${imports.importApkgMs} ms`, ...blank, '']);
    body.push(['  read / commit', `${imports.importApkgReadMs} / ${imports.importApkgCommitMs} ms`, ...blank, '']);
    body.push(['  longest gap between frames', `${imports.importApkgMaxFrameGapMs} ms`, ...blank, '']);
  }
  if (sync) {
    const blank = sizes.slice(1).map(() => '');
    body.push([`Sync: a new device pulls ${sync.syncFirstReviews} reviews (call → applied)`, `${sync.syncFirst1MMs} ms`, ...blank, `≤ ${TARGETS.syncFirst1MMs} ms`]);
    body.push(['  replication / applying to IndexedDB', `${sync.syncFirstPullMs} / ${sync.syncFirstApplyMs} ms`, ...blank, '']);
    body.push(['  documents pulled; server database', `${sync.syncFirstDocs}; ${sync.syncServerDocs} docs, ${sync.syncServerMB} MB`, ...blank, '']);
    body.push(['  the seeding device pushes its collection (not a target)', `${sync.syncSeedPushMs} ms`, ...blank, '']);
    body.push(['Sync: 20 new reviews reach the other device (its sync)', `${sync.syncIncrementalMs} ms`, ...blank, `≤ ${TARGETS.syncIncrementalMs} ms`]);
    body.push(['  the grading device sends them (its sync)', `${sync.syncIncrementalPushMs} ms`, ...blank, '']);
  }
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  const missed = targetsMissed(headline, imports, sync);
  out.push('', missed.length ? `targets missed: ${missed.join(', ')}` : 'all targets met');
  return out.join('\n');
}

/** The targets that the measured figures (the largest collection's, and the imports) miss. */
function targetsMissed(headline: CollectionResult | undefined, imports: ImportResultFigures | undefined, sync: SyncFigures | undefined): string[] {
  return Object.entries(TARGETS)
    .filter(([k, v]) => {
      const fromImports = k === 'importCsvCardsPerSec' || k === 'importSmallAfterBigMs';
      const source = fromImports ? imports : k.startsWith('sync') ? sync : headline;
      const value = (source as unknown as Record<string, number> | undefined)?.[k];
      if (value === undefined) return false;
      return HIGHER_IS_BETTER.has(k) ? value < v : value > v;
    })
    .map(([k]) => k);
}

async function main() {
  const started = Date.now();
  // Other work on this machine skews every figure: the load average is part of the record.
  const loadBefore = loadavg()[0]!;
  if (!flag('no-build') && !option('dist')) {
    log('building the app (npm run build)…');
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  log('building the generator page (vite.bench.config.ts)…');
  execFileSync(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.bench.config.ts', '--logLevel', 'warn', ...(option('sync-profile') ? ['--minify', 'false'] : [])], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  // The generator page sits beside the app on the same origin (same IndexedDB), outside dist/.
  const server = await startServer(CACHE ? CACHE_PORT : await freePort());
  const results: Record<string, CollectionResult> = {};
  let imports: ImportResultFigures | undefined;
  let optimise: OptimiseFigures | undefined;
  let sync: SyncFigures | undefined;
  try {
    for (const size of SIZES) results[size] = await benchCollection(server, size);
    if (!flag('skip-import') && !flag('only-optimise') && !flag('only-sync')) imports = await benchImports(server);
    // The sync figures: two devices on the largest collection (generated again: the one measured above is gone).
    if (!flag('skip-sync') && !flag('only-import') && !flag('only-optimise')) {
      const cards = Number(option('sync-cards') ?? Math.max(100_000, ...SIZES));
      sync = await benchSync({ appUrl: server.url, cards, log, seedProfile: async (profile) => (await seedProfile(server, cards, profile)).gen, profileDir: option('sync-profile') });
    }
    // The optimiser's figures are their own: a failure there is reported, the rest still counts.
    if (!flag('skip-optimise') && !flag('only-import') && !flag('only-sync')) optimise = await benchOptimise(server.url, log).catch((e: unknown) => (log(`optimiser bench failed: ${String(e)}`), undefined));
  } finally {
    await server.stop();
  }
  const largest = results[Math.max(...SIZES)];
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', chromium: chromiumVersion(), node: process.version, app: pkg.version, loadAverageBefore: round1(loadBefore), loadAverageAfter: round1(loadavg()[0]!) };
  const benchSeconds = Math.round((Date.now() - started) / 1000);
  if (JSON_OUT) {
    const out = {
      ...(largest
        ? {
            startupMs: largest.startupMs,
            deckListMs: largest.deckListMs,
            queueBuildMs: largest.queueBuildMs,
            gradeToNextP50Ms: largest.gradeToNextP50Ms,
            gradeToNextP95Ms: largest.gradeToNextP95Ms,
            browseOpenMs: largest.browseOpenMs,
            searchP95Ms: largest.searchP95Ms,
            indexBuildMs: largest.indexBuildMs,
            statsMs: (largest as CollectionFigures).statsMs,
            statsColdMs: (largest as CollectionFigures).statsColdMs,
            simulateMs: (largest as CollectionFigures).simulateMs,
            statsBuildMs: (largest as CollectionFigures).statsBuildMs,
            readinessMs: (largest as CollectionFigures).readinessMs,
          }
        : {}),
      ...(imports ? { importCsvCardsPerSec: imports.importCsvCardsPerSec, importSmallAfterBigMs: imports.importSmallAfterBigMs, importApkgMs: imports.importApkgMs } : {}),
      ...(largest ? { heapMB: largest.heapMB, storageMB: largest.storageMB, cards: largest.cards, revlog: largest.revlog } : {}),
      ...(optimise ?? {}),
      ...(sync ?? {}),
      collections: results,
      imports,
      targets: TARGETS,
      targetsMissed: targetsMissed(largest, imports, sync),
      machine,
      benchSeconds,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    console.log(table(results, imports, largest, sync));
    if (optimise) console.log(`\nFSRS optimiser: 100k reviews ${optimise.optimise100kMs} ms in Chromium (target ≤ 20000; fsrs-rs native ${optimise.optimise100kNativeMs} ms; log-loss gap ${optimise.optimise100kLogLossGap}); 1M reviews ${optimise.optimise1MMs} ms on the newest ${optimise.optimise1MReviewsUsed} of ${optimise.optimise1MReviewsTotal} (native ${optimise.optimise1MNativeMs} ms); ${optimise.optimiseThreads} threads`);
    console.log(`\n${machine.cores} cores (${machine.cpu}), ${machine.chromium}, node ${machine.node}; load average ${machine.loadAverageBefore} before, ${machine.loadAverageAfter} after; bench took ${benchSeconds} s`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
