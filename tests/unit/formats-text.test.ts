import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, ErrorCode } from '../../src/core/errors';
import { errorOf } from './helpers';
import { previewText, readImport } from '../../src/formats/index';
import { parseDelimited, quoteField } from '../../src/formats/text/csv';
import { readText } from '../../src/formats/text/read';
import { writeCsv } from '../../src/formats/text/write-csv';

const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16(s: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 + i * 2] = bigEndian ? c >> 8 : c & 0xff;
    out[3 + i * 2] = bigEndian ? c & 0xff : c >> 8;
  }
  return out;
}


describe('parseDelimited (RFC 4180)', () => {
  it('should read quoted fields with separators, doubled quotes and line breaks', () => {
    const { records } = parseDelimited('a,"b, ""c""\nd"\r\ne,f\rg,h', ',');
    expect(records.map((r) => r.fields)).toEqual([['a', 'b, "c"\nd'], ['e', 'f'], ['g', 'h']]);
    expect(records.map((r) => r.line)).toEqual([1, 3, 4]);
  });

  it('should read back any records written with quoteField', () => {
    fc.assert(
      fc.property(fc.constantFrom(',', ';', '\t', '|'), fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (sep, rows) => {
        const text = rows.map((r) => r.map((f) => quoteField(f, sep)).join(sep)).join('\r\n');
        expect(parseDelimited(text, sep).records.map((r) => r.fields)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('should report a quote that never closes', () => {
    expect(parseDelimited('a,"open\nmore', ',').unterminatedQuoteLine).toBe(1);
  });
});

describe('readText: CSV/TSV', () => {
  it.each([
    [',', 'front,back\nWhat is 1+1?,2\nCapital of Italy?,"Rome, of course"\n'],
    ['\t', 'What is 1+1?\t2\nCapital of Italy?\tRome, of course\n'],
    [';', 'What is 1+1?;2\nCapital of Italy?;Rome, of course\n'],
    ['|', 'What is 1+1?|2\nCapital of Italy?|Rome, of course\n'],
  ])('should detect the separator %j', (sep, text) => {
    const plan = readText(utf8(text), 'cards.csv');
    expect(previewText(utf8(text), 'cards.csv').separator).toBe(sep);
    expect(plan.notes.map((n) => [n.front, n.back])).toEqual([['What is 1+1?', '2'], ['Capital of Italy?', 'Rome, of course']]);
    expect(plan.stats.rows).toBe(2);
  });

  it('should let the caller override the separator and the columns', () => {
    const text = 'a;b|tag1 tag2\nc;d|tag3\n';
    expect(previewText(utf8(text), 'x.txt', { separator: 'Pipe' }).rows).toEqual([['a;b', 'tag1 tag2'], ['c;d', 'tag3']]);
    const mapped = readText(utf8(text), 'x.txt', { separator: '|', columns: ['front', 'tags'] });
    expect(mapped.notes.map((n) => [n.front, n.tags])).toEqual([['a;b', ['tag1', 'tag2']], ['c;d', ['tag3']]]);
  });

  it('should follow Anki text-file headers', () => {
    const text = [
      '#separator:Semicolon',
      '#html:false',
      '#tags:imported bulk',
      '#columns:GUID;Front;Back;Deck;Tags',
      '#deck:Fallback',
      '#guid column:1',
      '#deck column:4',
      '#tags column:5',
      'g-1;1 < 2?;yes & no;Lang::French;verbs',
      'g-2;Line1\u2028;B;;',
    ].join('\n');
    const plan = readText(utf8(text), 'anki.txt');
    expect(plan.format).toBe('anki-text');
    expect(plan.stats.rows).toBe(2);
    const [a, b] = plan.notes;
    expect(a).toMatchObject({ id: 'anki-g-1', guid: 'g-1', front: '1 &lt; 2?', back: 'yes &amp; no', tags: ['imported', 'bulk', 'verbs'] });
    expect(plan.decks.find((d) => d.id === a!.deckId)?.name).toBe('Lang::French');
    expect(plan.decks.map((d) => d.name)).toEqual(['Lang', 'Lang::French', 'Fallback']);
    expect(plan.decks.find((d) => d.id === b!.deckId)?.name).toBe('Fallback');
  });

  it('should recognise cloze and reversed note types', () => {
    const text = '#separator:Tab\n#notetype column:3\nThe {{c1::sun}} is a {{c2::star}}\tastronomy\tCloze\ndog\tHund\tBasic (and reversed card)\n';
    const plan = readText(utf8(text), 'x.txt');
    expect(plan.notes.map((n) => n.kind)).toEqual(['cloze', 'reversed']);
    expect(plan.cards.map((c) => c.ord)).toEqual([0, 1, 0, 1]);
    expect(plan.stats.clozeNotes).toBe(1);
  });

  it('should keep HTML as HTML when the file has it, and escape plain text otherwise', () => {
    expect(readText(utf8('<b>bold</b>,x\n'), 'h.csv').notes[0]!.front).toBe('<b>bold</b>');
    expect(readText(utf8('a<b,"two\nlines"\n'), 'p.csv').notes[0]).toMatchObject({ front: 'a&lt;b', back: 'two<br>lines' });
    expect(readText(utf8('<b>x</b>,y\n'), 'h.csv', { html: false }).notes[0]!.front).toBe('&lt;b&gt;x&lt;/b&gt;');
  });

  it('should derive stable ids from guid, or deck and front', () => {
    const text = 'Q1,A1\nQ2,A2\nQ1,again\n';
    const a = readText(utf8(text), 'deck.csv');
    const b = readText(utf8(text), 'deck.csv');
    expect(a.notes.map((n) => n.id)).toEqual(b.notes.map((n) => n.id));
    expect(new Set(a.notes.map((n) => n.id)).size).toBe(3);
    expect(a.notes[2]!.id).toBe(`${a.notes[0]!.id}-2`);
    expect(a.warnings.join(' ')).toMatch(/repeats the front/);
    for (const c of a.cards) expect(c.id).toBe(`${c.noteId}-${c.ord}`);
  });

  it('should skip rows without a front and say so', () => {
    const plan = readText(utf8('front,back\nQ,A\n,orphan\n'), 'x.csv');
    expect(plan.notes).toHaveLength(1);
    expect(plan.stats.rows).toBe(2);
    expect(plan.warnings.join(' ')).toMatch(/1 row has an empty front.*line 3/);
  });

  it.each([
    ['an empty file', new Uint8Array(0), ErrorCode.EmptyFile],
    ['only headers', utf8('#separator:Comma\n#html:true\n'), ErrorCode.NoRows],
    ['only a header row', utf8('front,back\n'), ErrorCode.NoRows],
    ['rows without fronts', utf8(',a\n , b\n'), ErrorCode.NoRows],
    ['invalid UTF-8', new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x74, 0xe9, 0x2c, 0x63]), ErrorCode.BadEncoding],
    ['UTF-16 without a byte-order mark', utf16('a,b\nc,d\n', false).subarray(2), ErrorCode.BadEncoding],
  ])('should refuse %s with a clear error', (_, bytes, code) => {
    const e = errorOf(() => readText(bytes, 'bad.csv'));
    expect(e.code).toBe(code);
    expect(e.message.length).toBeGreaterThan(10);
  });

  it('should point at the line with invalid UTF-8', () => {
    const e = errorOf(() => readText(new Uint8Array([...utf8('ok,1\n'), 0xe9, 0x2c, 0x32]), 'latin1.csv'));
    expect(e.message).toMatch(/"latin1\.csv" is not UTF-8 text: byte 0xE9 on line 2/);
  });

  it.each([
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('café,crème\n')]), 'utf-8'],
    ['UTF-16LE with BOM', utf16('café,crème\n', false), 'utf-16le'],
    ['UTF-16BE with BOM', utf16('café,crème\n', true), 'utf-16be'],
  ])('should decode %s', (_, bytes, encoding) => {
    expect(readText(bytes, 'x.csv').notes[0]).toMatchObject({ front: 'café', back: 'crème' });
    expect(previewText(bytes, 'x.csv').encoding).toBe(encoding);
  });

  it('should preview the first rows with suggested roles', () => {
    const p = previewText(utf8('Question,Answer,Tags,Deck\nq1,a1,t1,D\nq2,a2,t2,D\n'), 'x.csv');
    expect(p).toMatchObject({ separator: ',', separatorName: 'Comma', hasHeaderRow: true, headerRow: ['Question', 'Answer', 'Tags', 'Deck'], columnCount: 4 });
    expect(p.suggestedColumns).toEqual(['front', 'back', 'tags', 'deck']);
    expect(p.rows).toEqual([['q1', 'a1', 't1', 'D'], ['q2', 'a2', 't2', 'D']]);
    expect(previewText(utf8('a,b,c\n'), 'x.csv').suggestedColumns).toEqual(['front', 'back', 'ignore']);
  });

  it('should read back what writeCsv wrote', async () => {
    const notes = [
      { front: 'Plain', back: 'Text', tags: ['a', 'b'] },
      { front: 'Comma, "quote"', back: 'Two\nlines', tags: [] },
    ];
    const plan = await readImport(writeCsv(notes), 'export.csv');
    expect(plan.notes.map((n) => [n.front, n.back, n.tags])).toEqual([
      ['Plain', 'Text', ['a', 'b']],
      ['Comma, &quot;quote&quot;', 'Two<br>lines', []],
    ]);
  });

  it('should never throw anything but an AppError on arbitrary text or bytes', () => {
    const texts = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(fc.constantFrom('a', 'b', ',', ';', '\t', '|', '"', '\n', '\r', '#', ':', 'separator', 'columns', ' ', '{{c1::', '}}', '<b>'), { maxLength: 80 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(texts, (text) => {
        try {
          readText(utf8(text), 'fuzz.csv');
          previewText(utf8(text), 'fuzz.csv');
        } catch (e) {
          return e instanceof AppError;
        }
        return true;
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          readText(bytes, 'fuzz.tsv');
        } catch (e) {
          return e instanceof AppError;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
