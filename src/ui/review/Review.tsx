import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import type { CardRecord, Note, Rating } from '../../core/types';
import { previewGrades, type GradeOption } from '../../core/scheduler';
import { describeDue } from '../../core/time';
import { getCard, getNote, listDecks, nextDueAfter, type CardAction, type EditResult } from '../../storage';
import { nextStudyDayStart } from '../../core/time';
import { mediaResolver, prepareFront, PREPARE_AHEAD, type Prepared } from './prepare';
import { CardMenu, FLAG_NAMES } from './CardMenu';
import { requestPersistenceOnce } from '../../app/persist';
import { afterBuiltinDecks } from '../../app/builtin';
import { announceChange, onOtherTabChange } from '../../app/tabs';
import { useApp } from '../context';
import { Counts } from '../Decks';
import { errorMessage } from '../errors';
import { ReviewSession } from './session';
import { StoryEditor } from './StoryEditor';
import { markScrollRegions } from '../scroll-regions';
import '../../render/card.css';
import '../editor/editor.css';

const EditDialog = lazy(() => import('./EditDialog'));
import './review.css';

const GRADES: { rating: Rating; name: string; key: string; cls: string }[] = [
  { rating: 1, name: 'Again', key: '1', cls: 'grade-again' },
  { rating: 2, name: 'Hard', key: '2', cls: 'grade-hard' },
  { rating: 3, name: 'Good', key: '3', cls: 'grade-good' },
  { rating: 4, name: 'Easy', key: '4', cls: 'grade-easy' },
];

interface Shown {
  card: CardRecord;
  note: Note;
  front: string;
  back: string | null;
  shownAt: number;
  typeAnswer?: string;
  options: GradeOption[];
}

type View = { kind: 'loading' } | { kind: 'card' } | { kind: 'wait'; until: number } | { kind: 'done'; nextDue: number | undefined } | { kind: 'error'; message: string };

function isTextEntry(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.isContentEditable;
}

function isActivatable(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'SUMMARY');
}

export function Review({ scope }: { scope: string }) {
  const { settings, notify } = useApp();
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const session = useRef(new ReviewSession(scope));
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [shown, setShown] = useState<Shown | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusyState] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  // The same flag, readable synchronously: two key presses in one task must not grade twice.
  const busyRef = useRef(false);
  const setBusy = useCallback((b: boolean) => {
    busyRef.current = b;
    setBusyState(b);
  }, []);
  const shownRef = useRef<Shown | null>(null);
  const [, setTick] = useState(0);
  const revoke = useRef<() => void>(() => undefined);
  const showBtn = useRef<HTMLButtonElement>(null);
  const goodBtn = useRef<HTMLButtonElement>(null);
  const typeInput = useRef<HTMLInputElement>(null);
  const cardView = useRef<HTMLElement>(null);
  // Fronts of the cards likely to come next, rendered in idle time: after a grade the next card
  // only waits for the grade's own transaction (grade → next card in one frame, at 100k cards).
  const prepared = useRef(new Map<string, Promise<Prepared>>());
  const mounted = useRef(true);
  const dropPrepared = useCallback((keep: Set<string> = new Set()) => {
    for (const [id, p] of prepared.current)
      if (!keep.has(id)) {
        prepared.current.delete(id);
        p.then((x) => x.revoke(), () => undefined);
      }
  }, []);
  const prepareAhead = useCallback(() => {
    if (!mounted.current) return;
    const upcoming = session.current.upcoming(PREPARE_AHEAD + 1);
    dropPrepared(new Set(upcoming.map((c) => c.id)));
    for (const c of upcoming) {
      if (prepared.current.has(c.id)) continue;
      const p = prepareFront(c);
      p.catch(() => prepared.current.get(c.id) === p && prepared.current.delete(c.id));
      prepared.current.set(c.id, p);
    }
  }, [dropPrepared]);

  const showNext = useCallback(async () => {
    const s = session.current;
    const up = s.next(Date.now());
    setSaveError(null);
    revoke.current();
    revoke.current = () => undefined;
    setTyped('');
    if (up.kind === 'done') {
      setShown(null);
      setView({ kind: 'done', nextDue: await nextDueAfter(scope, Date.now(), settingsRef.current) });
      return;
    }
    if (up.kind === 'wait') {
      setShown(null);
      setView({ kind: 'wait', until: up.until });
      return;
    }
    const ready = prepared.current.get(up.card.id) ?? prepareFront(up.card);
    prepared.current.delete(up.card.id);
    const { note, front, typeAnswer, revoke: revokeMedia } = await ready;
    revoke.current = revokeMedia;
    setShown({ card: up.card, note, front, back: null, shownAt: Date.now(), options: [], ...(typeAnswer ? { typeAnswer } : {}) });
    setView({ kind: 'card' });
    // Once this card is on screen, prepare the ones that may follow it.
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
    if (idle) idle(prepareAhead, { timeout: 500 });
    else setTimeout(prepareAhead, 50);
  }, [scope, prepareAhead]);

  const fail = useCallback((e: unknown) => setView({ kind: 'error', message: errorMessage(e) }), []);
  shownRef.current = shown;

  // Another tab graded, undid or imported: re-read the queue so the counts catch up, and move on
  // if the card on screen was answered there. Waits for a grade or undo in progress here.
  const refreshPending = useRef(false);
  const refresh = useRef<() => Promise<void>>(async () => undefined);
  refresh.current = async () => {
    if (busyRef.current) {
      refreshPending.current = true;
      return;
    }
    refreshPending.current = false;
    setBusy(true);
    try {
      const current = shownRef.current?.card;
      // An import in another tab may have changed notes: prepare fronts again.
      dropPrepared();
      await session.current.load(Date.now(), settingsRef.current);
      const stored = current && (await getCard(current.id));
      if (current && stored && stored.reps === current.reps && stored.due === current.due && stored.state === current.state) setTick((x) => x + 1);
      else {
        if (current) notify('That card was answered in another tab; here is the next one.');
        await showNext();
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      // A message that arrived meanwhile may describe a later change: read again.
      if (refreshPending.current) void refresh.current();
    }
  };
  const afterBusy = useCallback(() => {
    if (refreshPending.current) void refresh.current();
  }, []);
  useEffect(() => onOtherTabChange(() => void refresh.current()), []);

  useEffect(() => {
    // The card renderer loads while the queue is read, not after it.
    void import('../../render').catch(() => undefined);
    afterBuiltinDecks(() => session.current.load(Date.now(), settingsRef.current))
      .then(showNext)
      .catch(fail);
    mounted.current = true;
    return () => {
      mounted.current = false;
      revoke.current();
      dropPrepared();
    };
  }, [showNext, fail, dropPrepared]);

  // While waiting for a learning card, check again when it comes due.
  useEffect(() => {
    if (view.kind !== 'wait') return;
    const t = setTimeout(() => void showNext().catch(fail), Math.max(1000, view.until - Date.now() - 20 * 60_000 + 1000));
    const i = setInterval(() => setTick((x) => x + 1), 30_000);
    return () => {
      clearTimeout(t);
      clearInterval(i);
    };
  }, [view, showNext, fail]);

  const reveal = useCallback(async () => {
    if (!shown || shown.back !== null || busy) return;
    const render = await import('../../render');
    const media = await mediaResolver(shown.note, render.referencedMedia(shown.note));
    const old = revoke.current;
    revoke.current = () => {
      old();
      media.revoke();
    };
    const back = await render.renderSide({ note: shown.note, ord: shown.card.ord, side: 'back', typed, media: media.resolve });
    setShown({ ...shown, back, options: previewGrades(shown.card, Date.now(), session.current.settingsFor(shown.card, settingsRef.current)) });
  }, [shown, typed, busy]);

  const grade = useCallback(
    async (rating: Rating) => {
      if (!shown || shown.back === null || busyRef.current) return;
      setBusy(true);
      try {
        const now = Date.now();
        let ok: boolean;
        try {
          ok = await session.current.grade(shown.card, rating, now, now - shown.shownAt, settingsRef.current);
        } catch (e) {
          // Nothing was saved (a full disk, say): the card stays up so the grade can be retried.
          setSaveError(errorMessage(e));
          return;
        }
        setSaveError(null);
        if (ok) announceChange('review');
        else notify('This card was already answered in another tab; the queue was refreshed.');
        void requestPersistenceOnce();
        await showNext();
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
        afterBusy();
      }
    },
    [shown, showNext, notify, fail, setBusy, afterBusy],
  );

  // Undo requests queue up, so pressing z twice quickly undoes two reviews.
  const undoChain = useRef<Promise<void>>(Promise.resolve());
  const undo = useCallback(() => {
    undoChain.current = undoChain.current.then(async () => {
      if (session.current.undoStack.length === 0) return;
      setBusy(true);
      try {
        const undone = await session.current.undo(Date.now());
        if (undone) notify(`Undone: ${undone.label}.`);
        announceChange('undo');
        // An undone edit changes the note on screen: its front is prepared again.
        dropPrepared();
        await showNext();
      } catch (e) {
        notify(errorMessage(e));
      } finally {
        setBusy(false);
        afterBusy();
      }
    });
    return undoChain.current;
  }, [showNext, notify, setBusy, afterBusy, dropPrepared]);

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
  const bury = () => void act({ kind: 'bury', until: nextStudyDayStart(Date.now(), settingsRef.current.dayStartHour) }, 'bury', 'Card buried until tomorrow.');
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
      const render = await import('../../render');
      const media = await mediaResolver(result.note, render.referencedMedia(result.note));
      const old = revoke.current;
      revoke.current = () => {
        old();
        media.revoke();
      };
      const front = await render.renderSide({ note: result.note, ord: stored.ord, side: 'front', media: media.resolve });
      const back = current.back === null ? null : await render.renderSide({ note: result.note, ord: stored.ord, side: 'back', typed, media: media.resolve });
      setShown({ ...current, card: stored, note: result.note, front, back });
      notify('Saved.', { label: 'Undo', run: () => undo() });
    },
    [dropPrepared, notify, typed, undo],
  );

  // Which deck the card comes from, in a session over several decks.
  const [deckNames, setDeckNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void listDecks().then((ds) => setDeckNames(new Map(ds.map((d) => [d.id, d.name]))));
  }, []);

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
    if (view.kind !== 'card' || !shown) return;
    if (shown.back === null) (shown.typeAnswer ? typeInput.current : showBtn.current)?.focus({ preventScroll: true });
    else goodBtn.current?.focus({ preventScroll: true });
  }, [view, shown?.card.id, shown?.back === null]);

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
        setEditing(true);
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
  }, [shown, reveal, grade, undo, editing, act]);

  const counts = session.current.counts();
  const remaining = counts.new + counts.learning + counts.review;
  const answered = session.current.answered;
  // Full only when the session is really done (not while the queue is still loading).
  const progress = view.kind === 'done' ? 1 : answered + remaining === 0 ? 0 : answered / (answered + remaining);
  const canUndo = session.current.undoStack.length > 0 && !busy;

  return (
    <section class="review" aria-label="Review">
      {view.kind !== 'done' && view.kind !== 'wait' && <h1 class="visually-hidden">Review</h1>}
      <div class="review-bar">
        <a class="btn btn-small" href="#/">
          Decks
        </a>
        <Counts counts={counts} label="Left in this session" />
        <div class="review-bar-end">
          {view.kind === 'card' && shown && (
            <CardMenu flag={shown.card.flag ?? 0} disabled={busy} onEdit={() => setEditing(true)} onSuspend={suspend} onBury={bury} onFlag={flag} />
          )}
          <button class="btn btn-small" onClick={() => void undo()} disabled={!canUndo} aria-keyshortcuts="z Control+z">
            Undo
          </button>
        </div>
      </div>
      <div class="progress" role="progressbar" aria-label="Session progress" aria-valuemin={0} aria-valuemax={answered + remaining} aria-valuenow={answered}>
        <div class="progress-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
      </div>
      <p class="visually-hidden" aria-live="polite">
        {answered} answered, {remaining} left
      </p>

      {view.kind === 'loading' && <p class="muted">Loading cards…</p>}
      {view.kind === 'error' && (
        <div class="banner banner-error" role="alert">
          {view.message}
        </div>
      )}
      {view.kind === 'done' && (
        <div class="done" role="status">
          <h1>Done for today</h1>
          <p>{answered > 0 ? `You answered ${answered} card${answered === 1 ? '' : 's'} in this session.` : 'There is nothing to study here right now.'}</p>
          <p class="muted">{view.nextDue !== undefined ? `The next card is due ${describeDue(view.nextDue, Date.now(), settings.dayStartHour)}.` : 'No more cards are scheduled in this deck.'}</p>
          <a class="btn btn-primary" href="#/">
            Back to decks
          </a>
        </div>
      )}
      {view.kind === 'wait' && (
        <div class="done" role="status">
          <h1>Learning cards are coming back</h1>
          <p class="muted">The next one is due {describeDue(view.until, Date.now(), settings.dayStartHour)}. Stay here, or come back later.</p>
          <a class="btn" href="#/">
            Back to decks
          </a>
        </div>
      )}
      {view.kind === 'card' && shown && (
        <>
          {saveError && (
            <div class="banner banner-error" role="alert">
              {saveError}
            </div>
          )}
          {shown.card.deckId !== scope && deckNames.has(shown.card.deckId) && <p class="card-deck muted">From {deckNames.get(shown.card.deckId)}</p>}
          {editing && (
            <Suspense fallback={null}>
              <EditDialog noteId={shown.note.id} onClose={() => setEditing(false)} onSaved={(r, before) => void onEdited(r, before)} />
            </Suspense>
          )}
          <article ref={cardView} class="card-view" data-card-id={shown.card.id} aria-live="polite" aria-label={shown.back === null ? 'Question' : 'Answer'} dangerouslySetInnerHTML={{ __html: shown.back ?? shown.front }} />
          {shown.typeAnswer !== undefined && shown.back === null && (
            <div class="type-in">
              <label for="type-answer">Your answer</label>
              <input
                id="type-answer"
                ref={typeInput}
                type="text"
                autocomplete="off"
                autocapitalize="off"
                spellcheck={false}
                value={typed}
                onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void reveal();
                  }
                }}
              />
            </div>
          )}
          {shown.back !== null && shown.note.story && <StoryEditor noteId={shown.note.id} />}
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
        </>
      )}
    </section>
  );
}
