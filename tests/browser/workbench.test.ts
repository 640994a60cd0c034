/**
 * The workbench in real Chromium: Browse (search, filters, bulk actions with undo, offline), Add
 * and Edit (from Browse and from review, updating the card in place), review-time suspend, bury
 * and flag with undo, the deck tree and overview, presets changing the queue; touch targets and
 * screenshots at phone and desktop size.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CardRecord, Note } from '../../src/core/types';
import { launch, readStore, RESULTS, useServer, waitForServiceWorker } from './harness';

const server = useServer();

async function openDecks(page: Page): Promise<void> {
  await page.goto(server.url + '/');
  await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
}

/** The card on screen's id. */
const shownCard = (page: Page) => page.locator('.card-view').getAttribute('data-card-id');

/** Waits until the result count is in (lo, hi). */
async function countBetween(page: Page, lo: number, hi: number): Promise<void> {
  await expect.poll(async () => { const n = await browseCount(page); return n > lo && n < hi; }, { timeout: 30_000 }).toBe(true);
}

async function browseCount(page: Page): Promise<number> {
  const text = (await page.locator('.browse-count').textContent()) ?? '';
  const m = /^([\d,]+) cards?/.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : -1;
}

/** Interactive elements smaller than 44×44 CSS px (links inside running text excepted). */
async function smallTargets(page: Page, root: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(`${sel} button, ${sel} a.btn, ${sel} select, ${sel} input:not([type=checkbox]), ${sel} textarea, ${sel} .browse-row-check, ${sel} .browse-check, ${sel} .deck-toggle`)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.height < 44 || r.width < 44) out.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  }, root);
}

describe('workbench', () => {
  it('Browse finds cards by text and tags, filters them, works offline, and bulk actions can be undone', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page, context } = b;
      await openDecks(page);
      await waitForServiceWorker(page);
      await page.getByRole('link', { name: 'Browse' }).first().click();
      const search = page.getByRole('searchbox', { name: 'Search' });
      await search.waitFor();
      await expect.poll(() => browseCount(page), { timeout: 30_000 }).toBeGreaterThan(2000);
      const all = await browseCount(page);

      // Full text over fields, with prefixes; tags; a state filter.
      await search.fill('speculative decoding');
      await countBetween(page, 0, 40);
      await expect(page.locator('.browse-row-front').first().textContent()).resolves.toMatch(/.+/);
      await search.fill('tag:kv-cache');
      await countBetween(page, 0, 40);
      await search.fill('');
      // On a phone the filters fold under one line.
      await page.getByText('Filters and sort').click();
      await page.getByLabel('State').selectOption('review');
      await expect.poll(() => browseCount(page)).toBe(0);
      await page.getByLabel('State').selectOption('');
      await expect.poll(() => browseCount(page)).toBe(all);

      // Offline: the saved index and the worker come from this device.
      await context.setOffline(true);
      await page.reload();
      await search.fill('dijkstra');
      await countBetween(page, 0, 100);
      await page.screenshot({ path: join(RESULTS, 'browse-phone.png') });
      expect(await smallTargets(page, '.browse')).toEqual([]);

      // Select two rows and suspend them; Undo puts them back.
      const boxes = page.locator('.browse-row-check input');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      const ids = await page.locator('.browse-row').evaluateAll((rows) => rows.slice(0, 2).map((r) => r.getAttribute('data-card-id')!));
      await page.getByRole('toolbar').getByRole('button', { name: 'Suspend', exact: true }).click();
      await page.getByText('Suspended 2 cards.').waitFor();
      const suspended = async () => (await readStore<CardRecord>(page, 'cards')).filter((c) => ids.includes(c.id) && c.suspended).length;
      expect(await suspended()).toBe(2);
      await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
      await page.getByText('Undone.').waitFor();
      expect(await suspended()).toBe(0);
      await context.setOffline(false);
    } finally {
      await b.close();
    }
  });

  it('adds a card with Ctrl+Enter, warns on a duplicate front, and edits it from Browse', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      const { page } = b;
      await openDecks(page);
      await page.goto(server.url + '/#/add?deck=llm-engineering');
      await page.getByRole('form', { name: 'Add card' }).waitFor();
      await page.getByLabel('Front').fill('What does **MMR** trade off?');
      await page.getByLabel('Back').fill('Relevance against diversity: $\\lambda$ weighs them.');
      await page.getByLabel('Tags').fill('retrieval mine');
      await expect.poll(() => page.locator('.editor-preview strong').first().textContent()).toBe('MMR');
      await page.screenshot({ path: join(RESULTS, 'editor-desktop.png') });
      await page.keyboard.press('Control+Enter');
      await page.getByText('Added (1 card).').waitFor();
      // Deck and tags stay for the next card; the same front again is a warning, not a block.
      expect(await page.getByLabel('Tags').inputValue()).toBe('retrieval mine');
      await page.getByLabel('Front').fill('What does **MMR** trade off?');
      await page.getByText(/Another card in this deck has the same Front/).waitFor();
      const notes = (await readStore<Note>(page, 'notes')).filter((n) => n.source === 'user');
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ deckId: 'llm-engineering', fields: ['What does **MMR** trade off?', 'Relevance against diversity: $\\lambda$ weighs them.'], tags: ['retrieval', 'mine'] });

      // Find it in Browse and edit it there.
      await page.goto(server.url + '/#/browse?q=tag:mine');
      await expect.poll(() => browseCount(page), { timeout: 30_000 }).toBe(1);
      await page.locator('.browse-row-main').first().click();
      await page.getByRole('form', { name: 'Edit' }).waitFor();
      await page.getByLabel('Back').fill('Relevance against redundancy.');
      await page.keyboard.press('Control+Enter');
      await page.getByText('Saved.').waitFor();
      expect((await readStore<Note>(page, 'notes')).find((n) => n.id === notes[0]!.id)!.back).toBe('Relevance against redundancy.');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('in review: e edits the card in place, @ suspends, - buries, Ctrl+1 flags, and undo takes each back', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      const { page } = b;
      await openDecks(page);
      await page.goto(server.url + '/#/study/algorithms');
      await page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
      const first = (await shownCard(page))!;

      // Edit from review: the card on screen shows the new text at once.
      await page.keyboard.press('e');
      const dialog = page.getByRole('dialog', { name: 'Edit' });
      await dialog.waitFor();
      const front = dialog.getByLabel('Front');
      await front.fill(`${await front.inputValue()}\n\nEDITED IN REVIEW`);
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => page.locator('.card-view').textContent()).toContain('EDITED IN REVIEW');
      expect(await shownCard(page)).toBe(first);
      const edited = (await readStore<Note>(page, 'notes')).find((n) => n.fields[0]!.includes('EDITED IN REVIEW'))!;
      expect(edited.editedAt).toBeGreaterThan(0);
      expect(edited.original?.fields[0]).not.toContain('EDITED');
      // Undo (z) reverts the edit.
      await page.keyboard.press('z');
      await expect.poll(async () => (await readStore<Note>(page, 'notes')).find((n) => n.id === edited.id)!.fields[0]).not.toContain('EDITED');

      // Flag with Ctrl+1: the card stays, flagged red.
      await page.keyboard.press('Control+1');
      await page.getByText('Flagged red.').waitFor();
      expect((await readStore<CardRecord>(page, 'cards')).find((c) => c.id === first)!.flag).toBe(1);

      // Suspend with @: the next card comes up; Undo brings this one back first.
      await page.keyboard.press('@');
      await page.getByText('Card suspended.').waitFor();
      await expect.poll(() => shownCard(page)).not.toBe(first);
      await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
      await expect.poll(() => shownCard(page)).toBe(first);
      expect((await readStore<CardRecord>(page, 'cards')).find((c) => c.id === first)!.suspended).toBe(false);

      // Bury with -: out until tomorrow.
      await page.keyboard.press('-');
      await page.getByText('Card buried until tomorrow.').waitFor();
      const buried = (await readStore<CardRecord>(page, 'cards')).find((c) => c.id === first)!;
      expect(buried.bucket).toBe(-2);
      expect(buried.buriedUntil).toBeGreaterThan(Date.now());

      // The card menu offers the same on touch.
      await page.getByRole('button', { name: 'Card actions' }).click();
      await expect(page.getByRole('menuitem').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/^Edit/), expect.stringMatching(/^Suspend/), expect.stringMatching(/^Bury/), expect.stringMatching(/^Flag red/)]));
      await page.screenshot({ path: join(RESULTS, 'review-menu-desktop.png') });
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('the deck tree nests Parent::Child, the overview studies the deck, and a preset changes its queue', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = b;
      const answers = ['Interview::SQL', 'Two a day'];
      page.on('dialog', (d) => void (d.type() === 'prompt' ? d.accept(answers.shift()) : d.accept()));
      await openDecks(page);
      await page.getByRole('button', { name: 'New deck' }).click();
      await page.getByText('Deck "Interview::SQL" created.').waitFor();
      // A bare parent "Interview" with the new deck under it; it collapses and expands.
      await page.getByRole('button', { name: 'Collapse Interview' }).waitFor();
      await page.getByRole('button', { name: 'Collapse Interview' }).click();
      await expect(page.getByRole('link', { name: /^SQL/ }).count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Expand Interview' }).click();
      await page.getByRole('link', { name: /^SQL/ }).waitFor();

      // Add two cards to the SQL deck from its overview.
      await page.getByRole('link', { name: /^SQL/ }).click();
      await page.getByRole('heading', { name: 'Interview::SQL' }).waitFor();
      await page.screenshot({ path: join(RESULTS, 'overview-phone.png') });
      expect(await smallTargets(page, '.deck-overview')).toEqual([]);
      await page.getByRole('link', { name: 'Add card' }).click();
      for (const q of ['What does GROUP BY do?', 'What does HAVING filter?', 'What is a window function?']) {
        await page.getByLabel('Front').fill(q);
        await page.getByLabel('Back').fill('An answer.');
        await page.keyboard.press('Control+Enter');
        await page.getByText('Added (1 card).').waitFor();
        await page.getByRole('button', { name: 'Dismiss' }).click();
      }
      await page.screenshot({ path: join(RESULTS, 'editor-phone.png') });
      expect(await smallTargets(page, '.editor')).toEqual([]);

      // Options: a new preset with 2 new cards a day; the overview and the queue follow.
      const sql = (await readStore<{ id: string; name: string }>(page, 'decks')).find((d) => d.name === 'Interview::SQL')!;
      await page.goto(`${server.url}/#/deck/${sql.id}/options`);
      await page.getByLabel('New cards per day').fill('2');
      await page.getByRole('button', { name: 'Add preset' }).click();
      await page.getByText('Created “Two a day” for Interview::SQL.').waitFor();
      await page.goto(`${server.url}/#/deck/${sql.id}`);
      await expect.poll(() => page.locator('.overview-counts .counts').getAttribute('aria-label')).toMatch(/^Due today: 2 new/);
      await page.getByRole('link', { name: 'Study', exact: true }).click();
      await page.getByRole('button', { name: 'Show answer' }).waitFor();
      await expect.poll(() => page.locator('.review-bar .counts').getAttribute('aria-label')).toMatch(/: 2 new/);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('screenshots of Browse, the editor and the deck overview at 1280×800', async () => {
    const b = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      const { page } = b;
      await openDecks(page);
      await page.screenshot({ path: join(RESULTS, 'decks-desktop.png') });
      await page.goto(server.url + '/#/deck/ml-system-design');
      await page.getByRole('heading', { name: 'ML system design & MLOps' }).waitFor();
      await page.screenshot({ path: join(RESULTS, 'overview-desktop.png') });
      await page.goto(server.url + '/#/browse?q=feature%20store');
      await expect.poll(() => browseCount(page), { timeout: 30_000 }).toBeGreaterThan(0);
      await page.screenshot({ path: join(RESULTS, 'browse-desktop.png') });
      expect(await smallTargets(page, '.browse')).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
