import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, readImport } from '../../src/formats';
import { summarizePlan } from '../../src/formats/summary';
import { writeZip } from '../../src/formats/shared/zip-write';
import { noteIdForGuid } from '../../src/formats/shared/ids';
import { commitImportPlan, openDatabase } from '../../src/storage';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { MODEL_REVERSED, PNG_1PX, crowdAnkiDeck, crowdAnkiZip, geographyDeck } from '../fixtures/crowdanki';
import { freshDbName } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const enc = (s: string) => new TextEncoder().encode(s);
const read = (bytes: Uint8Array, name: string) => readImport(bytes, name, { now: NOW });

describe('CrowdAnki reader', () => {
  it('detects a zipped folder and a lone deck.json, and not other JSON', () => {
    expect(detectFormat(crowdAnkiZip(geographyDeck(), {}), 'Geography.zip')).toBe('crowdanki');
    expect(detectFormat(enc(JSON.stringify(geographyDeck())), 'deck.json')).toBe('crowdanki');
    // CrowdAnki writes "__type__" first; a pretty-printed file is detected by its head.
    expect(detectFormat(enc(JSON.stringify(geographyDeck(), null, 4)), 'export')).toBe('crowdanki');
  });

  it('builds nested decks, note types with templates and CSS, cards per non-empty front and cloze number, and media', async () => {
    const plan = await read(crowdAnkiZip(geographyDeck(), { 'france.png': PNG_1PX, '_unused.png': PNG_1PX }), 'Geography.zip');
    expect(plan.format).toBe('crowdanki');
    const s = summarizePlan(plan);
    // 2 + 1 (Geography), 2 (Europe: Spain both ways; two notes skipped), 2 (Capitals: c1, c2).
    expect(s).toMatchObject({ notes: 4, cards: 7, clozeNotes: 1, decks: { Geography: 3, 'Geography::Europe': 2, 'Geography::Europe::Capitals': 2 }, media: 2, reviewCards: 0, revlog: 0 });
    expect(plan.decks.map((d) => d.name)).toEqual(['Geography', 'Geography::Europe', 'Geography::Europe::Capitals']);
    expect(plan.decks[0]!.description).toBe('Countries and capitals');

    const types = new Map(plan.noteTypes!.map((t) => [t.name, t]));
    const rev = types.get('Basic (and reversed card)')!;
    expect(rev.templates.map((t) => t.qfmt)).toEqual(['{{Front}}', '{{Back}}']);
    expect(rev.css).toContain('rgb(10, 20, 30)');
    expect(types.get('Cloze')!.kind).toBe('cloze');
    expect(types.has('Broken')).toBe(false);

    const france = plan.notes.find((n) => n.guid === 'geoFrance1')!;
    expect(france.id).toBe(noteIdForGuid('geoFrance1'));
    expect(france.tags).toEqual(['flags']);
    expect(france.sides?.[0]?.front).toContain('src="france.png"');
    expect(plan.cards.filter((c) => c.noteId === france.id).map((c) => c.ord)).toEqual([0, 1]);
    const onlyFront = plan.notes.find((n) => n.guid === 'geoOnlyFront')!;
    expect(plan.cards.filter((c) => c.noteId === onlyFront.id).map((c) => c.ord)).toEqual([0]);
    const cloze = plan.notes.find((n) => n.guid === 'geoCloze')!;
    expect(cloze.kind).toBe('cloze');
    expect(plan.cards.filter((c) => c.noteId === cloze.id).map((c) => c.ord)).toEqual([0, 1]);
    expect(plan.cards.every((c) => c.schedule?.type === 0)).toBe(true);

    // france.png goes with the deck that shows it; the unreferenced file is kept too.
    const geoDeck = plan.decks[0]!.id;
    expect(plan.media.map((m) => [m.name, m.deckId, m.mime])).toEqual(
      expect.arrayContaining([
        ['france.png', geoDeck, 'image/png'],
        ['_unused.png', geoDeck, 'image/png'],
      ]),
    );
    expect(plan.stats.missingMedia).toEqual(['_serif.woff', 'missing.png']);
  });

  it('lists what it cannot represent as specific warnings', async () => {
    const plan = await read(crowdAnkiZip(geographyDeck(), { 'france.png': PNG_1PX }), 'Geography.zip');
    const w = plan.warnings.join('\n');
    expect(w).toContain('1 note was skipped because deck.json lacks its note model.');
    expect(w).toContain('1 note model has no card templates ("Broken"); 1 note of it was skipped.');
    expect(w).toContain('2 deck options presets ("Default", "Geo options") are not imported');
    expect(w).toMatch(/1 referenced media file is not in the package: "missing.png"/);
    expect(w).toContain('1 media file listed in deck.json is missing from media/: "_serif.woff".');
  });

  it('reads a lone deck.json and counts its media as missing', async () => {
    const plan = await read(enc(JSON.stringify(geographyDeck(), null, 4)), 'deck.json');
    expect(plan.media).toEqual([]);
    expect(plan.stats.missingMedia).toEqual(['_serif.woff', 'france.png', 'missing.png']);
    expect(plan.warnings.join('\n')).toContain('a lone deck.json has no media/ folder. Import the whole CrowdAnki folder as a zip');
    expect(plan.cards).toHaveLength(7);
  });

  it('finds deck.json at the zip root or in a folder, and skips notes whose fronts are all empty', async () => {
    const deck = crowdAnkiDeck({ name: 'Tiny', notes: [{ guid: 'g1', model: MODEL_REVERSED.uuid, fields: ['Q', 'A'] }, { guid: 'g2', model: MODEL_REVERSED.uuid, fields: ['', ''] }] }, [MODEL_REVERSED], []);
    for (const folder of ['', 'a/b']) {
      const plan = await read(crowdAnkiZip(deck, {}, folder), 'tiny.zip');
      expect(summarizePlan(plan)).toMatchObject({ notes: 1, cards: 2, decks: { Tiny: 2 } });
      expect(plan.warnings).toEqual(['1 note was skipped because every card front would be empty (Anki creates no cards for such notes).']);
    }
  });

  it('refuses JSON that is not a deck, and a deck with no notes, with clear errors', async () => {
    await expect(read(enc('{"__type__": "Deck", "name": "x", "notes": [], "children": [], "note_models": []}'), 'deck.json')).rejects.toThrow(/has no notes/);
    await expect(read(writeZip([{ name: 'deck.json', data: enc('{"hello": 1}') }]), 'x.zip')).rejects.toThrow(/not a CrowdAnki deck/);
    await expect(read(writeZip([{ name: 'deck.json', data: enc('{"__type__": "Deck", ') }]), 'x.zip')).rejects.toThrow(/not valid JSON/);
  });

  it('re-import through storage updates the same notes instead of duplicating them', async () => {
    const db = freshDbName('crowdanki');
    const bytes = crowdAnkiZip(geographyDeck(), { 'france.png': PNG_1PX });
    const plan = await read(bytes, 'Geography.zip');
    const r1 = await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    expect(r1).toMatchObject({ notesAdded: 4, cardsAdded: 7 });
    const d = await openDatabase(db);
    expect(await d.count('media')).toBe(plan.media.length);

    const again = await read(bytes, 'Geography.zip');
    const r2 = await commitImportPlan(again, { mode: 'keep', now: NOW + 1000, params: DEFAULT_SETTINGS, dbName: db });
    expect(r2).toMatchObject({ notesAdded: 0, notesUpdated: 0, notesUnchanged: 4, cardsAdded: 0 });

    // The author fixes a typo: the same guid updates the note.
    const edited = geographyDeck() as { notes: { guid: string; fields: string[] }[] };
    edited.notes[1]!.fields[0] = 'Largest ocean on Earth?';
    const r3 = await commitImportPlan(await read(crowdAnkiZip(edited, { 'france.png': PNG_1PX }), 'Geography.zip'), { mode: 'keep', now: NOW + 2000, params: DEFAULT_SETTINGS, dbName: db });
    expect(r3).toMatchObject({ notesAdded: 0, notesUpdated: 1, cardsAdded: 0 });
    expect(await d.count('notes')).toBe(4);
    expect(await d.count('cards')).toBe(7);
  });
});

/** Real public CrowdAnki exports saved under /work/shared (see docs/sources/crowdanki-mochi.md). */
const REAL = '/work/shared/fixtures/decks/real/crowdanki';

function zipFolder(dir: string): Uint8Array {
  const files: string[] = [];
  const walk = (d: string) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : files.push(join(d, n))));
  walk(dir);
  return writeZip(files.sort().map((f) => ({ name: relative(dir, f), data: new Uint8Array(readFileSync(f)), compress: false })));
}

describe('real CrowdAnki exports', () => {
  it.skipIf(!existsSync(join(REAL, 'expect.json')))('import with the recorded counts', async () => {
    const expected = JSON.parse(readFileSync(join(REAL, 'expect.json'), 'utf8')) as Record<string, { format: string; notes: number; cards: number; clozeNotes: number; media: number; missingMedia: number; decks: Record<string, number>; warnings: number }>;
    for (const [folder, e] of Object.entries(expected)) {
      const plan = await read(zipFolder(join(REAL, folder)), `${folder}.zip`);
      const s = summarizePlan(plan);
      expect({ folder, format: s.format, notes: s.notes, cards: s.cards, clozeNotes: s.clozeNotes, media: s.media, decks: s.decks, missing: plan.stats.missingMedia.length, warnings: s.warnings.length }).toEqual({
        folder,
        format: e.format,
        notes: e.notes,
        cards: e.cards,
        clozeNotes: e.clozeNotes,
        media: e.media,
        decks: e.decks,
        missing: e.missingMedia,
        warnings: e.warnings,
      });
    }
  });
});
