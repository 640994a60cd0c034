/**
 * The note editor, for adding and for editing: one text area per field of the note type, tags,
 * deck, a live preview through the review renderer and sanitizer, Ctrl+Enter to save, a warning
 * (not a block) on a duplicate front, sticky deck / type / tags when adding. Used as a screen
 * (Add card, Edit) and as a dialog over the review.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Deck, Note, NoteType } from '../../core/types';
import { addNote, findDuplicates, getNote, getNoteType, listDecks, listNoteTypes, restoreOriginal, updateNote, type EditResult } from '../../storage';
import { BUILTIN_NOTETYPES } from '../../formats/notetypes/builtin';
import { deriveNote } from '../../formats/notetypes/derive';
import { errorMessage } from '../errors';
import { Preview } from './Preview';
import './editor.css';
import { NamedOptions } from '../named-options';

export type EditorMode = { kind: 'add'; deckId?: string } | { kind: 'edit'; noteId: string };

const STICKY_KEY = 'prepdeck:add-sticky';
interface Sticky {
  deckId?: string;
  noteTypeId?: string;
  tags?: string;
}
function readSticky(): Sticky {
  try {
    return JSON.parse(localStorage.getItem(STICKY_KEY) ?? '{}') as Sticky;
  } catch {
    return {};
  }
}

/** Field names as people know them: the Markdown types say what each field is for. */
const HINTS: Record<string, string> = { Text: 'Use {{c1::answer}} for each deletion (c2, c3… make more cards).', Answer: 'What the user types, checked letter by letter.', Extra: 'Shown under the revealed text.' };

export interface NoteEditorProps {
  mode: EditorMode;
  /** After a save: the result and, for an edit, the note as it was (for undo). */
  onSaved: (result: EditResult, before: Note | undefined) => void;
  onCancel?: () => void;
  /** Headings inside a dialog start one level lower. */
  inDialog?: boolean;
}

export function NoteEditor({ mode, onSaved, onCancel, inDialog }: NoteEditorProps) {
  const [decks, setDecks] = useState<Deck[]>([]);
  const [types, setTypes] = useState<NoteType[]>([...BUILTIN_NOTETYPES.filter((t) => t.format === 'markdown')]);
  const [note, setNote] = useState<Note | undefined>(undefined);
  const [type, setType] = useState<NoteType | undefined>(undefined);
  const [deckId, setDeckId] = useState('');
  const [fields, setFields] = useState<string[]>([]);
  const [tags, setTags] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState(false);
  const [saving, setSaving] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const [allDecks, stored] = await Promise.all([listDecks(), listNoteTypes()]);
        if (!live) return;
        setDecks(allDecks);
        if (mode.kind === 'edit') {
          const n = await getNote(mode.noteId);
          if (!n) throw new Error('This note no longer exists: it may have been deleted in another tab.');
          const t = await getNoteType(n.noteTypeId);
          if (!t) throw new Error(`The note type of this note (${n.noteTypeId}) is missing.`);
          if (!live) return;
          setNote(n);
          setType(t);
          setDeckId(n.deckId);
          setFields(t.fields.map((_, i) => n.fields[i] ?? ''));
          setTags(n.tags.join(' '));
        } else {
          const sticky = readSticky();
          const own = stored.filter((t) => !t.builtin);
          const all = [...BUILTIN_NOTETYPES.filter((t) => t.format === 'markdown'), ...own];
          setTypes(all);
          const t = all.find((x) => x.id === sticky.noteTypeId) ?? all[0]!;
          setType(t);
          setFields(t.fields.map(() => ''));
          setDeckId(mode.deckId ?? (allDecks.some((d) => d.id === sticky.deckId) ? sticky.deckId! : (allDecks[0]?.id ?? '')));
          setTags(sticky.tags ?? '');
        }
        requestAnimationFrame(() => first.current?.focus());
      } catch (e) {
        if (live) setError(errorMessage(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [mode.kind, mode.kind === 'edit' ? mode.noteId : mode.deckId]);

  // A warning, not a block: another note in this deck already has this front.
  useEffect(() => {
    if (!deckId || !fields[0]?.trim()) return setDuplicate(false);
    const t = setTimeout(() => void findDuplicates(deckId, fields[0]!, note?.id).then((d) => setDuplicate(d.length > 0), () => setDuplicate(false)), 250);
    return () => clearTimeout(t);
  }, [deckId, fields[0], note?.id]);

  const deckName = decks.find((d) => d.id === deckId)?.name ?? '';
  const preview = useMemo(() => {
    if (!type) return undefined;
    const tagList = tags.split(/\s+/).filter(Boolean);
    const derived = deriveNote({ fields, tags: tagList, deckName }, type);
    const base: Note = note ?? { id: 'preview', deckId, noteTypeId: type.id, fields, tags: tagList, topics: [], mtime: 0, usn: 0, kind: type.kind, format: type.format, front: '', back: '' };
    const { sides: _s, answer: _a, ...rest } = base;
    return { ...rest, ...derived, fields, tags: tagList } as Note;
  }, [type, fields, tags, deckName, note, deckId]);

  const chooseType = (id: string) => {
    const t = types.find((x) => x.id === id);
    if (!t || !type) return;
    // Carry what was typed over field by field.
    setFields(t.fields.map((_, i) => fields[i] ?? ''));
    setType(t);
  };

  const save = async () => {
    if (!type || saving) return;
    setSaving(true);
    setError(null);
    try {
      const tagList = tags.split(/\s+/).filter(Boolean);
      if (mode.kind === 'edit' && note) {
        const result = await updateNote(note.id, { fields, tags: tagList, deckId }, Date.now());
        onSaved(result, note);
      } else {
        const result = await addNote({ deckId, noteTypeId: type.id, fields, tags: tagList }, Date.now());
        localStorage.setItem(STICKY_KEY, JSON.stringify({ deckId, noteTypeId: type.id, tags } satisfies Sticky));
        setFields(type.fields.map(() => ''));
        onSaved(result, undefined);
        requestAnimationFrame(() => first.current?.focus());
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const restore = async () => {
    if (!note?.original) return;
    try {
      const result = await restoreOriginal(note.id, Date.now());
      setNote(result.note);
      setFields(result.note.fields);
      setTags(result.note.tags.join(' '));
      onSaved(result, note);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape' && onCancel) {
      e.preventDefault();
      onCancel();
    }
  };

  const H = inDialog ? 'h2' : 'h1';
  if (!type) return error ? <div class="banner banner-error" role="alert">{error}</div> : <p class="muted" aria-live="polite">Loading…</p>;
  return (
    <form
      class="editor"
      aria-label={mode.kind === 'add' ? 'Add card' : 'Edit'}
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <H class="editor-title">{mode.kind === 'add' ? 'Add card' : 'Edit'}</H>
      {note?.editedAt !== undefined && note.original && <p class="muted editor-edited">Edited by you. Our built-in version is kept beside it.</p>}
      <div class="editor-row">
        {mode.kind === 'add' && (
          <label>
            Type
            <select value={type.id} onChange={(e) => chooseType((e.target as HTMLSelectElement).value)}>
              <NamedOptions items={types} />
            </select>
          </label>
        )}
        <label>
          Deck
          <select value={deckId} onChange={(e) => setDeckId((e.target as HTMLSelectElement).value)}>
            <NamedOptions items={decks} />
          </select>
        </label>
      </div>
      {type.fields.map((name, i) => (
        <label key={`${type.id}-${name}`} class="editor-field">
          {name}
          {HINTS[name] && type.builtin && <span class="muted editor-hint">{HINTS[name]}</span>}
          <textarea
            ref={i === 0 ? first : undefined}
            rows={i === 0 ? 3 : 4}
            value={fields[i] ?? ''}
            spellcheck
            onInput={(e) => {
              const next = [...fields];
              next[i] = (e.target as HTMLTextAreaElement).value;
              setFields(next);
            }}
          />
        </label>
      ))}
      {duplicate && (
        <p class="editor-warning" role="status">
          Another card in this deck has the same {type.fields[0]}. You can still save it.
        </p>
      )}
      <label class="editor-field">
        Tags
        <input type="text" value={tags} autocomplete="off" placeholder="space separated, e.g. sql window-functions" onInput={(e) => setTags((e.target as HTMLInputElement).value)} />
      </label>
      {error && (
        <div class="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <div class="editor-actions">
        <button type="submit" class="btn btn-primary" disabled={saving} aria-keyshortcuts="Control+Enter">
          {mode.kind === 'add' ? 'Add' : 'Save'}
        </button>
        {onCancel && (
          <button type="button" class="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
        {note?.original && (
          <button type="button" class="btn" onClick={() => void restore()}>
            Restore original
          </button>
        )}
        <span class="muted editor-shortcut">Ctrl+Enter saves</span>
      </div>
      {preview && <Preview note={preview} />}
    </form>
  );
}
