/**
 * The .apkg export checked by an independent reader: tests/fixtures/check_apkg.py opens the
 * package with Python's zipfile + sqlite3 and checks it against the schema and JSON Anki's own
 * source documents (see docs/sources/export.md), then the package goes back through our reader.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marked } from 'marked';
import type { SqlJsStatic } from 'sql.js';
import { CardState, DEFAULT_SETTINGS, type CardRecord, type Deck, type MediaBytes, type Note, type NoteType, type ReviewLogRecord } from '../../src/core/types';
import { ankiStripHtml, exportApkg, fieldChecksum } from '../../src/formats/apkg/export';
import { readApkg } from '../../src/formats/apkg/read';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { ankiNoteTypeId } from '../../src/formats/notetypes';
import { openZip } from '../../src/formats/shared/zip';
import { writeZip } from '../../src/formats/shared/zip-write';
import { commitImportPlan, readDeckForExport } from '../../src/storage';
import { TINY_PNG } from '../fixtures/anki-content';
import { freshDbName } from './helpers';

const CHECKER = join(__dirname, '..', 'fixtures', 'check_apkg.py');
const NOW = Date.UTC(2025, 2, 10, 12);
const DAY = 86_400_000;
const MIN = 60_000;

let sql: SqlJsStatic;
let dir: string;
beforeAll(async () => {
  sql = await loadSqlJsNode();
  dir = mkdtempSync(join(tmpdir(), 'apkg-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CheckedCard { guid: string; ord: number; deck: string; type: number; queue: number; due: number; dueAt: number | null; ivl: number; factor: number; reps: number; lapses: number; left: number; flags: number; data: { s?: number; d?: number; lrt?: number } | null; revlog: { id: number; ease: number; ivl: number; lastIvl: number; factor: number; type: number }[] }
interface CheckResult {
  errors: string[];
  summary: {
    members: string[];
    media: Record<string, string>;
    crt: number;
    decks: string[];
    models: Record<string, { fields: string[]; templates: number; cloze: boolean; css: string }>;
    notes: Record<string, { model: string; fields: string[]; tags: string[] }>;
    cards: CheckedCard[];
  };
}

let n = 0;
function check(bytes: Uint8Array): CheckResult {
  const file = join(dir, `export-${n++}.apkg`);
  writeFileSync(file, bytes);
  return JSON.parse(execFileSync('python3', [CHECKER, file], { encoding: 'utf8' })) as CheckResult;
}

const sha1 = (data: Uint8Array) => createHash('sha1').update(data).digest('hex');
const md = (text: string) => marked.parse(text, { async: false });

// --- the deck: every kind, an imported Anki type, sub-decks, media, every card state ---------

const decks: Deck[] = [
  { id: 'stats', name: 'Interview::Stats', description: 'Statistics', source: 'user', createdAt: 0, mtime: 0, usn: 0 },
  { id: 'bayes', name: 'Interview::Stats::Bayes', description: '', source: 'user', createdAt: 0, mtime: 0, usn: 0 },
];

const VOCAB: NoteType = {
  id: '', name: 'Vocab (3 fields)', kind: 'reversed', format: 'html', builtin: false, mtime: 0, usn: 0,
  fields: ['Word', 'Meaning', 'Example'],
  templates: [
    { name: 'Recognise', qfmt: '<div class=word>{{Word}}</div>', afmt: '{{FrontSide}}<hr id=answer>{{Meaning}}{{#Example}}<br>{{Example}}{{/Example}}' },
    { name: 'Recall', qfmt: '{{Meaning}}', afmt: '{{FrontSide}}<hr id=answer>{{Word}}' },
  ],
  css: '.card { font-family: Georgia; }\n.word { color: #c00; font-size: 2em; }\n',
};
VOCAB.id = ankiNoteTypeId(1_600_000_000_123, VOCAB);

function note(id: string, kind: Note['kind'], front: string, back: string, extra: Partial<Note> = {}): Note {
  return { id, deckId: 'stats', kind, format: 'markdown', front, back, tags: [], topics: [], noteTypeId: `pd-${kind}`, fields: [front, back], srcMtime: NOW - DAY, mtime: NOW - DAY, usn: 0, ...extra };
}

const notes: Note[] = [
  note('n-basic', 'basic', "What is **Bayes' rule** & why <care>?", 'P(A|B) = P(B|A) P(A) / P(B)\n\n![diagram](diagram.png)', { tags: ['stats::bayes', 'Core', 'core', 'two words'] }),
  note('n-rev', 'reversed', 'prior', 'belief before the evidence', { deckId: 'bayes', tags: ['stats::bayes'] }),
  note('n-cloze', 'cloze', 'The {{c1::posterior}} is the {{c2::prior}} times the likelihood', 'Normalised.', { deckId: 'bayes' }),
  note('n-type', 'type-in', 'Conjugate prior of a Binomial?', 'The **Beta** distribution.', { answer: 'Beta', fields: ['Conjugate prior of a Binomial?', 'The **Beta** distribution.', 'Beta'] }),
  {
    ...note('n-vocab', 'reversed', 'stochastic', 'random', { format: 'html', guid: 'f:Vx9#q)k2', tags: ['vocab', 'stats::terms'] }),
    noteTypeId: VOCAB.id,
    fields: ['stochastic', 'random &amp; <b>unpredictable</b>', 'A stochastic process [sound:stochastic.mp3]'],
  },
  // A note of a deck that is not exported.
  note('n-other', 'basic', 'elsewhere', 'not exported', { deckId: 'other' }),
];

function card(id: string, noteId: string, ord: number, deckId: string, extra: Partial<CardRecord> = {}): CardRecord {
  return { id, noteId, deckId, ord, due: 0, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, state: CardState.New, suspended: false, bucket: 0, mtime: 0, usn: 0, ...extra };
}

const cards: CardRecord[] = [
  card('basic', 'n-basic', 0, 'stats', { state: CardState.Review, due: NOW + 5 * DAY, stability: 12.34567, difficulty: 4.2, scheduled_days: 10, reps: 4, lapses: 1, last_review: NOW - 5 * DAY, flag: 2, bucket: 2 }),
  card('rev-0', 'n-rev', 0, 'bayes', { due: 2 }),
  card('rev-1', 'n-rev', 1, 'bayes', { state: CardState.Learning, due: NOW + 10 * MIN, stability: 1.2, difficulty: 5, learning_steps: 1, reps: 1, last_review: NOW - MIN, bucket: 1 }),
  card('cloze-0', 'n-cloze', 0, 'bayes', { state: CardState.Relearning, due: NOW + 10 * MIN, stability: 3, difficulty: 7, scheduled_days: 3, reps: 6, lapses: 2, last_review: NOW - MIN, bucket: 1 }),
  card('cloze-1', 'n-cloze', 1, 'bayes', { due: 1, suspended: true, bucket: -1 }),
  // No c5 in the text: a card Anki could not show, left out.
  card('cloze-4', 'n-cloze', 4, 'bayes', { due: 7 }),
  card('type', 'n-type', 0, 'stats', { state: CardState.Learning, due: NOW + 2 * DAY, stability: 2, difficulty: 5, reps: 2, last_review: NOW - DAY, bucket: 1 }),
  card('vocab-0', 'n-vocab', 0, 'stats', { state: CardState.Review, due: NOW + 30 * DAY, stability: 40, difficulty: 2, scheduled_days: 35, reps: 1, last_review: NOW - 5 * DAY, suspended: true, bucket: -1 }),
  card('vocab-1', 'n-vocab', 1, 'stats', { due: 3 }),
  card('other', 'n-other', 0, 'other', {}),
];

function review(cardId: string, time: number, rating: ReviewLogRecord['rating'], stateBefore: CardState, stateAfter: CardState, scheduledDays: number, dueAfter: number): ReviewLogRecord {
  return { id: `${cardId}@${time}`, cardId, deckId: 'stats', time, rating, stateBefore, stateAfter, stabilityBefore: 1, stabilityAfter: 2, difficultyBefore: 5, difficultyAfter: 4, dueBefore: 0, dueAfter, scheduledDays, elapsedDays: 1, durationMs: 4200 };
}

const T0 = NOW - 40 * DAY;
const revlog: ReviewLogRecord[] = [
  review('basic', T0, 3, CardState.New, CardState.Learning, 0, T0 + 10 * MIN),
  review('basic', T0 + 10 * MIN, 3, CardState.Learning, CardState.Review, 3, T0 + 3 * DAY),
  review('basic', T0 + 3 * DAY, 1, CardState.Review, CardState.Relearning, 0, T0 + 3 * DAY + 10 * MIN),
  review('basic', T0 + 3 * DAY + 10 * MIN, 3, CardState.Relearning, CardState.Review, 10, NOW + 5 * DAY),
  review('rev-1', NOW - MIN, 3, CardState.New, CardState.Learning, 0, NOW + 10 * MIN),
  review('cloze-0', NOW - MIN, 1, CardState.Review, CardState.Relearning, 0, NOW + 10 * MIN),
  review('type', NOW - DAY, 2, CardState.New, CardState.Learning, 0, NOW + 2 * DAY),
  review('type', NOW - DAY, 3, CardState.Learning, CardState.Learning, 0, NOW + 2 * DAY),
  review('vocab-0', NOW - 5 * DAY, 4, CardState.New, CardState.Review, 35, NOW + 30 * DAY),
  review('other', NOW - DAY, 3, CardState.New, CardState.Learning, 0, NOW),
];

const MP3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
const media: MediaBytes[] = [
  { id: 'stats/diagram.png', deckId: 'stats', name: 'diagram.png', mime: 'image/png', data: TINY_PNG },
  { id: 'stats/stochastic.mp3', deckId: 'stats', name: 'stochastic.mp3', mime: 'audio/mpeg', data: MP3 },
];

const input = { decks, notes, noteTypes: [VOCAB], cards, revlog, media };
const exportIt = (extra: { includeScheduling?: boolean } = {}) => exportApkg(input, { sql, now: NOW, markdownToHtml: md, ...extra });

// -----------------------------------------------------------------------------------------------

describe('.apkg export, read by Python sqlite3 against Anki’s schema', () => {
  it('should pass every check of the independent reader', () => {
    const result = check(exportIt());
    expect(result.errors).toEqual([]);
    expect(result.summary.members).toEqual(['collection.anki2', '0', '1', 'media']);
  });

  it('should write the decks with their parents and the note types with their fields and CSS', () => {
    const { summary } = check(exportIt());
    expect(summary.decks).toEqual(['Default', 'Interview', 'Interview::Stats', 'Interview::Stats::Bayes']);
    expect(summary.models['Vocab (3 fields)']).toEqual({ fields: ['Word', 'Meaning', 'Example'], templates: 2, cloze: false, css: VOCAB.css });
    expect(summary.models['Prepdeck Cloze']).toMatchObject({ cloze: true, templates: 1 });
    expect(summary.models['Prepdeck Type-in']!.fields).toHaveLength(3);
    expect(Object.keys(summary.models).sort()).toEqual(['Prepdeck Basic', 'Prepdeck Basic (and reversed card)', 'Prepdeck Cloze', 'Prepdeck Type-in', 'Vocab (3 fields)']);
  });

  it('should write fields, tags and media as Anki stores them', () => {
    const { summary } = check(exportIt());
    expect(Object.keys(summary.notes)).toHaveLength(5);
    const vocab = summary.notes['f:Vx9#q)k2']!;
    expect(vocab).toEqual({ model: 'Vocab (3 fields)', fields: notes[4]!.fields, tags: ['vocab', 'stats::terms'] });
    const basic = summary.notes['n-basic']!;
    expect(basic.tags).toEqual(['stats::bayes', 'Core', 'two_words']);
    expect(basic.fields[0]).toBe(md(notes[0]!.front));
    expect(basic.fields[1]).toContain('<img src="diagram.png"');
    expect(summary.notes['n-type']!.fields).toEqual([md('Conjugate prior of a Binomial?'), 'Beta', md('The **Beta** distribution.')]);
    expect(summary.media).toEqual({ 'diagram.png': sha1(TINY_PNG), 'stochastic.mp3': sha1(MP3) });
  });

  it('should carry every card state with Anki’s due semantics', () => {
    const { summary } = check(exportIt());
    const byKey = new Map(summary.cards.map((c) => [`${c.guid}/${c.ord}`, c]));
    expect(summary.cards).toHaveLength(8);
    expect(byKey.has('n-cloze/4')).toBe(false);
    const dayNumber = (ms: number) => Math.floor((ms - summary.crt * 1000) / DAY);

    const review = byKey.get('n-basic/0')!;
    expect(review).toMatchObject({ deck: 'Interview::Stats', type: 2, queue: 2, due: dayNumber(NOW + 5 * DAY), ivl: 10, reps: 4, lapses: 1, flags: 2 });
    expect(review.data).toEqual({ s: 12.3457, d: 4.2, lrt: (NOW - 5 * DAY) / 1000 });
    expect(review.factor).toBeGreaterThan(2000);

    const fresh = byKey.get('n-rev/0')!;
    expect(fresh).toMatchObject({ deck: 'Interview::Stats::Bayes', type: 0, queue: 0, ivl: 0, reps: 0 });
    const learning = byKey.get('n-rev/1')!;
    expect(learning).toMatchObject({ type: 1, queue: 1, due: (NOW + 10 * MIN) / 1000, ivl: 0, reps: 1 });
    expect(learning.left % 1000).toBe(1);
    const relearning = byKey.get('n-cloze/0')!;
    expect(relearning).toMatchObject({ type: 3, queue: 1, due: (NOW + 10 * MIN) / 1000, ivl: 3, lapses: 2 });
    const interday = byKey.get('n-type/0')!;
    expect(interday).toMatchObject({ type: 1, queue: 3, due: dayNumber(NOW + 2 * DAY) });
    expect(byKey.get('n-cloze/1')).toMatchObject({ type: 0, queue: -1 });
    expect(byKey.get('f:Vx9#q)k2/0')).toMatchObject({ type: 2, queue: -1, due: dayNumber(NOW + 30 * DAY), ivl: 35 });
    // New cards: positions in introduction order (cloze-1 due 1, rev-0 due 2, vocab-1 due 3).
    expect([byKey.get('n-cloze/1')!.due, fresh.due, byKey.get('f:Vx9#q)k2/1')!.due]).toEqual([1, 2, 3]);
  });

  it('should write the review history of the exported cards, in order, with Anki’s eases and intervals', () => {
    const { summary } = check(exportIt());
    const byKey = new Map(summary.cards.map((c) => [`${c.guid}/${c.ord}`, c]));
    const basic = byKey.get('n-basic/0')!.revlog;
    expect(basic.map((r) => [r.ease, r.type, r.ivl])).toEqual([[3, 0, -600], [3, 0, 3], [1, 1, -600], [3, 2, 10]]);
    expect(basic.map((r) => r.lastIvl)).toEqual([0, -600, 3, -600]);
    expect(basic.map((r) => r.id)).toEqual(revlog.slice(0, 4).map((r) => r.time));
    expect(basic[0]!.factor).toBe(0);
    expect(basic[1]!.factor).toBe(0);
    expect(basic[2]!.factor).toBeGreaterThanOrEqual(1300);
    // Two answers in the same millisecond keep distinct ids.
    expect(byKey.get('n-type/0')!.revlog.map((r) => r.id)).toEqual([NOW - DAY, NOW - DAY + 1]);
    expect(byKey.get('f:Vx9#q)k2/0')!.revlog.map((r) => r.ease)).toEqual([4]);
    expect(summary.cards.reduce((sum, c) => sum + c.revlog.length, 0)).toBe(9);
  });

  it('should export every card as new and no history without scheduling', () => {
    const result = check(exportIt({ includeScheduling: false }));
    expect(result.errors).toEqual([]);
    expect(result.summary.cards.every((c) => c.type === 0 && c.queue === 0 && c.revlog.length === 0 && c.flags === 0)).toBe(true);
    expect(new Set(result.summary.cards.map((c) => c.due)).size).toBe(8);
  });

  it('should compute sfld and csum as Anki does', () => {
    expect(ankiStripHtml('<p>A &amp; <b>B</b></p>\n<img src="x y.png" alt=1> <!-- c --><style>p{}</style>')).toBe('A & B\n x y.png  ');
    // sha1("Bayes") = 8ad4bd5f…
    expect(fieldChecksum('<i>Bayes</i>')).toBe(parseInt(createHash('sha1').update('Bayes').digest('hex').slice(0, 8), 16));
  });
});

describe('the independent reader itself', () => {
  /** Rewrites the collection of a package with SQL, keeping the rest. */
  function tamper(bytes: Uint8Array, statements: string): Uint8Array {
    const zip = openZip(bytes, 'zip file');
    const db = new sql.Database(zip.read('collection.anki2'));
    db.exec(statements);
    const col = db.export();
    db.close();
    return writeZip(zip.names.map((name) => ({ name, data: name === 'collection.anki2' ? col : zip.read(name) })));
  }

  it('should report what Anki would reject or misread', () => {
    const bytes = exportIt();
    const errors = check(
      tamper(bytes, `
        UPDATE notes SET flds = flds || char(31) || 'extra' WHERE guid = 'n-basic';
        UPDATE notes SET csum = 1 WHERE guid = 'n-rev';
        UPDATE cards SET ord = 5 WHERE nid = (SELECT id FROM notes WHERE guid = 'n-type');
        UPDATE cards SET queue = 2 WHERE type = 0;
        UPDATE col SET conf = json_remove(conf, '$.schedVer');
        UPDATE col SET decks = json_remove(decks, '$.1');
        INSERT INTO revlog VALUES (1, 42, -1, 3, 1, 0, 2500, 100, 1);
      `),
    ).errors.join('\n');
    expect(errors).toMatch(/fields, note type "?'?Prepdeck Basic/);
    expect(errors).toMatch(/csum 1 !=/);
    expect(errors).toMatch(/ord 5 outside/);
    expect(errors).toMatch(/queue 2 does not go with type 0/);
    expect(errors).toMatch(/schedVer is None/);
    expect(errors).toMatch(/no Default deck/);
    expect(errors).toMatch(/cid 42 has no card/);
  });

  it('should report a media map that does not match the members', () => {
    const zip = openZip(exportIt(), 'zip file');
    const broken = writeZip([
      { name: 'collection.anki2', data: zip.read('collection.anki2') },
      { name: '0', data: TINY_PNG },
      { name: 'media', data: new TextEncoder().encode(JSON.stringify({ 0: 'diagram.png', 1: 'stochastic.mp3', 2: '../evil' })) },
    ]);
    const errors = check(broken).errors.join('\n');
    expect(errors).toMatch(/member '1' \(stochastic.mp3\) missing/);
    expect(errors).toMatch(/unsafe file name '..\/evil'/);
  });
});

describe('.apkg export, read back by our reader', () => {
  it('should give back the same decks, note types, fields, tags, schedule, history and media', async () => {
    const plan = await readApkg(exportIt(), 'export.apkg', { sql });
    expect(plan.format).toBe('apkg-anki2');
    expect(plan.warnings.join(' ')).not.toMatch(/missing/i);
    expect(plan.decks.map((d) => d.name)).toEqual(expect.arrayContaining(['Interview', 'Interview::Stats', 'Interview::Stats::Bayes']));
    const deckName = new Map(plan.decks.map((d) => [d.id, d.name]));
    const vocabType = plan.noteTypes!.find((t) => t.name === 'Vocab (3 fields)')!;
    expect(vocabType).toMatchObject({ fields: VOCAB.fields, templates: VOCAB.templates, css: VOCAB.css, kind: 'reversed' });
    const byGuid = new Map(plan.notes.map((n) => [n.guid, n]));
    expect(byGuid.size).toBe(5);
    expect(byGuid.get('f:Vx9#q)k2')).toMatchObject({ noteTypeId: vocabType.id, fields: notes[4]!.fields, tags: ['vocab', 'stats::terms'] });
    expect(byGuid.get('n-basic')).toMatchObject({ front: md(notes[0]!.front), tags: ['stats::bayes', 'Core', 'two_words'] });
    expect(byGuid.get('n-cloze')).toMatchObject({ kind: 'cloze' });
    expect(byGuid.get('n-type')!.answer).toBe('Beta');
    expect(deckName.get(byGuid.get('n-rev')!.deckId)).toBe('Interview::Stats::Bayes');

    const noteGuid = new Map(plan.notes.map((n) => [n.id, n.guid]));
    const planCard = new Map(plan.cards.map((c) => [`${noteGuid.get(c.noteId)}/${c.ord}`, c]));
    expect(planCard.size).toBe(8);
    for (const src of cards.filter((c) => c.deckId !== 'other' && c.id !== 'cloze-4')) {
      const note = notes.find((x) => x.id === src.noteId)!;
      const got = planCard.get(`${note.guid ?? note.id}/${src.ord}`)!;
      expect(got.schedule, src.id).toMatchObject({ type: src.state === CardState.Relearning ? 3 : src.state, suspended: src.suspended, reps: src.state === CardState.New ? 0 : src.reps });
      if (src.state === CardState.Review) expect(Math.abs(got.schedule!.dueAt - src.due), src.id).toBeLessThan(DAY);
      if (src.state === CardState.Learning || src.state === CardState.Relearning) expect(Math.abs(got.schedule!.dueAt - src.due), src.id).toBeLessThan(DAY);
      expect(deckName.get(got.deckId)).toBe(decks.find((d) => d.id === src.deckId)!.name);
    }
    const ratings = (key: string) => plan.revlog.filter((r) => r.cardId === planCard.get(key)!.id).map((r) => r.rating);
    expect(ratings('n-basic/0')).toEqual([3, 3, 1, 3]);
    expect(ratings('n-type/0')).toEqual([2, 3]);
    expect(plan.revlog).toHaveLength(9);
    expect(new Map(plan.media.map((m) => [m.name, sha1(m.data)]))).toEqual(new Map([['diagram.png', sha1(TINY_PNG)], ['stochastic.mp3', sha1(MP3)]]));
  });

  it('should export an imported deck from storage (with its sub-deck) as a package that passes the checks again', async () => {
    const dbName = freshDbName('export-anki');
    const plan = await readApkg(exportIt(), 'export.apkg', { sql });
    await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName });
    const root = plan.decks.find((d) => d.name === 'Interview::Stats')!;
    const data = await readDeckForExport(root.id, dbName);
    expect(data.decks.map((d) => d.name).sort()).toEqual(['Interview::Stats', 'Interview::Stats::Bayes']);
    expect(data.noteTypes.map((t) => t.name)).toContain('Vocab (3 fields)');
    const again = check(exportApkg(data, { sql, now: NOW + DAY, markdownToHtml: md }));
    expect(again.errors).toEqual([]);
    expect(again.summary.decks).toEqual(['Default', 'Interview', 'Interview::Stats', 'Interview::Stats::Bayes']);
    expect(Object.values(again.summary.notes).map((x) => x.fields).sort()).toEqual(Object.values(check(exportIt()).summary.notes).map((x) => x.fields).sort());
    expect(again.summary.cards).toHaveLength(8);
    expect(again.summary.cards.filter((c) => c.queue === -1)).toHaveLength(2);
    expect(again.summary.cards.reduce((sum, c) => sum + c.revlog.length, 0)).toBe(9);
    expect(Object.keys(again.summary.media).sort()).toEqual(['diagram.png', 'stochastic.mp3']);
  });
});
