import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, ErrorCode } from '../../src/core/errors';
import type { NoteKind } from '../../src/core/types';
import { readMarkdown } from '../../src/formats/markdown/read';
import { parseDeckFile } from '../../src/formats/prepdeck/parse';
import { writePrepdeck, type WritableNote } from '../../src/formats/prepdeck/write';

const utf8 = (s: string) => new TextEncoder().encode(s);

const OUR_FORMAT = `---
id: sql-basics
name: Interview::SQL
description: Joins and keys.
---

## sql-inner-join
topics: e.10
tags: sql, joins
difficulty: easy

What does an inner join return?

---

Rows with a match on both sides.

## sql-keys-cloze
type: cloze

A {{c1::primary key}} identifies a row; a {{c2::foreign key}} points at one.

---

## sql-count-type
type: type-in
answer: COUNT

Which aggregate counts rows?

---

\`COUNT(*)\` counts rows, \`COUNT(col)\` non-null values.
`;

describe('readMarkdown: Prepdeck format', () => {
  it('should read our format with its ids, kinds and card ids', () => {
    const plan = readMarkdown(utf8(OUR_FORMAT), 'sql.md', { now: 42 });
    expect(plan.format).toBe('prepdeck');
    expect(plan.decks.map((d) => [d.id, d.name])).toEqual([[expect.stringMatching(/^anki-deck-/), 'Interview'], ['sql-basics', 'Interview::SQL']]);
    expect(plan.notes.map((n) => [n.id, n.kind, n.format])).toEqual([
      ['sql-inner-join', 'basic', 'markdown'],
      ['sql-keys-cloze', 'cloze', 'markdown'],
      ['sql-count-type', 'type-in', 'markdown'],
    ]);
    expect(plan.notes[0]).toMatchObject({ front: 'What does an inner join return?', back: 'Rows with a match on both sides.', tags: ['sql', 'joins'], topics: ['e.10'], difficulty: 'easy', mtime: 42 });
    expect(plan.notes[2]!.answer).toBe('COUNT');
    // The built-in card id scheme: the note id for ordinal 0, "~ord" after.
    expect(plan.cards.map((c) => c.id)).toEqual(['sql-inner-join', 'sql-keys-cloze', 'sql-keys-cloze~1', 'sql-count-type']);
    expect(plan.stats.clozeNotes).toBe(1);
  });

  it('should read a deck-folder file without front matter, naming the deck after the file', () => {
    const body = OUR_FORMAT.slice(OUR_FORMAT.indexOf('## sql-inner-join'));
    const plan = readMarkdown(utf8(body), 'decks/sql/02-joins.md');
    expect(plan.format).toBe('prepdeck');
    expect(plan.decks.map((d) => d.name)).toEqual(['02-joins']);
    expect(plan.notes).toHaveLength(3);
  });
});

describe('readMarkdown: plain shapes', () => {
  it('should read one card per heading, with a lone title as the deck name', () => {
    const text = '# Networking\n\n## What is TCP?\nA reliable, ordered byte stream.\n\n### Handshake\nSYN, SYN-ACK, ACK.\n\n## What is UDP?\n\nDatagrams.\n```\n## not a card\n```\n';
    const plan = readMarkdown(utf8(text), 'net.md');
    expect(plan.format).toBe('markdown');
    expect(plan.decks.map((d) => d.name)).toEqual(['Networking']);
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual([
      ['What is TCP?', 'A reliable, ordered byte stream.\n\n### Handshake\nSYN, SYN-ACK, ACK.'],
      ['What is UDP?', 'Datagrams.\n```\n## not a card\n```'],
    ]);
  });

  it('should read Q:/A: pairs, with multi-line answers', () => {
    const text = 'Q: What is 2 + 2?\nA: 4\n\n**Q:** Name a prime\n**A:** 7\nor 11\n';
    const plan = readMarkdown(utf8(text), 'quiz.md');
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual([['What is 2 + 2?', '4'], ['Name a prime', '7\nor 11']]);
    expect(plan.decks.map((d) => d.name)).toEqual(['quiz']);
  });

  it('should use the front-matter name when the cards are plain', () => {
    const plan = readMarkdown(utf8('---\nname: Plain deck\n---\n\n## Why?\nBecause.\n\n## How?\nLike this.\n'), 'p.md');
    expect(plan.format).toBe('markdown');
    expect(plan.decks.map((d) => d.name)).toEqual(['Plain deck']);
  });

  it('should keep ids stable and make cloze cards per deletion', () => {
    const text = '## First\nThe {{c1::answer}} and {{c2::more}}\n\n## Second\nBody\n';
    const a = readMarkdown(utf8(text), 'x.md');
    const b = readMarkdown(utf8(text), 'x.md');
    expect(a.notes.map((n) => n.id)).toEqual(b.notes.map((n) => n.id));
    expect(a.cards).toHaveLength(2);
  });

  it.each([
    ['an empty file', '', ErrorCode.EmptyFile],
    ['prose without cards', 'Just some notes.\nNothing else.\n', ErrorCode.NoRows],
    ['front matter only', '---\nid: x\nname: X\n---\n', ErrorCode.NoRows],
  ])('should refuse %s', (_, text, code) => {
    try {
      readMarkdown(utf8(text), 'x.md');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe(code);
    }
  });

  it('should never throw anything but an AppError', () => {
    const parts = fc.constantFrom('---', '#', '## ', '## card-id', 'Q:', 'A:', 'type: cloze', '{{c1::x}}', '```', 'text', '\n', '\n\n', 'tags: a', 'id: d', 'name: n');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(parts, { maxLength: 40 }).map((p) => p.join(''))), (text) => {
        try {
          readMarkdown(utf8(text), 'fuzz.md');
        } catch (e) {
          return e instanceof AppError;
        }
        return true;
      }),
      { numRuns: 400 },
    );
  });
});

describe('writePrepdeck', () => {
  const deck = { id: 'my-deck', name: 'My deck::Sub', description: 'A test deck.' };

  it('should write a file parseDeckFile reads back to the same notes', () => {
    const notes: WritableNote[] = [
      { id: 'note-one', kind: 'basic', front: 'Front **md**\n\n```python\n---\n## in code\n```', back: 'Back', tags: ['a', 'b::c'], topics: ['a.1'], difficulty: 'hard' },
      { id: 'note-two', kind: 'cloze', front: 'A {{c1::cloze}}', back: '', tags: [], topics: [] },
      { id: 'note-three', kind: 'type-in', front: 'Type it', back: 'Explanation', answer: '42', tags: [], topics: [], story: false },
      { id: 'note-four', kind: 'reversed', front: 'dog', back: 'Hund', tags: [], topics: [], story: true },
    ];
    const parsed = parseDeckFile(writePrepdeck(deck, notes), 'out.md');
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta).toEqual(deck);
    expect(parsed.cards.map(({ line: _l, file: _f, ...c }) => c)).toEqual(
      notes.map((n) => ({ id: n.id, kind: n.kind, front: n.front, back: n.back, tags: n.tags, topics: n.topics, story: n.story ?? false, ...(n.difficulty ? { difficulty: n.difficulty } : {}), ...(n.answer ? { answer: n.answer } : {}) })),
    );
  });

  it('should protect lines the format reserves, keeping their rendering', () => {
    const text = writePrepdeck(deck, [{ id: 'reserved-lines', kind: 'basic', front: 'Above\n---\nBelow\n## Heading', back: 'x', tags: ['has space'], topics: [] }]);
    const card = parseDeckFile(text, 'out.md').cards[0]!;
    // `Above` over `---` is a setext heading: `----` keeps it one (`***` would make it a rule).
    expect(card.front).toBe('Above\n----\nBelow\n ## Heading');
    expect(card.tags).toEqual(['has-space']);
  });

  it('should turn ids the format does not allow into stable safe ids', () => {
    const text = writePrepdeck({ id: 'Anki Deck!', name: 'X', description: '' }, [{ id: 'Weird ID', kind: 'basic', front: 'f', back: 'b', tags: [], topics: [] }]);
    const parsed = parseDeckFile(text, 'out.md');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cards[0]!.id).toMatch(/^weird-id-[0-9a-f]{12}$/);
    expect(parseDeckFile(writePrepdeck({ id: 'Anki Deck!', name: 'X', description: '' }, []), 'o.md').meta.id).toBe(parsed.meta.id);
  });

  it('should round-trip generated notes', () => {
    const line = fc.stringMatching(/^[A-Za-z0-9 .,!?*_()[\]{}:;'"+=<>/-]{1,30}$/).filter((l) => l.trim() !== '' && l.trim() !== '---' && !/^##\s/.test(l) && !/^\s{0,3}(```|~~~)/.test(l));
    const body = fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l) => l.trim()).join('\n'));
    const note = fc.record({
      id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
      kind: fc.constantFrom<NoteKind>('basic', 'reversed'),
      front: body,
      back: body,
      tags: fc.array(fc.stringMatching(/^[a-z0-9_:.-]{1,10}$/), { maxLength: 3 }),
      topics: fc.array(fc.stringMatching(/^[a-f]\.[0-9]{1,2}$/), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(note, { selector: (n) => n.id, maxLength: 5 }), (notes) => {
        const parsed = parseDeckFile(writePrepdeck(deck, notes), 'gen.md');
        expect(parsed.errors).toEqual([]);
        expect(parsed.cards.map((c) => ({ id: c.id, kind: c.kind, front: c.front, back: c.back, tags: c.tags, topics: c.topics }))).toEqual(notes);
      }),
      { numRuns: 200 },
    );
  });
});
