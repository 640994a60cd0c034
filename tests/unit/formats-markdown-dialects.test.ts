import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { readImport } from '../../src/formats/index';
import { readMarkdown } from '../../src/formats/markdown/read';
import { summarizePlan } from '../../src/formats/summary';
import { noteIdForGuid } from '../../src/formats/shared/ids';
import { admonitionDeck, calloutDeck, headingDeck, logseqPage, obsidianSrNote } from '../fixtures/markdown-dialects';

const utf8 = (s: string) => new TextEncoder().encode(s);
const deckOf = (plan: ReturnType<typeof readMarkdown>, noteId: string) => plan.decks.find((d) => d.id === plan.notes.find((n) => n.id === noteId)?.deckId)?.name;

describe('readMarkdown: heading decks', () => {
  it('should make every ### a card and every ## a sub-deck, as import:inspect reports', async () => {
    const plan = await readImport(utf8(headingDeck(6, 40)), 'interview.md', { now: 0 });
    const s = summarizePlan(plan);
    expect(s.notes).toBe(240);
    expect(s.cards).toBe(240);
    expect(Object.keys(s.decks)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Interview Prep::Topic ${n}`));
    expect(Object.values(s.decks)).toEqual([40, 40, 40, 40, 40, 40]);
    expect(s.warnings).toEqual(['1 line of text is not part of any card and was not imported (line 8).']);
    const first = plan.notes[0]!;
    expect(first.front).toBe('1.1 What is concept 1-1?');
    // Deeper headings and code fences stay in the back; "## not a heading" in the fence is content.
    expect(first.back).toBe('Concept 1-1 is explained here.\n\n#### Example\n\n```cpp\n## not a heading\nstd::vector<int> v;\n```');
  });

  it('should skip headings with no body, listing their lines, and keep a single level working', () => {
    const plan = readMarkdown(utf8('# Deck\n\n## Cat\n\n### Q1\nA1\n\n### Q2\n\n### Q3\nA3\n'), 'd.md');
    expect(plan.notes.map((n) => n.front)).toEqual(['Q1', 'Q3']);
    expect(plan.warnings).toContain('1 card has no answer and was skipped (line 8).');
    expect(deckOf(plan, plan.notes[0]!.id)).toBe('Deck::Cat');
  });

  it('should tell "#### Answer" labels from cards and put mkdocs answer blocks on the back', () => {
    const labelled = '# Quiz\n\n### What is 2+2?\n#### Answer\n4\n\n### What is 3+3?\n#### Answer\n6\n\n### What is 1+1?\n#### Answer\n2\n';
    expect(readMarkdown(utf8(labelled), 'q.md').notes.map((n) => [n.front, n.back])).toEqual([
      ['What is 2+2?', '#### Answer\n4'],
      ['What is 3+3?', '#### Answer\n6'],
      ['What is 1+1?', '#### Answer\n2'],
    ]);
    const mk = '## SQL\n\n### 1. Top-N per group\n\nFind the top product.\n\n??? success "Answer"\n    ```sql\n    SELECT 1;\n    ```\n\n### 2. Count rows\n\n??? success "Answer"\n    `COUNT(*)`\n\n!!! note "Tip"\n    Mind NULLs.\n';
    const plan = readMarkdown(utf8(mk), 'sql.md');
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual([
      ['**1. Top-N per group**\n\nFind the top product.', '```sql\nSELECT 1;\n```'],
      ['2. Count rows', '`COUNT(*)`\n\n> **Tip**\n>\n> Mind NULLs.'],
    ]);
    expect(plan.warnings).toContain('1 callout (note, tip, example, …) is shown as a plain quote: the coloured box is not kept.');
  });
});

describe('readMarkdown: Obsidian callouts and mkdocs admonitions', () => {
  it('should read callout cards split by ---, with guid comments as stable note ids', async () => {
    const plan = await readImport(utf8(calloutDeck()), 'bio.md', { now: 0 });
    const s = summarizePlan(plan);
    expect([s.format, s.notes, s.cards, s.decks, s.media]).toEqual(['markdown', 3, 3, { Biology: 3 }, 0]);
    expect(s.warnings).toEqual([
      '1 callout (note, tip, example, …) is shown as a plain quote: the coloured box is not kept.',
      '1 image (helix.png) is not in this file and will show as missing (1 reference). Import the deck with its images (a zip or package) to see them.',
    ]);
    expect(plan.stats.missingMedia).toEqual(['helix.png']);
    expect(plan.notes.map((n) => n.id).slice(0, 2)).toEqual([noteIdForGuid('bio-atp'), noteIdForGuid('Bio DNA/1')]);
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual([
      ['What is ATP?', 'The energy currency of the cell.\n\n> **Mnemonic**\n>\n> Adenosine Tri-Phosphate'],
      ['What does DNA stand for?\n![](helix.png)', 'Deoxyribonucleic acid.'],
      ['**Osmosis {Example}**\n\nWater moves towards which side?', 'The side with more solute.'],
    ]);
    // Re-import after an edit: guid cards keep their ids, so the import updates them.
    const edited = readMarkdown(utf8(calloutDeck().replace('What is ATP?', 'What is ATP, briefly?')), 'bio.md');
    expect(edited.notes[0]!.id).toBe(plan.notes[0]!.id);
  });

  it('should read mkdocs exercises with prose questions and nested question blocks', () => {
    const plan = readMarkdown(utf8(admonitionDeck()), 'trees.md');
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual([
      ['**1. In-order traversal.** What does an in-order walk of a BST print?', 'The values in sorted order:\n\n```python\nsorted(values)\n```'],
      ['**2. Depth.** How deep is a chain of n nodes?', 'n - 1.'],
      // A box right after a card's answer (before the next heading or ---) joins that card's back.
      ['Q3. Why balance a tree?', 'To keep lookups logarithmic.\n\n> **Careful**\n>\n> Recursion depth is limited.'],
    ]);
    expect(plan.decks.map((d) => d.name)).toEqual(['Trees']);
    expect(plan.warnings).toEqual([
      '1 line of text is not part of any card and was not imported (line 3).',
      '1 callout (note, tip, example, …) is shown as a plain quote: the coloured box is not kept.',
    ]);
  });
});

describe('readMarkdown: Obsidian Spaced Repetition plugin', () => {
  it('should read ::, :::, ? and ?? cards and ==clozes==, with #flashcards/… tags as decks', async () => {
    const plan = await readImport(utf8(obsidianSrNote()), 'Logic Gates.md', { now: 0 });
    const s = summarizePlan(plan);
    expect([s.notes, s.cards, s.clozeNotes, s.decks, s.reviewCards]).toEqual([6, 9, 1, { 'cs::logic': 9 }, 2]);
    expect(plan.notes.map((n) => [n.kind, n.front, n.back])).toEqual([
      ['basic', 'How do you lay out a truth table?', 'One column per input, one row per combination.\n![](https://example.com/table.png)'],
      ['basic', 'What does a NOT gate output for 1?', '0'],
      ['basic', 'NAND', 'Not And'],
      ['reversed', 'XOR', 'Exclusive Or'],
      ['reversed', 'Inverter', 'NOT gate'],
      ['cloze', 'A NAND gate outputs {{c1::0}} only when both inputs are {{c2::1}}.', ''],
    ]);
    const scheduled = plan.cards.filter((c) => c.schedule);
    expect(scheduled.map((c) => [c.noteId, c.schedule!.ivlDays, c.schedule!.factor, new Date(c.schedule!.dueAt).toISOString().slice(0, 10)])).toEqual([
      [plan.notes[1]!.id, 4, 2700, '2024-03-01'],
      [plan.notes[2]!.id, 7, 2500, '2024-03-02'],
    ]);
    expect(s.warnings).toEqual([
      '2 review schedules of the Obsidian Spaced Repetition plugin (<!--SR:…-->) kept for 2 cards; past reviews are not in the file.',
      '6 lines of text are not part of any card and were not imported (lines 20, 21, 25, 33, 34, …).',
    ]);
  });

  it('should not take C++ scopes in a heading deck for :: cards', () => {
    const text = '## What does `std::move` do?\nCasts to an rvalue; std::move itself moves nothing.\n\n## What is RAII?\nResources tied to object lifetime.\n';
    const plan = readMarkdown(utf8(text), 'cpp.md');
    expect(plan.notes.map((n) => n.front)).toEqual(['What does `std::move` do?', 'What is RAII?']);
  });
});

describe('readMarkdown: Logseq', () => {
  it('should read #card blocks with child answers, clozes, ids and SM-2 schedules', async () => {
    const plan = await readImport(utf8(logseqPage()), 'databases.md', { now: 0 });
    const s = summarizePlan(plan);
    expect([s.notes, s.cards, s.clozeNotes, s.decks, s.reviewCards]).toEqual([3, 3, 1, { Databases: 3 }, 1]);
    expect(plan.notes.map((n) => [n.kind, n.front, n.back, n.tags])).toEqual([
      ['basic', 'What is **file organisation**?', '- How tuples are arranged on disk.\n- Heap files\n  - Unordered records.', ['db']],
      ['basic', 'Heap files', 'Unordered records.', []],
      ['cloze', 'Heap dump on OOM\n\n- Flag: {{c1::`-XX:+HeapDumpOnOutOfMemoryError`}}\n- Tool: {{c1::VisualVM}}', '', []],
    ]);
    expect(plan.notes[0]!.id).toBe(noteIdForGuid('631bf988-bea7-4731-8cea-1b01a7724918'));
    expect(plan.cards[0]!.schedule).toMatchObject({ type: 2, ivlDays: 4, factor: 2600, reps: 1, dueAt: Date.parse('2024-02-01T15:12:07.850Z') });
    expect(s.warnings).toEqual([
      '1 card keeps its Logseq review schedule (card-next-schedule::, card-last-interval::); past reviews are not in the file.',
      '1 card has no answer and was skipped (line 18).',
      '1 line of text is not part of any card and was not imported (line 3).',
    ]);
  });
});

describe('readMarkdown: a note of the Spaced Repetition plugin with headings', () => {
  it('should read only its cards when it is tagged #flashcards: its headings are context', () => {
    const note = [
      '---', 'sr-due: 2025-02-21', 'sr-interval: 421', '---', '', '#review', '',
      'Static friction holds a resting object until a threshold force.', '',
      '# See Also', '', '[[Kinetic friction]]', '', '---', '', '#flashcards/science/mechanics', '',
      '# Questions', '', 'What holds a resting object in place until a threshold force::Static friction', '',
      '<!--SR:!2024-03-20,124,270-->', '',
    ].join('\n');
    const s = summarizePlan(readMarkdown(utf8(note), 'Friction.md'));
    expect({ notes: s.notes, cards: s.cards, reviewCards: s.reviewCards, decks: s.decks }).toEqual({ notes: 1, cards: 1, reviewCards: 1, decks: { 'science::mechanics': 1 } });
  });
});

// Real public examples saved by hand (licence permitting) under /work/shared/fixtures/decks/real/markdown/.
const REAL = '/work/shared/fixtures/decks/real/markdown';
describe('readMarkdown: real-world examples', () => {
  it.skipIf(!existsSync(`${REAL}/expect.json`))('should import each saved example as expect.json says', async () => {
    const expected = JSON.parse(readFileSync(`${REAL}/expect.json`, 'utf8')) as Record<string, { notes: number; cards: number; decks: Record<string, number>; warnings?: number }>;
    for (const [file, want] of Object.entries(expected)) {
      const s = summarizePlan(await readImport(new Uint8Array(readFileSync(`${REAL}/${file}`)), file, { now: 0 }));
      expect({ file, notes: s.notes, cards: s.cards, decks: s.decks }).toEqual({ file, notes: want.notes, cards: want.cards, decks: want.decks });
      if (want.warnings !== undefined) expect(s.warnings).toHaveLength(want.warnings);
    }
  });
});
