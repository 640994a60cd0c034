import { describe, expect, it } from 'vitest';
import { applyBuiltinDeck, commitReview, getCard, loadStudyQueue, openDatabase, syncBuiltinDecks, builtinCardId } from '../../src/storage';
import { gradeCard } from '../../src/core/scheduler';
import type { CompiledDeck } from '../../src/formats/prepdeck/compiled';
import { freshDbName, sampleDeck, settings, withoutStamp } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');

async function dump(db: string) {
  const d = await openDatabase(db);
  return { decks: await d.getAll('decks'), notes: await d.getAll('notes'), cards: await d.getAll('cards') };
}

describe('built-in deck loading', () => {
  it('is idempotent: applying the same deck twice changes nothing', async () => {
    const db = freshDbName('idem');
    const deck = sampleDeck('alg', 5);
    await applyBuiltinDeck(deck, NOW, db);
    const once = await dump(db);
    const second = await applyBuiltinDeck(deck, NOW, db);
    expect(second).toEqual({ added: 0, removed: 0 });
    expect(await dump(db)).toEqual(once);
    expect(once.cards).toHaveLength(5);
  });

  it('a new version adds and edits cards without touching progress, and drops removed ones', async () => {
    const db = freshDbName('update');
    const v1 = sampleDeck('alg', 3);
    await applyBuiltinDeck(v1, NOW, db);
    const q = await loadStudyQueue('alg', NOW, settings(), db);
    const c = q.main[0]!;
    const g = gradeCard(c, 3, NOW, 1000, settings(), 'l1');
    await commitReview(c, g.card, g.log, Date.now(), undefined, db);

    const v2: CompiledDeck = {
      ...v1,
      hash: 'v2',
      notes: [
        { ...v1.notes[0]!, front: 'Edited question 0?' },
        v1.notes[1]!,
        { id: 'alg-new', kind: 'cloze', front: 'A {{c1::heap}} and a {{c2::trie}}', back: '', tags: [], topics: ['a.15'] },
      ],
    };
    const res = await applyBuiltinDeck(v2, NOW + 1000, db);
    expect(res).toEqual({ added: 2, removed: 1 });
    expect(withoutStamp(await getCard(c.id, db))).toEqual(withoutStamp(g.card));
    const after = await dump(db);
    expect(after.notes.find((n) => n.id === 'alg-q0')!.front).toBe('Edited question 0?');
    expect(after.cards.map((x) => x.id).sort()).toEqual(['alg-new', builtinCardId('alg-new', 1), 'alg-q0', 'alg-q1'].sort());
  });

  it('sync fetches only decks whose hash changed', async () => {
    const db = freshDbName('sync');
    const decks = { 'a.json': sampleDeck('a', 2), 'b.json': sampleDeck('b', 2) };
    const fetched: string[] = [];
    const fetchDeck = async (file: string) => {
      fetched.push(file);
      return decks[file as keyof typeof decks];
    };
    const index = { version: '1', decks: [{ id: 'a', name: 'A', file: 'a.json', hash: decks['a.json'].hash, cards: 2 }, { id: 'b', name: 'B', file: 'b.json', hash: decks['b.json'].hash, cards: 2 }] };
    expect(await syncBuiltinDecks(index, fetchDeck, NOW, db)).toEqual(['a', 'b']);
    expect(await syncBuiltinDecks(index, fetchDeck, NOW, db)).toEqual([]);
    expect(fetched).toEqual(['a.json', 'b.json']);
  });
});
