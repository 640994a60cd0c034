/**
 * Editing notes: change fields, tags or deck, restore a built-in note's original, add a note,
 * delete notes (with tombstones) and bring deleted notes back (undo). Each is one transaction
 * that also adds and removes the cards the new content calls for (a new cloze number is a new
 * card; a removed one's card goes) and stamps everything it writes.
 */
import type { IDBPTransaction } from 'idb';
import type { CardRecord, Note, NoteType } from '../core/types';
import type { PrepdeckDB } from './schema';
import { AppError, ErrorCode } from '../core/errors';
import { newCard } from '../core/buckets';
import { builtinNoteType, deriveNote, noteOrdinals } from '../formats/notetypes/index';
import { openDatabase } from './db';
import { writeTransaction } from './write';
import { markDeckTotalsStale } from './deck-totals';
import { packStores, unpackNotes } from './packed';
import { nextStamp, stamped } from './stamp';
import { builtinCardId } from './builtin';

export interface NoteChange {
  fields?: string[];
  tags?: string[];
  /** Moves every card of the note to this deck too. */
  deckId?: string;
}

export interface EditResult {
  note: Note;
  cardsAdded: number;
  cardsRemoved: number;
}

const STORES = ['notes', 'cards', 'decks', 'notetypes', 'meta', 'graves', 'packs', 'packIndex'] as const;

/** Tags as Anki keeps them: split on spaces, no empties, no duplicates (case-insensitive). */
export function cleanTags(tags: readonly string[]): string[] {
  const out = new Map<string, string>();
  for (const t of tags.flatMap((x) => x.split(/\s+/))) if (t && !out.has(t.toLowerCase())) out.set(t.toLowerCase(), t);
  return [...out.values()];
}

function checkContent(nt: NoteType, fields: string[], ords: number[]): void {
  if (fields.length !== nt.fields.length) throw new AppError(ErrorCode.Invalid, `This note type has ${nt.fields.length} fields, but ${fields.length} were given. Nothing was saved.`);
  if (!fields[0]?.trim()) throw new AppError(ErrorCode.Invalid, `The ${nt.fields[0] ?? 'first'} field is empty: a card needs something to ask. Nothing was saved.`);
  if (nt.kind === 'cloze' && ords.length === 0) throw new AppError(ErrorCode.Invalid, 'A cloze note needs at least one deletion such as {{c1::answer}}. Nothing was saved.');
  if (ords.length === 0) throw new AppError(ErrorCode.Invalid, 'With these fields the note would have no cards. Nothing was saved.');
}

/** A card id for a new card of `note`: built-in and user notes use the note id (+ `~ord`). */
function cardIdFor(note: Note, ord: number): string {
  return note.source === 'import' ? `${note.id}-${ord}` : builtinCardId(note.id, ord);
}

export async function updateNote(noteId: string, change: NoteChange, now: number, dbName?: string): Promise<EditResult> {
  return writeTransaction(dbName, [...STORES], 'The note could not be saved', async (tx, writes) => {
    // A packed note moves to the indexed stores first (a physical move: no stamp changes).
    await unpackNotes(packStores(tx), [noteId], [], writes);
    const old = await tx.objectStore('notes').get(noteId);
    if (!old) throw new AppError(ErrorCode.NotFound, 'This note no longer exists (deleted in another tab?). Nothing was saved.');
    const result = await rewriteNote(tx, old, { fields: change.fields ?? old.fields, tags: cleanTags(change.tags ?? old.tags), deckId: change.deckId ?? old.deckId }, now, writes, 'edit');
    return result;
  });
}

/** Undo of an edit: the note's fields, tags and deck as they were, and its edit marks too. */
export async function revertNote(before: Note, now: number, dbName?: string): Promise<EditResult> {
  return writeTransaction(dbName, [...STORES], 'The edit could not be undone', async (tx, writes) => {
    const current = await tx.objectStore('notes').get(before.id);
    if (!current) throw new AppError(ErrorCode.NotFound, 'This note no longer exists (deleted in another tab?). Nothing was changed.');
    const result = await rewriteNote(tx, current, { fields: before.fields, tags: before.tags, deckId: before.deckId }, now, writes, 'restore');
    const note: Note = { ...result.note };
    if (before.editedAt !== undefined) note.editedAt = before.editedAt;
    if (before.original) note.original = before.original;
    writes.push(tx.objectStore('notes').put(note));
    return { ...result, note };
  });
}

/** Notes of `deckId` whose first field is `front` (ignoring case and spacing): a duplicate to warn about. */
export async function findDuplicates(deckId: string, front: string, exceptId?: string, dbName?: string): Promise<Note[]> {
  const key = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const want = key(front);
  if (!want) return [];
  const notes = await (await openDatabase(dbName)).getAllFromIndex('notes', 'byDeck', deckId);
  return notes.filter((n) => n.id !== exceptId && key(n.fields[0] ?? '') === want);
}

/** A built-in note back to what we ship (its edits dropped). */
export async function restoreOriginal(noteId: string, now: number, dbName?: string): Promise<EditResult> {
  return writeTransaction(dbName, [...STORES], 'The original could not be restored', async (tx, writes) => {
    const old = await tx.objectStore('notes').get(noteId);
    if (!old?.original) throw new AppError(ErrorCode.NotFound, 'This note has no original to restore. Nothing was changed.');
    const result = await rewriteNote(tx, old, { fields: old.original.fields, tags: old.original.tags, deckId: old.deckId }, now, writes, 'restore');
    return result;
  });
}

type EditTx = IDBPTransaction<PrepdeckDB, (typeof STORES)[number][], 'readwrite'>;

async function rewriteNote(tx: EditTx, old: Note, next: { fields: string[]; tags: string[]; deckId: string }, now: number, writes: Promise<unknown>[], why: 'edit' | 'restore'): Promise<EditResult> {
  const store = <N extends (typeof STORES)[number]>(n: N) => tx.objectStore(n);
  const [nt, deck, existing, stamp] = await Promise.all([
    builtinNoteType(old.noteTypeId) ? Promise.resolve(builtinNoteType(old.noteTypeId)) : store('notetypes').get(old.noteTypeId),
    store('decks').get(next.deckId),
    store('cards').index('byNote').getAll(old.id),
    nextStamp(store('meta'), now),
  ]);
  if (!nt) throw new AppError(ErrorCode.Corrupt, `The note type of this note (${old.noteTypeId}) is missing. Nothing was saved.`);
  if (!deck) throw new AppError(ErrorCode.NotFound, 'That deck no longer exists. Nothing was saved.');
  const derived = deriveNote({ fields: next.fields, tags: next.tags, deckName: deck.name, cards: existing.length }, nt);
  const ords = noteOrdinals(derived, nt);
  checkContent(nt, next.fields, ords);
  const { sides: _oldSides, answer: _oldAnswer, ...base } = old;
  const note: Note = { ...base, ...derived, fields: [...next.fields], tags: next.tags, deckId: next.deckId, mtime: stamp.mtime, usn: stamp.usn };
  if (why === 'edit') {
    note.editedAt = now;
    if (old.source === 'builtin' && !old.original) note.original = { fields: old.fields, tags: old.tags };
  } else {
    delete note.editedAt;
    delete note.original;
  }
  writes.push(store('notes').put(note));
  const touched = new Set<string>();
  const have = new Map(existing.map((c) => [c.ord, c]));
  let cardsAdded = 0;
  let cardsRemoved = 0;
  for (const ord of ords) {
    if (have.has(ord)) continue;
    writes.push(store('cards').put(stamped(newCard({ id: cardIdFor(note, ord), noteId: note.id, deckId: next.deckId, ord, position: now }), stamp)));
    touched.add(next.deckId);
    cardsAdded++;
  }
  const wanted = new Set(ords);
  for (const c of existing) {
    if (!wanted.has(c.ord)) {
      writes.push(store('cards').delete(c.id));
      writes.push(store('graves').put({ key: `card:${c.id}`, kind: 'card', id: c.id, ...stamp }));
      touched.add(c.deckId);
      cardsRemoved++;
    } else if (c.deckId !== next.deckId) {
      writes.push(store('cards').put(stamped({ ...c, deckId: next.deckId }, stamp)));
      touched.add(c.deckId).add(next.deckId);
    }
  }
  if (touched.size) await markDeckTotalsStale(store('meta'), touched);
  return { note, cardsAdded, cardsRemoved };
}

export interface NewNote {
  deckId: string;
  noteTypeId: string;
  fields: string[];
  tags: string[];
}

let added = 0;

/** Adds a note of the user's own, with its cards at the end of the deck's new cards. */
export async function addNote(input: NewNote, now: number, dbName?: string): Promise<EditResult> {
  return writeTransaction(dbName, [...STORES], 'The note could not be added', async (tx, writes) => {
    added = (added + 1) % 1_000_000;
    const id = `u-${now.toString(36)}-${added.toString(36)}${Math.floor(Math.random() * 0x1000000).toString(36)}`;
    const nt = builtinNoteType(input.noteTypeId) ?? (await tx.objectStore('notetypes').get(input.noteTypeId));
    if (!nt) throw new AppError(ErrorCode.NotFound, `Unknown note type "${input.noteTypeId}". Nothing was saved.`);
    const draft: Note = { id, deckId: input.deckId, noteTypeId: nt.id, fields: input.fields, tags: [], topics: [], source: 'user', addedAt: now, kind: nt.kind, format: nt.format, front: '', back: '', mtime: now, usn: 0 };
    const result = await rewriteNote(tx, draft, { fields: input.fields, tags: cleanTags(input.tags), deckId: input.deckId }, now, writes, 'restore');
    return result;
  });
}

/** A note put back under its own id (sync: an edit that lost to a deletion on another device). */
export interface RecreatedNote extends NewNote {
  id: string;
  source: Note['source'];
}

/**
 * Puts a deleted note back under its id, with its cards (their ids follow from the note's, so
 * the review log they had still belongs to them), newly stamped so that sync sends it and it
 * wins over the deletion everywhere. Refuses a note that exists, or whose deck or type is gone.
 */
export async function recreateNote(input: RecreatedNote, now: number, dbName?: string): Promise<EditResult> {
  return writeTransaction(dbName, [...STORES], 'The note could not be put back', async (tx, writes) => {
    await unpackNotes(packStores(tx), [input.id], [], writes);
    if (await tx.objectStore('notes').get(input.id)) throw new AppError(ErrorCode.Invalid, 'This note exists again already. Nothing was changed.');
    const nt = builtinNoteType(input.noteTypeId) ?? (await tx.objectStore('notetypes').get(input.noteTypeId));
    if (!nt) throw new AppError(ErrorCode.NotFound, 'The note type of this note no longer exists, so the note cannot be put back. Nothing was changed.');
    const draft: Note = { id: input.id, deckId: input.deckId, noteTypeId: nt.id, fields: input.fields, tags: [], topics: [], source: input.source, addedAt: now, kind: nt.kind, format: nt.format, front: '', back: '', mtime: now, usn: 0 };
    // A built-in note comes back as an edited one (otherwise sync would take it for the shipped copy).
    const result = await rewriteNote(tx, draft, { fields: input.fields, tags: cleanTags(input.tags), deckId: input.deckId }, now, writes, input.source === 'builtin' ? 'edit' : 'restore');
    writes.push(tx.objectStore('graves').delete(`note:${input.id}`));
    const cards = await tx.objectStore('cards').index('byNote').getAll(input.id);
    for (const c of cards) writes.push(tx.objectStore('graves').delete(`card:${c.id}`));
    return result;
  });
}

/** What a deletion removed: enough to put it all back. */
export interface Deleted {
  notes: Note[];
  cards: CardRecord[];
}

/** Deletes notes and all their cards, leaving tombstones; the review log is kept. */
export async function deleteNotes(noteIds: string[], now: number, dbName?: string): Promise<Deleted> {
  return writeTransaction(dbName, [...STORES], 'The notes could not be deleted', async (tx, writes) => {
    await unpackNotes(packStores(tx), noteIds, [], writes);
    const notesStore = tx.objectStore('notes');
    const cardsStore = tx.objectStore('cards');
    const graves = tx.objectStore('graves');
    const [notes, cardLists, stamp] = await Promise.all([Promise.all(noteIds.map((id) => notesStore.get(id))), Promise.all(noteIds.map((id) => cardsStore.index('byNote').getAll(id))), nextStamp(tx.objectStore('meta'), now)]);
    const gone: Deleted = { notes: notes.filter((n): n is Note => !!n), cards: cardLists.flat() };
    for (const n of gone.notes) {
      writes.push(notesStore.delete(n.id));
      writes.push(graves.put({ key: `note:${n.id}`, kind: 'note', id: n.id, ...stamp }));
    }
    for (const c of gone.cards) {
      writes.push(cardsStore.delete(c.id));
      writes.push(graves.put({ key: `card:${c.id}`, kind: 'card', id: c.id, ...stamp }));
    }
    if (gone.cards.length) await markDeckTotalsStale(tx.objectStore('meta'), new Set(gone.cards.map((c) => c.deckId)));
    return gone;
  });
}

/** Undo of a deletion: the records come back as they were (newly stamped), tombstones go. */
export async function restoreDeleted(gone: Deleted, now: number, dbName?: string): Promise<void> {
  return writeTransaction(dbName, ['notes', 'cards', 'graves', 'meta'], 'The deletion could not be undone', async (tx, writes) => {
    const stamp = await nextStamp(tx.objectStore('meta'), now);
    for (const n of gone.notes) {
      writes.push(tx.objectStore('notes').put(stamped(n, stamp)));
      writes.push(tx.objectStore('graves').delete(`note:${n.id}`));
    }
    for (const c of gone.cards) {
      writes.push(tx.objectStore('cards').put(stamped(c, stamp)));
      writes.push(tx.objectStore('graves').delete(`card:${c.id}`));
    }
    if (gone.cards.length) await markDeckTotalsStale(tx.objectStore('meta'), new Set(gone.cards.map((c) => c.deckId)));
  });
}
