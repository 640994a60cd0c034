/** Grading and undo: the card and its log entry always change together, in one transaction. */
import type { CardRecord, Note, ReviewLogRecord, StoryRecord } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError, settleQuietly } from './errors';

export async function getCard(id: string, dbName?: string): Promise<CardRecord | undefined> {
  return (await openDatabase(dbName)).get('cards', id);
}

export async function getNote(id: string, dbName?: string): Promise<Note | undefined> {
  return (await openDatabase(dbName)).get('notes', id);
}

/** The outcome of a grade when the card changed elsewhere (another tab) since it was shown. */
export class StaleCardError extends Error {
  constructor(readonly current: CardRecord | undefined) {
    super('This card was already answered in another tab.');
    this.name = 'StaleCardError';
  }
}

/**
 * Writes the graded card and its log entry atomically. `before` is the state the grade was
 * computed from; if the stored card no longer matches it (another tab graded it meanwhile),
 * nothing is written and StaleCardError tells the caller to refresh.
 */
export async function commitReview(before: CardRecord, after: CardRecord, log: ReviewLogRecord, dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['cards', 'revlog'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    // The check and the writes go out together: one round trip to the database instead of two
    // (under load each one can take tens of milliseconds). Requests run in order, so the read
    // sees the card as it was before this grade; a stale card aborts the transaction, and the
    // writes queued behind the read with it, before anything commits.
    const read = tx.objectStore('cards').get(before.id);
    settleQuietly([read]);
    writes.push(tx.objectStore('cards').put(after));
    writes.push(tx.objectStore('revlog').add(log));
    const stored = await read;
    if (!stored || stored.reps !== before.reps || stored.due !== before.due || stored.state !== before.state) {
      tx.abort();
      throw new StaleCardError(stored);
    }
    await Promise.all([...writes, tx.done]);
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
export async function undoReview(before: CardRecord, logId: string, dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['cards', 'revlog'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const [log, stored] = await Promise.all([tx.objectStore('revlog').get(logId), tx.objectStore('cards').get(before.id)]);
    if (!log || log.cardId !== before.id) {
      tx.abort();
      throw new AppError(ErrorCode.NotFound, 'There is nothing to undo: that review is no longer stored.');
    }
    if (!stored || stored.reps !== before.reps + 1 || stored.state !== log.stateAfter || stored.due !== log.dueAfter) {
      tx.abort();
      throw new AppError(ErrorCode.Conflict, 'This review can no longer be undone: the card was answered again in another tab. Nothing was changed.');
    }
    writes.push(tx.objectStore('cards').put(before));
    writes.push(tx.objectStore('revlog').delete(logId));
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
