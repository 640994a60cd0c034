/**
 * Benchmark-only: a heavy Anki user's collection, generated in the browser and written through
 * the app's own storage layer into the app's own database. Deterministic (seeded), written in
 * chunks (one transaction each) so that a million review-log entries never sit in memory at once.
 *
 * The shape, per 100 cards: 28 new, 1 learning, 0.5 relearning, 2 suspended, the rest in review.
 * Review cards have intervals from a week to two years and are due from 2 % of their interval
 * ago (an overdue backlog) to a full interval ahead, so about 5 % of them are due today.
 * Every answered card has its history in the review log, spread over the past year and ending
 * before today (so today's limits are untouched), with growing gaps between answers.
 */
import { bucketOf } from '../core/scheduler';
import { studyDayStart } from '../core/time';
import { CardState, DEFAULT_SETTINGS, type CardRecord, type Deck, type Note, type Rating, type ReviewLogRecord, type Settings } from '../core/types';
import { putRecords } from '../storage/bulk';
import { saveSettings } from '../storage/settings';
import { seededRandom as rng } from '../core/random';

export interface GenerateOptions {
  cards: number;
  revlog: number;
  decks: number;
  now: number;
  seed?: number;
  /** Cards per transaction. */
  chunk?: number;
  settings?: Partial<Settings>;
}

export interface GenerateResult {
  decks: number;
  notes: number;
  cards: number;
  revlog: number;
  ms: number;
}

const DAY = 86_400_000;
const MIN = 60_000;


const TOPICS = [
  'Languages::Japanese::Vocabulary', 'Languages::Japanese::Kanji', 'Languages::Spanish', 'Languages::German', 'Medicine::Anatomy',
  'Medicine::Pharmacology', 'Medicine::Microbiology', 'Medicine::Pathology', 'Law::Contracts', 'Law::Torts',
  'Geography::Capitals', 'Geography::Flags', 'History::Dates', 'Music::Theory', 'Programming::Python',
  'Programming::Rust', 'Maths::Linear algebra', 'Maths::Statistics', 'Chemistry::Reactions', 'Biology::Cells',
];
const WORDS = 'the of an gradient vector matrix kernel protein enzyme capital river treaty verdict neuron syntax closure lemma theorem reaction molecule cell nucleus artery vein bone muscle chord scale tempo ownership borrow lifetime iterator generator'.split(' ');

type Kind = 'new' | 'learning' | 'relearning' | 'suspended' | 'review';

function kindOf(r: number): Kind {
  if (r < 0.28) return 'new';
  if (r < 0.29) return 'learning';
  if (r < 0.295) return 'relearning';
  if (r < 0.315) return 'suspended';
  return 'review';
}

function text(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  return out.join(' ');
}

export async function generateCollection(opts: GenerateOptions, dbName?: string): Promise<GenerateResult> {
  const started = performance.now();
  const { now } = opts;
  const chunk = opts.chunk ?? 5000;
  const seed = opts.seed ?? 20260101;
  const settings: Settings = { ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) };
  await saveSettings(settings, dbName);
  const dayStart = studyDayStart(now, settings.dayStartHour);
  const yearAgo = dayStart - 365 * DAY;

  const decks: Deck[] = Array.from({ length: opts.decks }, (_, i) => ({
    id: `heavy-${String(i + 1).padStart(2, '0')}`,
    name: TOPICS[i % TOPICS.length]! + (i >= TOPICS.length ? ` ${Math.floor(i / TOPICS.length) + 1}` : ''),
    description: '',
    source: 'import' as const,
    createdAt: yearAgo,
    mtime: yearAgo,
    usn: 0,
  }));
  await putRecords({ decks }, dbName);

  // First pass: which cards have a history, so the review log can be shared out exactly.
  const kinds: Kind[] = [];
  const kindRand = rng(seed);
  let answered = 0;
  for (let i = 0; i < opts.cards; i++) {
    const k = kindOf(kindRand());
    kinds.push(k);
    if (k !== 'new') answered++;
  }
  const base = answered ? Math.floor(opts.revlog / answered) : 0;
  let extra = answered ? opts.revlog - base * answered : 0;

  const rand = rng(seed + 1);
  let newPosition = 0;
  let answeredSoFar = 0;
  let carry = 0;
  let written = { notes: 0, cards: 0, revlog: 0 };
  for (let from = 0; from < opts.cards; from += chunk) {
    const notes: Note[] = [];
    const cards: CardRecord[] = [];
    const revlog: ReviewLogRecord[] = [];
    for (let i = from; i < Math.min(opts.cards, from + chunk); i++) {
      const deck = decks[Math.floor(Math.pow(rand(), 1.3) * decks.length)]!;
      const id = `heavy-c${i}`;
      const noteId = `heavy-n${i}`;
      const front = `<b>${text(rand, 2)}</b> ${i}: ${text(rand, 4 + Math.floor(rand() * 8))}?`;
      const back = `${text(rand, 8 + Math.floor(rand() * 30))}<br>${text(rand, 5)}`;
      notes.push({
        id: noteId,
        deckId: deck.id,
        kind: 'basic',
        format: 'html',
        front,
        back,
        tags: [deck.name.split('::')[0]!.toLowerCase(), ...(rand() < 0.3 ? ['leech-watch'] : [])],
        topics: [],
        guid: `g${i.toString(36)}`,
        noteTypeId: 'pd-basic-html',
        fields: [front, back],
        source: 'import',
        mtime: yearAgo,
        usn: 0,
      });
      const kind = kinds[i]!;
      if (kind === 'new') {
        cards.push({ id, noteId, deckId: deck.id, ord: 0, due: newPosition++, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, state: CardState.New, suspended: false, bucket: bucketOf(CardState.New, false), mtime: yearAgo, usn: 0 });
        continue;
      }
      // This card's share of the review log: the base, one of the leftovers, and a spread that
      // pairs cards (one gets d more, the next d fewer) so the total stays exact.
      let n = base + (extra > 0 ? 1 : 0);
      if (extra > 0) extra--;
      if (answeredSoFar % 2 === 0) {
        carry = answeredSoFar + 1 < answered ? Math.floor(rand() * Math.max(0, base - 1) * 0.8) : 0;
        n += carry;
      } else n -= carry;
      answeredSoFar++;
      n = Math.max(1, n);

      let state: CardState;
      let due: number;
      let scheduledDays: number;
      let lastReview: number;
      let learningSteps = 0;
      if (kind === 'learning' || kind === 'relearning') {
        state = kind === 'learning' ? CardState.Learning : CardState.Relearning;
        due = now + Math.floor((rand() * 3 - 2) * 60 * MIN);
        lastReview = Math.min(due - 10 * MIN, dayStart - MIN);
        scheduledDays = 0;
        learningSteps = Math.floor(rand() * 2);
      } else {
        state = CardState.Review;
        // Intervals from a week to two years (log-uniform); due from 2 % of the interval ago:
        // about 5 % of review cards are due today, overdue ones included.
        scheduledDays = Math.round(Math.exp(Math.log(7) + rand() * Math.log(100)));
        due = dayStart + Math.floor((rand() * 1.02 - 0.02) * scheduledDays * DAY);
        lastReview = Math.min(due - scheduledDays * DAY, dayStart - MIN);
      }
      const first = Math.max(yearAgo, lastReview - 365 * DAY * (0.2 + rand() * 0.8));
      const lapses = kind === 'relearning' ? 1 + Math.floor(rand() * 4) : rand() < 0.3 ? Math.floor(rand() * 4) : 0;
      const stability = state === CardState.Review ? scheduledDays * (0.8 + rand() * 0.5) : 0.5 + rand() * 3;
      const difficulty = 1 + rand() * 9;
      const suspended = kind === 'suspended';
      cards.push({
        id,
        noteId,
        deckId: deck.id,
        ord: 0,
        due,
        stability,
        difficulty,
        elapsed_days: scheduledDays,
        scheduled_days: scheduledDays,
        learning_steps: learningSteps,
        reps: n,
        lapses,
        state,
        last_review: lastReview,
        suspended,
        mtime: lastReview,
        usn: 0,
        bucket: bucketOf(state, suspended),
      });
      let prevState = CardState.New as CardState;
      let prevTime = first;
      for (let j = 0; j < n; j++) {
        // Growing gaps: early answers close together, later ones further apart.
        const time = n === 1 ? lastReview : Math.round(first + (lastReview - first) * Math.pow(j / (n - 1), 2));
        const rating = (j === 0 ? 3 : rand() < 0.1 ? 1 : rand() < 0.1 ? 2 : rand() < 0.1 ? 4 : 3) as Rating;
        const after: CardState = j === n - 1 ? state : rating === 1 && prevState === CardState.Review ? CardState.Relearning : j < 2 ? CardState.Learning : CardState.Review;
        const gapDays = Math.max(0, Math.round((time - prevTime) / DAY));
        revlog.push({
          id: `heavy-r${i}-${j}`,
          cardId: id,
          deckId: deck.id,
          time,
          rating,
          stateBefore: prevState,
          stateAfter: after,
          stabilityBefore: j === 0 ? 0 : stability * (j / n),
          stabilityAfter: stability * ((j + 1) / n),
          difficultyBefore: j === 0 ? 0 : difficulty,
          difficultyAfter: difficulty,
          dueBefore: prevTime,
          dueAfter: time + gapDays * DAY,
          scheduledDays: gapDays,
          elapsedDays: gapDays,
          durationMs: 2000 + Math.floor(rand() * 14000),
          source: 'review',
        });
        prevState = after;
        prevTime = time;
      }
    }
    // Two transactions over disjoint stores, side by side (IndexedDB runs them concurrently).
    await Promise.all([putRecords({ notes, cards }, dbName), putRecords({ revlog }, dbName)]);
    written = { notes: written.notes + notes.length, cards: written.cards + cards.length, revlog: written.revlog + revlog.length };
  }
  return { decks: decks.length, ...written, ms: Math.round(performance.now() - started) };
}
