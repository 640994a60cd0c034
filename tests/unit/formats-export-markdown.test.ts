/**
 * Markdown export of our own format round-trips: writePrepdeck's file, read back by readMarkdown
 * (the importer's entry point for .md), gives the same notes field by field. Lines the format
 * reserves are rewritten so that they render the same (checked with marked, as the render layer).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { marked } from 'marked';
import type { Note } from '../../src/core/types';
import { readMarkdown } from '../../src/formats/markdown/read';
import { parseDeckFile } from '../../src/formats/prepdeck/parse';
import { writePrepdeck, type WritableNote } from '../../src/formats/prepdeck/write';
import type { PlanNote } from '../../src/formats/plan';

const deck = { id: 'ml-interview', name: 'ML Interview: "core"', description: 'Models, maths\nand stories.' };
const enc = (s: string) => new TextEncoder().encode(s);
const roundTrip = (notes: readonly WritableNote[], d = deck) => readMarkdown(enc(writePrepdeck(d, notes)), 'ml-interview.md', { now: 1 });
// Rendered HTML, up to white space at line ends (a side's trailing white space is not kept).
const html = (md: string) => marked.parse(md, { async: false }).replace(/[ \t]+(?=\n|$)|\s+(?=<\/)/g, '').trimEnd();

function note(id: string, kind: Note['kind'], front: string, back: string, extra: Partial<WritableNote> = {}): WritableNote {
  return { id, kind, front, back, tags: [], topics: [], ...extra };
}

const notes: WritableNote[] = [
  note('bias-variance', 'basic', 'What is the **bias–variance** trade-off?', 'Error = bias² + variance + noise.\n\n- more data: less variance\n- richer model: less bias', { tags: ['stats::bias', 'core'], topics: ['a.1', 'b.2'], difficulty: 'medium' }),
  note('prior-reverse', 'reversed', 'prior', 'belief before the evidence', { tags: ['stats::bayes'] }),
  note('bayes-cloze', 'cloze', 'The {{c1::posterior}} is proportional to the {{c2::likelihood}} times the {{c2::prior}}.', '', { topics: ['a.3'] }),
  note('cloze-with-extra', 'cloze', '{{c1::Adam}} combines momentum and RMSProp.', 'See Kingma & Ba (2015).'),
  note('conjugate-type', 'type-in', 'Conjugate prior of a Binomial likelihood?', 'The Beta distribution: $p \\sim \\mathrm{Beta}(\\alpha, \\beta)$.', { answer: 'Beta', difficulty: 'hard' }),
  note('tell-me-about', 'basic', 'Tell me about a time you disagreed with a decision.', '- Situation\n- Task\n- Action\n- Result', { story: true, tags: ['behavioural'], difficulty: 'easy' }),
  note('softmax-code', 'basic', 'Write a stable softmax.\n\n```python\n## not a card\n---\ndef softmax(x):\n    z = x - x.max()\n    return np.exp(z) / np.exp(z).sum()\n```', '~~~\n## still code\n---\n~~~\n\n$$\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$'),
  note('math-inline', 'basic', 'Gradient of $\\frac{1}{2}\\|Xw - y\\|^2$?', '$X^\\top(Xw - y)$'),
];

const pick = (n: PlanNote) => ({ id: n.id, kind: n.kind, front: n.front, back: n.back, tags: n.tags, topics: n.topics, answer: n.answer, difficulty: n.difficulty, story: n.story });
const expected = (n: WritableNote) => ({ id: n.id, kind: n.kind, front: n.front, back: n.back, tags: n.tags, topics: n.topics, answer: n.answer, difficulty: n.difficulty, story: n.story });

describe('Markdown export of our own format', () => {
  it('should read back every note field by field: kinds, code, math, tags, topics, difficulty, stories', () => {
    const plan = roundTrip(notes);
    expect(plan.format).toBe('prepdeck');
    expect(plan.warnings).toEqual([]);
    expect(plan.decks.at(-1)).toEqual({ id: deck.id, name: deck.name, description: 'Models, maths and stories.' });
    expect(plan.notes.map(pick)).toEqual(notes.map(expected));
    expect(plan.cards.map((c) => `${c.noteId}/${c.ord}`)).toEqual([
      'bias-variance/0', 'prior-reverse/0', 'prior-reverse/1', 'bayes-cloze/0', 'bayes-cloze/1', 'cloze-with-extra/0', 'conjugate-type/0', 'tell-me-about/0', 'softmax-code/0', 'math-inline/0',
    ]);
  });

  it('should keep the rendering of lines the format reserves, and close a fence left open', () => {
    const tricky: WritableNote[] = [
      note('rule-and-heading', 'basic', 'Intro\n\n---\n\n## Section\n\nSetext\n---', 'Back with a rule\n\n---\n\n## and a heading'),
      note('open-fence', 'basic', '```\ncode never closed\n---', 'answer'),
      note('open-fence-back', 'basic', 'front', '~~~\nback code never closed'),
      note('last-card', 'basic', 'still read?', 'yes'),
    ];
    const plan = roundTrip(tricky);
    expect(plan.warnings).toEqual([]);
    expect(plan.notes.map((n) => n.id)).toEqual(tricky.map((n) => n.id));
    plan.notes.forEach((n, i) => {
      expect(html(n.front), n.id).toBe(html(tricky[i]!.front));
      expect(html(n.back), n.id).toBe(html(tricky[i]!.back));
    });
    // Only the reserved lines changed.
    expect(plan.notes[0]!.front).toBe('Intro\n\n----\n\n ## Section\n\nSetext\n----');
    expect(plan.notes[0]!.back).toBe('Back with a rule\n\n---\n\n ## and a heading');
  });

  it('should write an empty side so that the card is still read, and keep ids the format accepts', () => {
    const plan = roundTrip([note('Not A Valid Id!', 'basic', 'front only', ''), note('no-front', 'basic', '', 'back only'), note('x', 'cloze', '{{c1::a}}', '')]);
    expect(plan.warnings).toEqual([]);
    expect(plan.notes).toHaveLength(3);
    expect(plan.notes[0]!.id).toMatch(/^not-a-valid-id-[0-9a-f]{12}$/);
    expect(html(plan.notes[0]!.back).trim()).toBe('<!-- empty -->');
    expect(plan.notes[2]!.back).toBe('');
  });

  it('property: any notes built from Markdown lines read back with the same metadata and rendering', () => {
    const line = fc.oneof(
      fc.constantFrom('---', '  ---', '## heading', '### sub', '```', '```js', '~~~', 'tags: x', 'type: cloze', '', '***', '- item', '> quote', '$$x^2$$', '<!-- c -->', '| a | b |', '|---|---|'),
      // Raw HTML blocks are left out: a reserved line inside one is literal text, rewritten all the same.
      fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ' ').replace(/</g, '‹')),
    );
    const body = fc.array(line, { minLength: 1, maxLength: 8 }).map((ls) => ls.join('\n')).filter((s) => s.trim() !== '');
    const tag = fc.stringMatching(/^[a-z][a-z0-9:_.-]{0,10}$/);
    const gen = fc.array(
      fc.record({
        kind: fc.constantFrom<Note['kind']>('basic', 'reversed', 'type-in'),
        front: body,
        back: body,
        tags: fc.uniqueArray(tag, { maxLength: 3 }),
        topics: fc.uniqueArray(fc.constantFrom('a.1', 'b.2', 'c.3'), { maxLength: 2 }),
        difficulty: fc.option(fc.constantFrom('easy' as const, 'medium' as const, 'hard' as const), { nil: undefined }),
        story: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(gen, (raw) => {
        const input = raw.map((r, i) => note(`note-${i}`, r.kind, r.front, r.back, { tags: r.tags, topics: r.topics, difficulty: r.difficulty, story: r.story || undefined, answer: r.kind === 'type-in' ? 'ans' : undefined }));
        const text = writePrepdeck(deck, input);
        expect(parseDeckFile(text).errors).toEqual([]);
        const plan = readMarkdown(enc(text), 'deck.md', { now: 1 });
        expect(plan.notes.map((n) => [n.id, n.kind, n.tags, n.topics, n.difficulty, n.story, n.answer])).toEqual(input.map((n) => [n.id, n.kind, n.tags, n.topics, n.difficulty, n.story, n.answer]));
        plan.notes.forEach((n, i) => {
          expect(html(n.front)).toBe(html(input[i]!.front));
          expect(html(n.back)).toBe(html(input[i]!.back));
        });
      }),
      { numRuns: 150 },
    );
  });
});
