/**
 * Quizlet exports: the separators chosen in Quizlet's export dialog (Tab/Comma/custom between
 * term and definition, New line/Semicolon/custom between rows), without quoting.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, ErrorCode } from '../../src/core/errors';
import { errorOf } from './helpers';
import { previewText, readImport } from '../../src/formats/index';
import { escapeSeparator, splitQuizlet, unescapeSeparator } from '../../src/formats/text/quizlet';
import { readText } from '../../src/formats/text/read';
import { summarizePlan } from '../../src/formats/summary';

const utf8 = (s: string) => new TextEncoder().encode(s);
type Card = [string, string];

/** What Quizlet's export writes: term, separator, definition, card separator, nothing quoted. */
function quizletExport(cards: Card[], term: string, card: string, trailing = false): string {
  return cards.map(([t, d]) => `${t}${term}${d}`).join(card) + (trailing ? card : '');
}

const vocab: Card[] = [
  ['der Hund', 'the dog'],
  ['der Stuhl', 'the chair, the stool'],
  ['die Fraulein', 'the unmarried woman; the young woman'],
  ['das Lied', 'the song'],
];


describe('Quizlet exports', () => {
  it('reads the default export (tab, new line) with CRLF line ends', () => {
    const text = quizletExport(vocab, '\t', '\r\n', true);
    const plan = readText(utf8(text), 'German.txt', { quizlet: { term: '\t', card: '\n' } });
    expect(plan.format).toBe('quizlet');
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual(vocab.map(([t, d]) => [t, d.replace(/;/g, ';')]));
    expect(summarizePlan(plan)).toMatchObject({ notes: 4, cards: 4, decks: { German: 4 }, warnings: [] });
  });

  it('reads comma and semicolon: the term ends at the first comma, a definition keeps the rest', () => {
    const cards = vocab.filter(([, d]) => !d.includes(';'));
    const text = quizletExport(cards, ',', ';', true) + '\n';
    const plan = readText(utf8(text), 'set.txt', { quizlet: { term: ',', card: ';' } });
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual(cards);
  });

  it('keeps multi-line definitions when the row separator is custom', () => {
    const cards: Card[] = [
      ['mitosis', 'Cell division:\n1. prophase\n2. metaphase'],
      ['osmosis', 'Water moves across a membrane\ntoward the higher solute concentration'],
      ['ATP', 'energy currency'],
    ];
    const text = quizletExport(cards, ' - ', '\n\n', true);
    const plan = readText(utf8(text), 'bio.txt', { quizlet: { term: ' - ', card: '\n\n' } });
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual([
      ['mitosis', 'Cell division:<br>1. prophase<br>2. metaphase'],
      ['osmosis', 'Water moves across a membrane<br>toward the higher solute concentration'],
      ['ATP', 'energy currency'],
    ]);
    const rows = splitQuizlet(text, 'bio.txt', { term: ' - ', card: '\n\n' }).records;
    expect(rows.map((r) => r.line)).toEqual([1, 5, 8]);
  });

  it('treats the text as plain text: a "<" is a character, not a tag', () => {
    const plan = readText(utf8('a < b\tless than <b>bold</b>\n'), 'x.txt', { quizlet: { term: '\t', card: '\n' } });
    expect(plan.notes[0]).toMatchObject({ front: 'a &lt; b', back: 'less than &lt;b&gt;bold&lt;/b&gt;' });
  });

  it('warns about cards without a term separator and refuses a file where none has one', () => {
    const plan = readText(utf8('one\t1\njust a line\ntwo\t2\n'), 'x.txt', { quizlet: { term: '\t', card: '\n' } });
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual([['one', '1'], ['just a line', ''], ['two', '2']]);
    expect(plan.warnings).toEqual(['1 card has no separator (a tab) between term and definition (line 2): imported with an empty back. Check the separators if that is wrong.']);
    const e = errorOf(() => readText(utf8('a,b;c,d'), 'x.txt', { quizlet: { term: '\t', card: '\n' } }));
    expect(e.code).toBe(ErrorCode.NoRows);
    expect(e.message).toMatch(/None of the 1 card in "x\.txt" has the separator between term and definition \(a tab\)/);
    expect(errorOf(() => readText(utf8('a,b'), 'x.txt', { quizlet: { term: ',', card: ',' } })).message).toMatch(/two separators are the same/);
    expect(errorOf(() => readText(utf8('a,b'), 'x.txt', { quizlet: { term: '', card: '\n' } })).code).toBe(ErrorCode.Invalid);
  });

  it('goes through readImport whatever the file is called, and the preview shows Term and Definition', async () => {
    const text = quizletExport(vocab, '\t', '\n');
    const plan = await readImport(utf8(text), 'export.md', { text: { quizlet: { term: '\t', card: '\n' } } });
    expect(plan.format).toBe('quizlet');
    expect(plan.notes).toHaveLength(4);
    const p = previewText(utf8(text), 'export.md', { quizlet: { term: '\t', card: '\n' } });
    expect(p).toMatchObject({ columnCount: 2, columnNames: ['Term', 'Definition'], suggestedColumns: ['front', 'back'], quizlet: { term: '\t', card: '\n' } });
    // Swapping the columns studies definition → term.
    const swapped = readText(utf8(text), 'x.txt', { quizlet: { term: '\t', card: '\n' }, columns: ['back', 'front'] });
    expect(swapped.notes[0]).toMatchObject({ front: 'the dog', back: 'der Hund' });
  });

  it('round-trips any cards through an export with any separators', () => {
    const sep = fc.constantFrom('\t', ',', ' - ', '::', '|');
    const cardSep = fc.constantFrom('\n', ';', '\n\n', '###');
    const field = fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.trim()).filter((s) => s !== '');
    fc.assert(
      fc.property(sep, cardSep, fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 6 }), (term, card, cards) => {
        // Cards the export can tell apart: the first term separator ends the term, and the card
        // separator appears only between cards.
        const fits = cards.filter(([t, d]) => `${t}${term}${d}`.indexOf(term) === t.length && !`${card}${t}${term}${d}${card}`.slice(1, -1).includes(card) && !/[\r\n]/.test(t + d));
        fc.pre(fits.length > 0);
        const rows = splitQuizlet(quizletExport(fits, term, card), 'x.txt', { term, card }).records;
        expect(rows.map((r) => r.fields)).toEqual(fits.map(([t, d]) => [t, d]));
      }),
      { numRuns: 300 },
    );
  });

  it('spells separators as escapes for the command line and the custom fields', () => {
    expect(unescapeSeparator('\\t')).toBe('\t');
    expect(unescapeSeparator('\\n\\n')).toBe('\n\n');
    expect(unescapeSeparator('a\\\\tb')).toBe('a\\tb');
    for (const s of ['\t', '\n', ' - ', '\\', 'x\\ty']) expect(unescapeSeparator(escapeSeparator(s))).toBe(s);
  });
});
