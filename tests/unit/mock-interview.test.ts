/** Mock interview selection and summary (core/mock-interview.ts). */
import { describe, expect, it } from 'vitest';
import { pickQuestions, secondsFor, summarise, type Candidate } from '../../src/core/mock-interview';

const cand = (area: string, i: number, story = false): Candidate => ({ cardId: `${area}${i}`, noteId: `n-${area}${i}`, topic: `${area}.${(i % 4) + 1}`, story });
const pool = [...Array.from({ length: 40 }, (_, i) => cand('a', i)), ...Array.from({ length: 40 }, (_, i) => cand('b', i)), ...Array.from({ length: 10 }, (_, i) => cand('f', i, true))];

describe('mock interview', () => {
  it('mixes the areas in turn, one card per note, deterministically for a seed', () => {
    const q = pickQuestions(pool, new Map(), 9, 1);
    expect(q).toHaveLength(9);
    const areas = q.map((c) => c.topic[0]);
    expect(new Set(areas.slice(0, 3))).toEqual(new Set(['a', 'b', 'f']));
    expect(areas.filter((a) => a === 'a')).toHaveLength(3);
    expect(new Set(q.map((c) => c.noteId)).size).toBe(9);
    expect(pickQuestions(pool, new Map(), 9, 1)).toEqual(q);
    expect(pickQuestions([...pool, { ...pool[0]!, cardId: 'dup' }], new Map(), 200, 3)).toHaveLength(90);
  });

  it('weak subtopics come up more often than strong ones', () => {
    const readiness = new Map([
      ['a.1', 0],
      ['a.2', 1],
      ['a.3', 1],
      ['a.4', 1],
    ]);
    let weak = 0;
    for (let seed = 1; seed <= 200; seed++) weak += pickQuestions(pool.filter((c) => c.topic[0] === 'a'), readiness, 1, seed).filter((c) => c.topic === 'a.1').length;
    // Weights 4 : 1 : 1 : 1 → about 57 % of first picks.
    expect(weak).toBeGreaterThan(90);
    expect(weak).toBeLessThan(145);
  });

  it('often-asked subtopics come up more often too', () => {
    const freq = new Map([['a.1', 6]]);
    let often = 0;
    for (let seed = 1; seed <= 200; seed++) often += pickQuestions(pool.filter((c) => c.topic[0] === 'a'), new Map(), 1, seed, freq).filter((c) => c.topic === 'a.1').length;
    // Weights 2.5 : 1 : 1 : 1 → about 45 % of first picks (25 % without the frequency).
    expect(often).toBeGreaterThan(70);
    expect(often).toBeLessThan(120);
  });

  it('gives stories longer, and sums up times, grades, over-time answers and the weakest subtopics', () => {
    expect(secondsFor({ story: true })).toBe(180);
    expect(secondsFor({ story: false })).toBe(120);
    const s = summarise([
      { candidate: cand('a', 0), seconds: 100, rating: 3 },
      { candidate: cand('a', 1), seconds: 130, rating: 1 },
      { candidate: cand('b', 2), seconds: 60, rating: 2 },
      { candidate: cand('f', 0, true), seconds: 170, rating: 4 },
    ]);
    expect(s).toEqual({ questions: 4, totalSeconds: 460, overTime: 1, grades: [1, 1, 1, 1], weakest: ['a.2', 'b.3'] });
  });
});
