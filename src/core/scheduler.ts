/**
 * FSRS scheduling through ts-fsrs. Pure: `now` is always a parameter, fuzz is seeded by card id
 * and repetition count, so the interval shown on a button is the one the grade commits.
 */
import { fsrs, generatorParameters, GenSeedStrategyWithCardId, StrategyMode, type Card, type FSRS, type Grade, type StepUnit } from 'ts-fsrs';
import { CardState, type CardRecord, type Rating, type ReviewLogRecord, type Settings } from './types';
import { formatInterval } from './time';
import { AppError, ErrorCode } from './errors';
import { bucketOf, validateSettings } from './buckets';
import { isFsrsParams } from './optimise';

export { bucketOf, newScheduleFields, newCard, validateSettings, type NewScheduleFields } from './buckets';

type SeededCard = Card & { card_id: string };

const cache = new WeakMap<Settings, FSRS>();

/** The ts-fsrs scheduler for these settings (the preset's fitted FSRS-6 weights, else the defaults). */
export function schedulerFor(settings: Settings): FSRS {
  let f = cache.get(settings);
  if (!f) {
    const problems = validateSettings(settings);
    if (problems.length) throw new AppError(ErrorCode.InvalidSettings, problems.join(' '));
    f = fsrs(
      generatorParameters({
        request_retention: settings.desiredRetention,
        maximum_interval: settings.maximumInterval,
        enable_fuzz: settings.enableFuzz,
        enable_short_term: true,
        learning_steps: settings.learningSteps as StepUnit[],
        relearning_steps: settings.relearningSteps as StepUnit[],
        ...(isFsrsParams(settings.fsrsParams) ? { w: settings.fsrsParams } : {}),
      }),
    ).useStrategy(StrategyMode.SEED, GenSeedStrategyWithCardId('card_id'));
    cache.set(settings, f);
  }
  return f;
}

/** The one converter between our stored rows and ts-fsrs cards. */
export function toFsrsCard(c: CardRecord): SeededCard {
  return {
    card_id: c.id,
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsed_days,
    scheduled_days: c.scheduled_days,
    learning_steps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    ...(c.last_review !== undefined ? { last_review: new Date(c.last_review) } : {}),
  };
}

export function fromFsrsCard(base: CardRecord, f: Card): CardRecord {
  const next: CardRecord = {
    ...base,
    due: f.due.getTime(),
    stability: f.stability,
    difficulty: f.difficulty,
    elapsed_days: f.elapsed_days,
    scheduled_days: f.scheduled_days,
    learning_steps: f.learning_steps,
    reps: f.reps,
    lapses: f.lapses,
    state: f.state as CardState,
    bucket: bucketOf(f.state as CardState, base.suspended),
  };
  // An answered card is no longer buried.
  delete next.buriedUntil;
  if (f.last_review) next.last_review = f.last_review.getTime();
  else delete next.last_review;
  return next;
}

/** ts-fsrs needs a real due date for a new card; ours holds the introduction position. */
function schedulable(c: CardRecord, now: number): SeededCard {
  const card = toFsrsCard(c);
  if (c.state === CardState.New) card.due = new Date(now);
  return card;
}

export interface GradeOption {
  rating: Rating;
  due: number;
  label: string;
}

/** What each button would do, for the labels under Again/Hard/Good/Easy. */
export function previewGrades(card: CardRecord, now: number, settings: Settings): GradeOption[] {
  const preview = schedulerFor(settings).repeat(schedulable(card, now), now);
  return ([1, 2, 3, 4] as const).map((rating) => {
    const due = preview[rating as Grade].card.due.getTime();
    return { rating, due, label: formatInterval(due - now) };
  });
}

export interface GradeResult {
  card: CardRecord;
  log: ReviewLogRecord;
}

/** Applies a grade: the new card state and its complete log entry. */
export function gradeCard(card: CardRecord, rating: Rating, now: number, durationMs: number, settings: Settings, logId: string): GradeResult {
  const item = schedulerFor(settings).next(schedulable(card, now), now, rating as Grade);
  const next = fromFsrsCard(card, item.card);
  const log: ReviewLogRecord = {
    id: logId,
    cardId: card.id,
    deckId: card.deckId,
    time: now,
    rating,
    stateBefore: card.state,
    stateAfter: next.state,
    stabilityBefore: card.stability,
    stabilityAfter: next.stability,
    difficultyBefore: card.difficulty,
    difficultyAfter: next.difficulty,
    dueBefore: card.due,
    dueAfter: next.due,
    scheduledDays: item.log.scheduled_days,
    elapsedDays: item.log.elapsed_days,
    durationMs: Math.max(0, Math.round(durationMs)),
    source: 'review',
  };
  return { card: next, log };
}
