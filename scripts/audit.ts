/**
 * `npm run audit`: Lighthouse (mobile emulation, Debian's Chromium) on the decks screen and
 * axe-core on every screen (decks, review front and back, settings, import; light and dark) of
 * the production build, served by `vite preview` on a free loopback port.
 *
 *   npm run audit                  build, then print tables (exit 1 when a target is missed)
 *   npm run audit -- --json        one JSON object on stdout (logs go to stderr)
 *   options: --runs=N (Lighthouse runs, median taken; default 3), --no-build (audit dist/ as it
 *            is), --axe-only (skip Lighthouse)
 *
 * Targets: Lighthouse accessibility, best practices and SEO 100, performance at least 95; zero
 * axe violations. Lighthouse scores vary from run to run, hence the median.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, launch, REPO, startServer, type Server } from '../tests/browser/harness';
import { describeViolations, openScreen, runAxe, SCREENS, type AxeViolation } from '../tests/browser/axe';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];
const TARGET: Record<Category, number> = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
] as const;
const RUN_TIMEOUT_MS = 180_000;

const args = process.argv.slice(2);
const json = args.includes('--json');
const build = !args.includes('--no-build');
const axeOnly = args.includes('--axe-only');
const runs = Math.max(1, Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3) || 3);
for (const a of args) {
  if (!['--json', '--no-build', '--axe-only'].includes(a) && !a.startsWith('--runs=')) {
    console.error(`Unknown option ${a}. Options: --json, --runs=N, --no-build, --axe-only`);
    process.exit(2);
  }
}

/** Progress and logs: stderr, so that stdout holds only the report (or the JSON object). */
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface LighthouseRun {
  scores: Record<Category, number>;
  metrics: Record<string, string>;
  /** Audits below a full score in the non-performance categories, and performance hints. */
  findings: string[];
}

interface LhAudit {
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
}
interface LhReport {
  categories: Record<Category, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, LhAudit>;
  runtimeError?: { message: string };
}

/** One Lighthouse run through its CLI (it launches its own Chromium with a fresh profile). */
async function lighthouseOnce(url: string, outDir: string, n: number): Promise<LighthouseRun> {
  const out = join(outDir, `lighthouse-${n}.json`);
  const cli = join(REPO, 'node_modules/lighthouse/cli/index.js');
  const child = spawn(process.execPath, [cli, url, `--only-categories=${CATEGORIES.join(',')}`, `--chrome-flags=${CHROMIUM_ARGS.join(' ')}`, '--output=json', `--output-path=${out}`, '--quiet'], {
    cwd: REPO,
    env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((res) => {
    const t = setTimeout(() => {
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.once('exit', (c) => {
      clearTimeout(t);
      res(c);
    });
  });
  if (code !== 0) throw new Error(`Lighthouse run ${n} failed (exit ${code}):\n${stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as LhReport;
  if (report.runtimeError) throw new Error(`Lighthouse run ${n}: ${report.runtimeError.message}`);
  const scores = {} as Record<Category, number>;
  const findings: string[] = [];
  for (const c of CATEGORIES) {
    const cat = report.categories[c];
    if (cat.score === null) throw new Error(`Lighthouse run ${n}: no ${c} score`);
    scores[c] = Math.round(cat.score * 100);
    for (const ref of cat.auditRefs) {
      const a = report.audits[ref.id];
      if (!a || a.score === null || a.score >= 1) continue;
      if (c === 'performance' && ref.weight === 0 && a.score >= 0.9) continue;
      findings.push(`${c}: ${ref.id} (${a.title}) score ${a.score}${a.displayValue ? `, ${a.displayValue}` : ''}`);
    }
  }
  const metrics: Record<string, string> = {};
  for (const [id, short] of METRICS) metrics[short] = report.audits[id]?.displayValue ?? '?';
  return { scores, metrics, findings };
}

async function lighthouse(server: Server, outDir: string) {
  const all: LighthouseRun[] = [];
  for (let i = 1; i <= runs; i++) {
    const t = Date.now();
    const r = await lighthouseOnce(`${server.url}/`, outDir, i);
    log(`  Lighthouse run ${i}/${runs}: ${CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join(', ')} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    all.push(r);
  }
  const medians = Object.fromEntries(CATEGORIES.map((c) => [c, median(all.map((r) => r.scores[c]))])) as Record<Category, number>;
  return { runs: all, medians };
}

async function axe(server: Server) {
  const results: Record<string, AxeViolation[]> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    const b = await launch({ colorScheme });
    try {
      for (const screen of SCREENS) {
        await openScreen(b.page, server.url, screen);
        results[colorScheme === 'light' ? screen : `${screen}-dark`] = await runAxe(b.page);
      }
      if (b.errors.length) log(`  page errors (${colorScheme}): ${b.errors.join('; ')}`);
    } finally {
      await b.close();
    }
  }
  return results;
}

async function main() {
  if (build) {
    log('Building (npm run build)…');
    const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 2, 2], env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  const outDir = mkdtempSync(join(tmpdir(), 'prepdeck-audit-'));
  const server = await startServer();
  try {
    log('axe-core on every screen (light and dark)…');
    const axeResults = await axe(server);
    let lh: Awaited<ReturnType<typeof lighthouse>> | undefined;
    if (!axeOnly) {
      log(`Lighthouse on the decks screen (mobile), ${runs} run${runs === 1 ? '' : 's'}…`);
      lh = await lighthouse(server, outDir);
    }

    const axeCounts = Object.fromEntries(Object.entries(axeResults).map(([k, v]) => [k, v.length]));
    const missed: string[] = [];
    if (lh) for (const c of CATEGORIES) if (lh.medians[c] < TARGET[c]) missed.push(`Lighthouse ${c} ${lh.medians[c]} < ${TARGET[c]}`);
    for (const [k, n] of Object.entries(axeCounts)) if (n > 0) missed.push(`axe ${k}: ${n} violation${n === 1 ? '' : 's'}`);

    if (json) {
      process.stdout.write(`${JSON.stringify({ ...(lh ? { lighthouse: lh.medians } : {}), axe: axeCounts })}\n`);
    } else {
      const out: string[] = [];
      if (lh) {
        const pad = (s: string | number, w: number) => String(s).padStart(w);
        out.push(`Lighthouse 13 — decks screen, mobile emulation, median of ${runs} run${runs === 1 ? '' : 's'}`);
        out.push(`  ${'category'.padEnd(16)}${lh.runs.map((_, i) => pad(`run ${i + 1}`, 9)).join('')}${pad('median', 8)}${pad('target', 8)}`);
        for (const c of CATEGORIES) out.push(`  ${c.padEnd(16)}${lh.runs.map((r) => pad(r.scores[c], 9)).join('')}${pad(lh.medians[c], 8)}${pad(`${c === 'performance' ? '≥' : ''}${TARGET[c]}`, 8)}`);
        for (const [, short] of METRICS) out.push(`  ${short.padEnd(16)}${lh.runs.map((r) => pad(r.metrics[short] ?? '?', 9)).join('')}`);
        const findings = [...new Set(lh.runs.flatMap((r) => r.findings))];
        if (findings.length) out.push('  below a full score in some run:', ...findings.map((f) => `    ${f}`));
        out.push('');
      }
      out.push('axe-core 4.14 — default rules (WCAG 2.x A and AA, best practices)');
      out.push(`  ${'screen'.padEnd(20)}${'violations'.padStart(11)}${'elements'.padStart(10)}`);
      for (const [k, v] of Object.entries(axeResults)) out.push(`  ${k.padEnd(20)}${String(v.length).padStart(11)}${String(v.reduce((n, x) => n + x.nodes.length, 0)).padStart(10)}`);
      const details = Object.entries(axeResults).flatMap(([k, v]) => describeViolations(k, v));
      if (details.length) out.push('', ...details.map((d) => `  ${d}`));
      out.push('', missed.length ? `Targets missed: ${missed.join('; ')}` : 'All targets met.');
      process.stdout.write(`${out.join('\n')}\n`);
    }
    process.exitCode = missed.length ? 1 : 0;
  } finally {
    await server.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
