/**
 * Browser-test harness: serves the production build on a free loopback port (stopped by its own
 * PID) and drives Debian's Chromium through playwright-core with a fresh profile.
 */
import { afterAll, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, existsSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const RESULTS = join(REPO, 'test-results');
mkdirSync(RESULTS, { recursive: true });

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface Server {
  url: string;
  port: number;
  /** A copy of dist/ that this server serves (tests may change it to simulate a new version). */
  root: string;
  stop: () => Promise<void>;
}

/** `vite preview` over a private copy of dist/ (so a test can publish a "new version" into it). */
export async function startServer(): Promise<Server> {
  const dist = join(REPO, 'dist');
  if (!existsSync(join(dist, 'sw.js'))) throw new Error('dist/ is missing or has no sw.js: run `npm run build` first');
  const root = mkdtempSync(join(tmpdir(), 'prepdeck-dist-'));
  cpSync(dist, root, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'preview', '--outDir', root, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`preview server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    port,
    root,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        process.kill(child.pid, 'SIGTERM');
        await new Promise<void>((r) => {
          const t = setTimeout(() => {
            if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
            r();
          }, 3000);
          child.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  profile: string;
  errors: string[];
  close: () => Promise<void>;
}

export async function launch(
  opts: { viewport?: { width: number; height: number }; reducedMotion?: 'reduce' | 'no-preference'; colorScheme?: 'light' | 'dark'; profile?: string; serviceWorkers?: 'allow' | 'block'; hasTouch?: boolean; args?: string[] } = {},
): Promise<Browser> {
  const profile = opts.profile ?? mkdtempSync(join(tmpdir(), 'prepdeck-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
    headless: true,
    viewport: opts.viewport ?? { width: 390, height: 844 },
    reducedMotion: opts.reducedMotion ?? 'no-preference',
    colorScheme: opts.colorScheme ?? 'light',
    // 'block' lets a test open plain files of the origin (robots.txt) without the app's
    // navigation fallback answering them with index.html.
    serviceWorkers: opts.serviceWorkers ?? 'allow',
    hasTouch: opts.hasTouch ?? false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
  };
  watch(page);
  context.on('page', watch);
  return {
    context,
    page,
    profile,
    errors,
    close: async () => {
      await context.close();
      if (!opts.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the service worker controls the page (so reloads and offline are served by it). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined, null, { timeout: 30_000 });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/** Counts records in one object store of the app's database, from inside the page. */
export async function countStore(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (s) =>
      new Promise<number>((res, rej) => {
        const req = indexedDB.open('prepdeck');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const c = db.transaction(s).objectStore(s).count();
          c.onsuccess = () => {
            res(c.result);
            db.close();
          };
          c.onerror = () => rej(c.error);
        };
      }),
    store,
  );
}

export async function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (s) =>
      new Promise<T[]>((res, rej) => {
        const req = indexedDB.open('prepdeck');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const c = db.transaction(s).objectStore(s).getAll();
          c.onsuccess = () => {
            res(c.result as T[]);
            db.close();
          };
          c.onerror = () => rej(c.error);
        };
      }),
    store,
  );
}

/** Fails when the page scrolls horizontally. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Serves the build for the test file that calls it: started before its first test, stopped
 * (by PID) after its last. The returned object reads the live server's fields.
 */
export function useServer(): Server {
  let live: Server | undefined;
  const need = (): Server => {
    if (!live) throw new Error('useServer(): the server is read before beforeAll started it');
    return live;
  };
  beforeAll(async () => {
    live = await startServer();
  });
  afterAll(async () => {
    await live?.stop();
  });
  return {
    get url() {
      return need().url;
    },
    get port() {
      return need().port;
    },
    get root() {
      return need().root;
    },
    stop: () => need().stop(),
  };
}

/** Opens the app at its deck list and waits until it is drawn. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url + '/');
  await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
}

/** Opens a deck from the deck list (its overview) and starts studying it. */
export async function studyDeck(page: Page, name: string): Promise<void> {
  await page.locator('.deck-link', { hasText: name }).first().click();
  await page.getByRole('link', { name: 'Study', exact: true }).click();
}
