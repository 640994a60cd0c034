/**
 * Queue buckets and the fields of a never-studied card: small and free of ts-fsrs, so that the
 * storage code the first screen needs does not pull the scheduler in.
 */
import { CardState, QueueBucket, type CardRecord, type Settings } from './types';

export function bucketOf(state: CardState, suspended: boolean, buried = false): QueueBucket {
  if (suspended) return QueueBucket.Suspended;
  if (buried) return QueueBucket.Buried;
  if (state === CardState.New) return QueueBucket.New;
  if (state === CardState.Review) return QueueBucket.Review;
  return QueueBucket.Learning;
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
  for (const [name, v, max] of [['Study all decks: new cards per day', s.allNewPerDay, 9999], ['Study all decks: reviews per day', s.allReviewsPerDay, 99999]] as const)
    if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= max)) problems.push(`${name} must be a whole number from 0 to ${max}.`);
  if (!(Number.isInteger(s.dayStartHour) && s.dayStartHour >= 0 && s.dayStartHour <= 23)) problems.push('The next day must start at an hour from 0 to 23.');
  return problems;
}

/** A new card in introduction position `position` (storage stamps it when it writes it). */
export function newCard({ position, ...fields }: { id: string; noteId: string; deckId: string; ord: number; position: number }): CardRecord {
  return { ...fields, ...newScheduleFields(position), mtime: 0, usn: 0 };
}

