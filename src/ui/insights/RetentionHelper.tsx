/**
 * "Help me decide" for desired retention (issue #11): the workload of the next 365 days at each
 * retention from 0.70 to 0.97, simulated in a worker from the decks' cards, the FSRS parameters
 * and the user's answer times (src/core/simulate.ts), drawn as a plain SVG chart with the same
 * figures in a table for screen readers, and the retention with the least work per memorised
 * card offered as a one-tap choice. Loaded only when the deck options ask for it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { RetentionPoint } from '../../core/simulate-grid';
import type { SimulateSummary } from '../../workers/simulate-load';
import { simulateWorkload } from './simulate-client';
import { WorkloadChart } from './WorkloadChart';
import './retention-helper.css';

export interface RetentionHelperProps {
  params: number[] | undefined;
  desiredRetention: number;
  deckIds: string[];
  onChoose: (retention: number) => void;
}

type Status = { kind: 'loading'; progress: number } | { kind: 'done'; summary: SimulateSummary } | { kind: 'error'; message: string };

export const fmtRetention = (r: number) => r.toFixed(2);
/** Minutes with a precision that suits their size. */
export const fmtMinutes = (m: number) => (m < 10 ? m.toFixed(1) : String(Math.round(m)));
const fmtCount = (n: number) => Math.round(n).toLocaleString('en');

export function RetentionHelper({ params, desiredRetention, deckIds, onChoose }: RetentionHelperProps) {
  const [status, setStatus] = useState<Status>({ kind: 'loading', progress: 0 });
  const [attempt, setAttempt] = useState(0);
  // The parent builds a new array on every render: run again only when the contents change.
  const decksKey = deckIds.join('\n');
  const paramsKey = params?.join(',') ?? '';

  useEffect(() => {
    let live = true;
    setStatus({ kind: 'loading', progress: 0 });
    simulateWorkload({ deckIds, params, now: Date.now() }, (progress) => live && setStatus({ kind: 'loading', progress })).then(
      (summary) => live && setStatus({ kind: 'done', summary }),
      (e: unknown) => live && setStatus({ kind: 'error', message: (e as Error)?.message || String(e) }),
    );
    return () => {
      live = false;
    };
  }, [decksKey, paramsKey, attempt]);

  if (status.kind === 'loading')
    return (
      <div class="retention-helper" aria-busy="true">
        <p role="status">
          Simulating the next 365 days at 15 retentions… {Math.round(status.progress * 100)} %
        </p>
        <progress max={1} value={status.progress} aria-label="Simulation progress" />
      </div>
    );
  if (status.kind === 'error')
    return (
      <div class="retention-helper">
        <div class="banner banner-error" role="alert">
          The workload simulation failed: {status.message}
        </div>
        <button type="button" class="btn btn-small" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );

  const { summary } = status;
  const best = summary.points.find((p) => p.retention === summary.best);
  if (!best) return <div class="retention-helper"><p>Nothing to simulate yet: these decks have no cards to study.</p></div>;
  const yours = nearest(summary.points, desiredRetention);
  const { fromLog, answers } = summary.costs;
  const timesFromLog = fromLog.review + fromLog.learn + fromLog.relearn > 0;
  return (
    <div class="retention-helper">
      <h3 id="retention-helper-title">Workload by desired retention</h3>
      <p>
        Lowest workload per memorised card at <strong>{fmtRetention(best.retention)}</strong>: about {fmtMinutes(best.minutesPerDay)} minutes and {fmtCount(best.reviewsPerDay)} reviews a day.
        {yours && Math.abs(yours.retention - desiredRetention) < 0.005 && yours !== best && (
          <> At your {fmtRetention(desiredRetention)}: {fmtMinutes(yours.minutesPerDay)} minutes and {fmtCount(yours.reviewsPerDay)} reviews a day.</>
        )}
      </p>
      <WorkloadChart points={summary.points} best={best.retention} current={desiredRetention} />
      <div class="retention-actions">
        {Math.abs(best.retention - desiredRetention) < 0.005 ? (
          <p class="muted">Your desired retention is already the one with the lowest workload per memorised card.</p>
        ) : (
          <button type="button" class="btn btn-primary" onClick={() => onChoose(best.retention)}>
            Use {fmtRetention(best.retention)}
          </button>
        )}
      </div>
      <details class="retention-table">
        <summary>Show the figures as a table</summary>
        {/* Focusable: on a phone the table scrolls sideways, and keyboards must reach that too. */}
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Workload table">
          <table>
            <caption class="visually-hidden">Simulated workload over the next {summary.days} days at each desired retention</caption>
            <thead>
              <tr>
                <th scope="col">Desired retention</th>
                <th scope="col">Minutes a day</th>
                <th scope="col">Reviews a day</th>
                <th scope="col">Cards memorised after {summary.days} days</th>
                <th scope="col">Minutes per memorised card</th>
              </tr>
            </thead>
            <tbody>
              {summary.points.map((p) => (
                <tr key={p.retention} class={p === best ? 'is-best' : undefined}>
                  <th scope="row">
                    {fmtRetention(p.retention)}
                    {p === best && ' (lowest workload)'}
                    {Math.abs(p.retention - desiredRetention) < 0.005 && ' (yours)'}
                  </th>
                  <td>{fmtMinutes(p.minutesPerDay)}</td>
                  <td>{fmtCount(p.reviewsPerDay)}</td>
                  <td>{fmtCount(p.memorised)}</td>
                  <td>{Number.isFinite(p.minutesPerMemorised) ? p.minutesPerMemorised.toFixed(2) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <p class="hint muted">
        Workload per memorised card = total minutes of study over the next {summary.days} days ÷ the cards you are expected to remember on the last day. Simulated from {fmtCount(summary.studiedCards)} studied and {fmtCount(summary.newCards)} new cards ({summary.newPerDay} new and at most {summary.reviewsPerDay} reviews a day), with{' '}
        {timesFromLog ? `answer times from your last ${fmtCount(answers)} reviews` : 'typical answer times (your review log is still short)'}.
      </p>
    </div>
  );
}

function nearest(points: RetentionPoint[], r: number): RetentionPoint | undefined {
  let out: RetentionPoint | undefined;
  for (const p of points) if (!out || Math.abs(p.retention - r) < Math.abs(out.retention - r)) out = p;
  return out;
}
