/**
 * The built-in note types (ours: rendered by kind, not by templates) and the upgrade of notes
 * written before note types existed. Small and dependency-free: the schema migration and the
 * first screen load it; the derivation of imported types lives in derive.ts.
 */
import type { Note, NoteKind, NoteType } from '../../core/types';

const KINDS: readonly NoteKind[] = ['basic', 'reversed', 'cloze', 'type-in'];
const LABEL: Record<NoteKind, string> = { basic: 'Basic', reversed: 'Basic (and reversed card)', cloze: 'Cloze', 'type-in': 'Basic (type in the answer)' };

/** Field names of the built-in types, in order (`fieldsFromContent` fills them). */
export const BUILTIN_FIELDS: Record<NoteKind, string[]> = {
  basic: ['Front', 'Back'],
  reversed: ['Front', 'Back'],
  cloze: ['Text', 'Extra'],
  'type-in': ['Front', 'Back', 'Answer'],
};

export function builtinNoteTypeId(kind: NoteKind, format: 'markdown' | 'html'): string {
  return `pd-${kind}${format === 'html' ? '-html' : ''}`;
}

/** Our eight note types: four kinds, written in Markdown (our decks, the editor) or HTML (text imports). */
export const BUILTIN_NOTETYPES: readonly NoteType[] = KINDS.flatMap((kind) =>
  (['markdown', 'html'] as const).map(
    (format): NoteType => ({
      id: builtinNoteTypeId(kind, format),
      name: `${LABEL[kind]}${format === 'html' ? ' (HTML)' : ''}`,
      kind,
      format,
      fields: BUILTIN_FIELDS[kind],
      templates: kind === 'reversed' ? [{ name: 'Card 1', qfmt: '', afmt: '' }, { name: 'Card 2', qfmt: '', afmt: '' }] : [{ name: kind === 'cloze' ? 'Cloze' : 'Card 1', qfmt: '', afmt: '' }],
      css: '',
      builtin: true,
      mtime: 0,
      usn: 0,
    }),
  ),
);

const BUILTIN_BY_ID = new Map(BUILTIN_NOTETYPES.map((t) => [t.id, t]));

export function builtinNoteType(id: string): NoteType | undefined {
  return BUILTIN_BY_ID.get(id);
}

/** The field values of a built-in type from the classic front/back/answer content. */
export function fieldsFromContent(kind: NoteKind, front: string, back: string, answer?: string): string[] {
  return kind === 'type-in' ? [front, back, answer ?? ''] : [front, back];
}

/**
 * A note written before note types existed (schema 3 and older backups): its content becomes
 * the fields of the built-in type of its kind and format. Pre-rendered Anki sides are kept as
 * they were until the note is edited or re-imported.
 */
export function upgradeLegacyNote(old: Record<string, unknown>, now: number): Note {
  const n = old as unknown as Note & { updatedAt?: number };
  const { updatedAt, ...rest } = n;
  const kind = n.kind;
  const format = n.format === 'html' ? 'html' : 'markdown';
  const note: Note = {
    ...rest,
    noteTypeId: n.noteTypeId ?? builtinNoteTypeId(kind, format),
    fields: n.fields ?? fieldsFromContent(kind, n.front ?? '', n.back ?? '', n.answer),
    mtime: updatedAt ?? n.mtime ?? now,
    usn: n.usn ?? 0,
  };
  // The old `mtime` was the source's modification time.
  if (n.fields === undefined && typeof n.mtime === 'number') note.srcMtime = n.mtime;
  return note;
}
