/**
 * Review-time actions on the card on screen: suspend, bury, flag (each undoable) and edit in a
 * dialog, after which the card updates in place; and which deck a card comes from.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Note } from '../../core/types';
import { getCard, listDecks, type CardAction, type EditResult } from '../../storage';
import { nextStudyDayStart } from '../../core/time';
import { announceChange } from '../../app/tabs';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { FLAG_NAMES } from './CardMenu';
import { renderSides } from './prepare';
import type { ReviewSession } from './session';
import type { Shown } from './views';

export interface CardActionContext {
  session: { current: ReviewSession };
  shownRef: { current: Shown | null };
  busyRef: { current: boolean };
  setBusy: (b: boolean) => void;
  afterBusy: () => void;
  showNext: () => Promise<void>;
  undo: () => Promise<void>;
  setShown: (s: Shown) => void;
  dropPrepared: () => void;
  revoke: { current: () => void };
  typed: string;
  dayStartHour: () => number;
}

export function useCardActions(c: CardActionContext) {
  const { notify } = useApp();
  const { session, shownRef, busyRef, setBusy, afterBusy, showNext, undo, setShown, dropPrepared, revoke, typed } = c;
  // Review-time actions on the card on screen: suspend and bury take it out of the session,
  // a flag stays with it; each can be undone (z, or the message's Undo).
  const act = useCallback(
    async (action: CardAction, label: string, message: string) => {
      const card = shownRef.current?.card;
      if (!card || busyRef.current) return;
      setBusy(true);
      try {
        await session.current.act(card, action, label, Date.now());
        announceChange('edit');
        notify(message, { label: 'Undo', run: () => undo() });
        if (action.kind === 'flag') {
          const stored = await getCard(card.id);
          const current = shownRef.current;
          if (stored && current?.card.id === card.id) setShown({ ...current, card: stored });
        } else await showNext();
      } catch (e) {
        notify(errorMessage(e));
      } finally {
        setBusy(false);
        afterBusy();
      }
    },
    [showNext, notify, setBusy, afterBusy, undo],
  );
  const suspend = () => void act({ kind: 'suspend' }, 'suspend', 'Card suspended.');
  const bury = () => void act({ kind: 'bury', until: nextStudyDayStart(Date.now(), c.dayStartHour()) }, 'bury', 'Card buried until tomorrow.');
  const flag = (f: 0 | 1 | 2 | 3 | 4) => void act({ kind: 'flag', flag: f }, f ? 'flag' : 'unflag', f ? `Flagged ${FLAG_NAMES[f].toLowerCase()}.` : 'Flag removed.');

  // Edit from review: a dialog over the card; on save the card on screen updates in place.
  const [editing, setEditing] = useState(false);
  const onEdited = useCallback(
    async (result: EditResult, before: Note | undefined) => {
      setEditing(false);
      if (before) session.current.rememberEdit(before);
      announceChange('edit');
      dropPrepared();
      const current = shownRef.current;
      if (!current) return;
      const stored = (await getCard(current.card.id)) ?? current.card;
      const sides = await renderSides(result.note, stored.ord, current.back !== null, typed);
      const old = revoke.current;
      revoke.current = () => {
        old();
        sides.revoke();
      };
      setShown({ ...current, card: stored, note: result.note, front: sides.front, back: sides.back });
      notify('Saved.', { label: 'Undo', run: () => undo() });
    },
    [dropPrepared, notify, typed, undo],
  );

  // Which deck the card comes from, in a session over several decks.
  const [deckNames, setDeckNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void listDecks().then((ds) => setDeckNames(new Map(ds.map((d) => [d.id, d.name]))));
  }, []);

  return { suspend, bury, flag, editing, setEditing, onEdited, deckNames };
}
