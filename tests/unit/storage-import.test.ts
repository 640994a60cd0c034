import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { readImport } from '../../src/formats';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { commitImportPlan, openDatabase, readSnapshot, restoreSnapshot, applyBuiltinDeck, saveStory } from '../../src/storage';
import { buildLatestApkg, buildLegacyApkg } from '../fixtures/anki-packages';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { readBackup } from '../../src/formats/backup/read';
import { writeBackup } from '../../src/formats/backup/write';
import { freshDbName, sampleDeck } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

const enc = (s: string) => new TextEncoder().encode(s);

async function dumpAll(db: string) {
  const d = await openDatabase(db);
  const stores = ['decks', 'notes', 'cards', 'revlog', 'media', 'stories'] as const;
  const out: Record<string, unknown[]> = {};
  for (const s of stores) out[s] = await d.getAll(s);
  out.media = await Promise.all((out.media as { data: Blob }[]).map(async (m) => ({ ...m, data: Array.from(new Uint8Array(await m.data.arrayBuffer())) })));
  // Unsaved settings read as the defaults; a restore writes them out explicitly.
  out.settings = [{ ...DEFAULT_SETTINGS, ...((await d.get('meta', 'settings')) as object | undefined) }];
  return out;
}

describe('committing an import plan', () => {
  it('imports an Anki package with its progress in one transaction, and re-import updates instead of duplicating', async () => {
    const db = freshDbName('imp');
    const plan = await readImport(buildLatestApkg(sql), 'latest.apkg', { sql, now: NOW });
    const r1 = await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    expect(r1.notesAdded).toBe(plan.notes.length);
    expect(r1.cardsAdded).toBe(plan.cards.length);
    const d = await openDatabase(db);
    expect(await d.count('cards')).toBe(plan.cards.length);
    expect(await d.count('media')).toBe(plan.media.length);
    const reviewed = (await d.getAll('cards')).filter((c) => c.state !== 0);
    expect(reviewed.length).toBe(plan.cards.filter((c) => c.schedule && c.schedule.type !== 0).length);
    expect(await d.count('revlog')).toBe(r1.reviews);
    expect(r1.reviews).toBeGreaterThan(0);

    const r2 = await commitImportPlan(plan, { mode: 'keep', now: NOW + 1000, params: DEFAULT_SETTINGS, dbName: db });
    expect(r2).toMatchObject({ notesAdded: 0, notesUpdated: 0, notesUnchanged: plan.notes.length, cardsAdded: 0 });
    expect(await d.count('cards')).toBe(plan.cards.length);
    expect(await d.count('revlog')).toBe(r1.reviews);

    const edited = { ...plan, notes: plan.notes.map((n, i) => (i === 0 ? { ...n, front: `${n.front} (edited)`, fields: n.fields?.map((f, j) => (j === 0 ? `${f} (edited)` : f)) } : n)) };
    const r3 = await commitImportPlan(edited, { mode: 'keep', now: NOW + 2000, params: DEFAULT_SETTINGS, dbName: db });
    expect(r3).toMatchObject({ notesAdded: 0, notesUpdated: 1, cardsAdded: 0 });
  });

  it('"start fresh" makes every card new and imports no history', async () => {
    const db = freshDbName('fresh');
    const plan = await readImport(buildLegacyApkg(sql), 'legacy.apkg', { sql, now: NOW });
    const r = await commitImportPlan(plan, { mode: 'fresh', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    const d = await openDatabase(db);
    expect((await d.getAll('cards')).every((c) => c.state === 0 && c.reps === 0)).toBe(true);
    expect(await d.count('revlog')).toBe(0);
    expect(r.reviews).toBe(0);
  });

  it('writes nothing when any part of the import fails', async () => {
    const db = freshDbName('atomic');
    const plan = await readImport(enc('front,back\nq1,a1\nq2,a2\nq3,a3\n'), 'cards.csv', { now: NOW });
    expect(plan.notes).toHaveLength(3);
    // The last note cannot be stored (a value IndexedDB cannot clone): the deck and the notes
    // already written in the same transaction must roll back with it.
    const broken = { ...plan, notes: plan.notes.map((n, i) => (i === 2 ? { ...n, front: (() => 1) as unknown as string } : n)) };
    await expect(commitImportPlan(broken, { mode: 'fresh', now: NOW, params: DEFAULT_SETTINGS, dbName: db })).rejects.toBeTruthy();
    // A record without an id is refused before anything is written, with a clear message.
    const noId = { ...plan, cards: [...plan.cards, { ...plan.cards[0]!, id: undefined as unknown as string }] };
    await expect(commitImportPlan(noId, { mode: 'fresh', now: NOW, params: DEFAULT_SETTINGS, dbName: db })).rejects.toThrow(/no identifier/);
    const d = await openDatabase(db);
    expect(await d.count('decks')).toBe(0);
    expect(await d.count('notes')).toBe(0);
    expect(await d.count('cards')).toBe(0);
  });
});

describe('re-importing a CSV with a guid column', () => {
  it('updates the same notes (even when the front changed) and keeps their progress', async () => {
    const db = freshDbName('csv-guid');
    const v1 = 'guid,question,answer,tags,deck\nq-1,Capital of France?,Paris,geo,Geo\nq-2,Capital of Peru?,Lima,geo,Geo\n';
    const v2 = 'guid,question,answer,tags,deck\nq-1,What is the capital of France?,Paris,geo,Geo\nq-2,Capital of Peru?,Lima,geo,Geo\nq-3,Capital of Chad?,N\u2019Djamena,geo,Geo\n';
    const first = await readImport(enc(v1), 'capitals.csv', { now: NOW });
    const r1 = await commitImportPlan(first, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    expect(r1).toMatchObject({ notesAdded: 2, cardsAdded: 2 });
    const d = await openDatabase(db);
    const card = (await d.get('cards', first.cards[0]!.id))!;
    await d.put('cards', { ...card, reps: 4, state: 2, bucket: 2, stability: 12, due: NOW + 86_400_000 });
    // Saved under another name, with a changed front and one more row: matched by guid, not by front or file name.
    const second = await readImport(enc(v2), 'capitals (edited).csv', { now: NOW + 1000 });
    const r2 = await commitImportPlan(second, { mode: 'keep', now: NOW + 1000, params: DEFAULT_SETTINGS, dbName: db });
    expect(r2).toMatchObject({ notesAdded: 1, notesUpdated: 1, notesUnchanged: 1, cardsAdded: 1 });
    expect(await d.count('notes')).toBe(3);
    expect(await d.count('cards')).toBe(3);
    expect((await d.get('notes', first.notes[0]!.id))!.front).toBe('What is the capital of France?');
    expect(await d.get('cards', card.id)).toMatchObject({ reps: 4, state: 2, stability: 12 });
  });
});

describe('backup and restore', () => {
  it('backup → wipe → restore gives back every store exactly', async () => {
    const db = freshDbName('backup');
    await applyBuiltinDeck(sampleDeck('b', 4), NOW, db);
    const plan = await readImport(buildLatestApkg(sql), 'latest.apkg', { sql, now: NOW });
    await commitImportPlan(plan, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    await saveStory('b-q1', 'My story: shipped the ranking model…', NOW, db);
    const before = await dumpAll(db);
    const bytes = writeBackup(await readSnapshot(NOW, 'test', db));
    // Wipe by restoring an empty collection, then restore the backup.
    await restoreSnapshot({ ...readBackup(bytes), decks: [], notes: [], cards: [], revlog: [], media: [], stories: [] }, db);
    expect(await (await openDatabase(db)).count('cards')).toBe(0);
    await restoreSnapshot(readBackup(bytes), db);
    expect(await dumpAll(db)).toEqual(before);
  });
});

describe('finding the records a re-import already has', () => {
  it('keeps progress when the id range of the file also holds many records of other decks', async () => {
    const db = freshDbName('reimport-range');
    // Two CSV decks: their note ids (hashes) interleave, so one deck's id range holds the other's.
    const rows = (n: number) => ['front,back', ...Array.from({ length: n }, (_, i) => `q${i},a${i}`)].join('\n');
    const other = await readImport(enc(rows(150)), 'other.csv', { now: NOW });
    const mine = await readImport(enc(rows(20)), 'mine.csv', { now: NOW });
    await commitImportPlan(other, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    await commitImportPlan(mine, { mode: 'keep', now: NOW, params: DEFAULT_SETTINGS, dbName: db });
    const d = await openDatabase(db);
    const card = (await d.get('cards', mine.cards[0]!.id))!;
    await d.put('cards', { ...card, reps: 3, state: 2, bucket: 2, stability: 9, due: NOW + 86_400_000 });
    const r = await commitImportPlan(mine, { mode: 'keep', now: NOW + 1000, params: DEFAULT_SETTINGS, dbName: db });
    expect(r).toMatchObject({ notesAdded: 0, notesUnchanged: 20, cardsAdded: 0 });
    expect(await d.get('cards', card.id)).toMatchObject({ reps: 3, state: 2, stability: 9 });
    expect(await d.count('cards')).toBe(170);
  });
});
