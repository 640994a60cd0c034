/**
 * From a reader's plan note to the stored note record, and the rules a re-import follows:
 * notes the user edited in the app since their last import are kept as the user left them.
 */
import type { Note, Stamp } from '../core/types';
import type { PlanNote } from '../formats/plan';
import { builtinNoteTypeId, fieldsFromContent } from '../formats/notetypes/index';

/** The record an import writes for `n` (`old` is the stored note it replaces, if any). */
export function planNoteRecord(n: PlanNote, old: Note | undefined, now: number, stamp: Stamp): Note {
  const { noteType: _name, noteTypeId, fields, mtime: srcMtime, ...content } = n;
  const note: Note = {
    ...content,
    noteTypeId: noteTypeId ?? builtinNoteTypeId(n.kind, n.format),
    fields: fields ?? fieldsFromContent(n.kind, n.front, n.back, n.answer),
    source: old?.source === 'builtin' ? 'builtin' : 'import',
    importedAt: now,
    mtime: stamp.mtime,
    usn: stamp.usn,
  };
  if (srcMtime) note.srcMtime = srcMtime;
  if (old?.editedAt !== undefined) note.editedAt = old.editedAt;
  note.addedAt = old ? (old.addedAt ?? old.mtime) : now;
  return note;
}

/** Whether an import would leave `old` as it is (the same content in the same place). */
export function samePlanContent(old: Note, next: Note): boolean {
  return (
    old.noteTypeId === next.noteTypeId &&
    old.deckId === next.deckId &&
    old.kind === next.kind &&
    JSON.stringify(old.fields) === JSON.stringify(next.fields) &&
    old.tags.join(' ') === next.tags.join(' ') &&
    JSON.stringify(old.sides) === JSON.stringify(next.sides)
  );
}

/** A note edited in the app after the last import that wrote it. */
export function wasEditedSinceImport(old: Note): boolean {
  return old.editedAt !== undefined && old.editedAt > (old.importedAt ?? -Infinity);
}
