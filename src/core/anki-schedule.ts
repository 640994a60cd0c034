/**
 * Imported Anki progress to our FSRS card state. With a review history, ts-fsrs replays it
 * (`reschedule`) to get stability and difficulty, and every answer becomes a review-log entry;
 * without one, the memory state is estimated from Anki's interval and ease the way Anki itself
 * does when it switches a collection to FSRS. Anki's due date is kept either way: the user's
 * cards stay due when Anki said they were. Pure: `now` is a parameter, fuzz is off.
 */
import { createEmptyCard, fsrs, generatorParameters, type Card, type FSRS, type FSRSHistory, type Grade, type StepUnit } from 'ts-fsrs';
import { bucketOf, newScheduleFields } from './scheduler';
import { CardState, type CardRecord, type Rating, type ReviewLogRecord, type Settings } from './types';

/**
 * The imported card as the formats layer plans it (`PlanCard` fits structurally; core does not
 * depend on formats). `schedule` is Anki's state with due dates already in epoch ms.
 */
export interface ImportedCard {
  id: string;
  deckId: string;
  newPosition: number;
  schedule?: { type: 0 | 1 | 2 | 3; dueAt: number; ivlDays: number; factor: number; reps: number; lapses: number; suspended: boolean };
}

/** One imported answer (`PlanReview` fits structurally). */
export interface ImportedReview {
  id: string;
  cardId: string;
  time: number;
  rating: Rating;
  durationMs: number;
}

export type ScheduleFields = Pick<
  CardRecord,
  'due' | 'stability' | 'difficulty' | 'elapsed_days' | 'scheduled_days' | 'learning_steps' | 'reps' | 'lapses' | 'state' | 'last_review' | 'suspended' | 'bucket'
>;

export interface ConvertedProgress {
  card: ScheduleFields;
  logs: ReviewLogRecord[];
}

export type ConversionParams = Pick<Settings, 'desiredRetention' | 'maximumInterval' | 'learningSteps' | 'relearningSteps'>;

const DAY_MS = 86_400_000;
/** Anki's ease at which SM-2 intervals grow like FSRS's at the same stability. */
const SM2_RETENTION = 0.9;

function schedulerFor(params: ConversionParams): FSRS {
  return fsrs(
    generatorParameters({
      request_retention: params.desiredRetention,
      maximum_interval: params.maximumInterval,
      enable_fuzz: false,
      enable_short_term: true,
      learning_steps: params.learningSteps as StepUnit[],
      relearning_steps: params.relearningSteps as StepUnit[],
    }),
  );
}

/** A card that has never been studied ("start fresh", or a new Anki card). */
export function freshCard(card: Pick<ImportedCard, 'newPosition' | 'schedule'>): ScheduleFields {
  return newScheduleFields(card.newPosition, card.schedule?.suspended ?? false);
}

/**
 * Anki's SM-2 state as FSRS memory (rslib `memory_state_from_sm2`): at 90 % retention the
 * stability equals the interval, and the difficulty is the one whose recall growth matches the
 * ease factor.
 */
export function memoryFromSm2(f: FSRS, ivlDays: number, factorPermille: number): { stability: number; difficulty: number } {
  const w = f.parameters.w;
  const stability = Math.max(0.1, ivlDays);
  const ease = (factorPermille > 0 ? factorPermille : 2500) / 1000;
  const growth = Math.exp(w[8]!) * Math.pow(stability, -w[9]!) * Math.expm1((1 - SM2_RETENTION) * w[10]!);
  const difficulty = 11 - (ease - 1) / growth;
  return { stability, difficulty: Math.min(10, Math.max(1, difficulty)) };
}

function stateOf(type: 0 | 1 | 2 | 3): CardState {
  return type as CardState;
}

export function convertAnkiProgress(card: ImportedCard, reviews: readonly ImportedReview[], now: number, params: ConversionParams): ConvertedProgress {
  const s = card.schedule;
  const f = schedulerFor(params);
  const history = reviews.filter((r) => r.cardId === card.id && r.time <= now).sort((a, b) => a.time - b.time);
  const logs = replayLogs(f, card, history, now);
  if (!s || s.type === 0) return { card: freshCard(card), logs: logs.entries };

  const state = stateOf(s.type);
  const last = logs.final;
  let memory: { stability: number; difficulty: number };
  if (last && last.state !== CardState.New) memory = { stability: last.stability, difficulty: last.difficulty };
  else if (state === CardState.Review || state === CardState.Relearning) memory = memoryFromSm2(f, s.ivlDays, s.factor);
  else memory = { stability: f.init_stability(3 as Grade), difficulty: f.init_difficulty(3 as Grade) };

  // Without history, the last review is estimated from the interval (review cards) or taken as now.
  const lastReview = last?.last_review?.getTime() ?? (state === CardState.Review ? Math.min(now, s.dueAt - s.ivlDays * DAY_MS) : Math.min(now, s.dueAt));
  const card_: ScheduleFields = {
    due: s.dueAt > 0 ? s.dueAt : now,
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsed_days: Math.max(0, Math.floor((now - lastReview) / DAY_MS)),
    scheduled_days: state === CardState.Review || state === CardState.Relearning ? s.ivlDays : 0,
    learning_steps: 0,
    reps: Math.max(s.reps, history.length),
    lapses: s.lapses,
    state,
    last_review: lastReview,
    suspended: s.suspended,
    bucket: bucketOf(state, s.suspended),
  };
  return { card: card_, logs: logs.entries };
}

/** Replays the answers with ts-fsrs; each one becomes a complete log entry (source "import"). */
function replayLogs(f: FSRS, card: ImportedCard, history: ImportedReview[], now: number): { entries: ReviewLogRecord[]; final?: Card } {
  if (history.length === 0) return { entries: [] };
  const input: FSRSHistory[] = history.map((r) => ({ rating: r.rating as Grade, review: new Date(r.time) }));
  const first = createEmptyCard(new Date(history[0]!.time));
  const { collections } = f.reschedule(first, input, { now: new Date(now), first_card: first, skipManual: true });
  const entries: ReviewLogRecord[] = [];
  let before: Card = first;
  collections.forEach((item, i) => {
    const r = history[i]!;
    entries.push({
      id: r.id,
      cardId: card.id,
      deckId: card.deckId,
      time: r.time,
      rating: r.rating,
      stateBefore: before.state as CardState,
      stateAfter: item.card.state as CardState,
      stabilityBefore: before.stability,
      stabilityAfter: item.card.stability,
      difficultyBefore: before.difficulty,
      difficultyAfter: item.card.difficulty,
      dueBefore: before.due.getTime(),
      dueAfter: item.card.due.getTime(),
      scheduledDays: item.card.scheduled_days,
      elapsedDays: item.log.elapsed_days,
      durationMs: r.durationMs,
      source: 'import',
    });
    before = item.card;
  });
  return { entries, final: before };
}
