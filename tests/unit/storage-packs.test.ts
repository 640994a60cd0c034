/**
 * Packs (src/storage/pack-format.ts): a large import stores its never-studied notes hundreds to
 * a record. Every reader must see exactly the notes and cards an import of ordinary records
 * would have written, and a note must move to the indexed stores, whole, when it is needed.
 */
import { planNoteRecord } from '../../src/storage/plan-notes';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readImport } from '../../src/formats';
import {
  applyBuiltinDeck,
  commitImportPlan,
  commitReview,
  getCard,
  getNote,
  listDeckSummaries,
  loadStudyQueue,
  nextDueAfter,
  openDatabase,
  readDeckForExport,
  readSnapshot,
  restoreSnapshot,
} from '../../src/storage';
import { PACK_CARDS, PACK_MIN_NOTES } from '../../src/storage/pack-format';
import { isPackable, buildPacks, choosePacked } from '../../src/storage/pack-new';
import { newCard, gradeCard } from '../../src/core/scheduler';
import { pickNext } from '../../src/core/queue';
import { nextStudyDayStart } from '../../src/core/time';
import { AppError, ErrorCode } from '../../src/core/errors';
import { DEFAULT_SETTINGS, type CardRecord, type Note } from '../../src/core/types';
import type { ImportPlan } from '../../src/formats/plan';
import { freshDbName, sampleDeck, settings } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const enc = (s: string) => new TextEncoder().encode(s);

function csv(rows: number, edit?: (i: number) => string | undefined): string {
  const lines = ['front,back'];
  for (let i = 0; i < rows; i++) lines.push(`q${i},${edit?.(i) ?? `a${i}`}`);
  return lines.join('\n') + '\n';
}

async function importCsv(db: string, rows: number, name = 'big.csv', edit?: (i: number) => string | undefined) {
  const plan = await readImport(enc(csv(rows, edit)), name, { now: NOW });
  const result = await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
  return { plan, result };
}

/** The records an import of ordinary records writes for `plan` (what packs must stand for). */
function expectedRecords(plan: ImportPlan): { notes: Note[]; cards: CardRecord[] } {
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    notes: byId(plan.notes.map((n) => planNoteRecord(n, undefined, NOW, { mtime: 0, usn: 0 }))),
    cards: byId(plan.cards.map((c) => newCard({ id: c.id, noteId: c.noteId, deckId: c.deckId, ord: c.ord, position: c.newPosition }))),
  };
}

/** Records without their stamps (which write stamped them is not what these tests check). */
function strip<T extends { mtime: number; usn: number }>(xs: T[] | T | undefined): unknown {
  const one = (x: T) => {
    const { mtime: _m, usn: _u, ...rest } = x as T & { importedAt?: number };
    delete (rest as { importedAt?: number }).importedAt;
    return rest;
  };
  return xs === undefined ? undefined : Array.isArray(xs) ? xs.map(one) : one(xs);
}

const realPut = IDBObjectStore.prototype.put;
afterEach(() => {
  IDBObjectStore.prototype.put = realPut;
});

describe('packs', () => {
  it('a large import goes into packs, and every reader sees the records it stands for', async () => {
    const db = freshDbName('packs');
    const { plan, result } = await importCsv(db, 1200);
    expect(result).toMatchObject({ notesAdded: 1200, cardsAdded: 1200 });
    const d = await openDatabase(db);
    expect(await d.count('notes')).toBe(0);
    expect(await d.count('cards')).toBe(0);
    const keys = await d.getAllKeys('packs');
    expect(keys.length).toBe(Math.ceil(1200 / PACK_CARDS));
    expect(keys.reduce((n, k) => n + k[2], 0)).toBe(1200);

    const expected = expectedRecords(plan);
    const snap = await readSnapshot(NOW, 'test', db);
    expect(strip(snap.notes)).toEqual(strip(expected.notes));
    expect(strip(snap.cards)).toEqual(strip(expected.cards));
    const exported = await readDeckForExport(plan.decks[0]!.id, db);
    expect(strip(exported.notes)).toEqual(strip(expected.notes));
    expect(strip(exported.cards)).toEqual(strip(expected.cards));

    const { decks, all } = await listDeckSummaries(NOW, settings({ newPerDay: 30 }), db);
    const summary = decks.find((s) => s.deck.id === plan.decks[0]!.id)!;
    expect(summary.total).toBe(1200);
    expect(summary.counts.new).toBe(30);
    expect(all.new).toBe(30);
  });

  it('today’s queue moves exactly the first new notes out of the packs, in order, and they can be graded', async () => {
    const db = freshDbName('packs-queue');
    const { plan } = await importCsv(db, 600);
    const deckId = plan.decks[0]!.id;
    const s = settings({ newPerDay: 25 });
    const q = await loadStudyQueue(deckId, NOW, s, db);
    expect(q.main.map((c) => c.due).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const d = await openDatabase(db);
    expect(await d.count('cards')).toBe(25);
    expect(await d.count('notes')).toBe(25);
    expect((await d.getAllKeys('packs')).reduce((n, k) => n + k[2], 0)).toBe(575);
    // Loading again moves nothing more: today's 25 are there.
    await loadStudyQueue(deckId, NOW, s, db);
    expect(await d.count('cards')).toBe(25);
    // The moved records are the ones an ordinary import would have written.
    const expected = expectedRecords(plan);
    for (const c of await d.getAll('cards')) expect(strip(c)).toEqual(strip(expected.cards.find((e) => e.id === c.id)));
    for (const n of await d.getAll('notes')) expect(strip(n)).toEqual(strip(expected.notes.find((e) => e.id === n.id)));

    const pick = pickNext(q, NOW);
    if (!pick || !('card' in pick)) throw new Error('no card');
    expect(await getNote(pick.card.noteId, db)).toBeDefined();
    const g = gradeCard(pick.card, 3, NOW, 1000, s, 'log-1');
    await commitReview(pick.card, g.card, g.log, Date.now(), undefined, db);
    expect((await getCard(pick.card.id, db))?.reps).toBe(1);
    // Totals and the backup still count every card once.
    expect((await readSnapshot(NOW, 'test', db)).cards).toHaveLength(600);
    const { decks } = await listDeckSummaries(NOW, s, db);
    expect(decks.find((x) => x.deck.id === deckId)!.total).toBe(600);

    // The next day the queue takes the following notes, after the ones already moved.
    const tomorrow = nextStudyDayStart(NOW, s.dayStartHour) + 3_600_000;
    const q2 = await loadStudyQueue(deckId, tomorrow, s, db);
    const dues = q2.main.filter((c) => c.state === 0).map((c) => c.due).sort((a, b) => a - b);
    expect(dues).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // 24 of yesterday's new cards were still waiting: one more note moved.
    expect(await d.count('cards')).toBe(26);
  });

  it('two queues loaded at once (two tabs) move each note once', async () => {
    const db = freshDbName('packs-tabs');
    const { plan } = await importCsv(db, 400);
    const deckId = plan.decks[0]!.id;
    const s = settings({ newPerDay: 20 });
    await Promise.all([loadStudyQueue(deckId, NOW, s, db), loadStudyQueue(deckId, NOW, s, db), loadStudyQueue('all', NOW, s, db)]);
    const d = await openDatabase(db);
    expect(await d.count('cards')).toBe(20);
    expect((await d.getAllKeys('packs')).reduce((n, k) => n + k[2], 0)).toBe(380);
  });

  it('notes with several cards move whole', async () => {
    const db = freshDbName('packs-cloze');
    const rows = Array.from({ length: 300 }, (_, i) => `"Item ${i}: {{c1::alpha}} and {{c2::beta}} and {{c3::gamma}}",extra`);
    const plan = await readImport(enc(['text,extra', ...rows].join('\n')), 'cloze.csv', { now: NOW });
    expect(plan.cards).toHaveLength(900);
    await commitImportPlan(plan, { mode: 'fresh', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    const d = await openDatabase(db);
    expect((await d.getAll('packs')).every((p) => p.size <= PACK_CARDS && p.size % 3 === 0)).toBe(true);
    const q = await loadStudyQueue(plan.decks[0]!.id, NOW, settings({ newPerDay: 5 }), db);
    expect(q.main).toHaveLength(5);
    // Five cards are wanted: two whole notes (six cards) leave their pack.
    const cards = await d.getAll('cards');
    expect(cards).toHaveLength(6);
    expect(new Set(cards.map((c) => c.noteId)).size).toBe(2);
    expect(strip((await readSnapshot(NOW, 'test', db)).cards)).toEqual(strip(expectedRecords(plan).cards));
  });

  it('"all decks" tops up every packed deck, and nothing is moved when no new card is left for today', async () => {
    const db = freshDbName('packs-all');
    await importCsv(db, 300, 'first.csv');
    await importCsv(db, 300, 'second.csv');
    const d = await openDatabase(db);
    expect(await d.count('packs')).toBe(2);
    await loadStudyQueue('all', NOW, settings({ newPerDay: 0 }), db);
    expect(await d.count('cards')).toBe(0);
    const q = await loadStudyQueue('all', NOW, settings({ newPerDay: 10 }), db);
    expect(q.main).toHaveLength(10);
    expect(await d.count('cards')).toBe(20);
    // With today's new cards used up, the next new card is tomorrow's (it sits in a pack).
    const next = await nextDueAfter('all', NOW, settings({ newPerDay: 0 }), db);
    expect(next).toBe(nextStudyDayStart(NOW, DEFAULT_SETTINGS.dayStartHour));
  });

  it('re-importing the same file changes nothing; an edited row leaves its pack and is updated', async () => {
    const db = freshDbName('packs-reimport');
    const { plan } = await importCsv(db, 500);
    const d = await openDatabase(db);
    const keysBefore = await d.getAllKeys('packs');
    const again = await importCsv(db, 500);
    expect(again.result).toMatchObject({ notesAdded: 0, notesUnchanged: 500, cardsAdded: 0 });
    expect(await d.getAllKeys('packs')).toEqual(keysBefore);
    expect(await d.count('notes')).toBe(0);

    const edited = await importCsv(db, 500, 'big.csv', (i) => (i === 7 ? 'a changed answer' : undefined));
    expect(edited.result).toMatchObject({ notesAdded: 0, notesUpdated: 1, notesUnchanged: 499, cardsAdded: 0 });
    const notes = await d.getAll('notes');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.back).toBe('a changed answer');
    const cards = await d.getAll('cards');
    expect(cards.map((c) => c.noteId)).toEqual([notes[0]!.id]);
    // Its card kept its place among the new cards.
    expect(cards[0]!.due).toBe(7);
    const snap = await readSnapshot(NOW, 'test', db);
    expect(snap.notes).toHaveLength(500);
    expect(strip(snap.cards)).toEqual(strip(expectedRecords(plan).cards));
  });

  it('small imports, imports with progress and built-in decks stay ordinary records', async () => {
    const db = freshDbName('packs-small');
    await importCsv(db, PACK_MIN_NOTES - 1);
    await applyBuiltinDeck(sampleDeck('b', 400), NOW, db);
    const d = await openDatabase(db);
    expect(await d.count('packs')).toBe(0);
    expect(await d.count('cards')).toBe(PACK_MIN_NOTES - 1 + 400);
    // A card with any progress, or suspended, cannot be packed.
    const c = newCard({ id: 'c', noteId: 'n', deckId: 'd', ord: 0, position: 3 });
    expect(isPackable(c)).toBe(true);
    expect(isPackable({ ...c, last_review: undefined })).toBe(true);
    expect(isPackable({ ...c, reps: 1 })).toBe(false);
    expect(isPackable({ ...c, suspended: true, bucket: -1 })).toBe(false);
    expect(isPackable({ ...c, extra: 1 } as CardRecord)).toBe(false);
  });

  it('packs keep introduction order whatever order the notes come in', () => {
    const notes = Array.from({ length: 1200 }, (_, i) => ({ id: `n${i}`, deckId: 'd' }) as Note);
    const cardsOf = (id: string) => [newCard({ id: `${id}c`, noteId: id, deckId: 'd', ord: 0, position: 5000 - Number(id.slice(1)) })];
    const chosen = choosePacked(notes, cardsOf, () => true).get('d')!;
    const packs = buildPacks('d', 4, chosen, cardsOf, { mtime: 0, usn: 0 });
    expect(packs.map((p) => p.seq)).toEqual([4, 5, 6]);
    const dues = packs.flatMap((p) => p.cards.map((c) => c.due));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(packs.every((p) => p.size === p.cards.length && p.size <= PACK_CARDS)).toBe(true);
  });

  it('backup and restore: packed notes come back as the same collection', async () => {
    const db = freshDbName('packs-backup');
    await importCsv(db, 700);
    await loadStudyQueue('all', NOW, settings({ newPerDay: 15 }), db);
    const snap = await readSnapshot(NOW, 'test', db);
    const other = freshDbName('packs-restored');
    await restoreSnapshot(snap, other);
    expect(await readSnapshot(NOW, 'test', other)).toEqual(snap);
    const d = await openDatabase(other);
    expect(await d.count('packs')).toBeGreaterThan(0);
    const summaries = await listDeckSummaries(NOW, settings(), other);
    expect(summaries.decks.reduce((n, s) => n + s.total, 0)).toBe(700);
  });

  it('an import that fails part-way leaves no pack behind', async () => {
    const db = freshDbName('packs-fail');
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'packs' && (args[0] as { seq: number }).seq === 1) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    const err = await importCsv(db, 900).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.QuotaExceeded);
    IDBObjectStore.prototype.put = realPut;
    const d = await openDatabase(db);
    expect(await d.count('packs')).toBe(0);
    expect(await d.count('decks')).toBe(0);
  });
});

describe('packs under random use (fast-check)', () => {
  type Op = { kind: 'import'; deck: 'A' | 'B'; rows: number; edit: number } | { kind: 'study'; scope: 'A' | 'B' | 'all'; newPerDay: number; day: number; grade: boolean };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('import' as const), deck: fc.constantFrom('A' as const, 'B' as const), rows: fc.integer({ min: 150, max: 450 }), edit: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('study' as const), scope: fc.constantFrom('A' as const, 'B' as const, 'all' as const), newPerDay: fc.integer({ min: 0, max: 30 }), day: fc.integer({ min: 0, max: 3 }), grade: fc.boolean() }),
  );

  it('every note and card is stored exactly once, whole, and every reader agrees with a model of the imports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        const db = freshDbName('packs-prop');
        /** deck name → front → back, as the last import of each row left it. */
        const model = new Map<string, Map<string, string>>();
        const graded = new Map<string, number>();
        let version = 0;
        for (const o of ops) {
          if (o.kind === 'import') {
            version++;
            // Rows whose index is a multiple of (edit + 2) get a new answer in this version.
            const text = csv(o.rows, (i) => (o.edit && i % (o.edit + 2) === 0 ? `b${i}-v${version}` : undefined));
            const plan = await readImport(enc(text), `${o.deck}.csv`, { now: NOW });
            await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
            const rows = model.get(o.deck) ?? new Map<string, string>();
            for (const n of plan.notes) rows.set(n.front, n.back);
            model.set(o.deck, rows);
          } else {
            const d = await openDatabase(db);
            const deckId = o.scope === 'all' ? 'all' : (await d.getAll('decks')).find((x) => x.name === o.scope)?.id;
            if (!deckId) continue;
            const now = NOW + o.day * 86_400_000;
            const s = settings({ newPerDay: o.newPerDay });
            const q = await loadStudyQueue(deckId, now, s, db);
            const pick = pickNext(q, now);
            if (o.grade && pick && 'card' in pick) {
              const g = gradeCard(pick.card, 3, now, 1000, s, `log-${graded.size}-${pick.card.id}`);
              await commitReview(pick.card, g.card, g.log, Date.now(), undefined, db);
              graded.set(pick.card.id, g.card.reps);
            }
          }
        }
        const d = await openDatabase(db);
        const [notes, cards, packs] = await Promise.all([d.getAll('notes'), d.getAll('cards'), d.getAll('packs')]);
        // Once: nothing both in a pack and in the indexed stores, nothing in two packs.
        const packedNotes = packs.flatMap((p) => p.notes.map((n) => n.id));
        const packedCards = packs.flatMap((p) => p.cards.map((c) => c.id));
        const allNotes = [...notes.map((n) => n.id), ...packedNotes];
        const allCards = [...cards.map((c) => c.id), ...packedCards];
        expect(new Set(allNotes).size).toBe(allNotes.length);
        expect(new Set(allCards).size).toBe(allCards.length);
        // Whole: a packed note has all its cards in its pack, and the pack's key tells its size.
        for (const p of packs) {
          expect(p.size).toBe(p.cards.length);
          const ids = new Set(p.notes.map((n) => n.id));
          expect(p.cards.every((c) => ids.has(c.noteId))).toBe(true);
          expect(p.notes.every((n) => n.deckId === p.deckId && p.cards.some((c) => c.noteId === n.id))).toBe(true);
        }
        expect(cards.every((c) => !packedNotes.includes(c.noteId))).toBe(true);
        // Graded cards keep their progress through later imports.
        for (const [id, reps] of graded) expect(cards.find((c) => c.id === id)?.reps).toBe(reps);
        // The backup, the deck totals and the model agree.
        const snap = await readSnapshot(NOW, 'test', db);
        const decks = await d.getAll('decks');
        const summaries = await listDeckSummaries(NOW, settings(), db);
        for (const [name, rows] of model) {
          const deck = decks.find((x) => x.name === name)!;
          const deckNotes = snap.notes.filter((n) => n.deckId === deck.id);
          expect(new Map(deckNotes.map((n) => [n.front, n.back]))).toEqual(rows);
          expect(snap.cards.filter((c) => c.deckId === deck.id)).toHaveLength(rows.size);
          expect(summaries.decks.find((s) => s.deck.id === deck.id)!.total).toBe(rows.size);
        }
      }),
      { numRuns: 12 },
    );
  }, 60_000);
});
