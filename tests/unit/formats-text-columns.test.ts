/**
 * Header rows and column mapping of CSV/TSV/Anki text files, on files shaped like the ones
 * people export: Anki's "Notes in Plain Text", spreadsheet headers from Quizlet/Brainscape/
 * RemNote-style tools, and headers with columns the app has no place for.
 */
import { describe, expect, it } from 'vitest';
import { previewText, readImport } from '../../src/formats/index';
import { looksLikeHeaderRow, roleForName } from '../../src/formats/text/columns';
import { quoteField } from '../../src/formats/text/csv';
import { readText } from '../../src/formats/text/read';
import { summarizePlan } from '../../src/formats/summary';
import { noteIdForGuid } from '../../src/formats/shared/ids';

const utf8 = (s: string) => new TextEncoder().encode(s);
const rec = (...fields: string[]) => ({ fields, line: 1 });

interface AnkiNote {
  guid: string;
  notetype: string;
  deck: string;
  fields: string[];
  tags: string[];
}

/**
 * Writes what Anki's "Notes in Plain Text" export writes (rslib text/csv/export.rs): `#separator:tab`,
 * `#html:true`, then `#guid column`, `#notetype column`, `#deck column`, `#tags column` for the
 * columns included; fields padded to the widest note type; tags last.
 */
function ankiNotesExport(notes: AnkiNote[], include = { guid: true, notetype: true, deck: true, tags: true }): string {
  const width = Math.max(...notes.map((n) => n.fields.length));
  const cols: string[] = ['#separator:tab', '#html:true'];
  let k = 0;
  if (include.guid) cols.push(`#guid column:${++k}`);
  if (include.notetype) cols.push(`#notetype column:${++k}`);
  if (include.deck) cols.push(`#deck column:${++k}`);
  if (include.tags) cols.push(`#tags column:${k + width + 1}`);
  const rows = notes.map((n) => {
    const row: string[] = [];
    if (include.guid) row.push(n.guid);
    if (include.notetype) row.push(n.notetype);
    if (include.deck) row.push(n.deck);
    row.push(...n.fields, ...new Array<string>(width - n.fields.length).fill(''));
    if (include.tags) row.push(n.tags.join(' '));
    return row.map((f) => quoteField(f, '\t')).join('\t');
  });
  return [...cols, ...rows].join('\n') + '\n';
}

const csv = (rows: string[][]) => rows.map((r) => r.map((f) => quoteField(f, ',')).join(',')).join('\r\n') + '\r\n';

describe('header rows', () => {
  it.each([
    [['guid', 'question', 'answer', 'tags', 'deck'], true],
    [['Term', 'Definition'], true],
    [['Front', 'Back', 'Tags'], true],
    [['Question', 'Answer', 'Category'], true],
    [['id', 'Question', 'Answer', 'Source', 'Notes'], true],
    [['Note_Type', 'Front', 'Back'], true],
    [['\uFEFFFront', 'Back'], true],
    [['front', 'back', 'created_at', 'review', 'successful_review', 'category', 'example', 'pronunciation'], true],
    [['Q', 'A'], true],
    [['q', 'a', 'x', 'y', 'z'], false],
    [['What is 1+1?', '2'], false],
    [['hund', 'dog'], false],
    [['Front', 'The back of a card'], false],
    [['tags', 'deck'], false],
    [['<b>Front</b>', 'Back'], false],
  ])('%j is a header row: %s', (cells, expected) => {
    expect(looksLikeHeaderRow(rec(...cells))).toBe(expected);
  });

  it('maps names case-insensitively with synonyms', () => {
    expect(['FRONT', 'question', 'Term', 'prompt'].map(roleForName)).toEqual(['front', 'front', 'front', 'front']);
    expect(['Back', 'ANSWER', 'definition', 'Response'].map(roleForName)).toEqual(['back', 'back', 'back', 'back']);
    expect(['Tags', 'tag', 'Deck', 'category', 'Subdeck', 'GUID', 'id', 'uuid', 'notetype', 'Note Type', 'note-type', 'type'].map(roleForName)).toEqual([
      'tags', 'tags', 'deck', 'deck', 'deck', 'guid', 'guid', 'guid', 'notetype', 'notetype', 'notetype', 'notetype',
    ]);
    expect(roleForName('Source')).toBeUndefined();
  });

  it('imports guid,question,answer,tags,deck by name, not the header row as a card', () => {
    const text = csv([
      ['guid', 'question', 'answer', 'tags', 'deck', 'source'],
      ['n-1', 'Capital of France?', 'Paris', 'geo europe', 'Geography', 'atlas p. 3'],
      ['n-2', 'Capital of Peru?', 'Lima', 'geo', 'Geography::Americas', ''],
    ]);
    const p = previewText(utf8(text), 'cards.csv');
    expect(p.hasHeaderRow).toBe(true);
    expect(p.suggestedColumns).toEqual(['guid', 'front', 'back', 'tags', 'deck', 'ignore']);
    const plan = readText(utf8(text), 'cards.csv');
    expect(plan.notes.map((n) => [n.id, n.guid, n.front, n.back, n.tags])).toEqual([
      ['anki-n-1', 'n-1', 'Capital of France?', 'Paris', ['geo', 'europe']],
      ['anki-n-2', 'n-2', 'Capital of Peru?', 'Lima', ['geo']],
    ]);
    expect(plan.decks.map((d) => d.name)).toEqual(['Geography', 'Geography::Americas']);
    expect(plan.warnings).toEqual([expect.stringMatching(/^Column 6 \("source"\) is not imported: 1 row has text there\./)]);
  });

  it.each([
    ['Term,Definition', ['front', 'back']],
    ['Front,Back,Tags', ['front', 'back', 'tags']],
    ['Question,Answer,Category', ['front', 'back', 'deck']],
    ['Answer,Question', ['back', 'front']],
    ['Word,Translation,Example', ['front', 'back', 'ignore']],
    ['id,Prompt,Response,Type', ['guid', 'front', 'back', 'notetype']],
  ])('maps the header %s', (header, roles) => {
    const cols = header.split(',').length;
    const text = `${header}\n${Array.from({ length: cols }, (_, i) => `v${i}`).join(',')}\n`;
    expect(previewText(utf8(text), 'x.csv').suggestedColumns).toEqual(roles);
    const note = readText(utf8(text), 'x.csv').notes[0]!;
    expect(note.front).toBe(`v${roles.indexOf('front')}`);
    expect(note.back).toBe(`v${roles.indexOf('back')}`);
  });

  it('splits a spreadsheet tag cell at commas too, and Anki tags at spaces only', () => {
    expect(readText(utf8('question,answer,tags\nq,a,"biology, cells;plants"\n'), 'x.csv').notes[0]!.tags).toEqual(['biology', 'cells', 'plants']);
    expect(readText(utf8('#separator:tab\n#tags column:3\nq\ta\tc++,lang x\n'), 'x.txt').notes[0]!.tags).toEqual(['c++,lang', 'x']);
  });

  it('keeps two columns that claim the same single role apart: the second is ignored and named', () => {
    const plan = readText(utf8('front,back,deck,category\nq,a,Main,Other\n'), 'x.csv');
    expect(plan.decks.map((d) => d.name)).toEqual(['Main']);
    expect(plan.warnings.join(' ')).toMatch(/Column 4 \("category"\) is not imported/);
  });

  it('scopes numeric row ids to the file, so two spreadsheets numbered 1, 2, 3 do not overwrite each other', () => {
    const a = readText(utf8('id,front,back\n1,a,b\n'), 'first.csv').notes[0]!;
    const b = readText(utf8('id,front,back\n1,c,d\n'), 'second.csv').notes[0]!;
    expect(a.id).not.toBe(b.id);
    expect(a.guid).toBeUndefined();
    expect(readText(utf8('id,front,back\n1,a,b\n'), 'first.csv').notes[0]!.id).toBe(a.id);
  });

  it('says when two rows share one guid', () => {
    const plan = readText(utf8('guid,front,back\nx,a,b\nx,c,d\n'), 'x.csv');
    expect(plan.notes).toHaveLength(2);
    expect(plan.warnings.join(' ')).toMatch(/1 row has the same id \(guid column\) as an earlier row/);
  });

  it('lets the user turn the header row off and map by position', () => {
    const text = 'Front,Back\nq,a\n';
    expect(readText(utf8(text), 'x.csv', { hasHeaderRow: false }).notes.map((n) => n.front)).toEqual(['Front', 'q']);
    expect(readText(utf8(text), 'x.csv', { columns: ['back', 'front'] }).notes.map((n) => [n.front, n.back])).toEqual([['a', 'q']]);
  });
});

describe("Anki's Notes in Plain Text export", () => {
  const notes: AnkiNote[] = [
    { guid: 'Ab1+c/D', notetype: 'Basic', deck: 'Lang::French', fields: ['chien', 'dog'], tags: ['animals', 'fr'] },
    { guid: 'Zq9_x', notetype: 'Basic (and reversed card)', deck: 'Lang::French', fields: ['chat', 'cat <img src="cat.jpg">'], tags: [] },
    { guid: 'k3<y', notetype: 'Cloze', deck: 'Lang', fields: ['Le {{c1::chat}} dort.', 'extra'], tags: ['cloze'] },
    { guid: 'w-7', notetype: 'Vocab (3 fields)', deck: 'Lang', fields: ['maison', 'house', '[sound:maison.mp3]'], tags: [] },
  ];

  it('reads guid, note type, deck and tags columns and reports what it cannot bring', async () => {
    const plan = await readImport(utf8(ankiNotesExport(notes)), 'All Decks.txt', { now: 5 });
    expect(plan.format).toBe('anki-text');
    expect(plan.notes.map((n) => [n.guid, n.kind, n.front, n.tags])).toEqual([
      ['Ab1+c/D', 'basic', 'chien', ['animals', 'fr']],
      ['Zq9_x', 'reversed', 'chat', []],
      ['k3<y', 'cloze', 'Le {{c1::chat}} dort.', ['cloze']],
      ['w-7', 'basic', 'maison', []],
    ]);
    expect(plan.notes.map((n) => n.noteType)).toEqual(notes.map((n) => n.notetype));
    const s = summarizePlan(plan);
    expect(s).toMatchObject({ notes: 4, cards: 5, clozeNotes: 1, media: 0, decks: { Lang: 2, 'Lang::French': 3 } });
    // The sound sits in the third field, which has no column role: named by the column warning.
    expect(plan.stats.missingMedia).toEqual(['cat.jpg']);
    expect(s.warnings).toEqual([
      'Column 6 is not imported: 1 row has text there. To keep it, choose Front or Back for it on the column screen (several columns can go to the back).',
      '1 note refers to 1 media file ("cat.jpg") that a text file cannot carry: it will show as missing. To bring media, export the deck from Anki as a package (.apkg) and import that.',
      'The note type "Vocab (3 fields)" (1) is imported as basic front/back notes: their card templates and styling are not in a text file.',
    ]);
    // The same guid as in an .apkg of the same collection: importing either updates the same note.
    expect(plan.notes.map((n) => n.id)).toEqual(notes.map((n) => noteIdForGuid(n.guid)));
  });

  it('reads the export without guid, note type or deck (the columns shift)', () => {
    const text = ankiNotesExport(notes.slice(0, 2), { guid: false, notetype: false, deck: false, tags: true });
    const plan = readText(utf8(text), 'Lang.txt');
    expect(plan.notes.map((n) => [n.front, n.back, n.tags])).toEqual([
      ['chien', 'dog', ['animals', 'fr']],
      ['chat', 'cat <img src="cat.jpg">', []],
    ]);
    expect(plan.decks.map((d) => d.name)).toEqual(['Lang']);
  });

  it('reads headers written by hand: "#deck column: 3", "#separator:Semicolon", a legacy tags: line', () => {
    const text = 'tags:imported\n#notetype column:1\n#guid column:2\n#deck column: 3\n#html:true\n#separator:Semicolon\nBasic;g1;D::E;q;a\n';
    const plan = readText(utf8(text), 'x.txt');
    expect(plan.notes.map((n) => [n.guid, n.front, n.back, n.tags])).toEqual([['g1', 'q', 'a', ['imported']]]);
    expect(plan.decks.map((d) => d.name)).toEqual(['D', 'D::E']);
  });

  it('maps #columns: names and does not take the first data row for a header', () => {
    const text = '#separator:tab\n#columns:Back\tFront\tTags\nFront\tBack\tx\n';
    const p = previewText(utf8(text), 'x.txt');
    expect(p).toMatchObject({ hasHeaderRow: false, columnNames: ['Back', 'Front', 'Tags'], suggestedColumns: ['back', 'front', 'tags'] });
    expect(readText(utf8(text), 'x.txt').notes.map((n) => [n.front, n.back])).toEqual([['Back', 'Front']]);
  });

  it('reads a deck exported with only the deck and tags columns, images quoted the way Anki quotes them', () => {
    // Shaped like a public export (github.com/Alexuspo/MojeKarticky, public/Karticky/*.txt): deck
    // column 1, tags column 4 (empty), the front an <img> whose attributes hold doubled quotes.
    const rows = [
      ['Abstract art', '<img alt="Improvisation No. 5, 1910" src="Improvisation-No-5.jpg">', 'Wassily Kandinsky - Improvisation', ''],
      ['Abstract art', '<img alt="Red tree" src="Red Tree.jpg"><img alt="Gray tree" src="Gray Tree.jpg">', 'Piet Mondrian -&nbsp; Trees', ''],
      ['Abstract art', '<img src="https://example.org/remote.png">', 'Remote image', ''],
    ];
    const text = '#separator:tab\n#html:true\n#deck column:1\n#tags column:4\n' + rows.map((r) => r.map((f) => quoteField(f, '\t')).join('\t')).join('\n') + '\n';
    const plan = readText(utf8(text), 'Abstraktni umeni.txt');
    const s = summarizePlan(plan);
    expect(s).toMatchObject({ format: 'anki-text', notes: 3, cards: 3, media: 0, decks: { 'Abstract art': 3 } });
    expect(plan.notes[1]!.front).toBe(rows[1]![1]);
    expect(plan.notes.map((n) => n.tags)).toEqual([[], [], []]);
    expect(s.warnings).toEqual([
      '2 notes refer to 3 media files ("Improvisation-No-5.jpg", "Red Tree.jpg", "Gray Tree.jpg") that a text file cannot carry: they will show as missing. To bring media, export the deck from Anki as a package (.apkg) and import that.',
    ]);
  });
});

describe('spreadsheet headers seen in public repositories', () => {
  it('finds the header among bookkeeping columns (front,back,created_at,review,…,category,…)', () => {
    // Shaped like github.com/thnomas/flash-app's data.csv (README): progress columns beside the card.
    const text = 'front,back,created_at,review,successful_review,category,example,pronunciation\napple,de appel,2024-05-21,0,0,,,\nmilk,de melk,2024-05-22,1,1,food,,\n';
    const p = previewText(utf8(text), 'data.csv');
    expect(p.suggestedColumns).toEqual(['front', 'back', 'ignore', 'ignore', 'ignore', 'deck', 'ignore', 'ignore']);
    const s = summarizePlan(readText(utf8(text), 'data.csv'));
    expect(s).toMatchObject({ notes: 2, cards: 2, decks: { data: 1, food: 1 } });
    expect(s.warnings).toEqual([
      '3 columns are not imported (column 3 ("created_at"), column 4 ("review"), column 5 ("successful_review")): 2 rows have text there. To keep them, choose Front or Back for them on the column screen (several columns can go to the back).',
    ]);
  });
});
