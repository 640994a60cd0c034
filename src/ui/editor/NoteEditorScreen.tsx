/** The Add card and Edit screens: the editor, and what happens after a save (message, undo). */
import { useState } from 'preact/hooks';
import { deleteNotes, restoreDeleted, revertNote } from '../../storage';
import { announceChange } from '../../app/tabs';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { NoteEditor, type EditorMode } from './NoteEditor';

export function NoteEditorScreen({ mode }: { mode: EditorMode }) {
  const { notify, bumpData } = useApp();
  // Bumped after an undo so that the editor reads the note again.
  const [version, setVersion] = useState(0);
  return (
    <section class="editor-screen">
      <p class="crumbs">
        <a href="#/">Decks</a> · <a href="#/browse">Browse</a>
      </p>
      <NoteEditor
        key={version}
        mode={mode}
        onCancel={() => history.back()}
        onSaved={(result, before) => {
          announceChange('edit');
          bumpData();
          const added = result.cardsAdded;
          if (mode.kind === 'add')
            notify(`Added (${added} card${added === 1 ? '' : 's'}).`, {
              label: 'Undo',
              run: async () => {
                const gone = await deleteNotes([result.note.id], Date.now());
                announceChange('edit');
                bumpData();
                notify('The new card was removed.', { label: 'Redo', run: () => restoreDeleted(gone, Date.now()).then(bumpData) });
              },
            });
          else if (before)
            notify('Saved.', {
              label: 'Undo',
              run: async () => {
                try {
                  await revertNote(before, Date.now());
                  announceChange('edit');
                  bumpData();
                  notify('The edit was undone.');
                  setVersion((v) => v + 1);
                } catch (e) {
                  notify(errorMessage(e));
                }
              },
            });
        }}
      />
    </section>
  );
}
