/**
 * Storage rules that matter when several tabs share one database: an undo never overwrites a
 * later grade made elsewhere, and a database upgraded by a newer app version is refused with a
 * clear message instead of IndexedDB's VersionError.
 */
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { applyBuiltinDeck, commitReview, countReviews, getCard, loadStudyQueue, openDatabase, closeDatabase, undoReview, DB_VERSION } from '../../src/storage';
import { gradeCard } from '../../src/core/scheduler';
import { pickNext } from '../../src/core/queue';
import { AppError, ErrorCode } from '../../src/core/errors';
import { freshDbName, sampleDeck, settings, withoutStamp } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');

describe('undo across tabs', () => {
  it('refuses to undo a review once the card was graded again elsewhere, and changes nothing', async () => {
    const db = freshDbName('undo-conflict');
    await applyBuiltinDeck(sampleDeck('u', 1), NOW, db);
    const q = await loadStudyQueue('all', NOW, settings(), db);
    const pick = pickNext(q, NOW);
    if (!pick || !('card' in pick)) throw new Error('no card');
    // Tab A grades the card (Again: it stays in learning)…
    const a = gradeCard(pick.card, 1, NOW, 1000, settings(), 'log-a');
    await commitReview(pick.card, a.card, a.log, Date.now(), undefined, db);
    // …tab B grades it again from the new state…
    const b = gradeCard(a.card, 3, NOW + 120_000, 1000, settings(), 'log-b');
    await commitReview(a.card, b.card, b.log, Date.now(), undefined, db);
    // …then tab A presses undo: putting the old card back would orphan B's log entry.
    const err = await undoReview(pick.card, 'log-a', Date.now(), [], db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.Conflict);
    expect((err as AppError).message).toMatch(/answered again in another tab/);
    expect(withoutStamp(await getCard(pick.card.id, db))).toEqual(withoutStamp(b.card));
    expect(await countReviews(db)).toBe(2);
    // B's own undo still works.
    await undoReview(a.card, 'log-b', Date.now(), [], db);
    expect(withoutStamp(await getCard(pick.card.id, db))).toEqual(withoutStamp(a.card));
  });
});

describe('a database from a newer app version', () => {
  it('is refused with a message that says what happened and what to do', async () => {
    const name = freshDbName('newer');
    const newer = await openDB(name, DB_VERSION + 1, { upgrade: (d) => void d.createObjectStore('from-the-future') });
    newer.close();
    const err = await openDatabase(name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.TooNew);
    expect((err as AppError).message).toMatch(/newer version of Prepdeck.*Reload this page/);
    // The failure is not cached: once the code knows the version, opening works again.
    const later = await openDatabase(name, DB_VERSION + 1).catch((e: unknown) => e);
    expect((later as { version?: number }).version).toBe(DB_VERSION + 1);
    await closeDatabase(name);
  });
});
