/**
 * Custom study (core/custom-study.ts, storage/custom-queue.ts, the review session's cram mode):
 * the scope round-trips and refuses bad input; forgotten, ahead and tag select the right cards
 * of the right decks; a cram session writes nothing, a counted one schedules as usual.
 */
import { describe, expect, it } from 'vitest';
import { applyBuiltinDeck, commitImportPlan, commitReview, loadStudyQueue, openDatabase, setCards } from '../../src/storage';
import { customProblems, customScope, parseCustomScope, tagMatches, type CustomSpec } from '../../src/core/custom-study';
import { gradeCard } from '../../src/core/scheduler';
import { readImport } from '../../src/formats';
import { CardState, DEFAULT_SETTINGS, type CardRecord } from '../../src/core/types';
import { ReviewSession } from '../../src/ui/review/session';
import { freshDbName, sampleDeck, settings } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;

const spec = (over: Partial<CustomSpec>): CustomSpec => ({ kind: 'ahead', deck: 'all', days: 7, cram: false, limit: 50, ...over });

async function cards(db: string): Promise<CardRecord[]> {
  return (await openDatabase(db)).getAll('cards');
}

/** Grades a card with `rating` at `at` (a review in the past, for the log). */
async function answer(db: string, c: CardRecord, rating: 1 | 2 | 3 | 4, at: number): Promise<CardRecord> {
  const { card, log } = gradeCard(c, rating, at, 1000, settings(), `l-${c.id}-${at}`);
  await commitReview(c, card, log, at, undefined, db);
  return card;
}

describe('custom study', () => {
  it('the scope round-trips; bad specs are refused with a reason', () => {
    const s = spec({ kind: 'tag', tag: 'ml::cnn', days: undefined, cram: true });
    expect(parseCustomScope(customScope(s))).toEqual(s);
    expect(parseCustomScope('custom:not-base64!')).toBeUndefined();
    expect(customProblems(spec({ days: 0 }))).toEqual(['Days must be a whole number from 1 to 365.']);
    expect(customProblems(spec({ kind: 'tag', tag: ' ' }))).toContain('Choose a tag.');
    expect(customProblems(spec({ limit: 501 }))).toEqual(['Cards must be a whole number from 1 to 500.']);
    expect(tagMatches(['ML::CNN'], 'ml')).toBe(true);
    expect(tagMatches(['mlops'], 'ml')).toBe(false);
  });

  it('a study link that cannot be read is refused in words', async () => {
    await expect(loadStudyQueue('custom:zzz', NOW, settings(), freshDbName('custom-bad'))).rejects.toThrow(/custom study link cannot be read/);
  });

  it('forgotten: cards answered Again in the last N days, most recent first, in the chosen deck only', async () => {
    const db = freshDbName('custom-forgot');
    await applyBuiltinDeck(sampleDeck('a', 5), NOW - 30 * DAY, db);
    await applyBuiltinDeck(sampleDeck('b', 5), NOW - 30 * DAY, db);
    const all = await cards(db);
    const [a0, a1, a2] = all.filter((c) => c.deckId === 'a');
    const [b0] = all.filter((c) => c.deckId === 'b');
    await answer(db, a0!, 1, NOW - 2 * DAY);
    await answer(db, a1!, 1, NOW - 1 * DAY);
    await answer(db, a2!, 3, NOW - 1 * DAY);
    await answer(db, b0!, 1, NOW - 1 * DAY);
    const q = await loadStudyQueue(customScope(spec({ kind: 'forgotten', deck: 'a', days: 3 })), NOW, settings(), db);
    expect(q.main.map((c) => c.id)).toEqual([a1!.id, a0!.id]);
    // All decks, a two-day window: b's forgotten card too; a2 was answered Good.
    const all2 = await loadStudyQueue(customScope(spec({ kind: 'forgotten', deck: 'all', days: 2 })), NOW - 0.5 * DAY, settings(), db);
    expect(new Set(all2.main.map((c) => c.id))).toEqual(new Set([a1!.id, b0!.id, a0!.id]));
  });

  it('ahead: review cards due after today within N days, soonest first; suspended ones left out', async () => {
    const db = freshDbName('custom-ahead');
    await applyBuiltinDeck(sampleDeck('a', 4), NOW - 30 * DAY, db);
    const raw = await openDatabase(db);
    const list = await cards(db);
    const due = [3, 1, 20, 2];
    for (const [i, c] of list.entries()) await raw.put('cards', { ...c, state: CardState.Review, bucket: 2, stability: 5, difficulty: 5, scheduled_days: 5, last_review: NOW - DAY, due: NOW + due[i]! * DAY });
    await setCards([list[3]!.id], { kind: 'suspend' }, NOW, db);
    const q = await loadStudyQueue(customScope(spec({ kind: 'ahead', deck: 'a', days: 5 })), NOW, settings(), db);
    expect(q.main.map((c) => c.id)).toEqual([list[1]!.id, list[0]!.id]);
  });

  it('tag: the cards of tagged notes, packed ones included; counted sessions move them out of their packs first', async () => {
    const db = freshDbName('custom-tag');
    const rows = Array.from({ length: 260 }, (_, i) => `q${i}\ta${i}\t${i % 4 === 0 ? 'hot::sub' : 'cold'}`).join('\n');
    const plan = await readImport(new TextEncoder().encode(`#separator:tab\n#tags column:3\n${rows}\n`), 'big.txt', { now: NOW });
    await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    expect(await (await openDatabase(db)).count('cards')).toBe(0);
    const cram = await loadStudyQueue(customScope(spec({ kind: 'tag', tag: 'hot', days: undefined, cram: true, limit: 500 })), NOW, settings(), db);
    expect(cram.main).toHaveLength(65);
    expect(await (await openDatabase(db)).count('cards')).toBe(0);
    const counted = await loadStudyQueue(customScope(spec({ kind: 'tag', tag: 'hot', days: undefined, limit: 10 })), NOW, settings(), db);
    expect(counted.main).toHaveLength(10);
    expect(await (await openDatabase(db)).count('cards')).toBe(10);
  });

  it('a cram session writes nothing and brings an Again card back at the end; a counted one schedules', async () => {
    const db = freshDbName('custom-cram');
    await applyBuiltinDeck(sampleDeck('a', 3), NOW - 30 * DAY, db);
    const raw = await openDatabase(db);
    for (const c of await cards(db)) await raw.put('cards', { ...c, state: CardState.Review, bucket: 2, stability: 5, difficulty: 5, scheduled_days: 5, last_review: NOW - DAY, due: NOW + 2 * DAY });
    const before = await cards(db);
    const session = new ReviewSession(customScope(spec({ kind: 'ahead', deck: 'a', days: 5, cram: true })), db);
    await session.load(NOW, settings());
    const first = session.next(NOW);
    if (first.kind !== 'card') throw new Error('no card');
    await session.grade(first.card, 1, NOW, 1000, settings());
    const order: string[] = [];
    for (let up = session.next(NOW); up.kind === 'card'; up = session.next(NOW)) {
      order.push(up.card.id);
      await session.grade(up.card, 3, NOW, 1000, settings());
    }
    expect(order.at(-1)).toBe(first.card.id);
    expect(await cards(db)).toEqual(before);
    expect(await raw.count('revlog')).toBe(0);
    const counted = new ReviewSession(customScope(spec({ kind: 'ahead', deck: 'a', days: 5 })), db);
    await counted.load(NOW, settings());
    const up = counted.next(NOW);
    if (up.kind !== 'card') throw new Error('no card');
    await counted.grade(up.card, 3, NOW, 1000, settings());
    expect(await raw.count('revlog')).toBe(1);
  });
});
