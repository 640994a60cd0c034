/**
 * The end of a session: what it did, what still waits behind today's limits, and custom study
 * (more cards today, or the custom study screen); focused and custom sessions say their own.
 */
import { useCallback, useState } from 'preact/hooks';
import { describeCustom, parseCustomScope } from '../../core/custom-study';
import { describeDue } from '../../core/time';
import { WAITING_CAP, type Waiting } from '../../storage/waiting';
import { extendToday, type Extra } from '../../storage/limit-extension';
import { announceChange } from '../../app/tabs';
import { useApp } from '../context';
import { errorMessage } from '../errors';

/** The done view of study scope `scope`; `reload` reads the session's queue again. */
export function Done({ scope, answered, nextDue, waiting, reload }: { scope: string; answered: number; nextDue: number | undefined; waiting: Waiting; reload: () => Promise<void> }) {
  const { settings, notify } = useApp();
  // Custom study from the done view: today's limits grow, and the session reads its queue again.
  const studyMore = useCallback(
    async (extra: Extra) => {
      try {
        await extendToday(scope, extra, Date.now(), settings);
        announceChange('edit');
        await reload();
      } catch (e) {
        notify(errorMessage(e));
      }
    },
    [scope, settings, notify, reload],
  );
  const spec = parseCustomScope(scope);
  const plain = !['topic:', 'tree:', 'custom:'].some((p) => scope.startsWith(p));
  return (
    <DoneView
      answered={answered}
      nextDue={nextDue}
      waiting={waiting}
      dayStartHour={settings.dayStartHour}
      focus={scope.startsWith('topic:') ? scope.slice(6) : undefined}
      {...(plain ? { onMore: studyMore, customFrom: scope } : {})}
      custom={spec ? `${describeCustom(spec)}. ${spec.cram ? 'Nothing was rescheduled.' : 'Answers were scheduled as usual.'}` : undefined}
    />
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

