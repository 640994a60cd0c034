/**
 * The record layer (src/storage/records.ts, edit.ts, card-actions.ts, stamp.ts): fields and note
 * types, edits that survive built-in updates and re-imports, stamps and the change feed,
 * tombstones, packed notes found and edited like any other, review-time card actions.
 */
import { describe, expect, it } from 'vitest';
import { readImport } from '../../src/formats';
import { readApkg } from '../../src/formats/apkg/read';
import { exportApkg } from '../../src/formats/apkg/export';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import {
  addNote,
  applyBuiltinDeck,
  changesSince,
  commitImportPlan,
  commitReview,
  currentUsn,
  deleteNotes,
  getCard,
  getNote,
  getNoteCards,
  listDeckSummaries,
  loadStudyQueue,
  openDatabase,
  readDeckForExport,
  restoreCards,
  restoreDeleted,
  restoreOriginal,
  setCards,
  tagNotes,
  undoReview,
  updateNote,
} from '../../src/storage';
import { gradeCard } from '../../src/core/scheduler';
import { pickNext, queueCounts } from '../../src/core/queue';
import { nextStudyDayStart } from '../../src/core/time';
import { AppError, ErrorCode } from '../../src/core/errors';
import { DEFAULT_SETTINGS, QueueBucket } from '../../src/core/types';
import { buildLegacyApkg } from '../fixtures/anki-packages';
import { freshDbName, sampleDeck, settings } from './helpers';
import { countKeptEdits } from '../../src/storage/import';
import { createDeck, deleteDeck, renameDeck, restoreDeletedDecks } from '../../src/storage/decks';
import { idHash } from '../../src/storage/pack-format';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;
const enc = (s: string) => new TextEncoder().encode(s);

async function importText(db: string, text: string, name: string, now = NOW) {
  const plan = await readImport(enc(text), name, { now });
  return { plan, result: await commitImportPlan(plan, { mode: 'keep', now, params: DEFAULT_SETTINGS, dbName: db }) };
}

describe('notes hold fields of a note type', () => {
  it('an Anki note keeps its note type; editing a field changes what its cards show; an exported .apkg re-imports to the same fields, templates and tags', async () => {
    const sql = await loadSqlJsNode();
    const db = freshDbName('rec-anki');
    const plan = await readApkg(buildLegacyApkg(sql), 'x.apkg', { sql });
    await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    const planNote = plan.notes.find((n) => n.kind === 'reversed' || (n.sides?.length ?? 0) > 0)!;
    const stored = (await getNote(planNote.id, db))!;
    expect(stored.noteTypeId).toMatch(/^anki-nt-\d+-/);
    expect(stored.fields).toEqual(planNote.fields);
    const d = await openDatabase(db);
    const type = (await d.get('notetypes', stored.noteTypeId))!;
    expect(type.templates.length).toBeGreaterThan(0);
    expect(type.css).toBe('.card {}');

    // An edited first field shows on the rendered sides at once.
    const fields = [...stored.fields];
    fields[0] = 'Edited <b>front</b>';
    const { note } = await updateNote(stored.id, { fields }, NOW + 1000, db);
    expect(note.sides![0]!.front).toContain('Edited <b>front</b>');
    expect(note.editedAt).toBe(NOW + 1000);
    expect((await getNote(stored.id, db))!.sides![0]!.front).toContain('Edited <b>front</b>');

    // Export the deck and read it back: same fields, templates and tags.
    const exported = await readDeckForExport(stored.deckId, db);
    const bytes = exportApkg(exported, { sql, now: NOW });
    const again = await readApkg(bytes, 'again.apkg', { sql });
    const back = again.notes.find((n) => n.guid === stored.guid)!;
    expect(back.fields).toEqual(fields);
    expect(back.tags).toEqual(stored.tags);
    expect(back.noteTypeId).toBe(stored.noteTypeId);
    const backType = again.noteTypes!.find((t) => t.id === stored.noteTypeId)!;
    expect(backType.templates).toEqual(type.templates);
    expect(backType.fields).toEqual(type.fields);
  });

  it('a cloze edit adds the card of a new deletion and removes the card of a dropped one; a note without deletions is refused and nothing changes', async () => {
    const db = freshDbName('rec-cloze');
    await applyBuiltinDeck(sampleDeck('c', 1, { notes: [{ id: 'c-1', kind: 'cloze', front: 'A {{c1::x}} and {{c2::y}}', back: '', tags: [], topics: ['a.1'] }] }), NOW, db);
    expect((await getNoteCards('c-1', db)).map((c) => c.ord)).toEqual([0, 1]);
    const r = await updateNote('c-1', { fields: ['A {{c1::x}} and {{c3::z}}', ''] }, NOW, db);
    expect(r).toMatchObject({ cardsAdded: 1, cardsRemoved: 1 });
    expect((await getNoteCards('c-1', db)).map((c) => c.ord)).toEqual([0, 2]);
    const before = await getNote('c-1', db);
    const err = await updateNote('c-1', { fields: ['no deletions left', ''] }, NOW, db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.Invalid);
    expect((err as AppError).message).toMatch(/at least one deletion/);
    expect(await getNote('c-1', db)).toEqual(before);
  });

  it('adds a note of the user’s own, with its cards at the end of the new cards', async () => {
    const db = freshDbName('rec-add');
    await applyBuiltinDeck(sampleDeck('a', 3), NOW, db);
    const { note } = await addNote({ deckId: 'a', noteTypeId: 'pd-reversed', fields: ['Front **md**', 'Back'], tags: ['mine', 'mine', 'two'] }, NOW, db);
    expect(note).toMatchObject({ source: 'user', kind: 'reversed', front: 'Front **md**', tags: ['mine', 'two'] });
    const cards = await getNoteCards(note.id, db);
    expect(cards.map((c) => c.ord)).toEqual([0, 1]);
    const q = await loadStudyQueue('a', NOW, settings(), db);
    expect(q.main.map((c) => c.noteId).slice(-1)).toEqual([note.id]);
    await expect(addNote({ deckId: 'a', noteTypeId: 'pd-basic', fields: ['  ', 'x'], tags: [] }, NOW, db)).rejects.toThrow(/Front field is empty/);
  });
});

describe('user edits win', () => {
  it('an edited built-in note keeps the edit across a content update, with the shipped version as its original, and can be restored', async () => {
    const db = freshDbName('rec-builtin');
    const v1 = sampleDeck('b', 2);
    await applyBuiltinDeck(v1, NOW, db);
    await updateNote('b-q0', { fields: ['My own wording?', 'Mine.'], tags: ['mine'] }, NOW + 1, db);
    const v2 = { ...v1, hash: 'v2', notes: [{ ...v1.notes[0]!, front: 'Shipped v2?' }, { ...v1.notes[1]!, back: 'Answer 1, v2.' }] };
    await applyBuiltinDeck(v2, NOW + 2, db);
    const kept = (await getNote('b-q0', db))!;
    expect(kept.fields).toEqual(['My own wording?', 'Mine.']);
    expect(kept.tags).toEqual(['mine']);
    expect(kept.original).toEqual({ fields: ['Shipped v2?', 'Answer 0.'], tags: [] });
    // The note the user did not edit follows the update.
    expect((await getNote('b-q1', db))!.fields).toEqual(['Question 1 of b?', 'Answer 1, v2.']);
    const restored = await restoreOriginal('b-q0', NOW + 3, db);
    expect(restored.note.fields).toEqual(['Shipped v2?', 'Answer 0.']);
    expect(restored.note.editedAt).toBeUndefined();
    expect(restored.note.original).toBeUndefined();
  });

  it('a built-in note the user edited survives its removal from the shipped deck; an unedited one goes, leaving tombstones', async () => {
    const db = freshDbName('rec-builtin-gone');
    const v1 = sampleDeck('g', 3);
    await applyBuiltinDeck(v1, NOW, db);
    await updateNote('g-q1', { fields: ['Kept?', 'Yes.'] }, NOW, db);
    const mark = await currentUsn(db);
    await applyBuiltinDeck({ ...v1, hash: 'v2', notes: [v1.notes[0]!] }, NOW + 1, db);
    expect(await getNote('g-q1', db)).toBeDefined();
    expect(await getNote('g-q2', db)).toBeUndefined();
    const changes = await changesSince(mark, db);
    expect(changes.graves.map((g) => g.key).sort()).toEqual(['card:g-q2', 'note:g-q2']);
    // The unchanged note was not written again: it is not in the feed.
    expect(changes.notes.map((n) => n.id)).not.toContain('g-q0');
  });

  it('a re-import updates only notes not edited since the last import, and says how many it kept', async () => {
    const db = freshDbName('rec-reimport');
    const { plan } = await importText(db, 'front,back\nq1,a1\nq2,a2\nq3,a3\n', 'mine.csv');
    const ids = plan.notes.map((n) => n.id);
    await updateNote(ids[0]!, { fields: ['q1', 'my better answer'] }, NOW + 10, db);
    // The preview says so before anything is written.
    const next = await readImport(enc('front,back\nq1,a1 v2\nq2,a2 v2\nq3,a3\n'), 'mine.csv', { now: NOW + 20 });
    expect(await countKeptEdits(next, NOW + 20, db)).toBe(1);
    const { result } = await importText(db, 'front,back\nq1,a1 v2\nq2,a2 v2\nq3,a3\n', 'mine.csv', NOW + 20);
    expect(result).toMatchObject({ notesKept: 1, notesUpdated: 1, notesUnchanged: 1, notesAdded: 0 });
    expect((await getNote(ids[0]!, db))!.back).toBe('my better answer');
    expect((await getNote(ids[1]!, db))!.back).toBe('a2 v2');
    // An import after the edit makes the import the newest word again for later imports only
    // when the note was not edited since: the kept note stays kept.
    const third = await importText(db, 'front,back\nq1,a1 v3\nq2,a2 v2\nq3,a3\n', 'mine.csv', NOW + 30);
    expect(third.result.notesKept).toBe(1);
  });
});

describe('stamps, the change feed and tombstones', () => {
  it('every write takes a higher usn; the feed lists exactly what changed since a mark; delete leaves tombstones and undo brings it all back', async () => {
    const db = freshDbName('rec-feed');
    await applyBuiltinDeck(sampleDeck('f', 3), NOW, db);
    const u0 = await currentUsn(db);
    expect(u0).toBeGreaterThan(0);
    await applyBuiltinDeck(sampleDeck('f', 3, { hash: 'same-content-new-hash' }), NOW, db);
    const u1 = await currentUsn(db);
    expect((await changesSince(u0, db)).notes).toEqual([]);
    await updateNote('f-q0', { tags: ['t'] }, NOW + 5, db);
    const edited = await changesSince(u1, db);
    expect(edited.notes.map((n) => [n.id, n.mtime])).toEqual([['f-q0', NOW + 5]]);
    expect(edited.notes[0]!.usn).toBe(edited.usn);
    const u2 = edited.usn;
    const gone = await deleteNotes(['f-q1'], NOW + 6, db);
    expect(gone.notes.map((n) => n.id)).toEqual(['f-q1']);
    expect(gone.cards.map((c) => c.id)).toEqual(['f-q1']);
    const afterDelete = await changesSince(u2, db);
    expect(afterDelete.graves.map((g) => g.key).sort()).toEqual(['card:f-q1', 'note:f-q1']);
    expect(afterDelete.notes).toEqual([]);
    expect(await getCard('f-q1', db)).toBeUndefined();
    await restoreDeleted(gone, NOW + 7, db);
    expect((await getNote('f-q1', db))!.fields).toEqual(gone.notes[0]!.fields);
    const afterUndo = await changesSince(afterDelete.usn, db);
    expect(afterUndo.notes.map((n) => n.id)).toEqual(['f-q1']);
    expect(afterUndo.graves).toEqual([]);
    expect((await changesSince(0, db)).graves).toEqual([]);
  });
});

describe('packed notes are found, edited and deleted like any other', () => {
  it('getNote, getCard, updateNote, tagNotes and deleteNotes reach a note inside a pack', async () => {
    const db = freshDbName('rec-packed');
    const rows = Array.from({ length: 300 }, (_, i) => `p${i},a${i}`).join('\n');
    const { plan } = await importText(db, `front,back\n${rows}\n`, 'big.csv');
    const d = await openDatabase(db);
    expect(await d.count('notes')).toBe(0);
    const target = plan.notes[250]!;
    expect((await getNote(target.id, db))!.front).toBe('p250');
    const card = plan.cards.find((c) => c.noteId === target.id)!;
    expect((await getCard(card.id, db))!.noteId).toBe(target.id);
    await updateNote(target.id, { fields: ['p250 edited', 'a250'] }, NOW, db);
    expect((await getNote(target.id, db))!.front).toBe('p250 edited');
    expect(await d.count('notes')).toBe(1);
    const other = plan.notes[251]!;
    await tagNotes([other.id], ['big'], [], NOW, db);
    expect((await getNote(other.id, db))!.tags).toEqual(['big']);
    await deleteNotes([plan.notes[252]!.id], NOW, db);
    expect(await getNote(plan.notes[252]!.id, db)).toBeUndefined();
    const { decks } = await listDeckSummaries(NOW, settings(), db);
    expect(decks[0]!.total).toBe(299);
    // The pack index still matches the packs.
    const [packs, index] = await Promise.all([d.getAll('packs'), d.getAll('packIndex')]);
    expect(index.map((r) => [...r.noteHashes])).toEqual(packs.map((p) => p.notes.map((n) => idHash(n.id))));
  });
});

describe('card actions', () => {
  it('suspend, bury and flag change the queue as Anki does, and restoreCards undoes each exactly', async () => {
    const db = freshDbName('rec-actions');
    await applyBuiltinDeck(sampleDeck('s', 4), NOW, db);
    const s = settings();
    const before = await setCards(['s-q0'], { kind: 'suspend' }, NOW, db);
    expect((await getCard('s-q0', db))!.bucket).toBe(QueueBucket.Suspended);
    let q = await loadStudyQueue('s', NOW, s, db);
    expect(q.main.map((c) => c.id)).not.toContain('s-q0');
    await restoreCards(before, NOW, db);
    expect((await getCard('s-q0', db))!.bucket).toBe(QueueBucket.New);

    const tomorrow = nextStudyDayStart(NOW, s.dayStartHour);
    await setCards(['s-q1'], { kind: 'bury', until: tomorrow }, NOW, db);
    q = await loadStudyQueue('s', NOW, s, db);
    expect(q.main.map((c) => c.id)).not.toContain('s-q1');
    q = await loadStudyQueue('s', tomorrow + 1, s, db);
    expect(q.main.map((c) => c.id)).toContain('s-q1');
    expect((await getCard('s-q1', db))!.buriedUntil).toBeUndefined();

    const flagged = await setCards(['s-q2'], { kind: 'flag', flag: 3 }, NOW, db);
    expect((await getCard('s-q2', db))!.flag).toBe(3);
    expect(await setCards(['s-q2'], { kind: 'flag', flag: 3 }, NOW, db)).toEqual([]);
    await restoreCards(flagged, NOW, db);
    expect((await getCard('s-q2', db))!.flag).toBeUndefined();

    await setCards(['s-q3'], { kind: 'reschedule', days: 5 }, NOW, db);
    expect((await getCard('s-q3', db))!).toMatchObject({ due: NOW + 5 * DAY, state: 2, bucket: QueueBucket.Review });
    await expect(setCards(['s-q3'], { kind: 'reschedule', days: -1 }, NOW, db)).rejects.toThrow(/whole number from 0 to 36500/);
    await expect(setCards(['s-q3'], { kind: 'move', deckId: 'nope' }, NOW, db)).rejects.toThrow(/no longer exists/);
  });

  it('answering one card of a note buries its new siblings until tomorrow; undo brings them back', async () => {
    const db = freshDbName('rec-siblings');
    await applyBuiltinDeck(sampleDeck('r', 1, { notes: [{ id: 'r-1', kind: 'reversed', front: 'F', back: 'B', tags: [], topics: ['a.1'] }] }), NOW, db);
    const s = settings();
    const q = await loadStudyQueue('r', NOW, s, db);
    expect(queueCounts(q).new).toBe(2);
    const pick = pickNext(q, NOW);
    if (!pick || !('card' in pick)) throw new Error('no card');
    const g = gradeCard(pick.card, 3, NOW, 1000, s, 'log-s');
    const until = nextStudyDayStart(NOW, s.dayStartHour);
    const { buried } = await commitReview(pick.card, g.card, g.log, NOW, { new: true, review: true, until }, db);
    expect(buried.map((c) => c.id)).toEqual(['r-1~1']);
    expect((await loadStudyQueue('r', NOW + 1000, s, db)).main).toEqual([]);
    expect((await loadStudyQueue('r', until + 1, s, db)).main.map((c) => c.id)).toEqual(['r-1~1']);
    // Undo of the grade puts a buried sibling back at once.
    const db2 = freshDbName('rec-siblings-undo');
    await applyBuiltinDeck(sampleDeck('r', 1, { notes: [{ id: 'r-1', kind: 'reversed', front: 'F', back: 'B', tags: [], topics: ['a.1'] }] }), NOW, db2);
    const c0 = (await getCard(pick.card.id, db2))!;
    const res = await commitReview(c0, { ...g.card }, { ...g.log, id: 'log-u' }, NOW, { new: true, review: true, until }, db2);
    await undoReview(c0, 'log-u', NOW, res.buried, db2);
    expect((await getCard('r-1~1', db2))!.bucket).toBe(QueueBucket.New);
  });
});

describe('decks', () => {
  it('renames a deck with its sub-decks, and deletes a deck tree (packed notes too) with tombstones; undo brings it all back', async () => {
    const db = freshDbName('rec-decks');
    const rows = Array.from({ length: 250 }, (_, i) => `d${i},a${i}`).join('\n');
    const { plan } = await importText(db, `front,back\n${rows}\n`, 'Big.csv');
    const big = plan.decks[0]!;
    const child = await createDeck('Big::Child', NOW, '', db);
    await addNote({ deckId: child.id, noteTypeId: 'pd-basic', fields: ['child q', 'a'], tags: [] }, NOW, db);
    const renamed = await renameDeck(big.id, 'Huge', NOW, db);
    expect(renamed.map((d) => d.name).sort()).toEqual(['Huge', 'Huge::Child']);
    await expect(renameDeck(big.id, 'Huge::Child::Loop', NOW, db)).rejects.toThrow(/inside itself/);
    const mark = await currentUsn(db);
    const gone = await deleteDeck(big.id, NOW + 1, db);
    expect(gone.decks).toHaveLength(2);
    expect(gone.notes).toHaveLength(251);
    expect(await getNote(plan.notes[200]!.id, db)).toBeUndefined();
    const d = await openDatabase(db);
    expect(await d.count('packs')).toBe(0);
    expect((await changesSince(mark, db)).graves.filter((g) => g.kind === 'note')).toHaveLength(251);
    await restoreDeletedDecks(gone, NOW + 2, db);
    expect((await getNote(plan.notes[200]!.id, db))!.front).toBe('d200');
    const { decks } = await listDeckSummaries(NOW + 3, settings(), db);
    expect(decks.map((s) => [s.deck.name, s.total])).toEqual([['Huge', 250], ['Huge::Child', 1]]);
  });
});
