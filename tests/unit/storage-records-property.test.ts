/**
 * Property test of the record layer: any sequence of edits, deletes (and their undo), imports,
 * grades and card actions leaves records and indexes consistent.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readImport } from '../../src/formats';
import { builtinNoteType, deriveNote } from '../../src/formats/notetypes/index';
import {
  applyBuiltinDeck,
  changesSince,
  commitImportPlan,
  commitReview,
  currentUsn,
  deleteNotes,
  listDeckSummaries,
  loadStudyQueue,
  openDatabase,
  restoreDeleted,
  setCards,
  tagNotes,
  updateNote,
} from '../../src/storage';
import { gradeCard } from '../../src/core/scheduler';
import { pickNext } from '../../src/core/queue';
import { DEFAULT_SETTINGS, type CardRecord, type Note } from '../../src/core/types';
import { freshDbName, sampleDeck, settings } from './helpers';
import { idHash } from '../../src/storage/pack-format';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;

type Op =
  | { kind: 'import'; rows: number; version: number }
  | { kind: 'edit'; pick: number; text: string }
  | { kind: 'delete'; pick: number; undo: boolean }
  | { kind: 'grade'; day: number }
  | { kind: 'act'; pick: number; action: 'suspend' | 'unsuspend' | 'bury' | 'flag' }
  | { kind: 'tag'; pick: number }
  | { kind: 'builtin'; version: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('import' as const), rows: fc.integer({ min: 1, max: 260 }), version: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), text: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '') }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(), undo: fc.boolean() }),
  fc.record({ kind: fc.constant('grade' as const), day: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('act' as const), pick: fc.nat(), action: fc.constantFrom('suspend' as const, 'unsuspend' as const, 'bury' as const, 'flag' as const) }),
  fc.record({ kind: fc.constant('tag' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('builtin' as const), version: fc.integer({ min: 0, max: 2 }) }),
);

async function allRecords(db: string): Promise<{ notes: Note[]; cards: CardRecord[] }> {
  const d = await openDatabase(db);
  const [notes, cards, packs] = await Promise.all([d.getAll('notes'), d.getAll('cards'), d.getAll('packs')]);
  for (const p of packs) {
    notes.push(...p.notes);
    for (const c of p.cards) cards.push({ id: c.id, noteId: c.noteId, deckId: p.deckId, ord: c.ord, usn: c.usn ?? p.usn, mtime: c.mtime ?? p.mtime } as CardRecord);
  }
  return { notes, cards };
}

describe('record layer under random use (fast-check)', () => {
  it('records, packs, tombstones, stamps and deck totals stay consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const db = freshDbName('records-prop');
        await applyBuiltinDeck(sampleDeck('b', 4), NOW, db);
        let t = NOW;
        for (const o of ops) {
          t += 1000;
          const { notes, cards } = await allRecords(db);
          const note = notes.length ? notes[o.kind === 'edit' || o.kind === 'delete' || o.kind === 'tag' ? o.pick % notes.length : 0] : undefined;
          const card = cards.length && o.kind === 'act' ? cards[o.pick % cards.length] : undefined;
          if (o.kind === 'import') {
            const lines = Array.from({ length: o.rows }, (_, i) => `q${i},a${i}${i % 3 === 0 ? `-v${o.version}` : ''}`);
            const plan = await readImport(new TextEncoder().encode(`front,back\n${lines.join('\n')}\n`), 'r.csv', { now: t });
            await commitImportPlan(plan, { mode: 'keep', now: t, params: DEFAULT_SETTINGS, dbName: db });
          } else if (o.kind === 'edit' && note) {
            const fields = [...note.fields];
            fields[note.kind === 'cloze' ? 1 : 0] = `${fields[0]} ${o.text}`;
            await updateNote(note.id, { fields }, t, db);
          } else if (o.kind === 'delete' && note) {
            const gone = await deleteNotes([note.id], t, db);
            if (o.undo) await restoreDeleted(gone, t + 1, db);
          } else if (o.kind === 'grade') {
            const now = t + o.day * DAY;
            const q = await loadStudyQueue('all', now, settings(), db);
            const pick = pickNext(q, now);
            if (pick && 'card' in pick) {
              const g = gradeCard(pick.card, 3, now, 1000, settings(), `log-${t}`);
              await commitReview(pick.card, g.card, g.log, now, { new: true, review: true, until: now + DAY }, db);
            }
          } else if (o.kind === 'act' && card) {
            const action = o.action === 'bury' ? { kind: 'bury' as const, until: t + DAY } : o.action === 'flag' ? { kind: 'flag' as const, flag: 2 as const } : { kind: o.action };
            await setCards([card.id], action, t, db);
          } else if (o.kind === 'tag' && note) {
            await tagNotes([note.id], ['prop'], [], t, db);
          } else if (o.kind === 'builtin') {
            const deck = sampleDeck('b', 4, { hash: `v${o.version}` });
            deck.notes = deck.notes.map((n, i) => (i === o.version ? { ...n, back: `${n.back} v${o.version}` } : n));
            await applyBuiltinDeck(deck, t, db);
          }
        }
        const d = await openDatabase(db);
        const { notes, cards } = await allRecords(db);
        const usn = await currentUsn(db);
        // Each record once, each card's note present, each note with at least one card.
        expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
        expect(new Set(cards.map((c) => c.id)).size).toBe(cards.length);
        const noteIds = new Set(notes.map((n) => n.id));
        for (const c of cards) expect(noteIds.has(c.noteId)).toBe(true);
        const withCards = new Set(cards.map((c) => c.noteId));
        for (const n of notes) expect(withCards.has(n.id)).toBe(true);
        // Stamps never run ahead of the counter; what a note shows follows from its fields.
        for (const r of [...notes, ...cards]) expect(r.usn).toBeLessThanOrEqual(usn);
        for (const n of notes) {
          const type = builtinNoteType(n.noteTypeId) ?? (await d.get('notetypes', n.noteTypeId))!;
          const derived = deriveNote({ fields: n.fields, tags: n.tags }, type);
          expect([n.front, n.back]).toEqual([derived.front, derived.back]);
        }
        // A tombstone never outlives a later write of the same record.
        const live = new Map<string, number>([...notes.map((n) => [`note:${n.id}`, n.usn] as const), ...cards.map((c) => [`card:${c.id}`, c.usn] as const)]);
        for (const g of await d.getAll('graves')) if (live.has(g.key)) expect(live.get(g.key)!).toBeGreaterThan(g.usn);
        // The pack index matches the packs; the feed from 0 lists every record written since migration.
        const [packs, index] = await Promise.all([d.getAll('packs'), d.getAll('packIndex')]);
        expect(index.map((r) => [[...r.noteHashes], [...r.cardHashes]])).toEqual(packs.map((p) => [p.notes.map((n) => idHash(n.id)), p.cards.map((c) => idHash(c.id))]));
        const feed = await changesSince(0, db);
        expect(new Set(feed.notes.map((n) => n.id))).toEqual(noteIds);
        // Deck totals agree with a count of the cards.
        const { decks } = await listDeckSummaries(t, settings(), db);
        for (const s of decks) expect(s.total).toBe(cards.filter((c) => c.deckId === s.deck.id).length);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
