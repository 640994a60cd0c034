/**
 * The stats digest and service (src/workers/stats-digest.ts, stats-service.ts) against a real
 * (fake-indexeddb) collection: built once, saved, loaded, kept up to date by the change feed and
 * the review log's tail, rebuilt when the log's epoch moves; readiness (src/core/readiness.ts)
 * on a hand-made collection with known answers.
 */
import { describe, expect, it } from 'vitest';
import { applyBuiltinDeck, commitImportPlan, commitReview, deleteNotes, openDatabase, restoreSnapshot, readSnapshot, setCards, tagNotes, undoReview } from '../../src/storage';
import { putRecords } from '../../src/storage/bulk';
import { readBrowseSource } from '../../src/storage/browse';
import { loadStatsDigest } from '../../src/storage/stats-source';
import { markSyncedLog } from '../../src/storage/revlog-epoch';
import { StatsService } from '../../src/workers/stats-service';
import { StatsDigest, type SavedDigest } from '../../src/workers/stats-digest';
import { idKey } from '../../src/workers/stats-columns';
import { computeReadiness, retrievability, DEFAULT_DECAY } from '../../src/core/readiness';
import { gradeCard } from '../../src/core/scheduler';
import { readImport } from '../../src/formats';
import { CardState, DEFAULT_SETTINGS, QueueBucket, type CardRecord, type ReviewLogRecord } from '../../src/core/types';
import type { StatsInput } from '../../src/core/stats-input';
import { freshDbName, sampleDeck, settings } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;

async function seeded(label: string, count = 6) {
  const db = freshDbName(label);
  await applyBuiltinDeck(sampleDeck('alg', count), NOW - 30 * DAY, db);
  return db;
}

async function cardsOf(db: string): Promise<CardRecord[]> {
  return (await openDatabase(db)).getAll('cards');
}

async function grade(db: string, card: CardRecord, rating: 1 | 2 | 3 | 4, now: number) {
  const { card: after, log } = gradeCard(card, rating, now, 4000, settings(), `log-${card.id}-${now}`);
  await commitReview(card, after, log, now, undefined, db);
  return { after, log };
}

const req = (now: number) => ({ now, dayStartHour: 4, desiredRetention: 0.9 });

describe('stats digest', () => {
  it('is built on first use, saved, and loaded from the saved copy by a new service; reviews and card changes since are caught up', async () => {
    const db = await seeded('digest-life');
    const [c0, c1] = await cardsOf(db);
    await grade(db, c0!, 3, NOW - 10 * DAY);
    const s1 = new StatsService(db, 0);
    const first = await s1.stats(req(NOW));
    expect(first.timing.loaded).toBe('built');
    expect(first.timing.cards).toBe(6);
    expect(first.timing.reviews).toBe(1);
    await s1.saveNow();
    const saved = await loadStatsDigest<SavedDigest>(db);
    expect(saved?.cards.deck).toHaveLength(6);
    expect(new Set(saved?.cards.key).size).toBe(6);
    expect(saved?.reviews.n).toBe(1);

    // Another review (in the tail) and a suspended card (change feed) after the save.
    await grade(db, c1!, 1, NOW - 60_000);
    await setCards([c0!.id], { kind: 'suspend' }, NOW, db);
    const s2 = new StatsService(db, 0);
    const second = await s2.stats(req(NOW));
    expect(second.timing.loaded).toBe('saved');
    expect(second.timing.reviews).toBe(2);
    expect(second.stats.today.reviews).toBe(1);
    expect(second.stats.cards.suspended).toBe(1);
    const third = await s2.stats(req(NOW));
    expect(third.timing.loaded).toBe('memory');
    // Saved again after a change (ids re-joined), and read back by a third service.
    await s2.saveNow();
    const fourth = await new StatsService(db, 0).stats(req(NOW));
    expect(fourth.timing.loaded).toBe('saved');
    expect(fourth.stats.cards).toMatchObject({ total: 6, suspended: 1 });
    expect(fourth.stats.today.reviews).toBe(1);
  });

  it('follows deletions (tombstones) and tag edits of notes', async () => {
    const db = await seeded('digest-del');
    const s = new StatsService(db, 0);
    const before = await s.readiness({ now: NOW });
    expect(before.readiness.topics.find((t) => t.key === 'a.1')?.cards).toBe(6);
    const [c0] = await cardsOf(db);
    await deleteNotes([c0!.noteId], NOW, db);
    const after = await s.readiness({ now: NOW });
    expect(after.readiness.topics.find((t) => t.key === 'a.1')?.cards).toBe(5);
    expect(after.timing.cards).toBe(5);
  });

  it('reads the whole log again when its epoch moves (an import with a review history, a restore), and not otherwise', async () => {
    const db = await seeded('digest-epoch');
    const s = new StatsService(db, 0);
    expect((await s.stats(req(NOW))).timing.reviews).toBe(0);
    // Old reviews written in bulk (as an import with history does): the epoch moves.
    const [c0] = await cardsOf(db);
    const old: ReviewLogRecord = { id: 'old-1', cardId: c0!.id, deckId: c0!.deckId, time: NOW - 100 * DAY, rating: 3, stateBefore: CardState.New, stateAfter: CardState.Review, stabilityBefore: 0, stabilityAfter: 3, difficultyBefore: 0, difficultyAfter: 5, dueBefore: 0, dueAfter: NOW - 97 * DAY, scheduledDays: 0, elapsedDays: 0, durationMs: 5000 };
    await putRecords({ revlog: [old] }, db);
    const r = await s.stats(req(NOW));
    expect(r.timing.loaded).toBe('built');
    expect(r.timing.reviews).toBe(1);
    expect((await s.stats(req(NOW))).timing.loaded).toBe('memory');
    // A restore of a backup without reviews: the log is empty again.
    await s.saveNow();
    expect(await loadStatsDigest(db)).toBeDefined();
    const snap = await readSnapshot(NOW, 'test', db);
    await restoreSnapshot({ ...snap, revlog: [] }, db);
    expect(await loadStatsDigest(db)).toBeUndefined();
    const after = await s.stats(req(NOW));
    expect(after.timing.loaded).toBe('built');
    expect(after.timing.reviews).toBe(0);
  });

  it('a first build reads the log in key order, sorts it by time, and reports its progress', async () => {
    const db = await seeded('digest-order');
    const [c0] = await cardsOf(db);
    const log = (id: string, daysAgo: number): ReviewLogRecord => ({ id, cardId: c0!.id, deckId: c0!.deckId, time: NOW - daysAgo * DAY, rating: 3, stateBefore: CardState.Review, stateAfter: CardState.Review, stabilityBefore: 3, stabilityAfter: 5, difficultyBefore: 5, difficultyAfter: 5, dueBefore: 0, dueAfter: 0, scheduledDays: daysAgo, elapsedDays: daysAgo, durationMs: 1000 });
    await putRecords({ revlog: [log('z', 30), log('a', 10), log('m', 20), log('b', 0.5)] }, db);
    const s = new StatsService(db, 0);
    const seen: number[] = [];
    await s.stats(req(NOW), (f) => seen.push(f));
    expect(seen.at(-1)).toBe(1);
    await s.saveNow();
    const saved = await loadStatsDigest<SavedDigest>(db);
    expect(saved!.reviews.n).toBe(3);
    expect([...saved!.reviews.time.subarray(0, 3)]).toEqual([NOW - 30 * DAY, NOW - 20 * DAY, NOW - 10 * DAY]);
    expect([...saved!.reviews.lastIvl.subarray(0, 3)]).toEqual([30, 20, 10]);
    expect(saved!.tail.map((r) => r.id)).toEqual(['b']);
  });

  it('an undone recent review leaves the tail; the saved columns absorb reviews once they are old', async () => {
    const db = await seeded('digest-undo');
    const [c0, c1] = await cardsOf(db);
    const s = new StatsService(db, 0);
    const { after, log } = await grade(db, c0!, 3, NOW - 1000);
    expect((await s.stats(req(NOW))).timing.reviews).toBe(1);
    await undoReview(c0!, log.id, NOW, [], db);
    expect(after.reps).toBe(1);
    const r = await s.stats(req(NOW));
    expect(r.timing.loaded).toBe('memory');
    expect(r.timing.reviews).toBe(0);
    // Three days later, a review from today is old enough to join the saved columns.
    await grade(db, c1!, 3, NOW);
    const later = NOW + 4 * DAY;
    const r2 = await s.stats(req(later));
    expect(r2.timing.reviews).toBe(1);
    await s.saveNow();
    expect((await loadStatsDigest<SavedDigest>(db))?.reviews.n).toBe(1);
  });

  it("takes in another device's recent reviews that a sync brings, older than this device's newest (the sync mark)", async () => {
    const db = await seeded('digest-sync-mark');
    const [c0, c1, c2] = await cardsOf(db);
    const s = new StatsService(db, 0);
    await grade(db, c0!, 3, NOW - 60_000);
    expect((await s.stats(req(NOW))).timing.reviews).toBe(1);
    // A review written (as a sync writes them) an hour before this device's newest one: the
    // tail reads on from its newest review and does not see it.
    const other = async (card: CardRecord, time: number) => {
      const { card: after, log } = gradeCard(card, 3, time, 4000, settings(), `other-${card.id}`);
      await commitReview(card, after, log, NOW, undefined, db);
      return log;
    };
    await other(c1!, NOW - 3_600_000);
    expect((await s.stats(req(NOW))).timing.reviews).toBe(1);
    // The sync's apply moves the mark in its transaction: the tail reads again from it.
    const log2 = await other(c2!, NOW - 7_200_000);
    const d = await openDatabase(db);
    const tx = d.transaction('meta', 'readwrite');
    await markSyncedLog(tx.store, [log2.time, NOW - 3_600_000], NOW);
    await tx.done;
    expect((await s.stats(req(NOW))).timing.reviews).toBe(3);
    // Taken in once: the next open reads from the newest again, and finds nothing new.
    expect((await s.stats(req(NOW))).timing.reviews).toBe(3);
  });

  it('counts packed (never studied) cards of a large import, and their tags', async () => {
    const db = freshDbName('digest-packs');
    const rows = Array.from({ length: 250 }, (_, i) => `q${i}\ta${i}\t${i % 2 ? 'odd' : 'even'}`).join('\n');
    const plan = await readImport(new TextEncoder().encode(`#separator:tab\n#tags column:3\n${rows}\n`), 'big.txt', { now: NOW });
    await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    expect(await (await openDatabase(db)).count('packs')).toBeGreaterThan(0);
    const s = new StatsService(db, 0);
    const r = await s.readiness({ now: NOW });
    expect(r.timing.cards).toBe(250);
    expect(r.readiness.decks[0]?.cards).toBe(250);
    expect(r.readiness.tags.map((t) => [t.key, t.cards])).toEqual([
      ['even', 125],
      ['odd', 125],
    ]);
    // Tagging notes reaches their cards through the change feed.
    const packed = (await readBrowseSource(db)).notes.slice(0, 3).map((n) => n.id);
    await tagNotes(packed, ['hard'], [], NOW, db);
    const r2 = await s.readiness({ now: NOW });
    expect(r2.readiness.tags.find((t) => t.key === 'hard')?.cards).toBe(3);
  });
});

/** A hand-made collection: three cards on a.1, one on a.1 + a.2, one on b.1, two in an own deck. */
function handMade(): StatsInput {
  const n = 7;
  const rows: { deck: number; state: number; bucket: number; s: number; last: number; topic: number; tag: number }[] = [
    { deck: 0, state: 2, bucket: 2, s: 10, last: NOW - 10 * DAY, topic: 0, tag: -1 },
    { deck: 0, state: 2, bucket: 2, s: 100, last: NOW, topic: 0, tag: -1 },
    { deck: 0, state: 0, bucket: 0, s: 0, last: 0, topic: 0, tag: -1 },
    { deck: 0, state: 2, bucket: -1, s: 5, last: NOW - DAY, topic: 1, tag: -1 },
    { deck: 0, state: 0, bucket: 0, s: 0, last: 0, topic: 2, tag: -1 },
    { deck: 1, state: 2, bucket: 2, s: 20, last: NOW - 20 * DAY, topic: -1, tag: 0 },
    { deck: 1, state: 0, bucket: 0, s: 0, last: 0, topic: -1, tag: 0 },
  ];
  const col = <T extends Float64Array | Float32Array | Uint32Array | Uint8Array | Int8Array | Int32Array>(C: new (n: number) => T, f: (r: (typeof rows)[number]) => number) => {
    const a = new C(n);
    rows.forEach((r, i) => (a[i] = f(r)));
    return a;
  };
  return {
    cards: { n, deck: col(Uint32Array, (r) => r.deck), state: col(Uint8Array, (r) => r.state), bucket: col(Int8Array, (r) => r.bucket), due: col(Float64Array, () => 0), stability: col(Float32Array, (r) => r.s), difficulty: col(Float32Array, () => 5), interval: col(Float32Array, () => 1), lastReview: col(Float64Array, (r) => r.last), topicSet: col(Int32Array, (r) => r.topic), tagSet: col(Int32Array, (r) => r.tag) },
    reviews: StatsDigest.build([], [], 0).input().reviews,
    decks: ['alg', 'mine'],
    topicSets: [['a.1'], ['a.1', 'a.2'], ['b.1']],
    tagSets: [['own']],
  };
}

it('id keys: 200k ids of the shapes the app uses get 200k distinct keys, all exact integers', () => {
  const keys = new Set<number>();
  for (let i = 0; i < 100_000; i++) {
    keys.add(idKey(`bench-100k-${i}-c0`));
    keys.add(idKey(`algorithms-q${i}#${i % 3}`));
  }
  expect(keys.size).toBe(200_000);
  expect([...keys].every((k) => Number.isSafeInteger(k) && k >= 0)).toBe(true);
});

describe('readiness', () => {
  it('coverage, recall and readiness per subtopic, area, deck and tag; suspended cards left out', () => {
    const r = computeReadiness(handMade(), { now: NOW });
    const r10 = retrievability(DEFAULT_DECAY, NOW - 10 * DAY, 10, NOW);
    expect(r10).toBeCloseTo(0.9, 3); // FSRS: stability is the interval at which recall is 90 %.
    const a1 = r.topics.find((t) => t.key === 'a.1')!;
    expect(a1).toMatchObject({ cards: 3, seen: 2 });
    expect(a1.coverage).toBeCloseTo(2 / 3);
    expect(a1.recall).toBeCloseTo((r10 + 1) / 2, 6);
    expect(a1.readiness).toBeCloseTo((r10 + 1) / 3, 6);
    // a.2's only card is suspended: no cards.
    expect(r.topics.find((t) => t.key === 'a.2')).toBeUndefined();
    expect(r.areas.map((a) => [a.key, a.cards, a.seen])).toEqual([
      ['a', 3, 2],
      ['b', 1, 0],
    ]);
    expect(r.topics.find((t) => t.key === 'b.1')).toMatchObject({ cards: 1, seen: 0, coverage: 0, recall: null, readiness: 0 });
    const mine = r.decks.find((d) => d.key === 'mine')!;
    expect(mine).toMatchObject({ cards: 2, seen: 1 });
    expect(mine.recall).toBeCloseTo(retrievability(DEFAULT_DECAY, NOW - 20 * DAY, 20, NOW), 6);
    expect(r.decks.find((d) => d.key === 'alg')).toBeUndefined();
    expect(r.tags).toEqual([expect.objectContaining({ key: 'own', cards: 2, seen: 1 })]);
    expect(r.weakest).toEqual(['a.1', 'b.1']);
  });

  it('predicts recall on a later date from the forgetting curve, lower than now', () => {
    const at = NOW + 30 * DAY;
    const r = computeReadiness(handMade(), { now: NOW, at });
    const a1 = r.topics.find((t) => t.key === 'a.1')!;
    const expected = (retrievability(DEFAULT_DECAY, NOW - 10 * DAY, 10, at) + retrievability(DEFAULT_DECAY, NOW, 100, at)) / 2;
    expect(a1.recallAt).toBeCloseTo(expected, 6);
    expect(a1.recallAt!).toBeLessThan(a1.recall!);
    expect(a1.readinessAt).toBeCloseTo((expected * 2) / 3, 6);
  });

  it('a deck filter keeps only that deck', () => {
    const r = computeReadiness(handMade(), { now: NOW, decks: new Set([1]) });
    expect(r.topics).toEqual([]);
    expect(r.decks.map((d) => d.key)).toEqual(['mine']);
  });
});

it('bucket constants used by readiness match the record layer', () => {
  expect(QueueBucket.Suspended).toBe(-1);
});
