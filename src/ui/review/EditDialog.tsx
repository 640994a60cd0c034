/** Edit from review: the note editor in a modal dialog over the card; Escape or Cancel closes it. */
import { useEffect, useRef } from 'preact/hooks';
import type { Note } from '../../core/types';
import type { EditResult } from '../../storage';
import { NoteEditor } from '../editor/NoteEditor';

export default function EditDialog({ noteId, onClose, onSaved }: { noteId: string; onClose: () => void; onSaved: (r: EditResult, before: Note | undefined) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="editor-dialog"
      aria-label="Edit"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <NoteEditor mode={{ kind: 'edit', noteId }} inDialog onCancel={onClose} onSaved={onSaved} />
    </dialog>
  );
}
