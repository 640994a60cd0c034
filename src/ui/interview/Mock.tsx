/**
 * Mock interview: N questions across the chosen areas, weighted to weak subtopics
 * (core/mock-interview.ts); one at a time with a clock; answer aloud, optionally recorded in the
 * browser (MediaRecorder; the recording stays in this page, playable after the reveal and
 * deletable); reveal; self-grade, which counts as a review. Then a summary with a drill button
 * for the weakest subtopics.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import topicsFile from '../../../decks/topics.json';
import frequencyFile from '../../../decks/topic-frequency.json';
import { DEFAULT_QUESTIONS, pickQuestions, secondsFor, type Candidate, type MockAnswer } from '../../core/mock-interview';
import { gradeCard } from '../../core/scheduler';
import { commitReview, getCard, getNote } from '../../storage';
import { settingsByDeck } from '../../storage/presets';
import { mockCandidates } from '../../storage/mock-source';
import { announceChange } from '../../app/tabs';
import { callStats } from '../stats/stats-client';
import { afterBuiltinDecks } from '../../app/builtin';
import { renderSides } from '../review/prepare';
import { useApp } from '../context';
import { markScrollRegions } from '../scroll-regions';
import { useCardColors } from '../card-colors';
import { useSoundButtons } from '../review/sounds';
import { errorMessage } from '../errors';
import '../../render/card.css';
import '../settings.css';
import { CheckList } from './CheckList';
import { Summary } from './MockSummary';
import { GRADES, TOPICS, clock } from './mock-shared';
import './interview.css';

const AREAS = topicsFile.decks.map((d) => ({ id: d.letter, name: d.name }));
const FREQUENCY = new Map(Object.entries(frequencyFile.sources as Record<string, number>));

type Phase = { kind: 'setup' } | { kind: 'question'; index: number } | { kind: 'summary' };

export function MockInterview() {
  const { settings } = useApp();
  const [areas, setAreas] = useState<string[]>(topicsFile.decks.map((d) => d.letter));
  const [count, setCount] = useState(String(DEFAULT_QUESTIONS));
  const [record, setRecord] = useState(false);
  const [questions, setQuestions] = useState<Candidate[]>([]);
  const [answers, setAnswers] = useState<MockAnswer[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'setup' });
  const [problem, setProblem] = useState('');

  const start = async (e: Event) => {
    e.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 50) return setProblem('Questions: a whole number from 1 to 50.');
    if (!areas.length) return setProblem('Choose at least one area.');
    try {
      // On a first start the built-in decks may still be loading: wait for them.
      const candidates = await afterBuiltinDecks(() => mockCandidates(areas));
      const r = await callStats({ type: 'readiness', now: Date.now() });
      const picked = pickQuestions(candidates, new Map(r.readiness.topics.map((t) => [t.key, t.readiness])), n, Date.now() % 2 ** 31, FREQUENCY);
      if (!picked.length) return setProblem('No questions in those areas.');
      setQuestions(picked);
      setAnswers([]);
      setProblem('');
      setPhase({ kind: 'question', index: 0 });
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };

  const answered = async (a: MockAnswer) => {
    // A mock answer is a review: the card is graded as on the review screen.
    const card = await getCard(a.candidate.cardId);
    if (card) {
      const own = (await settingsByDeck(settings))(card.deckId);
      const now = Date.now();
      const { card: after, log } = gradeCard(card, a.rating, now, a.seconds * 1000, own, `mock-${now.toString(36)}-${card.id}`);
      await commitReview(card, after, log, now, undefined);
      announceChange('review');
    }
    const next = [...answers, a];
    setAnswers(next);
    setPhase(phase.kind === 'question' && phase.index + 1 < questions.length ? { kind: 'question', index: phase.index + 1 } : { kind: 'summary' });
  };

  if (phase.kind === 'question') return <Question key={phase.index} candidate={questions[phase.index]!} index={phase.index} total={questions.length} record={record} onAnswer={(a) => void answered(a).catch((e: unknown) => setProblem(errorMessage(e)))} problem={problem} />;
  if (phase.kind === 'summary') return <Summary answers={answers} onAgain={() => setPhase({ kind: 'setup' })} />;
  return (
    <section class="settings interview" aria-labelledby="mock-title">
      <h1 id="mock-title">Mock interview</h1>
      <p class="muted small">Questions from the chosen areas, more often from your weak subtopics. Answer aloud before you reveal; your grade counts as a review.</p>
      <form class="new-interview" onSubmit={(e) => void start(e)} noValidate>
        <CheckList legend="Areas" items={AREAS} chosen={areas} onChange={setAreas} />
        <div class="field">
          <label for="mock-count">Questions</label>
          <input id="mock-count" type="number" inputMode="numeric" min={1} max={50} value={count} onInput={(e) => setCount((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field field-check">
          <input id="mock-record" type="checkbox" checked={record} onChange={(e) => setRecord((e.target as HTMLInputElement).checked)} />
          <label for="mock-record">Record my answers (microphone; kept on this device only)</label>
        </div>
        {problem && (
          <p class="banner banner-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="btn btn-primary btn-block">
          Start mock interview
        </button>
      </form>
    </section>
  );
}

function Question({ candidate, index, total, record, onAnswer, problem }: { candidate: Candidate; index: number; total: number; record: boolean; onAnswer: (a: MockAnswer) => void; problem: string }) {
  const [sides, setSides] = useState<{ front: string; back: string | null } | null>(null);
  const [shownAt] = useState(() => Date.now());
  const [now, setNow] = useState(Date.now());
  const [revealedAfter, setRevealedAfter] = useState<number | null>(null);
  const [recording, setRecording] = useState<'idle' | 'on' | 'done'>('idle');
  const [audio, setAudio] = useState<string | null>(null);
  const [micError, setMicError] = useState('');
  const recorder = useRef<MediaRecorder | null>(null);
  const article = useRef<HTMLElement>(null);
  const allowed = secondsFor(candidate);
  // Wide code, tables and formulas scroll inside themselves, reachable by keyboard (as in review).
  useLayoutEffect(() => {
    const mark = () => markScrollRegions(article.current);
    mark();
    addEventListener('resize', mark);
    return () => removeEventListener('resize', mark);
  }, [sides, revealedAfter]);
  // Imported colours readable in dark mode; sound buttons play on click (no autoplay here).
  useCardColors(article, sides ? (revealedAfter !== null ? (sides.back ?? '') : sides.front) : undefined);
  useSoundButtons(article);

  useEffect(() => {
    let revoke = () => undefined as void;
    void (async () => {
      const card = await getCard(candidate.cardId);
      const note = card && (await getNote(card.noteId));
      if (!card || !note) return;
      const s = await renderSides(note, card.ord, true, '');
      revoke = s.revoke;
      setSides({ front: s.front, back: s.back });
    })();
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(t);
      revoke();
      recorder.current?.state === 'recording' && recorder.current.stop();
    };
  }, [candidate.cardId]);
  useEffect(() => () => void (audio && URL.revokeObjectURL(audio)), [audio]);

  const elapsed = Math.round(((revealedAfter ?? now) - shownAt) / 1000);
  const left = allowed - elapsed;

  const startRecording = async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const chunks: Blob[] = [];
      const r = new MediaRecorder(stream);
      r.ondataavailable = (e) => chunks.push(e.data);
      r.onstop = () => {
        stream.getTracks().forEach((t) => t.stop());
        setAudio(URL.createObjectURL(new Blob(chunks, { type: r.mimeType || 'audio/webm' })));
        setRecording('done');
      };
      r.start();
      recorder.current = r;
      setRecording('on');
    } catch (e) {
      setMicError(`The microphone is not available: ${errorMessage(e)}`);
    }
  };
  const reveal = () => {
    if (recorder.current?.state === 'recording') recorder.current.stop();
    setRevealedAfter(Date.now());
  };

  return (
    <section class="mock" aria-labelledby="mock-q">
      <div class="mock-head">
        <h1 id="mock-q">
          Question {index + 1} of {total}
        </h1>
        <span class={`mock-clock ${left < 0 ? 'over' : ''}`} role="timer" aria-label={left < 0 ? `Over time by ${clock(left)}` : `${clock(left)} left`}>
          {left < 0 ? `+${clock(left)}` : clock(left)}
        </span>
      </div>
      <p class="muted small">
        {candidate.topic} {TOPICS[candidate.topic] ?? ''} · {Math.round(allowed / 60)} minutes
      </p>
      <article ref={article} class="card-view" dangerouslySetInnerHTML={{ __html: sides ? (revealedAfter !== null ? (sides.back ?? '') : sides.front) : '' }} />
      {record && revealedAfter === null && (
        <div class="mock-record">
          {recording === 'idle' && (
            <button type="button" class="btn" onClick={() => void startRecording()}>
              Record answer
            </button>
          )}
          {recording === 'on' && (
            <button type="button" class="btn" onClick={() => recorder.current?.stop()}>
              Stop recording
            </button>
          )}
          {recording === 'done' && <p class="muted small">Recorded. You can play it after the reveal.</p>}
          {micError && <p class="banner banner-error">{micError}</p>}
        </div>
      )}
      {revealedAfter === null ? (
        <button type="button" class="btn btn-primary btn-block" onClick={reveal}>
          Reveal answer
        </button>
      ) : (
        <>
          {audio && (
            <div class="mock-record">
              <audio controls src={audio} aria-label="Your recorded answer" />
              <button
                type="button"
                class="btn btn-small"
                onClick={() => {
                  URL.revokeObjectURL(audio);
                  setAudio(null);
                }}
              >
                Delete recording
              </button>
            </div>
          )}
          <div class="mock-grades" role="group" aria-label="How did you answer?">
            {GRADES.map(([r, name]) => (
              <button type="button" class={`btn grade-${name.toLowerCase()}`} onClick={() => onAnswer({ candidate, seconds: elapsed, rating: r })}>
                {name}
              </button>
            ))}
          </div>
        </>
      )}
      {problem && (
        <p class="banner banner-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
