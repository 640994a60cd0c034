/**
 * "Changed on two devices": the notes whose text lost a merge (merge.ts `noteConflict` keeps the
 * losing version as a `conflict:<noteId>:<lost rev>` document in the replica), shown beside the
 * note as this device holds it now, and the two ways out:
 * - `keepCurrent`: the conflict document becomes a tombstone (`deleted`, newer `mtime`), which
 *   replicates like any record, so the entry goes away on every device after their next sync;
 * - `useOther`: the losing version goes back into the note through the normal edit (or delete)
 *   path, newly stamped so that it wins the next sync everywhere, then the same tombstone.
 * Lazy-loaded (it loads the client, hence PouchDB); reads and writes notes only through storage.
 */
import type { Note } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { deleteNotes, getNote, getNoteCards, getNoteType, recreateNote, updateNote } from '../storage';
import { announceChange } from '../app/tabs';
import { withReplica } from './client';
import { recordIdOf, tombstoneDoc, type ConflictBody, type LwwDoc } from './docs';
import type { PouchDatabase } from './pouch-types';
import { scheduleSync } from './trigger';

/** A version of a note: its fields and tags, or its deletion. */
export type NoteVersion = { fields: string[]; tags: string[]; mtime: number } | { deleted: true; mtime: number };

export interface ConflictEntry {
  /** The conflict's id (`<noteId>:<lost rev>`, the document id without `conflict:`). */
  id: string;
  noteId: string;
  /** The note as this device holds it now (`deleted` when it no longer exists here). */
  current: NoteVersion;
  /** The version that lost the merge. */
  other: NoteVersion;
  /** The note type's field names, when the note type exists here. */
  fieldNames?: string[];
  /** The note is deleted here and the other version is an edit that can bring it back (its deck and type are known). */
  restorable?: boolean;
  format: Note['format'];
  /** When the two versions met (the newer of their times): the list's order, newest first. */
  at: number;
}

type ConflictDoc = LwwDoc<'conflict'>;
const PREFIX = 'conflict:';

const docIdOf = (id: string): string => (id.startsWith(PREFIX) ? id : `${PREFIX}${id}`);

/** The live (not dismissed) conflict documents of the replica. */
async function liveConflicts(replica: PouchDatabase): Promise<(ConflictDoc & { body: ConflictBody })[]> {
  const res = await replica.allDocs({ startkey: PREFIX, endkey: `${PREFIX}\uffff`, include_docs: true });
  const out: (ConflictDoc & { body: ConflictBody })[] = [];
  for (const r of res.rows) {
    const d = r.doc as unknown as ConflictDoc | undefined;
    if (d && !d._deleted && !d.deleted && d.body) out.push(d as ConflictDoc & { body: ConflictBody });
  }
  return out;
}

/** Every conflict still to decide, newest first, with the note as it is here now. */
export async function listConflicts(): Promise<ConflictEntry[]> {
  return withReplica(async (replica, dbName) => {
    const docs = await liveConflicts(replica);
    const entries: ConflictEntry[] = [];
    for (const d of docs) {
      const { noteId, lost } = d.body;
      const note = await getNote(noteId, dbName);
      // Deleted here and the other version was a deletion too: nothing left to choose.
      if (!note && 'deleted' in lost) continue;
      const typeId = note?.noteTypeId ?? d.body.note?.noteTypeId;
      const type = typeId ? await getNoteType(typeId, dbName) : undefined;
      const entry: ConflictEntry = {
        id: recordIdOf(d._id),
        noteId,
        current: note ? { fields: note.fields, tags: note.tags, mtime: note.mtime } : { deleted: true, mtime: d.body.keptMtime ?? d.mtime },
        other: 'deleted' in lost ? { deleted: true, mtime: lost.mtime } : { fields: lost.fields, tags: lost.tags, mtime: lost.mtime },
        format: note?.format ?? type?.format ?? 'markdown',
        at: d.mtime,
      };
      if (type) entry.fieldNames = type.fields;
      if (!note && !('deleted' in lost) && d.body.note) entry.restorable = true;
      entries.push(entry);
    }
    return entries.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  });
}

/** The conflict's live document, or a clear error (already settled here or on another device). */
async function openConflict(replica: PouchDatabase, id: string): Promise<ConflictDoc & { body: ConflictBody }> {
  const doc = (await replica.get(docIdOf(id)).catch(() => undefined)) as ConflictDoc | undefined;
  if (!doc || doc._deleted || doc.deleted || !doc.body) throw new AppError(ErrorCode.NotFound, 'This note was already settled (on this device or another one). Nothing was changed.');
  return doc as ConflictDoc & { body: ConflictBody };
}

/** Writes the conflict's tombstone over `doc` (another tab's sync may have moved it on: then once more over that). */
async function dismiss(replica: PouchDatabase, doc: ConflictDoc): Promise<void> {
  const id = recordIdOf(doc._id);
  try {
    await replica.put({ ...tombstoneDoc('conflict', id, Date.now()), _rev: doc._rev });
  } catch (e) {
    if ((e as { status?: number }).status !== 409) throw e;
    const now = (await replica.get(doc._id)) as unknown as ConflictDoc;
    if (!now.deleted) await replica.put({ ...tombstoneDoc('conflict', id, Date.now()), _rev: now._rev });
  }
}

/**
 * Keeps the note as it is: the entry goes away here now, and on the other devices after their
 * next sync. A note kept over its deletion came back without cards (their deletions won): saving
 * it again gives it its cards back, under their old ids, so their review history still counts.
 */
export async function keepCurrent(conflictId: string): Promise<void> {
  await withReplica(async (replica, dbName) => {
    const doc = await openConflict(replica, conflictId);
    const note = await getNote(doc.body.noteId, dbName);
    if (note && (await getNoteCards(note.id, dbName)).length === 0) {
      await updateNote(note.id, {}, Date.now(), dbName);
      announceChange('edit');
    }
    await dismiss(replica, doc);
  });
  scheduleSync('session');
}

/**
 * Puts the other version back: its fields and tags through the editor's save (one transaction,
 * stamped, so the next sync sends it and it wins everywhere), or the note's deletion through the
 * normal delete; then dismisses the entry. A state it cannot act on (entry settled, note gone)
 * throws a plain-words AppError and changes nothing.
 */
export async function useOther(conflictId: string): Promise<void> {
  await withReplica(async (replica, dbName) => {
    const doc = await openConflict(replica, conflictId);
    const { noteId, lost } = doc.body;
    const note = await getNote(noteId, dbName);
    const where = doc.body.note;
    if (!note && ('deleted' in lost || !where)) {
      throw new AppError(
        ErrorCode.NotFound,
        'deleted' in lost ? 'This note is already deleted. Nothing was changed.' : 'This note was deleted, so the other version cannot be put back into it. Nothing was changed: copy its text into a new card if you want to keep it.',
      );
    }
    if ('deleted' in lost) await deleteNotes([noteId], Date.now(), dbName);
    // The deletion won here: the edit comes back as the note, under its id, with its cards.
    else if (!note) await recreateNote({ id: noteId, deckId: where!.deckId, noteTypeId: where!.noteTypeId, source: where!.source, fields: lost.fields, tags: lost.tags }, Date.now(), dbName);
    else await updateNote(noteId, { fields: lost.fields, tags: lost.tags }, Date.now(), dbName);
    announceChange('edit');
    await dismiss(replica, doc);
  });
  scheduleSync('session');
}
