import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { migrations, DB_VERSION, type PrepdeckDB, type Tx } from '../../src/storage/schema';
import { openDatabase, closeDatabase, loadStudyQueue } from '../../src/storage';
import { freshDbName, settings } from './helpers';
import { idHash } from '../../src/storage/pack-format';

const NOW = Date.parse('2026-11-22T09:00:00Z');

/** Creates a database exactly as schema version `version` left it, by running migrations 1..version. */
async function createAtVersion(name: string, version: number) {
  return openDB<PrepdeckDB>(name, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion + 1; v <= newVersion!; v++) await migrations[v - 1]!(db, tx as unknown as Tx);
    },
  });
}

describe('schema migrations', () => {
  it('has one migration per version', () => {
    expect(migrations).toHaveLength(DB_VERSION);
  });

  for (let from = 1; from < DB_VERSION; from++) {
    it(`upgrades a version-${from} database with data to version ${DB_VERSION}, keeping every record`, async () => {
      const name = freshDbName(`mig${from}`);
      const old = await createAtVersion(name, from);
      // Version-1 records: cards without the `bucket` field.
      const deck: Record<string, unknown> & { updatedAt: number } = { id: 'd', name: 'Old deck', description: '', source: 'user' as const, createdAt: 1, updatedAt: 1 };
      const note: Record<string, unknown> & { updatedAt: number } = { id: 'n', deckId: 'd', kind: 'basic' as const, format: 'markdown' as const, front: 'Q', back: 'A', tags: [], topics: [], mtime: 1, updatedAt: 1 };
      const base = { noteId: 'n', deckId: 'd', ord: 0, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, suspended: false };
      const cards = [
        { ...base, id: 'new', due: 0, state: 0 },
        { ...base, id: 'rev', due: NOW - 1000, state: 2, stability: 5, difficulty: 5, reps: 3, last_review: NOW - 5 * 86_400_000 },
        { ...base, id: 'sus', due: NOW - 1000, state: 2, suspended: true, reps: 1 },
        { ...base, id: 'lrn', due: NOW - 60_000, state: 1, reps: 1 },
      ];
      const log = { id: 'l1', cardId: 'rev', deckId: 'd', time: NOW - 5 * 86_400_000, rating: 3, stateBefore: 1, stateAfter: 2, stabilityBefore: 1, stabilityAfter: 5, difficultyBefore: 5, difficultyAfter: 5, dueBefore: 0, dueAfter: NOW - 1000, scheduledDays: 5, elapsedDays: 0, durationMs: 1200 };
      const tx = old.transaction(['decks', 'notes', 'cards', 'revlog', 'meta'], 'readwrite');
      // A version-4 database already holds stamped records with note-type fields (as migration 4 leaves them).
      const { updatedAt: _d0, ...deck4 } = deck;
      const { updatedAt: _n0, ...note4 } = note;
      await tx.objectStore('decks').put((from >= 4 ? { ...deck4, mtime: 1, usn: 0 } : deck) as never);
      await tx.objectStore('notes').put((from >= 4 ? { ...note4, noteTypeId: 'pd-basic', fields: ['Q', 'A'], srcMtime: 1, mtime: 1, usn: 0 } : note) as never);
      // From version 2 on, cards carry their queue bucket (migration 2 adds it to older ones).
      const buckets: Record<string, number> = { new: 0, rev: 2, sus: -1, lrn: 1 };
      for (const c of cards) await tx.objectStore('cards').put((from >= 4 ? { ...c, bucket: buckets[c.id], mtime: (c as { last_review?: number }).last_review ?? NOW, usn: 0 } : from >= 2 ? { ...c, bucket: buckets[c.id] } : c) as never);
      await tx.objectStore('revlog').put(log as never);
      await tx.objectStore('meta').put({ newPerDay: 7 }, 'settings');
      await tx.done;
      old.close();

      const db = await openDatabase(name);
      expect(db.version).toBe(DB_VERSION);
      // Version 4: every record carries a stamp; notes hold the fields of a built-in note type.
      const { updatedAt: _d, ...deckRest } = deck;
      expect(await db.getAll('decks')).toEqual([{ ...deckRest, mtime: 1, usn: 0 }]);
      const { updatedAt: _n, ...noteRest } = note;
      expect(await db.getAll('notes')).toEqual([{ ...noteRest, noteTypeId: 'pd-basic', fields: ['Q', 'A'], srcMtime: 1, mtime: 1, usn: 0 }]);
      expect((await db.getAll('notetypes')).map((t) => t.id).sort()).toEqual(['pd-basic', 'pd-basic-html', 'pd-cloze', 'pd-cloze-html', 'pd-reversed', 'pd-reversed-html', 'pd-type-in', 'pd-type-in-html']);
      expect(await db.getAll('revlog')).toEqual([log]);
      expect(await db.get('meta', 'settings')).toEqual({ newPerDay: 7 });
      const upgraded = await db.getAll('cards');
      expect(upgraded).toHaveLength(4);
      for (const c of cards) expect(upgraded.find((u) => u.id === c.id)).toMatchObject({ ...c, usn: 0 });
      expect(Object.fromEntries(upgraded.map((c) => [c.id, c.bucket]))).toEqual({ new: 0, rev: 2, sus: -1, lrn: 1 });
      // The new indexes serve the queue.
      const q = await loadStudyQueue('d', NOW, settings(), name);
      expect(q.main.map((c) => c.id).sort()).toEqual(['new', 'rev']);
      expect(q.learning.map((c) => c.id)).toEqual(['lrn']);
      expect(db.objectStoreNames.contains('stories')).toBe(true);
      expect(await db.count('packs')).toBe(0);
      // Version 5: the packed history store, empty until a sync fills it.
      expect(await db.count('logPacks')).toBe(0);
      await closeDatabase(name);
    });
  }
});

describe('schema 3 → 4 with packs', () => {
  it('upgrades packed notes to note-type fields, builds the pack index, and getNote finds them', async () => {
    const name = freshDbName('mig-packs');
    const old = await createAtVersion(name, 3);
    const legacy = (i: number) => ({ id: `pn${i}`, deckId: 'pd', kind: 'basic', format: 'html', front: `F${i}`, back: `B${i}`, tags: ['x'], topics: [], mtime: 7, updatedAt: 8 });
    const tx = old.transaction(['decks', 'packs'], 'readwrite');
    await tx.objectStore('decks').put({ id: 'pd', name: 'Packed', description: '', source: 'import', createdAt: 1, updatedAt: 2 } as never);
    await tx.objectStore('packs').put({ deckId: 'pd', seq: 0, size: 2, notes: [legacy(0), legacy(1)], cards: [{ id: 'pc0', noteId: 'pn0', ord: 0, due: 0 }, { id: 'pc1', noteId: 'pn1', ord: 0, due: 1 }] } as never);
    await tx.done;
    old.close();
    const { getNote, getCard } = await import('../../src/storage');
    const note = await getNote('pn1', name);
    expect(note).toMatchObject({ id: 'pn1', noteTypeId: 'pd-basic-html', fields: ['F1', 'B1'], srcMtime: 7, mtime: 8, usn: 0 });
    expect(await getCard('pc0', name)).toMatchObject({ id: 'pc0', noteId: 'pn0', state: 0, usn: 0 });
    const db = await openDatabase(name);
    const [index] = await db.getAll('packIndex');
    expect({ ...index, noteHashes: [...index!.noteHashes], cardHashes: [...index!.cardHashes] }).toEqual({ deckId: 'pd', seq: 0, size: 2, noteHashes: ['pn0', 'pn1'].map(idHash), cardHashes: ['pc0', 'pc1'].map(idHash) });
    await closeDatabase(name);
  });
});
