/**
 * Interview: the date to be ready by. Set one or more interviews (date, company, decks, target);
 * each shows its plan from today's state (core/interview-plan.ts): new cards a day to have seen
 * everything a few days before, on track or behind, and the session that keeps to it; in the
 * final days a review of the cards weakest on the day (cram: the long-term schedule is kept).
 * After the date the plan ends and the interview stays in the history with the readiness it had.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Deck } from '../../core/types';
import { BUFFER_DAYS, countdown, dateDayNumber, type Interview, type PlanStatus } from '../../core/interview-plan';
import { customScope } from '../../core/custom-study';
import { studyDayNumber } from '../../core/time';
import { listDecks } from '../../storage';
import { deleteInterview, listInterviews, saveInterview } from '../../storage/interviews';
import { interviewPlan, selectionProgress, type SelectionProgress } from '../../storage/interview-progress';
import { callStats } from '../stats/stats-client';
import { afterBuiltinDecks } from '../../app/builtin';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { href } from '../router';
import '../settings.css';
import { CheckList } from './CheckList';
import './interview.css';

const pct = (x: number) => `${Math.round(x * 100)} %`;
const localDate = (t: number) => {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

interface Row {
  interview: Interview;
  progress: SelectionProgress;
  status: PlanStatus;
  /** Predicted recall of the seen cards on the day if no more reviews happen (null: none seen). */
  recallOnDay: number | null;
}

export function InterviewScreen() {
  const { settings, dataVersion, notify } = useApp();
  const [decks, setDecks] = useState<Deck[]>([]);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [history, setHistory] = useState<Interview[]>([]);
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        // On a first start the built-in decks may still be loading: wait for them.
        const [all, list] = await Promise.all([afterBuiltinDecks(() => listDecks()), listInterviews()]);
        const now = Date.now();
        const out: Row[] = [];
        for (const interview of list) {
          if (interview.ended) continue;
          const { progress, status } = await interviewPlan(interview, now, settings);
          if (status.phase === 'over') await endInterview(interview, progress);
          else out.push({ interview, progress, status, recallOnDay: await recallOn(interview, progress) });
        }
        if (!live) return;
        setDecks(all);
        setRows(out);
        setHistory((await listInterviews()).filter((i) => i.ended).reverse());
      } catch (e) {
        if (live) setError(errorMessage(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [settings, dataVersion, version]);

  /** The selection's predicted recall on the interview day, from the forgetting curve. */
  async function recallOn(interview: Interview, progress: SelectionProgress): Promise<number | null> {
    const { readiness } = await callStats({ type: 'readiness', now: Date.now(), at: new Date(`${interview.date}T09:00`).getTime(), ...(interview.decks.length ? { deckIds: progress.deckIds } : {}) });
    const groups = [...readiness.areas, ...readiness.decks];
    const seen = groups.reduce((t, g) => t + g.seen, 0);
    return seen ? groups.reduce((t, g) => t + (g.recallAt ?? 0) * g.seen, 0) / seen : null;
  }

  /** After the date: the readiness the selection had, kept in the history. */
  async function endInterview(interview: Interview, progress: SelectionProgress): Promise<void> {
    const { readiness } = await callStats({ type: 'readiness', now: Date.now(), ...(interview.decks.length ? { deckIds: progress.deckIds } : {}) });
    const groups = [...readiness.areas, ...readiness.decks];
    const cards = groups.reduce((t, g) => t + g.cards, 0);
    const seen = groups.reduce((t, g) => t + g.seen, 0);
    const ready = cards ? groups.reduce((t, g) => t + g.readiness * g.cards, 0) / cards : 0;
    const recall = seen ? groups.reduce((t, g) => t + (g.recall ?? 0) * g.seen, 0) / seen : null;
    await saveInterview({ ...interview, ended: { at: Date.now(), readiness: ready, recall, coverage: cards ? seen / cards : 0 } });
  }

  const names = new Map(decks.map((d) => [d.id, d.name]));
  return (
    <section class="settings interview" aria-labelledby="interview-title">
      <h1 id="interview-title">Interview</h1>
      <a class="btn btn-block mock-link" href={href({ name: 'mock' })}>
        Mock interview
      </a>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {rows === null && !error && (
        <p class="muted" role="status">
          Working out your plan…
        </p>
      )}
      {rows?.map((r) => (
        <PlanCard
          row={r}
          names={names}
          onDelete={async () => {
            await deleteInterview(r.interview.id);
            notify('Interview removed.');
            setVersion((v) => v + 1);
          }}
        />
      ))}
      <NewInterview
        decks={decks}
        onSaved={() => {
          notify('Interview saved: your plan is below.');
          setVersion((v) => v + 1);
        }}
      />
      {history.length > 0 && (
        <section aria-labelledby="history-title">
          <h2 id="history-title">Past interviews</h2>
          <ul class="interview-history">
            {history.map((i) => (
              <li>
                <strong>{i.company || 'Interview'}</strong> on {i.date}: readiness {pct(i.ended!.readiness)} (seen {pct(i.ended!.coverage)}, recall {i.ended!.recall === null ? '—' : pct(i.ended!.recall)})
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function PlanCard({ row, names, onDelete }: { row: Row; names: Map<string, string>; onDelete: () => Promise<void> }) {
  const { interview: i, status: s, progress, recallOnDay } = row;
  const title = `${i.company ? `${i.company}, ` : ''}${new Date(`${i.date}T12:00`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'long' })}`;
  const what = i.decks.length ? i.decks.map((d) => names.get(d) ?? d).join(', ') : 'All decks';
  const planScope = customScope({ kind: 'plan', deck: 'all', decks: i.decks, newCards: s.newLeftToday, cram: false, limit: 500 });
  const fadingScope = customScope({ kind: 'fading', deck: 'all', decks: i.decks, at: new Date(`${i.date}T09:00`).getTime(), cram: true, limit: 50 });
  return (
    <article class="panel plan" aria-labelledby={`plan-${i.id}`}>
      <h2 id={`plan-${i.id}`}>
        {title} <span class="countdown">{countdown(s.daysToInterview)}</span>
      </h2>
      <p class="muted small">
        {what}. Target: every card seen and {pct(i.targetRecall)} predicted recall on the day.
      </p>
      <p class="small">
        Predicted recall on the day if you stopped now: <strong>{recallOnDay === null ? '—' : pct(recallOnDay)}</strong> (target {pct(i.targetRecall)})
        {recallOnDay !== null && recallOnDay >= i.targetRecall ? ' — on target.' : recallOnDay !== null ? ' — keep reviewing: the plan’s reviews raise it.' : '.'}
      </p>
      {s.phase === 'learning' ? (
        <>
          <p class={`plan-status ${s.onTrack ? 'on-track' : 'behind'}`}>{s.onTrack ? 'On track' : `Behind by ${s.behindBy} card${s.behindBy === 1 ? '' : 's'}`}</p>
          <p>
            {progress.unseen} card{progress.unseen === 1 ? '' : 's'} not seen yet: {s.newToday} new a day for {s.daysForNew} day{s.daysForNew === 1 ? '' : 's'} sees them all {BUFFER_DAYS} days before the interview.
            {s.newLeftToday > 0 ? ` ${s.newLeftToday} left today.` : ' Today’s new cards are done.'}
          </p>
          <a class="btn btn-primary btn-block" href={href({ name: 'study', scope: planScope })}>
            Study today’s plan
          </a>
        </>
      ) : (
        <>
          <p class="plan-status final">Final days: review what would fade</p>
          <p>The cards with the lowest predicted recall on the day come first. These sessions change no schedule.</p>
          <a class="btn btn-primary btn-block" href={href({ name: 'study', scope: fadingScope })}>
            Review weak and fading cards
          </a>
        </>
      )}
      <div class="plan-actions">
        <a class="btn btn-small" href="#/readiness">
          Readiness
        </a>
        <button type="button" class="btn btn-small" onClick={() => void onDelete()}>
          Remove
        </button>
      </div>
    </article>
  );
}

function NewInterview({ decks, onSaved }: { decks: Deck[]; onSaved: () => void }) {
  const { settings } = useApp();
  const [date, setDate] = useState('');
  const [company, setCompany] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [target, setTarget] = useState('90');
  const [problem, setProblem] = useState('');
  const today = localDate(Date.now());
  const builtin = decks.filter((d) => d.source === 'builtin' || !d.name.includes('::'));

  const save = async (e: Event) => {
    e.preventDefault();
    const now = Date.now();
    const t = Number(target);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || dateDayNumber(date) < studyDayNumber(now, settings.dayStartHour)) return setProblem('Choose the interview date: today or later.');
    if (!Number.isFinite(t) || t < 50 || t > 99) return setProblem('The target recall is a percentage from 50 to 99.');
    try {
      const progress = await selectionProgress(chosen, now, settings);
      await saveInterview({ id: `iv-${now.toString(36)}`, date, ...(company.trim() ? { company: company.trim() } : {}), decks: chosen, targetRecall: t / 100, createdAt: now, startDay: studyDayNumber(now, settings.dayStartHour), unseenAtStart: progress.unseen + progress.introducedToday, seenAtStart: progress.seen - progress.introducedToday });
      setProblem('');
      setDate('');
      setCompany('');
      setChosen([]);
      onSaved();
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };

  return (
    <form class="panel new-interview" onSubmit={(e) => void save(e)} noValidate aria-labelledby="new-interview-title">
      <h2 id="new-interview-title">Add an interview</h2>
      <div class="field">
        <label for="iv-date">Interview date</label>
        <input id="iv-date" type="date" min={today} value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value)} required />
      </div>
      <div class="field">
        <label for="iv-company">Company (optional)</label>
        <input id="iv-company" type="text" value={company} onInput={(e) => setCompany((e.target as HTMLInputElement).value)} autoComplete="organization" />
      </div>
      <CheckList legend="Decks that matter (none ticked: all)" items={builtin} chosen={chosen} onChange={setChosen} />
      <div class="field">
        <label for="iv-target">Target recall on the day (%)</label>
        <input id="iv-target" type="number" inputMode="numeric" min={50} max={99} value={target} onInput={(e) => setTarget((e.target as HTMLInputElement).value)} />
      </div>
      {problem && (
        <p class="banner banner-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="btn btn-primary btn-block">
        Save interview
      </button>
    </form>
  );
}
