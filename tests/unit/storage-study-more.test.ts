/**
 * "Study more today" (storage/limit-extension.ts) and the done view's counts (storage/waiting.ts):
 * extra new cards and reviews for today's study day only, per deck or for all decks; what waits
 * beyond today's limits, packed cards included.
 */
import { describe, expect, it } from 'vitest';
import { applyBuiltinDeck, commitImportPlan, listDeckSummaries, loadStudyQueue, openDatabase } from '../../src/storage';
import { extendToday, LIMIT_EXTENSION_KEY } from '../../src/storage/limit-extension';
import { countWaiting } from '../../src/storage/waiting';
import { queueCounts } from '../../src/core/queue';
import { readImport } from '../../src/formats';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { freshDbName, sampleDeck, settings } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;

describe('study more today', () => {
  it('raises one deck’s new-card limit for today only', async () => {
    const db = freshDbName('more-deck');
    await applyBuiltinDeck(sampleDeck('a', 30), NOW, db);
    await applyBuiltinDeck(sampleDeck('b', 30), NOW, db);
    const s = settings({ newPerDay: 5 });
    expect(queueCounts(await loadStudyQueue('a', NOW, s, db)).new).toBe(5);
    await extendToday('a', { new: 10, review: 0 }, NOW, s, db);
    expect(queueCounts(await loadStudyQueue('a', NOW, s, db)).new).toBe(15);
    // Only that deck: the other keeps its limit; the deck list shows the new count.
    expect(queueCounts(await loadStudyQueue('b', NOW, s, db)).new).toBe(5);
    const { decks } = await listDeckSummaries(NOW, s, db);
    expect(decks.find((d) => d.deck.id === 'a')?.counts.new).toBe(15);
    // Granted twice: the two add up. The next study day starts from the preset again.
    await extendToday('a', { new: 3, review: 0 }, NOW + 1000, s, db);
    expect(queueCounts(await loadStudyQueue('a', NOW, s, db)).new).toBe(18);
    expect(queueCounts(await loadStudyQueue('a', NOW + DAY, s, db)).new).toBe(5);
  });

  it('from Study all: raises the app-wide cap and every deck’s limits', async () => {
    const db = freshDbName('more-all');
    await applyBuiltinDeck(sampleDeck('a', 30), NOW, db);
    await applyBuiltinDeck(sampleDeck('b', 30), NOW, db);
    const s = settings({ newPerDay: 4, allNewPerDay: 6 });
    expect(queueCounts(await loadStudyQueue('all', NOW, s, db)).new).toBe(6);
    await extendToday('all', { new: 10, review: 0 }, NOW, s, db);
    expect(queueCounts(await loadStudyQueue('all', NOW, s, db)).new).toBe(16);
    expect(queueCounts(await loadStudyQueue('b', NOW, s, db)).new).toBe(14);
  });

  it('refuses anything but a whole number from 0 to 9999, and writes nothing', async () => {
    const db = freshDbName('more-bad');
    for (const bad of [-1, 2.5, 10_000, Number.NaN]) await expect(extendToday('a', { new: bad, review: 0 }, NOW, settings(), db)).rejects.toThrow(/whole number from 0 to 9999/);
    expect(await (await openDatabase(db)).get('meta', LIMIT_EXTENSION_KEY)).toBeUndefined();
  });
});

describe('what waits beyond today’s limits', () => {
  it('counts new cards, packed ones included, and stops at the cap', async () => {
    const db = freshDbName('waiting');
    await applyBuiltinDeck(sampleDeck('a', 30), NOW, db);
    const rows = Array.from({ length: 1200 }, (_, i) => `q${i},a${i}`).join('\n');
    const plan = await readImport(new TextEncoder().encode(`front,back\n${rows}\n`), 'big.csv', { now: NOW });
    await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    const big = plan.decks[0]!.id;
    expect(await countWaiting('a', NOW, settings(), db)).toEqual({ newCards: 30, reviews: 0 });
    expect((await countWaiting(big, NOW, settings(), db)).newCards).toBe(1000);
    expect((await countWaiting('all', NOW, settings(), db)).newCards).toBe(1000);
  });
});
