/**
 * Commits an ImportPlan: every deck, note, card, review and media file in ONE transaction, so an
 * import is all-or-nothing (a failure or a full disk leaves the collection as it was).
 * Re-importing the same file updates notes in place (ids come from Anki guids or stable text
 * ids) and keeps the progress of cards that already exist.
 */
import type { ImportPlan, PlanReview } from '../formats/plan';
import { convertAnkiProgress, freshCard, type ConversionParams } from '../core/anki-schedule';
import type { CardRecord, Deck, MediaRecord, Note, NoteType, ReviewLogRecord, Stamp } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { unwrap } from 'idb';
import { openDatabase } from './db';
import { bumpRevlogEpoch } from './revlog-epoch';
import { markDeckTotalsStale } from './deck-totals';
import { abandonTransaction, asStorageError } from './errors';
import { packDirectory, packIndexOf, type PackRecord } from './pack-format';
import { buildPacks, choosePacked } from './pack-new';
import { findPacked, shrinkPack, type PackedFound } from './packed';
import { nextStamp } from './stamp';
import { planNoteRecord, samePlanContent, wasEditedSinceImport } from './plan-notes';

export type ProgressMode = 'keep' | 'fresh';

export interface ImportResult {
  decks: number;
  notesAdded: number;
  notesUpdated: number;
  notesUnchanged: number;
  /** Notes the user edited in the app since they were last imported: left as the user made them. */
  notesKept: number;
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

/** Every record needs a string id before anything is written (a reader bug must not half-import). */
function assertIds(plan: ImportPlan): void {
  const bad = (xs: { id: unknown }[]) => xs.some((x) => typeof x.id !== 'string' || x.id === '');
  if (bad(plan.decks) || bad(plan.notes) || bad(plan.cards) || bad(plan.revlog))
    throw new AppError(ErrorCode.Corrupt, 'The import was stopped: some records of this file have no identifier. Nothing was changed.');
}

/**
 * The stored records among `ids`, read with as few requests as possible: one key listing of the
 * id range the plan covers (a first import finds nothing there and reads nothing else), then the
 * records that exist: the whole range at once when it holds little else, else one by one.
 * Each IndexedDB request costs about 0.1 ms in Chromium whatever it does, so 100,000 single
 * reads are 10 s; a key listing is a few microseconds a key.
 */
async function existingRecords<T>(store: { getAllKeys(q: IDBKeyRange): Promise<IDBValidKey[]>; getAll(q: IDBKeyRange): Promise<T[]>; get(k: string): Promise<T | undefined> }, ids: string[]): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  if (!ids.length) return out;
  let lo = ids[0]!;
  let hi = lo;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const inRange = IDBKeyRange.bound(lo, hi);
  const wanted = new Set(ids);
  const keys = await store.getAllKeys(inRange);
  const hits = keys.filter((k): k is string => typeof k === 'string' && wanted.has(k));
  if (!hits.length) return out;
  const keyOf = (v: T) => (v as { id: string }).id;
  if (keys.length <= hits.length * 2) {
    for (const v of await store.getAll(inRange)) if (wanted.has(keyOf(v))) out.set(keyOf(v), v);
  } else {
    const values = await Promise.all(hits.map((k) => store.get(k)));
    values.forEach((v, i) => v && out.set(hits[i]!, v));
  }
  return out;
}

export async function commitImportPlan(plan: ImportPlan, opts: CommitOptions): Promise<ImportResult> {
  const { now, mode } = opts;
  assertIds(plan);
  const db = await openDatabase(opts.dbName);
  // Everything that needs computing happens before the transaction opens (awaiting anything
  // else while it is open would let it commit early).
  const reviewsByCard = mode === 'keep' ? groupReviews(plan.revlog) : new Map<string, PlanReview[]>();
  const media: MediaRecord[] = plan.media.map((m) => ({ id: `${m.deckId}/${m.name}`, deckId: m.deckId, name: m.name, mime: m.mime, data: new Blob([m.data as BlobPart], { type: m.mime }) }));

  const tx = db.transaction(['decks', 'notes', 'cards', 'revlog', 'media', 'meta', 'packs', 'packIndex', 'notetypes'], 'readwrite');
  const result: ImportResult = { decks: plan.decks.length, notesAdded: 0, notesUpdated: 0, notesUnchanged: 0, notesKept: 0, cardsAdded: 0, reviews: 0, media: media.length };
  const writes: Promise<unknown>[] = [];
  try {
    const [existingDecks, existingNotes, existingCards, packKeys, stamp] = await Promise.all([
      existingRecords(tx.objectStore('decks'), plan.decks.map((d) => d.id)),
      existingRecords(tx.objectStore('notes'), plan.notes.map((n) => n.id)),
      existingRecords(tx.objectStore('cards'), plan.cards.map((c) => c.id)),
      tx.objectStore('packs').getAllKeys(),
      nextStamp(tx.objectStore('meta'), now),
    ]);
    const dir = packDirectory(packKeys);
    // Notes not found in the indexed stores may sit in packs: the pack index says which.
    const notIndexed = plan.notes.filter((n) => !existingNotes.has(n.id)).map((n) => n.id);
    const packed: PackedFound | undefined = dir.decks.length && notIndexed.length ? await findPacked({ packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex') }, notIndexed) : undefined;
    // Notes taken out of their packs: changed by this import (content, a card moved or added).
    const unpacked = new Set<string>();
    const unpackNote = (noteId: string) => packed?.notes.has(noteId) && unpacked.add(noteId);
    // Decks whose card totals change: every deck that gains a card, and the old deck of a card
    // that moves (deck-totals.ts).
    const touched = new Set<string>();
    const decks: Deck[] = plan.decks.map((d) => {
      const old = existingDecks.get(d.id);
      return { id: d.id, name: d.name, description: d.description ?? old?.description ?? '', source: old?.source ?? 'import', createdAt: old?.createdAt ?? now, mtime: stamp.mtime, usn: stamp.usn };
    });
    const notes: Note[] = [];
    const added: Note[] = [];
    /** Notes left as the user edited them: none of their cards change either. */
    const kept = new Set<string>();
    for (const n of plan.notes) {
      const old = existingNotes.get(n.id) ?? packed?.notes.get(n.id);
      const note = planNoteRecord(n, old, now, stamp);
      if (!old) {
        result.notesAdded++;
        added.push(note);
      } else if (samePlanContent(old, note)) {
        result.notesUnchanged++;
        continue;
      } else if (wasEditedSinceImport(old)) {
        result.notesKept++;
        kept.add(n.id);
        continue;
      } else {
        result.notesUpdated++;
        unpackNote(n.id);
      }
      notes.push(note);
    }
    const cards: CardRecord[] = [];
    const logs: ReviewLogRecord[] = [];
    /** New cards of this import per note, for packing; null for a note that cannot be packed. */
    const newCardsOf = new Map<string, CardRecord[] | null>();
    for (const c of plan.cards) {
      if (kept.has(c.noteId)) continue;
      const old = existingCards.get(c.id) ?? packed?.cards.get(c.id);
      if (old) {
        newCardsOf.set(c.noteId, null);
        // Progress stays; only where the card lives can change.
        if (old.deckId !== c.deckId || old.noteId !== c.noteId || old.ord !== c.ord) {
          cards.push({ ...old, deckId: c.deckId, noteId: c.noteId, ord: c.ord, mtime: stamp.mtime, usn: stamp.usn });
          touched.add(old.deckId).add(c.deckId);
          unpackNote(old.noteId);
          unpackNote(c.noteId);
        }
        continue;
      }
      let fields;
      let history = 0;
      if (mode === 'keep') {
        const converted = convertAnkiProgress(c, reviewsByCard.get(c.id) ?? [], now, opts.params);
        fields = converted.card;
        logs.push(...converted.logs);
        history = converted.logs.length;
        result.reviews += history;
      } else fields = freshCard({ newPosition: c.newPosition, ...(c.schedule ? { schedule: { ...c.schedule, type: 0 as const } } : {}) });
      const card: CardRecord = { id: c.id, noteId: c.noteId, deckId: c.deckId, ord: c.ord, ...fields, mtime: stamp.mtime, usn: stamp.usn };
      cards.push(card);
      touched.add(c.deckId);
      unpackNote(c.noteId);
      result.cardsAdded++;
      const list = newCardsOf.get(c.noteId);
      if (history || list === null) newCardsOf.set(c.noteId, null);
      else if (list) list.push(card);
      else newCardsOf.set(c.noteId, [card]);
    }
    // A note taken out of its pack goes to the indexed stores with every card it had there.
    if (unpacked.size && packed) {
      const writtenNotes = new Set(notes.map((n) => n.id));
      const writtenCards = new Set(cards.map((c) => c.id));
      for (const id of unpacked) if (!writtenNotes.has(id)) notes.push(packed.notes.get(id)!);
      for (const c of packed.cards.values()) if (unpacked.has(c.noteId) && !writtenCards.has(c.id)) cards.push(c);
    }
    // Large sets of new notes go into packs (pack-format.ts); the rest stay ordinary records.
    const builtinDecks = new Set([...existingDecks.values()].filter((d) => d.source === 'builtin').map((d) => d.id));
    const deckIds = new Set(decks.map((d) => d.id));
    const toPack = choosePacked(added, (id) => newCardsOf.get(id) ?? undefined, (id) => deckIds.has(id) && !builtinDecks.has(id));
    const newPacks: PackRecord[] = [];
    for (const [deckId, list] of toPack) newPacks.push(...buildPacks(deckId, dir.nextSeq(deckId), list, (id) => newCardsOf.get(id)!, stamp));
    const inPacks = new Set(newPacks.flatMap((p) => p.notes.map((n) => n.id)));
    const looseNotes = inPacks.size ? notes.filter((n) => !inPacks.has(n.id)) : notes;
    const looseCards = inPacks.size ? cards.filter((c) => !inPacks.has(c.noteId)) : cards;
    if (touched.size) writes.push(markDeckTotalsStale(tx.objectStore('meta'), touched));
    if (logs.length) writes.push(bumpRevlogEpoch(tx.objectStore('meta')));
    // The writes go out as plain IndexedDB requests, without a promise each: the transaction's
    // completion (or its abort, on the first failed request) reports the outcome. Progress comes
    // from every 500th record, which completes after the ones before it (a pack counts as the
    // records it holds).
    const raw = unwrap(tx);
    const noteTypes = changedNoteTypes(plan, await tx.objectStore('notetypes').getAll(), stamp);
    const total = decks.length + notes.length + cards.length + logs.length + media.length;
    let done = 0;
    let reported = 0;
    const put = (store: IDBObjectStore, value: unknown, weight = 1) => {
      const req = store.put(value);
      done += weight;
      if (opts.onProgress && (done - reported >= 500 || done === total)) {
        reported = done;
        const fraction = done / total;
        req.onsuccess = () => opts.onProgress?.(fraction);
      }
    };
    const stores = { decks: raw.objectStore('decks'), notes: raw.objectStore('notes'), cards: raw.objectStore('cards'), revlog: raw.objectStore('revlog'), media: raw.objectStore('media'), packs: raw.objectStore('packs'), packIndex: raw.objectStore('packIndex') };
    if (packed) {
      const packStores = { packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex') };
      for (const { pack } of packed.packs) {
        const remove = new Set(pack.notes.filter((n) => unpacked.has(n.id)).map((n) => n.id));
        if (remove.size) shrinkPack(packStores, pack, remove, writes);
      }
    }
    for (const t of noteTypes) put(raw.objectStore('notetypes'), t, 0);
    for (const d of decks) put(stores.decks, d);
    for (const n of looseNotes) put(stores.notes, n);
    for (const c of looseCards) put(stores.cards, c);
    for (const p of newPacks) {
      put(stores.packs, p, p.notes.length + p.size);
      stores.packIndex.put(packIndexOf(p));
    }
    for (const l of logs) put(stores.revlog, l);
    for (const m of media) put(stores.media, m);
    await Promise.all([...writes, tx.done]);
    opts.onProgress?.(1);
    return result;
  } catch (e) {
    await abandonTransaction(tx, writes);
    throw asStorageError(e, 'The import could not be saved');
  }
}

/** The plan's note types that are new or differ from the stored ones, stamped for writing. */
function changedNoteTypes(plan: ImportPlan, stored: NoteType[], stamp: Stamp): NoteType[] {
  const byId = new Map(stored.map((t) => [t.id, t]));
  const out: NoteType[] = [];
  for (const t of plan.noteTypes ?? []) {
    const old = byId.get(t.id);
    const same = old && JSON.stringify({ ...old, mtime: 0, usn: 0 }) === JSON.stringify({ ...t, mtime: 0, usn: 0 });
    if (!same) out.push({ ...t, mtime: stamp.mtime, usn: stamp.usn });
  }
  return out;
}

/**
 * How many notes of `plan` an import would keep as the user edited them (for the preview):
 * notes already stored, edited in the app since their last import, whose content the file would
 * change. Edited notes are never packed (an edit moves a note out of its pack), so the indexed
 * store holds them all; a first import reads one key listing.
 */
export async function countKeptEdits(plan: ImportPlan, now: number, dbName?: string): Promise<number> {
  const db = await openDatabase(dbName);
  const tx = db.transaction('notes');
  const existing = await existingRecords(tx.store, plan.notes.map((n) => n.id));
  await tx.done;
  let kept = 0;
  for (const n of plan.notes) {
    const old = existing.get(n.id);
    if (old && wasEditedSinceImport(old) && !samePlanContent(old, planNoteRecord(n, old, now, { mtime: 0, usn: 0 }))) kept++;
  }
  return kept;
}
