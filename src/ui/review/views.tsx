/** The review screen's parts: the answer bar with the grade buttons, and the done and waiting views. */
import type { ComponentChildren, Ref } from 'preact';
import type { QueueCounts } from '../../core/queue';
import { Counts } from '../Decks';
import type { CardRecord, Note, Rating } from '../../core/types';
import type { GradeOption } from '../../core/scheduler';
import { describeDue } from '../../core/time';

export const GRADES: { rating: Rating; name: string; key: string; cls: string }[] = [
  { rating: 1, name: 'Again', key: '1', cls: 'grade-again' },
  { rating: 2, name: 'Hard', key: '2', cls: 'grade-hard' },
  { rating: 3, name: 'Good', key: '3', cls: 'grade-good' },
  { rating: 4, name: 'Easy', key: '4', cls: 'grade-easy' },
];

export interface Shown {
  card: CardRecord;
  note: Note;
  front: string;
  back: string | null;
  shownAt: number;
  typeAnswer?: string;
  options: GradeOption[];
}

export function AnswerBar({ shown, busy, reveal, grade, showBtn, goodBtn }: { shown: Shown; busy: boolean; reveal: () => unknown; grade: (r: Rating) => unknown; showBtn: Ref<HTMLButtonElement>; goodBtn: Ref<HTMLButtonElement> }) {
  return (
          <div class="answer-bar">
            {shown.back === null ? (
              <button ref={showBtn} class="btn btn-primary btn-block show-answer" onClick={() => void reveal()} aria-keyshortcuts="Space Enter">
                Show answer
              </button>
            ) : (
              <div class="grades" role="group" aria-label="How well did you remember?">
                {GRADES.map((g, i) => (
                  <button
                    key={g.rating}
                    ref={g.rating === 3 ? goodBtn : undefined}
                    class={`btn grade ${g.cls}`}
                    onClick={() => void grade(g.rating)}
                    disabled={busy}
                    aria-keyshortcuts={g.key}
                    aria-describedby={`interval-${g.rating}`}
                  >
                    <span class="grade-name">{g.name}</span>
                    {/* Named by the grade alone, described by the interval (hidden from the name). */}
                    <span class="grade-interval" id={`interval-${g.rating}`} aria-hidden="true">
                      {shown.options[i]?.label ?? ''}
                    </span>
                  </button>
                ))}
              </div>
            )}
          </div>
  );
}

export function WaitView({ until, dayStartHour }: { until: number; dayStartHour: number }) {
  return (
        <div class="done" role="status">
          <h1>Learning cards are coming back</h1>
          <p class="muted">The next one is due {describeDue(until, Date.now(), dayStartHour)}. Stay here, or come back later.</p>
          <a class="btn" href="#/">
            Back to decks
          </a>
        </div>
  );
}

/** The bar above the card: back to the decks, what is left, the card menu and Undo. */
export function ReviewBar({ counts, canUndo, undo, menu }: { counts: QueueCounts; canUndo: boolean; undo: () => unknown; menu: ComponentChildren }) {
  return (
    <div class="review-bar">
      <a class="btn btn-small" href="#/">
        Decks
      </a>
      <Counts counts={counts} label="Left in this session" />
      <div class="review-bar-end">
        {menu}
        <button class="btn btn-small" onClick={() => void undo()} disabled={!canUndo} aria-keyshortcuts="z Control+z">
          Undo
        </button>
      </div>
    </div>
  );
}
