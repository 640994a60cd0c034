import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import type { Rating } from '../../core/types';
import { previewGrades } from '../../core/scheduler';
import { getCard, nextDueAfter } from '../../storage';
import { countWaiting, type Waiting } from '../../storage/waiting';
import { hasSiblings, mediaResolver, prepareFront, PREPARE_AHEAD, type Prepared } from './prepare';
import { CardMenu } from './CardMenu';
import { requestPersistenceOnce } from '../../app/persist';
import { afterBuiltinDecks } from '../../app/builtin';
import { announceChange, onOtherTabChange } from '../../app/tabs';
import { scheduleSync } from '../../sync/trigger';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { ReviewSession } from './session';
import { useCardFocus, useReviewKeys } from './keys';
import { useCardSounds } from './sounds';
import { useCardColors } from '../card-colors';
import { useCardActions } from './actions';
import { AnswerBar, ReviewBar, WaitView, type Shown } from './views';
import { Done } from './Done';
import { StoryEditor } from './StoryEditor';
import { useSwipeToGrade } from './swipe';
import { HandsFree } from './HandsFree';
import { DEFAULT_SWIPE } from '../../core/swipe';
import '../../render/card.css';
import '../editor/editor.css';

import './review.css';

const EditDialog = lazy(() => import('./EditDialog'));

type View = { kind: 'loading' } | { kind: 'card' } | { kind: 'wait'; until: number } | { kind: 'done'; nextDue: number | undefined; waiting: Waiting } | { kind: 'error'; message: string };

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
      const [nextDue, waiting] = await Promise.all([nextDueAfter(scope, Date.now(), settingsRef.current), countWaiting(scope, Date.now(), settingsRef.current)]);
      setView({ kind: 'done', nextDue, waiting });
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

  // Automatic sync when a session ends: the done (or waiting) view after answers, or leaving the
  // screen with answers not yet handed to sync. The trigger does nothing while sync is off.
  const syncedAnswers = useRef(0);
  useEffect(() => {
    const n = session.current.answered;
    if ((view.kind === 'done' || view.kind === 'wait') && n > 0) {
      syncedAnswers.current = n;
      scheduleSync('session');
    }
  }, [view.kind]);
  useEffect(
    () => () => {
      if (session.current.answered !== syncedAnswers.current) scheduleSync('session');
    },
    [],
  );

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
    // A cram answer changes no schedule: the buttons show no intervals.
    const options = previewGrades(shown.card, Date.now(), session.current.settingsFor(shown.card, settingsRef.current));
    setShown({ ...shown, back, options: session.current.cram ? options.map((o) => ({ ...o, label: '' })) : options });
  }, [shown, typed, busy]);

  const grade = useCallback(
    async (rating: Rating) => {
      if (!shown || shown.back === null || busyRef.current) return;
      setBusy(true);
      try {
        const now = Date.now();
        let ok: boolean;
        try {
          ok = await session.current.grade(shown.card, rating, now, now - shown.shownAt, settingsRef.current, hasSiblings(shown.note));
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

  const swipeGrade = useCallback((r: Rating) => void grade(r), [grade]);

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

  useSwipeToGrade(cardView, view.kind === 'card' && shown?.back !== null && shown !== null, settings.swipe ?? DEFAULT_SWIPE, swipeGrade);
  const { suspend, bury, flag, editing, setEditing, onEdited, deckNames } = useCardActions({ session, shownRef, busyRef, setBusy, afterBusy, showNext, undo, setShown, dropPrepared, revoke, typed, dayStartHour: () => settingsRef.current.dayStartHour });

  useCardFocus({ view: view.kind, shown, cardView, typeInput, showBtn, goodBtn });
  // Sounds: play buttons, autoplay per side (the back skips the front's), R replays.
  const replay = useCardSounds(cardView, shown ? `${shown.card.id}:${shown.shownAt}` : undefined, shown ? (shown.back === null ? 'front' : 'back') : undefined, shown?.front, settings.autoplayAudio);
  useCardColors(cardView, view.kind === 'card' ? (shown?.back ?? shown?.front) : undefined);
  useReviewKeys({ shown, editing, undo, reveal, grade, suspend, bury, flag, edit: () => setEditing(true), replay });

  const counts = session.current.counts();
  const remaining = counts.new + counts.learning + counts.review;
  const answered = session.current.answered;
  // Full only when the session is really done (not while the queue is still loading).
  const progress = view.kind === 'done' ? 1 : answered + remaining === 0 ? 0 : answered / (answered + remaining);
  const canUndo = session.current.undoStack.length > 0 && !busy;

  return (
    <section class="review" aria-label="Review">
      {view.kind !== 'done' && view.kind !== 'wait' && <h1 class="visually-hidden">Review</h1>}
      <ReviewBar counts={counts} canUndo={canUndo} undo={undo} menu={view.kind === 'card' && shown ? <CardMenu flag={shown.card.flag ?? 0} disabled={busy} onEdit={() => setEditing(true)} onSuspend={suspend} onBury={bury} onFlag={flag} /> : null} />
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
      {view.kind === 'done' && <Done scope={scope} answered={answered} nextDue={view.nextDue} waiting={view.waiting} reload={() => refresh.current()} />}
      {view.kind === 'wait' && <WaitView until={view.until} dayStartHour={settings.dayStartHour} />}
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
          <HandsFree shown={shown} cardView={cardView} reveal={() => void reveal()} speech={settings.speech} />
          <AnswerBar shown={shown} busy={busy} reveal={reveal} grade={grade} showBtn={showBtn} goodBtn={goodBtn} />
        </>
      )}
    </section>
  );
}
