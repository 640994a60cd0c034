/**
 * Actions on the selected cards: suspend, unsuspend, bury, flag, tag, untag, move, reset,
 * reschedule, delete. Each is one transaction and each can be undone from the message it leaves.
 */
import type { Deck } from '../../core/types';
import { nextStudyDayStart } from '../../core/time';
import { deleteNotes, restoreCards, restoreDeleted, restoreNotes, setCards, tagNotes, type CardAction } from '../../storage';
import { announceChange } from '../../app/tabs';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { callSearch } from './search-client';
import { NamedOptions } from '../named-options';

interface Props {
  selected: Set<string>;
  setSelected: (s: Set<string>) => void;
  decks: Deck[];
  onChanged: () => Promise<void>;
}

const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? '' : 's'}`;

export function BulkBar({ selected, setSelected, decks, onChanged }: Props) {
  const { settings, notify, bumpData } = useApp();
  const ids = [...selected];

  const done = async (message: string, undo: () => Promise<unknown>) => {
    announceChange('edit');
    bumpData();
    await onChanged();
    notify(message, {
      label: 'Undo',
      run: async () => {
        await undo();
        announceChange('edit');
        bumpData();
        await onChanged();
        notify('Undone.');
      },
    });
  };
  const cards = async (action: CardAction, verb: string) => {
    try {
      const before = await setCards(ids, action, Date.now());
      await done(`${verb} ${plural(before.length, 'card')}.`, () => restoreCards(before, Date.now()));
    } catch (e) {
      notify(errorMessage(e));
    }
  };
  const noteIds = async () => [...new Set((await callSearch({ type: 'rows', ids })).rows.map((r) => r.noteId))];
  const tags = async (add: boolean) => {
    const text = prompt(add ? 'Tags to add (space separated)' : 'Tags to remove (space separated)');
    const list = text?.split(/\s+/).filter(Boolean) ?? [];
    if (!list.length) return;
    try {
      const before = await tagNotes(await noteIds(), add ? list : [], add ? [] : list, Date.now());
      await done(`${add ? 'Tagged' : 'Untagged'} ${plural(before.length, 'note')}.`, () => restoreNotes(before, Date.now()));
    } catch (e) {
      notify(errorMessage(e));
    }
  };
  const reschedule = () => {
    const text = prompt('Due in how many days? (0 = today)', '1');
    if (text === null) return;
    const days = Number(text);
    if (!Number.isInteger(days)) return notify('Type a whole number of days, such as 3.');
    void cards({ kind: 'reschedule', days }, `Rescheduled`);
  };
  const remove = async () => {
    const notes = await noteIds();
    if (!confirm(`Delete ${plural(notes.length, 'note')} and all their cards? You can undo this right after.`)) return;
    try {
      const gone = await deleteNotes(notes, Date.now());
      setSelected(new Set());
      await done(`Deleted ${plural(gone.notes.length, 'note')} (${plural(gone.cards.length, 'card')}).`, () => restoreDeleted(gone, Date.now()));
    } catch (e) {
      notify(errorMessage(e));
    }
  };
  const until = () => nextStudyDayStart(Date.now(), settings.dayStartHour);

  return (
    <div class="browse-bulk" role="toolbar" aria-label={`Actions for ${plural(ids.length, 'selected card')}`}>
      <span class="browse-bulk-count">{plural(ids.length, 'card')} selected</span>
      <button class="btn btn-small" onClick={() => void cards({ kind: 'suspend' }, 'Suspended')}>
        Suspend
      </button>
      <button class="btn btn-small" onClick={() => void cards({ kind: 'unsuspend' }, 'Unsuspended')}>
        Unsuspend
      </button>
      <button class="btn btn-small" onClick={() => void cards({ kind: 'bury', until: until() }, 'Buried')}>
        Bury
      </button>
      <label class="browse-filter">
        <span class="visually-hidden">Flag</span>
        <select
          aria-label="Flag"
          value=""
          onChange={(e) => {
            const v = Number((e.target as HTMLSelectElement).value) as 0 | 1 | 2 | 3 | 4;
            (e.target as HTMLSelectElement).value = '';
            void cards({ kind: 'flag', flag: v }, v ? 'Flagged' : 'Unflagged');
          }}
        >
          <option value="">Flag…</option>
          <option value="1">Red</option>
          <option value="2">Orange</option>
          <option value="3">Green</option>
          <option value="4">Blue</option>
          <option value="0">No flag</option>
        </select>
      </label>
      <button class="btn btn-small" onClick={() => void tags(true)}>
        Tag
      </button>
      <button class="btn btn-small" onClick={() => void tags(false)}>
        Untag
      </button>
      <label class="browse-filter">
        <span class="visually-hidden">Move to deck</span>
        <select
          aria-label="Move to deck"
          value=""
          onChange={(e) => {
            const deckId = (e.target as HTMLSelectElement).value;
            (e.target as HTMLSelectElement).value = '';
            if (deckId) void cards({ kind: 'move', deckId }, `Moved to ${decks.find((d) => d.id === deckId)?.name ?? 'the deck'}:`);
          }}
        >
          <option value="">Move to…</option>
          <NamedOptions items={decks} />
        </select>
      </label>
      <button class="btn btn-small" onClick={() => confirm(`Forget the progress of ${plural(ids.length, 'card')} and make them new again?`) && void cards({ kind: 'reset' }, 'Reset')}>
        Reset
      </button>
      <button class="btn btn-small" onClick={reschedule}>
        Reschedule
      </button>
      <button class="btn btn-small btn-danger" onClick={() => void remove()}>
        Delete
      </button>
      <button class="btn btn-small" onClick={() => setSelected(new Set())}>
        Clear
      </button>
    </div>
  );
}
