/**
 * Readiness: per area and subtopic of the built-in content map (and per imported or own deck and
 * tag), how much has been seen and how much of it would be recalled now, or on the interview date
 * if no more reviews happen. The weakest subtopics each start a focused session.
 */
import { useEffect, useState } from 'preact/hooks';
import topicsFile from '../../../decks/topics.json';
import type { Deck } from '../../core/types';
import type { GroupReadiness, Readiness } from '../../core/readiness';
import { listDecks } from '../../storage';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { href } from '../router';
import { callStats } from '../stats/stats-client';
import { decayOf } from '../stats/Stats';
import { FirstRead } from '../stats/FirstRead';
import '../stats/stats.css';
import './readiness.css';

const TOPICS = topicsFile.topics as Record<string, string>;
const AREAS = new Map(topicsFile.decks.map((d) => [d.letter, d.name]));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)} %`);

/** Local date input value (YYYY-MM-DD) → epoch ms at noon that day (clear of any day boundary). */
function dateToTime(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12).getTime() : undefined;
}

function Bar({ g, label, at }: { g: GroupReadiness; label: string; at: boolean }) {
  const value = at ? (g.readinessAt ?? 0) : g.readiness;
  return (
    <div class="ready-row">
      <div class="ready-text">
        <span class="ready-name">{label}</span>
        <span class="ready-value">{pct(value)}</span>
      </div>
      <div class="ready-bar" role="img" aria-label={`${label}: readiness ${pct(value)}`}>
        <span class="ready-cover" style={{ width: `${g.coverage * 100}%` }} />
        <span class="ready-fill" style={{ width: `${value * 100}%` }} />
      </div>
      <p class="muted ready-detail">
        Seen {g.seen} of {g.cards} ({pct(g.coverage)}) · recall {pct(g.recall)}
        {at && <> → {pct(g.recallAt)} on the date</>}
      </p>
    </div>
  );
}

export function ReadinessScreen() {
  const { settings, dataVersion } = useApp();
  const [date, setDate] = useState('');
  const [data, setData] = useState<Readiness | null>(null);
  const [decks, setDecks] = useState<Deck[]>([]);
  const [error, setError] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const at = dateToTime(date);

  useEffect(() => {
    void listDecks().then(setDecks, () => undefined);
  }, [dataVersion]);

  useEffect(() => {
    let live = true;
    const decay = decayOf(settings);
    callStats({ type: 'readiness', now: Date.now(), ...(at !== undefined ? { at } : {}), ...(decay !== undefined ? { decay } : {}) }, (f) => live && setProgress(f)).then(
      (r) => {
        if (!live) return;
        setProgress(null);
        performance.measure(`prepdeck:readiness-${r.timing.loaded}`, { start: 0, duration: r.timing.totalMs });
        setData(r.readiness);
        setError('');
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [at, settings, dataVersion]);

  const withAt = at !== undefined && data?.at !== undefined;
  const deckName = new Map(decks.map((d) => [d.id, d.name]));
  const today = new Date();
  const min = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return (
    <section class="insights readiness" aria-labelledby="readiness-title" aria-busy={!data && !error}>
      <h1 id="readiness-title">Readiness</h1>
      <p class="muted small">
        Readiness is the share of a topic’s cards you would answer right: cards seen × predicted recall of those cards (an unseen card counts as not known). Suspended cards are left out.
      </p>
      <div class="panel ready-date">
        <label>
          <span>What if my interview were on</span>
          <input class="control" type="date" value={date} min={min} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
        </label>
        {withAt ? (
          <p class="small">Predicted recall on that day if you stop reviewing now: the second figure after each arrow.</p>
        ) : (
          <p class="muted small">Pick a date to see what would fade by then without more reviews.</p>
        )}
      </div>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <FirstRead progress={progress} idle="Working out where you stand…" />}
      {data && (
        <>
          {data.weakest.length > 0 && (
            <section class="panel" aria-labelledby="weakest-title">
              <h2 id="weakest-title">Weakest subtopics</h2>
              <p class="muted small">Subtopics you have started, lowest readiness first; then the largest ones not started yet.</p>
              <ol class="weakest">
                {data.weakest.map((id) => {
                  const g = data.topics.find((t) => t.key === id)!;
                  const title = TOPICS[id] ?? id;
                  return (
                    <li>
                      <Bar g={g} label={`${id} ${title}`} at={withAt} />
                      <a class="btn btn-small" href={href({ name: 'study', scope: `topic:${id}` })} aria-label={`Focus on ${title}`}>
                        Focus
                      </a>
                    </li>
                  );
                })}
              </ol>
            </section>
          )}
          {data.areas.length > 0 && (
            <section class="panel" aria-labelledby="areas-title">
              <h2 id="areas-title">Areas</h2>
              {data.areas.map((a) => (
                <details class="area">
                  <summary>
                    <Bar g={a} label={AREAS.get(a.key) ?? a.key} at={withAt} />
                  </summary>
                  <ul class="subtopics">
                    {data.topics
                      .filter((t) => t.key.startsWith(`${a.key}.`))
                      .map((t) => (
                        <li>
                          <Bar g={t} label={`${t.key} ${TOPICS[t.key] ?? ''}`} at={withAt} />
                          <a class="btn btn-small" href={href({ name: 'study', scope: `topic:${t.key}` })} aria-label={`Focus on ${TOPICS[t.key] ?? t.key}`}>
                            Focus
                          </a>
                        </li>
                      ))}
                  </ul>
                </details>
              ))}
            </section>
          )}
          {data.decks.length > 0 && (
            <section class="panel" aria-labelledby="own-title">
              <h2 id="own-title">Your decks</h2>
              {data.decks.map((d) => (
                <Bar g={d} label={deckName.get(d.key) ?? d.key} at={withAt} />
              ))}
              {data.tags.length > 0 && (
                <details class="area">
                  <summary>By tag ({data.tags.length})</summary>
                  {data.tags.map((t) => (
                    <Bar g={t} label={`#${t.key}`} at={withAt} />
                  ))}
                </details>
              )}
            </section>
          )}
        </>
      )}
    </section>
  );
}
