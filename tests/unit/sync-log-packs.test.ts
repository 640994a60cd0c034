/**
 * Packed review history (storage/log-packs.ts) end to end in Node: device A holds 300 cards and
 * 2,700 reviews over forty days; device B's first sync stores the entries older than two days
 * packed by card, the recent ones as records. Every reader of the log on B sees the whole log
 * (backup, stats, export, the optimiser, the reminder count, a card's history), both devices
 * hold the same cards, and later syncs (new grades of cards with packed history, an undo of a
 * packed entry) change the packs and records exactly as they should.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import memoryAdapter from 'pouchdb-adapter-memory';
import { addNote, commitReview, getNoteCards, readSnapshot, undoReview, countReviews } from '../../src/storage';
import { createDeck } from '../../src/storage/decks';
import { getSettings } from '../../src/storage/settings';
import { openDatabase } from '../../src/storage/db';
import { putRecords } from '../../src/storage/bulk';
import { readAllReviews, readReviewIdsOfCards, readReviewsSince, readRevlogEpoch } from '../../src/storage/stats-source';
import { readDeckForExport } from '../../src/storage/export';
import { countLogForDecks, readReviewsForOptimiser } from '../../src/storage/optimise-reviews';
import { LOG_PACK_META_KEY, PACK_AFTER_MS, type LogPackMeta } from '../../src/storage/log-packs';
import { configureSync, enableSync, syncNow } from '../../src/sync/client';
import { gradeCard } from '../../src/core/scheduler';
import type { CardRecord, Rating, ReviewLogRecord } from '../../src/core/types';
import { freshDbName } from './helpers';
import { useSyncServer } from './use-sync-server';

const DAY = 86_400_000;
const server = useSyncServer();
let dbUrl = '';

beforeAll(async () => {
  dbUrl = await server.createUser('packer', 'packer-secret');
}, 60_000);

const use = (db: string) => configureSync({ dbName: db, adapter: { name: 'memory', plugin: memoryAdapter }, replicaName: `replica-${db}` });

async function packState(db: string) {
  const d = await openDatabase(db);
  const packs = await d.getAll('logPacks');
  return { records: await d.count('revlog'), packed: packs.reduce((n, p) => n + p.reviews.length, 0), meta: (await d.get('meta', LOG_PACK_META_KEY)) as LogPackMeta | undefined, ids: packs.flatMap((p) => p.reviews.map((r) => r[0])) };
}

/** What must be equal on both devices: the user's cards with their scheduling, and the log's ids. */
async function view(db: string) {
  const s = await readSnapshot(Date.now(), 'test', db);
  const cards = s.cards.filter((c) => !c.noteId.startsWith('builtin')).map(({ usn: _u, mtime: _m, ...rest }) => rest).sort((x, y) => (x.id < y.id ? -1 : 1));
  const notes = s.notes.filter((n) => n.source !== 'builtin').map(({ usn: _u, mtime: _m, ...rest }) => rest).sort((x, y) => (x.id < y.id ? -1 : 1));
  return { cards, notes, revlog: s.revlog.map((r) => r.id).sort() };
}

describe('packed review history', () => {
  const a = freshDbName('packs-a');
  const b = freshDbName('packs-b');
  const now = Date.now();
  let deckId = '';
  const logs: ReviewLogRecord[] = [];
  const finalCards: CardRecord[] = [];

  it('a new device stores the older history packed and the recent entries as records, and holds the same cards', async () => {
    deckId = (await createDeck('History', now - 50 * DAY, '', a)).id;
    const settings = await getSettings(a);
    const cards: CardRecord[] = [];
    for (let i = 0; i < 300; i++) {
      const { note } = await addNote({ deckId, noteTypeId: 'pd-basic', fields: [`Q${i}`, `A${i}`], tags: [] }, now - 45 * DAY, a);
      cards.push(...(await getNoteCards(note.id, a)));
    }
    // Nine reviews a card over forty days; every tenth card's last one within the last day.
    cards.forEach((c0, i) => {
      let card = c0;
      for (let k = 0; k < 9; k++) {
        const time = k === 8 && i % 10 === 0 ? now - DAY / 2 - i * 1000 : now - 40 * DAY + k * 4 * DAY + i * 60_000;
        const id = `h${k}-${i}-${c0.id}`;
        const out = gradeCard(card, (((i + k) % 4) + 1) as Rating, time, 3000, settings, id);
        card = { ...out.card, mtime: time, usn: 1 };
        logs.push({ ...out.log, usn: 1 });
      }
      finalCards.push(card);
    });
    await putRecords({ cards: finalCards, revlog: logs }, a);
    expect(await countReviews(a)).toBe(2700);
    // And a deck of 250 never-studied notes: the new device stores them in packs, as an import would.
    const fresh = (await createDeck('Not started', now - 50 * DAY, '', a)).id;
    for (let i = 0; i < 250; i++) await addNote({ deckId: fresh, noteTypeId: 'pd-basic', fields: [`New ${i}`, `A${i}`], tags: [] }, now - 45 * DAY + i, a);

    use(a);
    expect(await enableSync({ server: dbUrl, user: 'packer', password: 'packer-secret' })).toMatchObject({ ok: true });
    use(b);
    expect(await enableSync({ server: dbUrl, user: 'packer', password: 'packer-secret' })).toMatchObject({ ok: true });

    const old = logs.filter((r) => r.time < now - PACK_AFTER_MS);
    const p = await packState(b);
    expect(p.packed).toBe(old.length);
    expect(p.records).toBe(logs.length - old.length);
    expect(p.meta).toEqual({ count: old.length, newest: Math.max(...old.map((r) => r.time)) });
    expect(new Set(p.ids)).toEqual(new Set(old.map((r) => r.id)));
    expect(await countReviews(b)).toBe(2700);
    const d = await openDatabase(b);
    const notePacks = await d.getAll('packs');
    expect(notePacks.flatMap((p) => p.notes.map((n) => n.fields[0])).sort()).toEqual(Array.from({ length: 250 }, (_, i) => `New ${i}`).sort());
    expect(await d.count('notes')).toBe(300);
    expect(await d.count('packIndex')).toBe(notePacks.length);
    const vb = await view(b);
    expect(vb.revlog).toHaveLength(2700);
    expect(vb).toEqual(await view(a));
    // Old entries from another device: the stats digest is built again.
    expect(await readRevlogEpoch(b)).toBeGreaterThan(0);
  }, 120_000);

  it('every reader of the log on the new device sees the packed history', async () => {
    const all = new Set(logs.map((r) => r.id));
    const read = new Set<string>();
    let total = 0;
    await readAllReviews((batch, _done, t) => {
      for (const r of batch) read.add(r.id);
      total = t;
    }, 500, b);
    expect(read).toEqual(all);
    expect(total).toBe(2700);
    const since = now - 20 * DAY;
    expect((await readReviewsSince(since, b)).map((r) => r.id).sort()).toEqual(logs.filter((r) => r.time >= since).map((r) => r.id).sort());
    const card = finalCards[7]!;
    expect(await readReviewIdsOfCards([card.id], b)).toEqual(new Set(logs.filter((r) => r.cardId === card.id).map((r) => r.id)));
    const exported = await readDeckForExport(deckId, b);
    expect(exported.revlog.map((r) => r.id).sort()).toEqual([...all].sort());
    expect(exported.revlog.map((r) => r.time)).toEqual([...exported.revlog.map((r) => r.time)].sort((x, y) => x - y));
    const window = await readReviewsForOptimiser({ limit: 1_000_000 }, b);
    expect(window.total).toBe(2700);
    expect(await countLogForDecks(new Set([deckId]), b, now - 30 * DAY)).toBe(logs.filter((r) => r.time > now - 30 * DAY).length);
  });

  it('later syncs: grades of cards with packed history arrive as records; an undo of a packed entry leaves its pack; both devices end equal', async () => {
    const before = await packState(b);
    // A grades three cards whose history B holds packed, and undoes the last (old) review of a fourth.
    const settings = await getSettings(a);
    const made: string[] = [];
    for (const i of [1, 2, 3]) {
      const [card] = await getNoteCards(finalCards[i]!.noteId, a);
      const t = Date.now() + i;
      const { card: after, log } = gradeCard(card!, 3, t, 3000, settings, `new-${i}`);
      await commitReview(card!, after, log, t, undefined, a);
      made.push(log.id);
    }
    const victim = finalCards[5]!;
    const last = logs.filter((r) => r.cardId === victim.id).sort((x, y) => x.time - y.time).at(-1)!;
    expect(last.time).toBeLessThan(now - PACK_AFTER_MS);
    expect(before.ids).toContain(last.id);
    const [stored] = await getNoteCards(victim.noteId, a);
    await undoReview({ ...stored!, state: last.stateBefore, due: last.dueBefore, stability: last.stabilityBefore, difficulty: last.difficultyBefore, reps: stored!.reps - 1 }, last.id, Date.now(), [], a);

    use(a);
    expect(await syncNow()).toMatchObject({ ok: true });
    use(b);
    expect(await syncNow()).toMatchObject({ ok: true });
    const after = await packState(b);
    expect(after.packed).toBe(before.packed - 1);
    expect(after.ids).not.toContain(last.id);
    expect(after.meta?.count).toBe(before.packed - 1);
    expect(after.records).toBe(before.records + 3);
    const vb = await view(b);
    for (const id of made) expect(vb.revlog).toContain(id);
    expect(vb.revlog).not.toContain(last.id);
    expect(vb).toEqual(await view(a));

    // And back: B grades a card with packed history; A gets it.
    const [c9] = await getNoteCards(finalCards[9]!.noteId, b);
    const t = Date.now();
    const graded = gradeCard(c9!, 1, t, 3000, await getSettings(b), 'from-b');
    await commitReview(c9!, graded.card, graded.log, t, undefined, b);
    expect(await syncNow()).toMatchObject({ ok: true });
    use(a);
    expect(await syncNow()).toMatchObject({ ok: true });
    expect(await view(a)).toEqual(await view(b));
    expect((await packState(b)).packed).toBe(before.packed - 1);
  }, 120_000);
});
