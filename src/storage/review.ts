/** Grading and undo: the card and its log entry always change together, in one transaction. */
import { CardState, QueueBucket, type CardRecord, type ReviewLogRecord, type StoryRecord } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { bucketOf } from '../core/buckets';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError, settleQuietly } from './errors';
import { nextStamp, stamped } from './stamp';

/** The outcome of a grade when the card changed elsewhere (another tab) since it was shown. */
export class StaleCardError extends Error {
  constructor(readonly current: CardRecord | undefined) {
    super('This card was already answered in another tab.');
    this.name = 'StaleCardError';
  }
}

/** Anki's sibling options: which siblings of an answered card wait until the next study day. */
export interface BurySiblings {
  new: boolean;
  review: boolean;
  /** Start of the next study day: buried siblings come back then. */
  until: number;
}

export interface CommittedReview {
  /** The graded card as stored (with its stamp). */
  card: CardRecord;
  /** Siblings buried by this grade, as they were before (undo puts them back). */
  buried: CardRecord[];
}

/** Whether `card` is a sibling that `bury` sends away until tomorrow. */
function buriesWith(card: CardRecord, bury: BurySiblings): boolean {
  if (card.suspended || card.bucket === QueueBucket.Buried) return false;
  return (bury.new && card.state === CardState.New) || (bury.review && card.state === CardState.Review);
}

/**
 * Writes the graded card and its log entry atomically, and buries the note's other new/review
 * cards when `bury` says so. `before` is the state the grade was computed from; if the stored
 * card no longer matches it (another tab graded it meanwhile), nothing is written and
 * StaleCardError tells the caller to refresh.
 */
export async function commitReview(before: CardRecord, after: CardRecord, log: ReviewLogRecord, now: number, bury?: BurySiblings, dbName?: string): Promise<CommittedReview> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['cards', 'revlog', 'meta'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    // The check, the siblings and the change counter are read together: one round trip.
    const cards = tx.objectStore('cards');
    const read = cards.get(before.id);
    const siblings = bury && (bury.new || bury.review) ? cards.index('byNote').getAll(before.noteId) : Promise.resolve([] as CardRecord[]);
    const stampRead = nextStamp(tx.objectStore('meta'), now);
    settleQuietly([read, siblings, stampRead]);
    const [stored, sibs, stamp] = await Promise.all([read, siblings, stampRead]);
    if (!stored || stored.reps !== before.reps || stored.due !== before.due || stored.state !== before.state) {
      tx.abort();
      throw new StaleCardError(stored);
    }
    const card = stamped(after, stamp);
    writes.push(cards.put(card));
    writes.push(tx.objectStore('revlog').add(log));
    const buried = bury ? sibs.filter((c) => c.id !== before.id && buriesWith(c, bury)) : [];
    for (const c of buried) writes.push(cards.put(stamped({ ...c, buriedUntil: bury!.until, bucket: QueueBucket.Buried }, stamp)));
    await Promise.all([...writes, tx.done]);
    return { card, buried };
  } catch (e) {
    await abandonTransaction(tx, writes);
    if (e instanceof StaleCardError) throw e;
    throw asStorageError(e, 'The review could not be saved');
  }
}

/**
 * Undo: the card returns to exactly `before` and the log entry goes, together. Refused when the
 * card was graded again since (in another tab): putting `before` back would drop that later
 * grade's effect while its log entry stayed.
 */
export async function undoReview(before: CardRecord, logId: string, now: number, unbury: CardRecord[] = [], dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['cards', 'revlog', 'meta'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const [log, stored, stamp] = await Promise.all([tx.objectStore('revlog').get(logId), tx.objectStore('cards').get(before.id), nextStamp(tx.objectStore('meta'), now)]);
    if (!log || log.cardId !== before.id) {
      tx.abort();
      throw new AppError(ErrorCode.NotFound, 'There is nothing to undo: that review is no longer stored.');
    }
    if (!stored || stored.reps !== before.reps + 1 || stored.state !== log.stateAfter || stored.due !== log.dueAfter) {
      tx.abort();
      throw new AppError(ErrorCode.Conflict, 'This review can no longer be undone: the card was answered again in another tab. Nothing was changed.');
    }
    writes.push(tx.objectStore('cards').put(stamped(before, stamp)));
    writes.push(tx.objectStore('revlog').delete(logId));
    // Siblings this grade buried come back, unless something changed them since.
    const current = await Promise.all(unbury.map((c) => tx.objectStore('cards').get(c.id)));
    current.forEach((c, i) => {
      const was = unbury[i]!;
      if (c && c.bucket === QueueBucket.Buried && c.reps === was.reps) {
        const { buriedUntil: _b, ...rest } = c;
        writes.push(tx.objectStore('cards').put(stamped({ ...rest, bucket: bucketOf(c.state, c.suspended) }, stamp)));
      }
    });
    await Promise.all([...writes, tx.done]);
  } catch (e) {
    await abandonTransaction(tx, writes);
    throw asStorageError(e, 'The review could not be undone');
  }
}

export async function getStory(noteId: string, dbName?: string): Promise<StoryRecord | undefined> {
  return (await openDatabase(dbName)).get('stories', noteId);
}

export async function saveStory(noteId: string, text: string, now: number, dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  if (text.trim() === '') await db.delete('stories', noteId);
  else await db.put('stories', { noteId, text, updatedAt: now });
}

export async function countReviews(dbName?: string): Promise<number> {
  return (await openDatabase(dbName)).count('revlog');
}
