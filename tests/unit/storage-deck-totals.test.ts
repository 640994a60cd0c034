/**
 * The deck list at scale: counts that stop at today's limits, and per-deck card totals from a
 * cache that every writer which adds, removes or moves cards marks stale in its own transaction.
 */
import { describe, expect, it } from 'vitest';
import { applyBuiltinDeck, commitImportPlan, listDeckSummaries, openDatabase, readSnapshot, restoreSnapshot } from '../../src/storage';
import { putRecords } from '../../src/storage/bulk';
import { cachedTotals, DECK_TOTALS_KEY, markDeckTotalsStale, storeCountedTotals } from '../../src/storage/deck-totals';
import { readImport } from '../../src/formats';
import { newCard } from '../../src/core/scheduler';
import { CardState, DEFAULT_SETTINGS, QueueBucket, type CardRecord } from '../../src/core/types';
import { freshDbName, sampleDeck, settings } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;
const enc = (s: string) => new TextEncoder().encode(s);

const totals = async (db: string) => Object.fromEntries((await listDeckSummaries(NOW, settings(), db)).decks.map((d) => [d.deck.id, d.total]));

function reviewCard(id: string, deckId: string, due: number): CardRecord {
  return { ...newCard({ id, noteId: id, deckId, ord: 0, position: 0 }), due, state: CardState.Review, bucket: QueueBucket.Review, stability: 10, difficulty: 5, reps: 3, scheduled_days: 10, last_review: due - 10 * DAY };
}

describe('deck counts without walking whole decks', () => {
  it('caps new and review counts at what is left of today, per deck and for all decks', async () => {
    const db = freshDbName('caps');
    await applyBuiltinDeck(sampleDeck('a', 40), NOW, db);
    await putRecords({ cards: Array.from({ length: 30 }, (_, i) => reviewCard(`a-r${i}`, 'a', NOW - i * 60_000)) }, db);
    const { decks, all } = await listDeckSummaries(NOW, settings({ newPerDay: 7, reviewsPerDay: 12 }), db);
    expect(decks[0]!.counts).toEqual({ new: 7, learning: 0, review: 12 });
    expect(all).toEqual({ new: 7, learning: 0, review: 12 });
    expect(decks[0]!.total).toBe(70);
    // Two decks under one limit: each shows what it has up to the limit, all decks the limit.
    await applyBuiltinDeck(sampleDeck('z', 5), NOW, db);
    const two = await listDeckSummaries(NOW, settings({ newPerDay: 7, reviewsPerDay: 40 }), db);
    expect(two.decks.map((d) => d.counts)).toEqual([
      { new: 7, learning: 0, review: 30 },
      { new: 5, learning: 0, review: 0 },
    ]);
    expect(two.all).toEqual({ new: 7, learning: 0, review: 30 });
    // A limit of zero counts nothing at all.
    expect((await listDeckSummaries(NOW, settings({ newPerDay: 0, reviewsPerDay: 0 }), db)).all).toEqual({ new: 0, learning: 0, review: 0 });
  });

  it('keeps totals right through import, re-import with a move, built-in updates, bulk writes and restore', async () => {
    const db = freshDbName('totals');
    await applyBuiltinDeck(sampleDeck('b', 5), NOW, db);
    expect(await totals(db)).toEqual({ b: 5 });
    // Cached now: the deck list reads the total without counting.
    const d = await openDatabase(db);
    expect(((await d.get('meta', DECK_TOTALS_KEY)) as { totals: Record<string, number> }).totals).toEqual({ b: 5 });

    const plan = await readImport(enc('front,back,deck\nq1,a1,Spanish\nq2,a2,Spanish\nq3,a3,German\n'), 'words.csv', { now: NOW });
    await commitImportPlan(plan, { mode: 'fresh', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    const spanish = plan.decks.find((x) => x.name === 'Spanish')!.id;
    const german = plan.decks.find((x) => x.name === 'German')!.id;
    expect(await totals(db)).toEqual({ b: 5, [spanish]: 2, [german]: 1 });

    // The same notes again, now all in German: the cards move (progress kept), totals follow.
    const moved = await readImport(enc('front,back,deck\nq1,a1,Spanish\nq2,a2,Spanish\nq3,a3,German\n'), 'words.csv', { now: NOW });
    const movedPlan = { ...moved, cards: moved.cards.map((c) => ({ ...c, deckId: german })), notes: moved.notes.map((n) => ({ ...n, deckId: german })) };
    await commitImportPlan(movedPlan, { mode: 'fresh', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    expect(await totals(db)).toEqual({ b: 5, [spanish]: 0, [german]: 3 });

    // A new version of the built-in deck with two cards fewer.
    await applyBuiltinDeck(sampleDeck('b', 3, { hash: 'v2' }), NOW, db);
    expect((await totals(db)).b).toBe(3);

    await putRecords({ cards: [reviewCard('bulk-1', 'b', NOW)] }, db);
    expect((await totals(db)).b).toBe(4);

    const snap = await readSnapshot(NOW, 'test', db);
    await restoreSnapshot({ ...snap, cards: snap.cards.filter((c) => c.deckId !== 'b') }, db);
    expect((await totals(db)).b).toBe(0);
  });

  it('never stores a count that raced with a write', async () => {
    const db = freshDbName('race');
    await applyBuiltinDeck(sampleDeck('c', 4), NOW, db);
    const d = await openDatabase(db);
    // A deck list read the cache (deck c not in it) and counted 4 cards; before it stores the
    // count, a write adds a card and marks deck c stale: the old count must not be stored.
    const read = cachedTotals(await d.get('meta', DECK_TOTALS_KEY));
    expect(read.totals.c).toBeUndefined();
    const tx = d.transaction(['cards', 'meta'], 'readwrite');
    await tx.objectStore('cards').put(reviewCard('late', 'c', NOW));
    await markDeckTotalsStale(tx.objectStore('meta'), ['c']);
    await tx.done;
    await storeCountedTotals(d, read, { c: 4 });
    expect(cachedTotals(await d.get('meta', DECK_TOTALS_KEY)).totals.c).toBeUndefined();
    // Without a write in between, the count is stored and used from then on.
    expect(await totals(db)).toEqual({ c: 5 });
    expect(cachedTotals(await d.get('meta', DECK_TOTALS_KEY)).totals.c).toBe(5);
  });
});
