/**
 * FSRS scheduling through ts-fsrs. Pure: `now` is always a parameter, fuzz is seeded by card id
 * and repetition count, so the interval shown on a button is the one the grade commits.
 */
import { fsrs, generatorParameters, GenSeedStrategyWithCardId, StrategyMode, type Card, type FSRS, type Grade, type StepUnit } from 'ts-fsrs';
import { CardState, QueueBucket, type CardRecord, type Rating, type ReviewLogRecord, type Settings } from './types';
import { formatInterval } from './time';
import { AppError, ErrorCode } from './errors';

type SeededCard = Card & { card_id: string };

const STEP_RE = /^\d+(\.\d+)?[mhd]$/;

/** Checks settings before they are saved; returns the list of problems (empty when valid). */
export function validateSettings(s: Settings): string[] {
  const problems: string[] = [];
  if (!(s.desiredRetention >= 0.7 && s.desiredRetention <= 0.99)) problems.push('Desired retention must be between 0.70 and 0.99.');
  if (!(Number.isInteger(s.maximumInterval) && s.maximumInterval >= 1 && s.maximumInterval <= 36500)) problems.push('Maximum interval must be a whole number of days from 1 to 36500.');
  for (const [name, steps] of [['Learning steps', s.learningSteps], ['Relearning steps', s.relearningSteps]] as const)
    if (!steps.every((x) => STEP_RE.test(x))) problems.push(`${name} must look like "1m 10m" (numbers with m, h or d).`);
  if (!(Number.isInteger(s.newPerDay) && s.newPerDay >= 0 && s.newPerDay <= 9999)) problems.push('New cards per day must be a whole number from 0 to 9999.');
  if (!(Number.isInteger(s.reviewsPerDay) && s.reviewsPerDay >= 0 && s.reviewsPerDay <= 99999)) problems.push('Maximum reviews per day must be a whole number from 0 to 99999.');
  if (!(Number.isInteger(s.dayStartHour) && s.dayStartHour >= 0 && s.dayStartHour <= 23)) problems.push('The next day must start at an hour from 0 to 23.');
  return problems;
}

const cache = new WeakMap<Settings, FSRS>();

/** The ts-fsrs scheduler for these settings (FSRS-6 default weights). */
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
      }),
    ).useStrategy(StrategyMode.SEED, GenSeedStrategyWithCardId('card_id'));
    cache.set(settings, f);
  }
  return f;
}

export function bucketOf(state: CardState, suspended: boolean, buried = false): QueueBucket {
  if (suspended) return QueueBucket.Suspended;
  if (buried) return QueueBucket.Buried;
  if (state === CardState.New) return QueueBucket.New;
  if (state === CardState.Review) return QueueBucket.Review;
  return QueueBucket.Learning;
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

export type NewScheduleFields = Omit<CardRecord, 'id' | 'noteId' | 'deckId' | 'ord' | 'last_review' | 'mtime' | 'usn' | 'buriedUntil' | 'flag'>;

/** The scheduling fields of a never-studied card; `due` holds its introduction position. */
export function newScheduleFields(position: number, suspended = false): NewScheduleFields {
  return {
    due: position,
    stability: 0,
    difficulty: 0,
    elapsed_days: 0,
    scheduled_days: 0,
    learning_steps: 0,
    reps: 0,
    lapses: 0,
    state: CardState.New,
    suspended,
    bucket: bucketOf(CardState.New, suspended),
  };
}

/** A new card in introduction position `position` (storage stamps it when it writes it). */
export function newCard({ position, ...fields }: { id: string; noteId: string; deckId: string; ord: number; position: number }): CardRecord {
  return { ...fields, ...newScheduleFields(position), mtime: 0, usn: 0 };
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
