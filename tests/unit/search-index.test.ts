/**
 * Browse's search (workers/term-index.ts, workers/search-index.ts): prefix words, all required,
 * accents folded; the same answers as a plain scan, before and after changes and a save/load.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TermIndex, words } from '../../src/workers/term-index';
import { SearchIndex } from '../../src/workers/search-index';
import { CardState, QueueBucket, type CardRecord, type Note } from '../../src/core/types';

const VOCAB = ['gradient', 'graph', 'grad', 'café', 'cafe', 'kernel', 'kv', 'cache', 'Über', 'uber', 'naïve', 'bayes', 'x', 'x2'];

/** What a query should find, by scanning every document. */
function scan(docs: Map<string, string>, query: string): Set<string> {
  const q = [...new Set(words(query))];
  const out = new Set<string>();
  if (!q.length) return out;
  for (const [k, text] of docs) {
    const w = words(text);
    if (q.every((p) => w.some((x) => x.startsWith(p)))) out.add(k);
  }
  return out;
}

describe('TermIndex', () => {
  it('matches prefixes of every query word, folds case and accents', () => {
    const t = new TermIndex();
    t.set('a', 'Gradient descent on a café table');
    t.set('b', 'Graph kernels, naïve Bayes');
    t.set('c', 'KV-cache size');
    expect([...t.search('grad')].sort()).toEqual(['a']);
    expect([...t.search('gra')].sort()).toEqual(['a', 'b']);
    expect([...t.search('CAFE')].sort()).toEqual(['a']);
    expect([...t.search('naive bay')].sort()).toEqual(['b']);
    expect([...t.search('kv cache')].sort()).toEqual(['c']);
    expect([...t.search('graph cache')]).toEqual([]);
    t.set('a', 'now about kernels');
    expect([...t.search('grad')]).toEqual([]);
    expect([...t.search('kern')].sort()).toEqual(['a', 'b']);
    t.remove('b');
    expect([...t.search('kern')]).toEqual(['a']);
  });

  it('answers like a scan under random adds, replaces and removes, and after a save and load', () => {
    const doc = fc.array(fc.constantFrom(...VOCAB), { maxLength: 6 }).map((ws) => ws.join(' '));
    const op = fc.oneof(fc.record({ set: fc.integer({ min: 0, max: 15 }), text: doc }), fc.record({ remove: fc.integer({ min: 0, max: 15 }) }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(fc.constantFrom(...VOCAB.map((v) => v.slice(0, 3)), ...VOCAB), { minLength: 1, maxLength: 3 }), (ops, q) => {
        const t = new TermIndex();
        const docs = new Map<string, string>();
        for (const o of ops) {
          if ('set' in o) {
            t.set(`d${o.set}`, o.text);
            docs.set(`d${o.set}`, o.text);
          } else {
            t.remove(`d${o.remove}`);
            docs.delete(`d${o.remove}`);
          }
        }
        const query = q.join(' ');
        expect([...t.search(query)].sort()).toEqual([...scan(docs, query)].sort());
        const loaded = TermIndex.load(t.save());
        expect([...loaded.search(query)].sort()).toEqual([...scan(docs, query)].sort());
        expect(loaded.size).toBe(docs.size);
      }),
      { numRuns: 200 },
    );
  });
});

describe('SearchIndex', () => {
  const note = (id: string, front: string, tags: string[] = []): Note => ({ id, deckId: 'd', noteTypeId: 'pd-basic', fields: [front, 'back'], kind: 'basic', format: 'markdown', front, back: 'back', tags, topics: [], mtime: 1, usn: 1 });
  const card = (id: string, noteId: string, due: number, state: CardState = CardState.Review): CardRecord => ({ id, noteId, deckId: 'd', ord: 0, due, stability: 1, difficulty: 5, elapsed_days: 0, scheduled_days: 3, learning_steps: 0, reps: 1, lapses: 0, state, suspended: false, bucket: state === CardState.New ? QueueBucket.New : QueueBucket.Review, mtime: 1, usn: 1 });
  const ctx = { now: 0, dayStart: 0, dayEnd: 10 };

  it('combines words, tag filters and sorting, and follows the change feed', () => {
    const s = SearchIndex.build([note('n1', 'Gradient descent', ['ml']), note('n2', 'Graph search', ['alg']), note('n3', 'Gradient boosting', ['ml', 'trees'])], [card('c1', 'n1', 30), card('c2', 'n2', 5), card('c3', 'n3', 20)], [{ id: 'd', name: 'D', description: '', source: 'user', createdAt: 0, mtime: 0, usn: 0 }], 1);
    const req = (query: string) => s.search({ query, filters: {}, sort: 'due', descending: false, ctx }).ids();
    expect(req('grad')).toEqual(['c3', 'c1']);
    expect(req('gra tag:alg')).toEqual(['c2']);
    // A tag filter takes the tag's children too, not other tags that merely start alike.
    const t = SearchIndex.build([note('a', 'x', ['ML::Deep']), note('b', 'x', ['mlops']), note('c', 'x', ['ml'])], [card('ca', 'a', 1), card('cb', 'b', 2), card('cc', 'c', 3)], [], 1);
    expect(t.search({ query: 'tag:ml', filters: {}, sort: 'due', descending: false, ctx }).ids()).toEqual(['ca', 'cc']);
    expect(req('is:review')).toEqual(['c2', 'c3', 'c1']);
    // Saved by column and loaded back: the same rows and notes.
    const roundTrip = SearchIndex.load(s.save(), []);
    expect([...roundTrip.rows.values()]).toEqual([...s.rows.values()]);
    expect([...roundTrip.notes.values()]).toEqual([...s.notes.values()]);
    const saved = SearchIndex.load(s.save(), []);
    saved.apply({ usn: 2, notes: [note('n2', 'Gradient checking', ['alg'])], cards: [], decks: [], graves: [{ key: 'note:n1', kind: 'note', id: 'n1', mtime: 2, usn: 2 }, { key: 'card:c1', kind: 'card', id: 'c1', mtime: 2, usn: 2 }] });
    expect(saved.search({ query: 'gradient', filters: {}, sort: 'due', descending: false, ctx }).ids()).toEqual(['c2', 'c3']);
  });
});
