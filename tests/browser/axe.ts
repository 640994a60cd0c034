/**
 * axe-core on the app's screens, shared by the browser test (tests/browser/a11y.test.ts) and
 * `npm run audit` (scripts/audit.ts). The app's CSP blocks inline script tags, so axe is
 * evaluated through the DevTools protocol (page.evaluate), which the CSP does not govern; the
 * page itself runs under its real CSP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO } from './harness';

export const SCREENS = ['decks', 'review-front', 'review-back', 'settings', 'import', 'deck-overview', 'deck-options', 'browse', 'add', 'stats', 'readiness', 'interview', 'mock', 'custom'] as const;
export type Screen = (typeof SCREENS)[number];

export interface AxeNode {
  target: string[];
  html: string;
  summary: string;
}
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

let axeSource: string | undefined;

/** Opens one screen from a page already on the app's origin and waits until it is fully drawn. */
export async function openScreen(page: Page, baseUrl: string, screen: Screen): Promise<void> {
  switch (screen) {
    case 'decks':
      await page.goto(`${baseUrl}/#/`);
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      break;
    case 'review-front':
      await page.goto(`${baseUrl}/#/study/all`);
      await page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
      break;
    case 'review-back':
      await openScreen(page, baseUrl, 'review-front');
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor();
      break;
    case 'settings':
      await page.goto(`${baseUrl}/#/settings`);
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => document.getElementById('persist-status')?.textContent !== 'checking…');
      break;
    case 'import':
      await page.goto(`${baseUrl}/#/import`);
      await page.getByRole('heading', { name: 'Import a deck', level: 1 }).waitFor({ timeout: 30_000 });
      break;
    case 'deck-overview':
      await page.goto(`${baseUrl}/#/deck/algorithms`);
      await page.getByRole('heading', { name: 'Algorithms & data structures', level: 1 }).waitFor({ timeout: 30_000 });
      break;
    case 'deck-options':
      await page.goto(`${baseUrl}/#/deck/algorithms/options`);
      await page.getByRole('heading', { name: 'Options', level: 1 }).waitFor({ timeout: 30_000 });
      break;
    case 'browse':
      await page.goto(`${baseUrl}/#/browse`);
      await page.waitForFunction(() => /^[\d,]+ cards?/.test(document.querySelector('.browse-count')?.textContent ?? ''), null, { timeout: 30_000 });
      await page.locator('.browse-row-main:not(.muted)').first().waitFor();
      break;
    case 'add':
      await page.goto(`${baseUrl}/#/add`);
      await page.getByRole('form', { name: 'Add card' }).waitFor({ timeout: 30_000 });
      break;
    case 'stats':
      await page.goto(`${baseUrl}/#/stats`);
      await page.locator('.stats .tiles').waitFor({ timeout: 60_000 });
      break;
    case 'readiness':
      await page.goto(`${baseUrl}/#/readiness`);
      await page.getByRole('heading', { name: 'Areas' }).waitFor({ timeout: 60_000 });
      break;
    case 'interview':
      await page.goto(`${baseUrl}/#/interview`);
      await page.getByRole('heading', { name: 'Add an interview' }).waitFor({ timeout: 30_000 });
      break;
    case 'mock':
      await page.goto(`${baseUrl}/#/mock`);
      await page.getByRole('heading', { name: 'Mock interview', level: 1 }).waitFor({ timeout: 30_000 });
      break;
    case 'custom':
      await page.goto(`${baseUrl}/#/custom`);
      await page.getByRole('heading', { name: 'Custom study', level: 1 }).waitFor({ timeout: 30_000 });
      break;
  }
  // Let transitions (progress bar, focus rings) settle so colours are measured at rest.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}

/** Runs axe with its default rule set (WCAG 2.x A/AA and best practices) on the current page. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const res = await axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html.slice(0, 200), summary: n.failureSummary ?? '' })),
    }));
  });
}

/** One line per violated rule and node, for test failures and the audit report. */
export function describeViolations(screen: string, violations: AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${screen}: [${v.impact ?? '-'}] ${v.id} (${v.help}) at ${n.target.join(' ')} — ${n.html}`));
}
