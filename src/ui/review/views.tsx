/** The review screen's parts: the answer bar with the grade buttons, and the done and waiting views. */
import { useState } from 'preact/hooks';
import { WAITING_CAP, type Waiting } from '../../storage/waiting';
import type { Extra } from '../../storage/limit-extension';
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

export function DoneView({ answered, nextDue, waiting, dayStartHour, focus, onMore, customFrom, custom }: { answered: number; nextDue: number | undefined; waiting?: Waiting | undefined; dayStartHour: number; focus?: string | undefined; onMore?: (extra: Extra) => Promise<void>; customFrom?: string | undefined; custom?: string | undefined }) {
  if (custom)
    return (
      <div class="done" role="status">
        <h1>Custom study done</h1>
        <p>{answered > 0 ? `You answered ${answered} card${answered === 1 ? '' : 's'}.` : 'No cards matched.'}</p>
        <p class="muted">{custom}</p>
        <div class="done-actions">
          <a class="btn btn-primary" href="#/">
            Back to decks
          </a>
          <a class="btn" href="#/custom">
            Custom study
          </a>
        </div>
      </div>
    );
  if (focus)
    return (
      <div class="done" role="status">
        <h1>Subtopic done</h1>
        <p>{answered > 0 ? `You answered ${answered} card${answered === 1 ? '' : 's'} on ${focus}.` : `Nothing of ${focus} is due, and no new cards of it are left.`}</p>
        <p class="muted">Its cards are scheduled as usual from here on.</p>
        <div class="done-actions">
          <a class="btn btn-primary" href="#/readiness">
            Back to readiness
          </a>
          <a class="btn" href="#/study/all">
            Study all decks
          </a>
        </div>
      </div>
    );
  const many = (n: number) => (n >= WAITING_CAP ? `${WAITING_CAP.toLocaleString('en')}+` : n.toLocaleString('en'));
  return (
    <div class="done" role="status">
      <h1>Done for today</h1>
      <p>{answered > 0 ? `You answered ${answered} card${answered === 1 ? '' : 's'} in this session.` : 'There is nothing to study here right now.'}</p>
      {/* The truth about what is left: cards that wait only because of today's limits. */}
      {waiting && waiting.newCards > 0 && (
        <p class="waiting">
          {many(waiting.newCards)} new card{waiting.newCards === 1 ? '' : 's'} wait{waiting.newCards === 1 ? 's' : ''}; today’s new-card limit is used.
        </p>
      )}
      {waiting && waiting.reviews > 0 && (
        <p class="waiting">
          {many(waiting.reviews)} review{waiting.reviews === 1 ? ' is' : 's are'} due beyond today’s review limit.
        </p>
      )}
      <p class="muted">{nextDue !== undefined ? `The next card is due ${describeDue(nextDue, Date.now(), dayStartHour)}.` : 'No more cards are scheduled in this deck.'}</p>
      {onMore && waiting && (waiting.newCards > 0 || waiting.reviews > 0) && <StudyMore waiting={waiting} onMore={onMore} />}
      <div class="done-actions">
        <a class="btn btn-primary" href="#/">
          Back to decks
        </a>
        {customFrom !== undefined && (
          <a class="btn" href={`#/custom${customFrom === 'all' ? '' : `?deck=${encodeURIComponent(customFrom)}`}`}>
            Custom study
          </a>
        )}
      </div>
    </div>
  );
}

/** Custom study, the common part of Anki's: raise today's limits and go on. */
function StudyMore({ waiting, onMore }: { waiting: Waiting; onMore: (extra: Extra) => Promise<void> }) {
  const [count, setCount] = useState('10');
  const [busy, setBusy] = useState(false);
  const n = Number(count);
  const valid = Number.isInteger(n) && n >= 1 && n <= 9999;
  const more = async (extra: Extra) => {
    setBusy(true);
    try {
      await onMore(extra);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="study-more" aria-labelledby="study-more-title">
      <h2 id="study-more-title">Custom study</h2>
      <label>
        <span>How many more today</span>
        <input class="control" type="number" min={1} max={9999} step={1} inputMode="numeric" value={count} onInput={(e) => setCount((e.target as HTMLInputElement).value)} aria-invalid={!valid} />
      </label>
      {!valid && <p class="field-error">A whole number from 1 to 9999.</p>}
      <div class="done-actions">
        {waiting.newCards > 0 && (
          <button type="button" class="btn" disabled={!valid || busy} onClick={() => void more({ new: n, review: 0 })}>
            More new cards today
          </button>
        )}
        {waiting.reviews > 0 && (
          <button type="button" class="btn" disabled={!valid || busy} onClick={() => void more({ new: 0, review: n })}>
            More reviews today
          </button>
        )}
      </div>
    </section>
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
