/**
 * Actions on many cards at once (review and Browse): suspend, bury, flag, move, reset, set due
 * date, and tags on their notes. Each is one transaction that returns the records as they were,
 * so that undo can put them back exactly (restoreCards / restoreNotes), newly stamped.
 */
import { CardState, type CardRecord, type Note, type ReviewLogRecord } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { bucketOf, newScheduleFields } from '../core/buckets';
import { writeTransaction } from './write';
import { markDeckTotalsStale } from './deck-totals';
import { packStores, unpackNotes } from './packed';
import { nextStamp, stamped } from './stamp';
import { cleanTags } from './edit';

const DAY_MS = 86_400_000;

export type CardAction =
  | { kind: 'suspend' }
  | { kind: 'unsuspend' }
  /** Out of every queue until `until` (the next study day). */
  | { kind: 'bury'; until: number }
  | { kind: 'unbury' }
  | { kind: 'flag'; flag: 0 | 1 | 2 | 3 | 4 }
  | { kind: 'move'; deckId: string }
  /** Back to new, at the end of the new cards (progress forgotten; the review log stays). */
  | { kind: 'reset' }
  /** Due in `days` days from `now` (a new card becomes a review card with that interval). */
  | { kind: 'reschedule'; days: number };

/** The card after `action` (pure; `now` for reset and reschedule). */
export function applyCardAction(c: CardRecord, action: CardAction, now: number): CardRecord {
  const next: CardRecord = { ...c };
  switch (action.kind) {
    case 'suspend':
      next.suspended = true;
      break;
    case 'unsuspend':
      next.suspended = false;
      break;
    case 'bury':
      next.buriedUntil = action.until;
      break;
    case 'unbury':
      delete next.buriedUntil;
      break;
    case 'flag':
      if (action.flag) next.flag = action.flag;
      else delete next.flag;
      break;
    case 'move':
      next.deckId = action.deckId;
      break;
    case 'reset': {
      const { last_review: _l, buriedUntil: _b, ...rest } = next;
      return { ...rest, ...newScheduleFields(now, c.suspended), ...(c.flag ? { flag: c.flag } : {}) };
    }
    case 'reschedule': {
      const days = Math.max(0, Math.round(action.days));
      next.due = now + days * DAY_MS;
      next.scheduled_days = days;
      if (c.state !== CardState.Review) {
        next.state = CardState.Review;
        next.learning_steps = 0;
        if (c.stability <= 0) next.stability = Math.max(0.1, days);
        if (c.difficulty <= 0) next.difficulty = 5;
      }
      delete next.buriedUntil;
      break;
    }
  }
  next.bucket = bucketOf(next.state, next.suspended, next.buriedUntil !== undefined && next.buriedUntil > now);
  return next;
}

/** Whether the scheduling (what sync derives from the log) differs. */
function scheduleChanged(a: CardRecord, b: CardRecord): boolean {
  return a.due !== b.due || a.state !== b.state || a.stability !== b.stability || a.difficulty !== b.difficulty || a.reps !== b.reps || a.lapses !== b.lapses || a.scheduled_days !== b.scheduled_days || a.last_review !== b.last_review;
}

/**
 * The log entry of a scheduling change without an answer (forget, set due date, undo of either):
 * `manual` (Anki's revlog type 4). Sync's replay of a card's log takes its after-state, so every
 * device ends with the same scheduling; stats and limits skip it. Rating is not meaningful (3).
 */
export function manualLogEntry(before: CardRecord, after: CardRecord, now: number, usn: number): ReviewLogRecord {
  const id = `m${now.toString(36)}-${Math.floor(Math.random() * 0x100000).toString(36)}-${after.id}`;
  return {
    id,
    cardId: after.id,
    deckId: after.deckId,
    time: now,
    rating: 3,
    stateBefore: before.state,
    stateAfter: after.state,
    stabilityBefore: before.stability,
    stabilityAfter: after.stability,
    difficultyBefore: before.difficulty,
    difficultyAfter: after.difficulty,
    dueBefore: before.due,
    dueAfter: after.due,
    scheduledDays: after.scheduled_days,
    elapsedDays: after.elapsed_days,
    durationMs: 0,
    source: 'manual',
    usn,
  };
}

function sameCard(a: CardRecord, b: CardRecord): boolean {
  const strip = ({ mtime: _m, usn: _u, ...rest }: CardRecord) => rest;
  const x = strip(a);
  const y = strip(b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((k) => (x as Record<string, unknown>)[k] === (y as Record<string, unknown>)[k]);
}

/**
 * Applies `action` to the cards `ids` (packed ones are moved out first). Returns the cards as
 * they were before, only those that changed: pass them to restoreCards to undo.
 */
export async function setCards(ids: string[], action: CardAction, now: number, dbName?: string): Promise<CardRecord[]> {
  if (action.kind === 'reschedule' && !(Number.isFinite(action.days) && action.days >= 0 && action.days <= 36500))
    throw new AppError(ErrorCode.Invalid, 'The number of days must be a whole number from 0 to 36500. Nothing was changed.');
  return writeTransaction(dbName, ['cards', 'notes', 'packs', 'packIndex', 'meta', 'decks', 'revlog'], 'The cards could not be changed', async (tx, writes) => {
    if (action.kind === 'move' && !(await tx.objectStore('decks').get(action.deckId))) throw new AppError(ErrorCode.NotFound, 'That deck no longer exists. Nothing was changed.');
    await unpackNotes(packStores(tx), [], ids, writes);
    const cards = tx.objectStore('cards');
    const [found, stamp] = await Promise.all([Promise.all(ids.map((id) => cards.get(id))), nextStamp(tx.objectStore('meta'), now)]);
    const before: CardRecord[] = [];
    const touched = new Set<string>();
    for (const c of found) {
      if (!c) continue;
      const next = applyCardAction(c, action, now);
      if (sameCard(c, next)) continue;
      before.push(c);
      writes.push(cards.put(stamped(next, stamp)));
      if (scheduleChanged(c, next)) writes.push(tx.objectStore('revlog').put(manualLogEntry(c, next, now, stamp.usn)));
      if (next.deckId !== c.deckId) touched.add(c.deckId).add(next.deckId);
    }
    if (touched.size) await markDeckTotalsStale(tx.objectStore('meta'), touched);
    return before;
  });
}

/** Undo of setCards: every card back to exactly its earlier fields (with a new stamp). */
export async function restoreCards(before: CardRecord[], now: number, dbName?: string): Promise<void> {
  return writeTransaction(dbName, ['cards', 'meta', 'revlog'], 'The change could not be undone', async (tx, writes) => {
    const cards = tx.objectStore('cards');
    const [current, stamp] = await Promise.all([Promise.all(before.map((c) => cards.get(c.id))), nextStamp(tx.objectStore('meta'), now)]);
    const touched = new Set<string>();
    before.forEach((c, i) => {
      const cur = current[i];
      if (cur && cur.deckId !== c.deckId) touched.add(cur.deckId).add(c.deckId);
      writes.push(cards.put(stamped(c, stamp)));
      if (cur && scheduleChanged(cur, c)) writes.push(tx.objectStore('revlog').put(manualLogEntry(cur, c, now, stamp.usn)));
    });
    if (touched.size) await markDeckTotalsStale(tx.objectStore('meta'), touched);
  });
}

/** Adds and removes tags on notes; returns the notes as they were (for restoreNotes). */
export async function tagNotes(noteIds: string[], add: string[], remove: string[], now: number, dbName?: string): Promise<Note[]> {
  return writeTransaction(dbName, ['cards', 'notes', 'packs', 'packIndex', 'meta'], 'The tags could not be changed', async (tx, writes) => {
    await unpackNotes(packStores(tx), noteIds, [], writes);
    const notes = tx.objectStore('notes');
    const [found, stamp] = await Promise.all([Promise.all(noteIds.map((id) => notes.get(id))), nextStamp(tx.objectStore('meta'), now)]);
    const gone = new Set(remove.map((t) => t.toLowerCase()));
    const before: Note[] = [];
    for (const n of found) {
      if (!n) continue;
      const tags = cleanTags([...n.tags.filter((t) => !gone.has(t.toLowerCase())), ...add]);
      if (tags.join(' ') === n.tags.join(' ')) continue;
      before.push(n);
      writes.push(notes.put(stamped({ ...n, tags, editedAt: now }, stamp)));
    }
    return before;
  });
}

/** Undo of tagNotes. */
export async function restoreNotes(before: Note[], now: number, dbName?: string): Promise<void> {
  return writeTransaction(dbName, ['notes', 'meta'], 'The change could not be undone', async (tx, writes) => {
    const stamp = await nextStamp(tx.objectStore('meta'), now);
    for (const n of before) writes.push(tx.objectStore('notes').put(stamped(n, stamp)));
  });
}

