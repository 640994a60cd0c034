/** Grading and undo: the card and its log entry always change together, in one transaction. */
import { CardState, QueueBucket, type CardRecord, type ReviewLogRecord, type Stamp, type StoryRecord } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { bucketOf } from '../core/buckets';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError, settleQuietly } from './errors';
import { forgetUsn, lastUsn, nextStamp, rememberUsn, stamped, USN_KEY } from './stamp';
import { bumpRevlogEpoch, LOG_PACK_META_KEY, type LogPackMeta } from './revlog-epoch';
import { writeTransaction } from './write';

/** Reviews older than this are in the stats digest's saved part: undoing one moves the log's epoch. */
const RECENT_REVIEW_MS = 2 * 86_400_000;

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
    // The check, the siblings, the change counter and the writes go out together: one round
    // trip to the database (under load each one can take tens of milliseconds). Requests run in
    // order, so the reads see the state before this grade; the writes use the change counter
    // this tab last saw plus one, and in the rare case another tab moved it meanwhile, later
    // requests of this same transaction write the right value over them (the last put wins).
    // A stale card aborts everything before it commits.
    const cards = tx.objectStore('cards');
    const meta = tx.objectStore('meta');
    const read = cards.get(before.id);
    const wantSiblings = bury && (bury.new || bury.review);
    const siblings = wantSiblings ? cards.index('byNote').getAll(before.noteId) : Promise.resolve([] as CardRecord[]);
    const counter = meta.get(USN_KEY) as Promise<number | undefined>;
    settleQuietly([read, siblings, counter]);
    const guess: Stamp = { mtime: now, usn: lastUsn(dbName) + 1 };
    let card = stamped(after, guess);
    // One push each: a request that throws at once (a full disk) must not leave the ones before
    // it untracked (their rejection after the abort would go unhandled).
    writes.push(cards.put(card));
    // The entry carries the grade's stamp: sync sends this device's entries newer than its last sync.
    writes.push(tx.objectStore('revlog').add({ ...log, usn: guess.usn }));
    writes.push(meta.put(guess.usn, USN_KEY));
    const [stored, sibs, current] = await Promise.all([read, siblings, counter]);
    if (!stored || stored.reps !== before.reps || stored.due !== before.due || stored.state !== before.state) {
      tx.abort();
      throw new StaleCardError(stored);
    }
    let stamp = guess;
    if ((current ?? 0) + 1 !== guess.usn) {
      stamp = { mtime: now, usn: (current ?? 0) + 1 };
      card = stamped(after, stamp);
      writes.push(cards.put(card));
      writes.push(tx.objectStore('revlog').put({ ...log, usn: stamp.usn }));
      writes.push(meta.put(stamp.usn, USN_KEY));
    }
    rememberUsn(stamp.usn, dbName);
    const buried = bury ? sibs.filter((c) => c.id !== before.id && buriesWith(c, bury)) : [];
    for (const c of buried) writes.push(cards.put(stamped({ ...c, buriedUntil: bury!.until, bucket: QueueBucket.Buried }, stamp)));
    await Promise.all([...writes, tx.done]);
    return { card, buried };
  } catch (e) {
    forgetUsn(dbName);
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
  const tx = db.transaction(['cards', 'revlog', 'meta', 'graves'], 'readwrite');
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
    // Sync's review log is grow-only: the undo travels as a tombstone of the entry (sync/docs.ts).
    writes.push(tx.objectStore('graves').put({ key: `review:${logId}`, kind: 'review', id: logId, mtime: now, usn: stamp.usn, cardId: log.cardId }));
    if (log.time < now - RECENT_REVIEW_MS) writes.push(bumpRevlogEpoch(tx.objectStore('meta')));
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

/** Saves the user's story (stamped, for sync); an empty one is deleted and leaves a `story` tombstone. */
export async function saveStory(noteId: string, text: string, now: number, dbName?: string): Promise<void> {
  await writeTransaction(dbName, ['stories', 'graves', 'meta'], 'The story could not be saved', async (tx, writes) => {
    const stamp = await nextStamp(tx.objectStore('meta'), now, dbName);
    if (text.trim() === '') {
      if (!(await tx.objectStore('stories').get(noteId))) return;
      writes.push(tx.objectStore('stories').delete(noteId));
      writes.push(tx.objectStore('graves').put({ key: `story:${noteId}`, kind: 'story', id: noteId, mtime: now, usn: stamp.usn }));
    } else {
      writes.push(tx.objectStore('stories').put({ noteId, text, updatedAt: now, usn: stamp.usn }));
      writes.push(tx.objectStore('graves').delete(`story:${noteId}`));
    }
  });
}

/** Entries in the log: records and packed history (log-packs.ts). */
export async function countReviews(dbName?: string): Promise<number> {
  const db = await openDatabase(dbName);
  const [records, packed] = await Promise.all([db.count('revlog'), db.get('meta', LOG_PACK_META_KEY) as Promise<LogPackMeta | undefined>]);
  return records + (packed?.count ?? 0);
}
