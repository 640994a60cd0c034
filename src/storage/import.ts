/**
 * Commits an ImportPlan: every deck, note, card, review and media file in ONE transaction, so an
 * import is all-or-nothing (a failure or a full disk leaves the collection as it was).
 * Re-importing the same file updates notes in place (ids come from Anki guids or stable text
 * ids) and keeps the progress of cards that already exist.
 */
import type { ImportPlan, PlanReview } from '../formats/plan';
import { convertAnkiProgress, freshCard, type ConversionParams } from '../core/anki-schedule';
import type { CardRecord, Deck, MediaRecord, Note, ReviewLogRecord } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { openDatabase } from './db';
import { asStorageError, settleQuietly } from './errors';

export type ProgressMode = 'keep' | 'fresh';

export interface ImportResult {
  decks: number;
  notesAdded: number;
  notesUpdated: number;
  notesUnchanged: number;
  cardsAdded: number;
  reviews: number;
  media: number;
}

export interface CommitOptions {
  mode: ProgressMode;
  now: number;
  params: ConversionParams;
  onProgress?: (fraction: number) => void;
  dbName?: string;
}

function groupReviews(revlog: PlanReview[]): Map<string, PlanReview[]> {
  const by = new Map<string, PlanReview[]>();
  for (const r of revlog) {
    const list = by.get(r.cardId);
    if (list) list.push(r);
    else by.set(r.cardId, [r]);
  }
  return by;
}

function sameContent(a: Note, b: Note): boolean {
  return a.front === b.front && a.back === b.back && a.answer === b.answer && a.deckId === b.deckId && a.kind === b.kind && JSON.stringify(a.sides) === JSON.stringify(b.sides) && a.tags.join(' ') === b.tags.join(' ');
}

/** Every record needs a string id before anything is written (a reader bug must not half-import). */
function assertIds(plan: ImportPlan): void {
  const bad = (xs: { id: unknown }[]) => xs.some((x) => typeof x.id !== 'string' || x.id === '');
  if (bad(plan.decks) || bad(plan.notes) || bad(plan.cards) || bad(plan.revlog))
    throw new AppError(ErrorCode.Corrupt, 'The import was stopped: some records of this file have no identifier. Nothing was changed.');
}

export async function commitImportPlan(plan: ImportPlan, opts: CommitOptions): Promise<ImportResult> {
  const { now, mode } = opts;
  assertIds(plan);
  const db = await openDatabase(opts.dbName);
  // Everything that needs computing happens before the transaction opens (awaiting anything
  // else while it is open would let it commit early).
  const reviewsByCard = mode === 'keep' ? groupReviews(plan.revlog) : new Map<string, PlanReview[]>();
  const media: MediaRecord[] = plan.media.map((m) => ({ id: `${m.deckId}/${m.name}`, deckId: m.deckId, name: m.name, mime: m.mime, data: new Blob([m.data as BlobPart], { type: m.mime }) }));

  const tx = db.transaction(['decks', 'notes', 'cards', 'revlog', 'media'], 'readwrite');
  const decks = tx.objectStore('decks');
  const notes = tx.objectStore('notes');
  const cards = tx.objectStore('cards');
  const revlog = tx.objectStore('revlog');
  const total = plan.decks.length + plan.notes.length * 2 + plan.cards.length * 2 + media.length + 1;
  let done = 0;
  let lastReport = 0;
  const tick = () => {
    done++;
    if (opts.onProgress && (done - lastReport > 500 || done === total)) {
      lastReport = done;
      opts.onProgress(Math.min(1, done / total));
    }
  };
  const result: ImportResult = { decks: plan.decks.length, notesAdded: 0, notesUpdated: 0, notesUnchanged: 0, cardsAdded: 0, reviews: 0, media: media.length };
  const writes: Promise<unknown>[] = [];
  try {
    const [existingDecks, existingNotes, existingCards] = await Promise.all([
      Promise.all(plan.decks.map((d) => decks.get(d.id))),
      Promise.all(plan.notes.map((n) => notes.get(n.id).finally(tick))),
      Promise.all(plan.cards.map((c) => cards.get(c.id).finally(tick))),
    ]);
    plan.decks.forEach((d, i) => {
      const old = existingDecks[i];
      const deck: Deck = { id: d.id, name: d.name, description: d.description ?? old?.description ?? '', source: old?.source ?? 'import', createdAt: old?.createdAt ?? now, updatedAt: now };
      writes.push(decks.put(deck).finally(tick));
    });
    plan.notes.forEach((n, i) => {
      const old = existingNotes[i];
      const { noteType: _noteType, ...fields } = n;
      const note: Note = { ...fields, updatedAt: now };
      if (!old) result.notesAdded++;
      else if (sameContent(old, note)) {
        result.notesUnchanged++;
        return;
      } else result.notesUpdated++;
      writes.push(notes.put(note).finally(tick));
    });
    plan.cards.forEach((c, i) => {
      const old = existingCards[i];
      if (old) {
        // Progress stays; only where the card lives can change.
        if (old.deckId !== c.deckId || old.noteId !== c.noteId || old.ord !== c.ord) writes.push(cards.put({ ...old, deckId: c.deckId, noteId: c.noteId, ord: c.ord }).finally(tick));
        return;
      }
      let logs: ReviewLogRecord[] = [];
      let fields;
      if (mode === 'keep') {
        const converted = convertAnkiProgress(c, reviewsByCard.get(c.id) ?? [], now, opts.params);
        fields = converted.card;
        logs = converted.logs;
      } else fields = freshCard({ newPosition: c.newPosition, ...(c.schedule ? { schedule: { ...c.schedule, type: 0 as const } } : {}) });
      const card: CardRecord = { id: c.id, noteId: c.noteId, deckId: c.deckId, ord: c.ord, ...fields };
      writes.push(cards.put(card).finally(tick));
      for (const log of logs) writes.push(revlog.put(log));
      result.cardsAdded++;
      result.reviews += logs.length;
    });
    for (const m of media) writes.push(tx.objectStore('media').put(m).finally(tick));
    await Promise.all([...writes, tx.done]);
    opts.onProgress?.(1);
    return result;
  } catch (e) {
    settleQuietly(writes);
    try {
      tx.abort();
    } catch {
      /* already aborted */
    }
    await tx.done.catch(() => undefined);
    throw asStorageError(e, 'The import could not be saved');
  }
}
