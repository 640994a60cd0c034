/**
 * Presets and daily limits over the deck tree (core/limits.ts, storage/presets.ts, queue.ts):
 * Anki's v3 rules — a studied deck's limit caps the whole, each sub-deck gives at most what its
 * own limits leave, a parent's limit does not apply when a child is studied alone — and a preset's
 * scheduling options reach the grades of its decks' cards.
 */
import { describe, expect, it } from 'vitest';
import { applyBuiltinDeck, listDeckSummaries, loadStudyQueue, readSnapshot, restoreSnapshot, commitReview } from '../../src/storage';
import { createDeck } from '../../src/storage/decks';
import { deletePreset, listPresets, savePreset, setDeckPreset, settingsByDeck } from '../../src/storage/presets';
import { setCards } from '../../src/storage/card-actions';
import { addNote } from '../../src/storage/edit';
import { defaultPreset, type Preset } from '../../src/core/presets';
import { countThroughTree, limitForest, takeThroughTree } from '../../src/core/limits';
import { gradeCard } from '../../src/core/scheduler';
import { queueCounts, pickNext } from '../../src/core/queue';
import { freshDbName, sampleDeck, settings } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');

function preset(over: Partial<Preset>): Preset {
  return { ...defaultPreset(settings()), id: '', name: 'Custom', mtime: 0, usn: 0, ...over };
}

async function deckWithCards(db: string, name: string, n: number): Promise<string> {
  const deck = await createDeck(name, NOW, '', db);
  for (let i = 0; i < n; i++) await addNote({ deckId: deck.id, noteTypeId: 'pd-basic', fields: [`${name} q${i}`, 'a'], tags: [] }, NOW + i, db);
  return deck.id;
}

describe('limits over the deck tree (pure)', () => {
  it('caps each child by its own limit and the whole by the parent’s', () => {
    const forest = limitForest(
      [
        { id: 'p', name: 'P', newPerDay: 5, reviewsPerDay: 100 },
        { id: 'c1', name: 'P::C1', newPerDay: 3, reviewsPerDay: 100 },
        { id: 'c2', name: 'P::C2', newPerDay: 10, reviewsPerDay: 100 },
      ],
      { newByDeck: new Map([['c2', 1]]), reviewsByDeck: new Map() },
    );
    // Usage in a child counts for its parent too.
    expect(forest[0]!.newLeft).toBe(4);
    const own = new Map([['P', [] as number[]], ['P::C1', [1, 2, 3, 4, 5, 6]], ['P::C2', [10, 11, 12, 13]]]);
    const took = takeThroughTree(forest, forest[0]!.newLeft, (n) => n.newLeft, (n) => own.get(n.name) ?? [], (a, b) => a - b);
    expect(took).toEqual([1, 2, 3, 10]);
    expect(countThroughTree(forest[0]!, Infinity, (n) => n.newLeft, (n) => own.get(n.name)?.length ?? 0)).toBe(4);
  });
});

describe('presets', () => {
  it('a deck’s preset sets its daily limits, shown in the deck list and given by its queue; “Study all” keeps the app-wide cap', async () => {
    const db = freshDbName('presets-limits');
    const s = settings({ newPerDay: 20, allNewPerDay: 6 });
    const a = await deckWithCards(db, 'A', 10);
    const b = await deckWithCards(db, 'B', 10);
    const small = await savePreset(preset({ name: 'Small', newPerDay: 3 }), s, NOW, db);
    await setDeckPreset([a], small.id, NOW, db);
    const { decks, all } = await listDeckSummaries(NOW, s, db);
    expect(Object.fromEntries(decks.map((d) => [d.deck.name, d.counts.new]))).toEqual({ A: 3, B: 10 });
    expect(all.new).toBe(6);
    expect(queueCounts(await loadStudyQueue(a, NOW, s, db)).new).toBe(3);
    expect(queueCounts(await loadStudyQueue(b, NOW, s, db)).new).toBe(10);
    expect(queueCounts(await loadStudyQueue('all', NOW, s, db)).new).toBe(6);
    expect((await listPresets(s, db)).map((p) => p.name)).toEqual(['Default', 'Small']);
    // Deleting the preset puts its decks back on Default.
    await deletePreset(small.id, NOW, db);
    expect(queueCounts(await loadStudyQueue(a, NOW, s, db)).new).toBe(10);
  });

  it('a parent’s limit caps studying the parent, not studying a child alone; answers in a child use up the parent’s limit', async () => {
    const db = freshDbName('presets-parent');
    const s = settings({ newPerDay: 20 });
    const parent = (await createDeck('Interview', NOW, '', db)).id;
    const c1 = await deckWithCards(db, 'Interview::SQL', 8);
    await deckWithCards(db, 'Interview::ML', 8);
    const five = await savePreset(preset({ name: 'Five', newPerDay: 5 }), s, NOW, db);
    const two = await savePreset(preset({ name: 'Two', newPerDay: 2 }), s, NOW, db);
    await setDeckPreset([parent], five.id, NOW, db);
    await setDeckPreset([c1], two.id, NOW, db);
    const q = await loadStudyQueue(parent, NOW, s, db);
    expect(q.main).toHaveLength(5);
    expect(q.main.filter((c) => c.deckId === c1)).toHaveLength(2);
    expect(queueCounts(await loadStudyQueue(c1, NOW, s, db)).new).toBe(2);
    const { decks } = await listDeckSummaries(NOW, s, db);
    expect(decks.find((d) => d.deck.id === parent)!.counts.new).toBe(5);
    // Two new cards answered in SQL: SQL has nothing left, the parent 3.
    for (let i = 0; i < 2; i++) {
      const cq = await loadStudyQueue(c1, NOW + i, s, db);
      const pick = pickNext(cq, NOW + i);
      if (!pick || !('card' in pick)) throw new Error('no card');
      const g = gradeCard(pick.card, 4, NOW + i, 1000, s, `l${i}`);
      await commitReview(pick.card, g.card, g.log, NOW + i, undefined, db);
    }
    const after = await listDeckSummaries(NOW + 10, s, db);
    expect(after.decks.find((d) => d.deck.id === c1)!.counts.new).toBe(0);
    expect(after.decks.find((d) => d.deck.id === parent)!.counts.new).toBe(3);
  });

  it('a preset’s desired retention and steps schedule its decks’ cards; presets survive backup and restore', async () => {
    const db = freshDbName('presets-sched');
    const s = settings();
    const a = await deckWithCards(db, 'Loose', 1);
    const loose = await savePreset(preset({ name: 'Loose', desiredRetention: 0.75, learningSteps: [] }), s, NOW, db);
    await setDeckPreset([a], loose.id, NOW, db);
    const forDeck = await settingsByDeck(s, db);
    expect(forDeck(a).desiredRetention).toBe(0.75);
    expect(forDeck('other')).toBe(s);
    const card = (await loadStudyQueue(a, NOW, s, db)).main[0]!;
    const withPreset = gradeCard(card, 3, NOW, 1000, forDeck(a), 'x').card;
    const withDefault = gradeCard(card, 3, NOW, 1000, s, 'y').card;
    // No learning steps: Good graduates at once; lower retention, longer interval than Default's steps.
    expect(withPreset.due).toBeGreaterThan(withDefault.due);
    await expect(savePreset(preset({ name: 'Bad', desiredRetention: 1.5 }), s, NOW, db)).rejects.toThrow(/Desired retention/);
    const snap = await readSnapshot(NOW, 'test', db);
    expect(snap.presets?.map((p) => p.name)).toEqual(['Loose']);
    const other = freshDbName('presets-restore');
    await applyBuiltinDeck(sampleDeck('z', 1), NOW, other);
    await restoreSnapshot(snap, other);
    expect((await settingsByDeck(s, other))(a).desiredRetention).toBe(0.75);
  });

  it('suspending still works per deck preset (a sanity check of counts after card actions)', async () => {
    const db = freshDbName('presets-suspend');
    const a = await deckWithCards(db, 'S', 3);
    const q = await loadStudyQueue(a, NOW, settings(), db);
    await setCards([q.main[0]!.id], { kind: 'suspend' }, NOW, db);
    expect(queueCounts(await loadStudyQueue(a, NOW, settings(), db)).new).toBe(2);
  });
});
