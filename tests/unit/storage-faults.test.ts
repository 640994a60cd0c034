/**
 * Write failures inside a review transaction: a request that throws at once (a full disk
 * reported early, a value that cannot be stored) must take the whole transaction down, so a
 * card never changes without its log entry and an undo never half-happens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyBuiltinDeck, commitReview, countReviews, getCard, loadStudyQueue, undoReview } from '../../src/storage';
import { gradeCard } from '../../src/core/scheduler';
import { pickNext } from '../../src/core/queue';
import { AppError, ErrorCode } from '../../src/core/errors';
import { freshDbName, sampleDeck, settings, withoutStamp } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const realAdd = IDBObjectStore.prototype.add;
const realDelete = IDBObjectStore.prototype.delete;
afterEach(() => {
  IDBObjectStore.prototype.add = realAdd;
  IDBObjectStore.prototype.delete = realDelete;
});

function failOn(method: 'add' | 'delete', store: string) {
  const real = IDBObjectStore.prototype[method] as (...a: unknown[]) => IDBRequest;
  (IDBObjectStore.prototype as unknown as Record<string, unknown>)[method] = function (this: IDBObjectStore, ...args: unknown[]) {
    if (this.name === store) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return real.apply(this, args);
  };
}

async function firstCard(db: string) {
  await applyBuiltinDeck(sampleDeck('f', 2), NOW, db);
  const pick = pickNext(await loadStudyQueue('all', NOW, settings(), db), NOW);
  if (!pick || !('card' in pick)) throw new Error('no card');
  return pick.card;
}

describe('a write that throws inside a review transaction', () => {
  it('grade: the card stays as it was, no log entry, and the message says the disk is full', async () => {
    const db = freshDbName('fault-grade');
    const card = await firstCard(db);
    const g = gradeCard(card, 3, NOW, 1000, settings(), 'log-1');
    failOn('add', 'revlog');
    const err = await commitReview(card, g.card, g.log, Date.now(), undefined, db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.QuotaExceeded);
    expect((err as AppError).message).toMatch(/^The review could not be saved: .*out of storage space.*Nothing was changed\.$/);
    IDBObjectStore.prototype.add = realAdd;
    expect(await getCard(card.id, db)).toEqual(card);
    expect(await countReviews(db)).toBe(0);
    // Once writes work again the same grade goes through.
    await commitReview(card, g.card, g.log, Date.now(), undefined, db);
    expect(withoutStamp(await getCard(card.id, db))).toEqual(withoutStamp(g.card));
  });

  it('undo: the card keeps its graded state and the log entry stays', async () => {
    const db = freshDbName('fault-undo');
    const card = await firstCard(db);
    const g = gradeCard(card, 3, NOW, 1000, settings(), 'log-1');
    await commitReview(card, g.card, g.log, Date.now(), undefined, db);
    failOn('delete', 'revlog');
    await expect(undoReview(card, 'log-1', Date.now(), [], db)).rejects.toThrow(/could not be undone: .*out of storage space/);
    IDBObjectStore.prototype.delete = realDelete;
    expect(withoutStamp(await getCard(card.id, db))).toEqual(withoutStamp(g.card));
    expect(await countReviews(db)).toBe(1);
  });
});
