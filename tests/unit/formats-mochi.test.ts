import { describe, expect, it } from 'vitest';
import { detectFormat, readImport } from '../../src/formats';
import { decodeTransit, parseEdn } from '../../src/formats/mochi/decode';
import { mochiClozes } from '../../src/formats/mochi/read';
import { summarizePlan } from '../../src/formats/summary';
import { writeZip } from '../../src/formats/shared/zip-write';
import { commitImportPlan, openDatabase } from '../../src/storage';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { PNG_1PX } from '../fixtures/crowdanki';
import { mochiZip, sampleMochi, type MochiEncoding } from '../fixtures/mochi';
import { freshDbName } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const enc = (s: string) => new TextEncoder().encode(s);
const read = (bytes: Uint8Array, name = 'export.mochi') => readImport(bytes, name, { now: NOW });
const attachments = { 'spain flag.png': PNG_1PX, 'unused.mp3': enc('ID3') };

describe('Mochi manifest decoding', () => {
  it('decodes verbose and compact Transit JSON alike', () => {
    const compact = ['^ ', '~:decks', [['^ ', '~:name', 'One', '~:parent-id', null], ['^ ', '^1', 'Two', '^2', '~:first']]];
    expect(decodeTransit(compact)).toEqual({ decks: [{ name: 'One', 'parent-id': null }, { name: 'Two', 'parent-id': 'first' }] });
    const verbose = { '~:tags': { '~#set': ['a'] }, '~:created-at': { '~#dt': 1767240000000 }, '~:due': '~t1767240000000', '~:id': '~:abcdefgh', '~:text': '~~tilde', '~:cards': { '~#list': [] } };
    expect(decodeTransit(verbose)).toEqual({ tags: ['a'], 'created-at': 1767240000000, due: 1767240000000, id: 'abcdefgh', text: '~tilde', cards: [] });
  });

  it('reads the EDN subset manifests use', () => {
    const edn = `{:version 2 ; comment\n :decks [{:name "Deck \\"1\\"", :cards ({:content "a\\n---\\nb" :archived? false :tags #{"x" "y"}} #_{:content "dropped"})}]\n :at #inst "2025-03-01T10:00:00.000Z" :n nil :f 1.5 :id :kw/ns}`;
    expect(parseEdn(edn)).toEqual({
      version: 2,
      decks: [{ name: 'Deck "1"', cards: [{ content: 'a\n---\nb', 'archived?': false, tags: ['x', 'y'] }] }],
      at: Date.parse('2025-03-01T10:00:00Z'),
      n: null,
      f: 1.5,
      id: 'kw/ns',
    });
    expect(() => parseEdn('{:a [1 2}')).toThrow(/unexpected "}"/);
  });

  it('turns Mochi clozes into ours', () => {
    expect(mochiClozes('{{1::Spain}} {{2::Madrid}} {{bare}} {{c3::anki}}')).toBe('{{c1::Spain}} {{c2::Madrid}} {{c1::bare}} {{c3::anki}}');
  });
});

describe('Mochi reader', () => {
  it('detects .mochi files and zips with a top-level data file', () => {
    expect(detectFormat(mochiZip(sampleMochi()), 'export.mochi')).toBe('mochi');
    expect(detectFormat(mochiZip(sampleMochi(), {}, 'edn'), 'export.zip')).toBe('mochi');
  });

  for (const encoding of ['json', 'compact', 'edn'] as MochiEncoding[]) {
    it(`imports nested decks, sides, reversed and cloze cards, templates and attachments (${encoding})`, async () => {
      const plan = await read(mochiZip(sampleMochi(), attachments, encoding));
      expect(plan.format).toBe('mochi');
      expect(summarizePlan(plan)).toMatchObject({ notes: 8, cards: 10, clozeNotes: 2, decks: { Languages: 1, 'Languages::Spanish': 9 }, media: 2, reviewCards: 0, revlog: 0 });
      expect(plan.decks.map((d) => d.name)).toEqual(['Languages', 'Languages::Spanish']);
      expect(plan.notes.every((n) => n.format === 'markdown')).toBe(true);

      const byFront = new Map(plan.notes.map((n) => [n.front, n]));
      const hola = byFront.get('# Hola\n\n![flag](spain%20flag.png)')!;
      expect(hola).toMatchObject({ kind: 'basic', back: 'Hello', tags: ['greeting'], mtime: Date.parse('2025-03-01T10:00:00Z') });
      expect(byFront.get('gato')).toMatchObject({ kind: 'reversed', back: 'cat' });
      expect(byFront.get('The capital of {{c1::Spain}} is {{c2::Madrid}}.')).toMatchObject({ kind: 'cloze', back: 'Since 1561' });
      expect(plan.cards.filter((c) => c.noteId === byFront.get('{{c1::Ser}} and {{c1::estar}} both mean *to be*.')!.id)).toHaveLength(1);
      expect(byFront.get('## ir')).toMatchObject({ kind: 'basic', back: 'to go\n*irregular*' });
      const archived = byFront.get('old')!;
      expect(plan.cards.find((c) => c.noteId === archived.id)!.schedule?.suspended).toBe(true);
      expect(plan.notes.some((n) => n.front === 'gone' || n.front === 'a')).toBe(false);

      const spanish = plan.decks[1]!.id;
      expect(plan.media.map((m) => [m.name, m.deckId, m.mime])).toEqual(expect.arrayContaining([['spain flag.png', spanish, 'image/png']]));
      expect(plan.media.map((m) => m.name).sort()).toEqual(['spain flag.png', 'unused.mp3']);
      expect(plan.stats.missingMedia).toEqual(['missing.png']);

      expect(plan.warnings).toEqual([
        "1 card in Mochi's trash was skipped.",
        "1 deck in Mochi's trash was skipped with its cards.",
        '1 archived card was imported suspended.',
        'Template fields Mochi fills in itself (speech) are not imported; they show as empty.',
        'The review history of 1 card is not imported (Mochi records only remembered/forgot); it starts as new.',
        '1 attachment is referenced but not in the file: "missing.png". Those images will not show.',
      ]);
    });
  }

  it('reads the minimal manifest of the format reference, named after nothing but the file', async () => {
    const plan = await read(writeZip([{ name: 'data.edn', data: enc('{:version 2 :decks [{:name "Sample deck" :cards [{:content "Sample card"} {:content "Another"}]}]}') }]));
    expect(summarizePlan(plan)).toMatchObject({ notes: 2, cards: 2, decks: { 'Sample deck': 2 } });
    expect(plan.notes[0]).toMatchObject({ front: 'Sample card', back: '' });
  });

  it('refuses files that are not Mochi exports with clear errors', async () => {
    await expect(read(enc('{"a":1}'), 'x.mochi')).rejects.toThrow(/not a zip file/);
    await expect(read(writeZip([{ name: 'data.json', data: enc('{"~:version": 2, ') }]))).rejects.toThrow(/data.json in "export.mochi" is damaged/);
    await expect(read(writeZip([{ name: 'data.edn', data: enc('{:version 2 :decks []}') }]))).rejects.toThrow(/has no cards/);
    await expect(read(writeZip([{ name: 'other.txt', data: enc('x') }]))).rejects.toThrow(/no data.json or data.edn/);
  });

  it('re-import through storage updates the same notes', async () => {
    const db = freshDbName('mochi');
    const plan = await read(mochiZip(sampleMochi(), attachments));
    const r1 = await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    expect(r1).toMatchObject({ notesAdded: 8, cardsAdded: 10 });
    const edited = sampleMochi() as { decks: { cards?: { content: string }[] }[] };
    edited.decks[1]!.cards![1]!.content = 'gato\n---\ncat (the animal)';
    const r2 = await commitImportPlan(await read(mochiZip(edited, attachments)), { mode: 'keep', now: NOW + 1000, params: DEFAULT_SETTINGS, dbName: db });
    expect(r2).toMatchObject({ notesAdded: 0, notesUpdated: 1, cardsAdded: 0 });
    const d = await openDatabase(db);
    expect(await d.count('notes')).toBe(8);
  });
});
