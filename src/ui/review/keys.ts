/** The review screen's keyboard: Anki's keys, read against the card on screen. */
import { useEffect, useLayoutEffect } from 'preact/hooks';
import { markScrollRegions } from '../scroll-regions';
import type { Rating } from '../../core/types';
import { GRADES, type Shown } from './views';

function isTextEntry(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.isContentEditable;
}

function isActivatable(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'SUMMARY');
}

export interface ReviewKeys {
  shown: Shown | null;
  editing: boolean;
  undo: () => unknown;
  reveal: () => unknown;
  grade: (r: Rating) => unknown;
  suspend: () => void;
  bury: () => void;
  flag: (f: 0 | 1 | 2 | 3 | 4) => void;
  edit: () => void;
  /** Plays the side's sounds again (`R`, as in Anki). */
  replay?: () => void;
}

/**
 * Space/Enter show the answer (then grade Good), 1–4 grade, z or Ctrl+Z undo, e edit, @ suspend,
 * - bury, Ctrl+1…4 toggle a flag, r replays the card's audio.
 */
export function useReviewKeys({ shown, editing, undo, reveal, grade, suspend, bury, flag, edit, replay }: ReviewKeys): void {
  // A layout effect: the handler follows the card in the same commit, so a key pressed the
  // moment the grade buttons appear is not read against the front still showing.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.metaKey) return;
      const key = e.key;
      if ((key === 'z' || key === 'Z') && !isTextEntry(e.target) && (!e.shiftKey || e.ctrlKey)) {
        e.preventDefault();
        void undo();
        return;
      }
      if (isTextEntry(e.target) || editing) return;
      if (shown && e.ctrlKey && /^[1-4]$/.test(key)) {
        e.preventDefault();
        const f = Number(key) as 1 | 2 | 3 | 4;
        flag((shown.card.flag ?? 0) === f ? 0 : f);
        return;
      }
      if (e.ctrlKey) return;
      if (!shown) return;
      if (key === '@') {
        e.preventDefault();
        return suspend();
      }
      if (key === '-') {
        e.preventDefault();
        return bury();
      }
      if (key === 'e') {
        e.preventDefault();
        edit();
        return;
      }
      if ((key === 'r' || key === 'R') && replay) {
        e.preventDefault();
        replay();
        return;
      }
      if (shown.back === null) {
        if ((key === ' ' || key === 'Enter') && !isActivatable(e.target)) {
          e.preventDefault();
          void reveal();
        }
        return;
      }
      const g = GRADES.find((x) => x.key === key);
      if (g) {
        e.preventDefault();
        void grade(g.rating);
      } else if ((key === ' ' || key === 'Enter') && !isActivatable(e.target)) {
        e.preventDefault();
        void grade(3);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [shown, reveal, grade, undo, editing, suspend, bury, flag, edit, replay]);
}

/** Scroll regions on the card (before it is painted) and focus following the flow. */
export function useCardFocus({ view, shown, cardView, typeInput, showBtn, goodBtn }: { view: string; shown: Shown | null; cardView: { current: HTMLElement | null }; typeInput: { current: HTMLInputElement | null }; showBtn: { current: HTMLButtonElement | null }; goodBtn: { current: HTMLButtonElement | null } }): void {
  // Scroll boxes that overflow (wide code, tables, math) become keyboard-scrollable regions,
  // before the card is painted.
  const cardHtml = shown?.back ?? shown?.front;
  useLayoutEffect(() => {
    if (!cardHtml) return;
    const mark = () => markScrollRegions(cardView.current);
    mark();
    addEventListener('resize', mark);
    return () => removeEventListener('resize', mark);
  }, [cardHtml]);

  // Focus follows the flow: "Show answer" on the front, "Good" on the back.
  useEffect(() => {
    if (view !== 'card' || !shown) return;
    if (shown.back === null) (shown.typeAnswer ? typeInput.current : showBtn.current)?.focus({ preventScroll: true });
    else goodBtn.current?.focus({ preventScroll: true });
  }, [view, shown?.card.id, shown?.back === null]);

}
