/**
 * The data model shared by every layer. Pure types: no DOM, no IndexedDB.
 * Dates are epoch milliseconds everywhere (indexable, serialisable).
 */

/** How a note turns into cards. */
export type NoteKind = 'basic' | 'reversed' | 'cloze' | 'type-in';
export type Difficulty = 'easy' | 'medium' | 'hard';

/** FSRS learning state, numerically identical to ts-fsrs `State`. */
export const CardState = { New: 0, Learning: 1, Review: 2, Relearning: 3 } as const;
export type CardState = (typeof CardState)[keyof typeof CardState];

/** Queue bucket used by the card indexes. Suspended cards sit outside every queue. */
export const QueueBucket = { Suspended: -1, New: 0, Learning: 1, Review: 2 } as const;
export type QueueBucket = (typeof QueueBucket)[keyof typeof QueueBucket];

export interface Deck {
  /** Stable id: built-in decks use a slug, imported decks a derived id. */
  id: string;
  /** Full name; `::` separates hierarchy levels (Anki convention). */
  name: string;
  description: string;
  source: 'builtin' | 'import' | 'user';
  createdAt: number;
  updatedAt: number;
}

/** One rendered side pair of an imported (HTML) note, per template ordinal. */
export interface NoteSide {
  front: string;
  back: string;
  /** Expected answer when the template asks to type it (Anki `{{type:Field}}`). */
  typeAnswer?: string;
}

export interface Note {
  id: string;
  deckId: string;
  kind: NoteKind;
  /** `markdown` for our own format, `html` for imported HTML. */
  format: 'markdown' | 'html';
  /** Front text; for cloze notes the text with `{{cN::…}}` deletions. */
  front: string;
  /** Back text; for cloze notes the optional extra shown under the answer. */
  back: string;
  /** Expected answer of a type-in note. */
  answer?: string;
  /** Pre-rendered sides per card ordinal (imported multi-template notes). */
  sides?: NoteSide[];
  tags: string[];
  /** Content-map subtopic ids (`a.1` … `f.26`) for built-in cards. */
  topics: string[];
  difficulty?: Difficulty;
  /** Behavioural prompt with a "My story" area. */
  story?: boolean;
  /** Anki guid (or our stable id) used to match a re-import. */
  guid?: string;
  /** Modification time from the source (used to decide whether a re-import updates). */
  mtime: number;
  updatedAt: number;
}

/** A card: the ts-fsrs card fields plus our own. */
export interface CardRecord {
  id: string;
  noteId: string;
  deckId: string;
  /** Template ordinal (reversed: 0 forward, 1 backward; cloze: number − 1). */
  ord: number;
  /** Next due time; for new cards the introduction order. */
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: CardState;
  last_review?: number;
  suspended: boolean;
  /** Derived from state/suspended; part of the queue indexes. */
  bucket: QueueBucket;
}

export type Rating = 1 | 2 | 3 | 4; // Again, Hard, Good, Easy

/** One review, append-only. Everything needed to refit FSRS parameters later. */
export interface ReviewLogRecord {
  id: string;
  cardId: string;
  deckId: string;
  /** When the answer was given. */
  time: number;
  rating: Rating;
  stateBefore: CardState;
  stateAfter: CardState;
  stabilityBefore: number;
  stabilityAfter: number;
  difficultyBefore: number;
  difficultyAfter: number;
  dueBefore: number;
  dueAfter: number;
  scheduledDays: number;
  elapsedDays: number;
  /** Time spent on the card, front shown to grade. */
  durationMs: number;
  /** Where it came from: our reviews or an imported history. */
  source?: 'review' | 'import';
}

export interface Settings {
  desiredRetention: number;
  maximumInterval: number;
  learningSteps: string[];
  relearningSteps: string[];
  newPerDay: number;
  reviewsPerDay: number;
  enableFuzz: boolean;
  /** Local hour (0–23) at which a new study day starts. */
  dayStartHour: number;
  theme: 'system' | 'light' | 'dark';
  lastBackupAt?: number;
}

export const DEFAULT_SETTINGS: Settings = {
  desiredRetention: 0.9,
  maximumInterval: 36500,
  learningSteps: ['1m', '10m'],
  relearningSteps: ['10m'],
  newPerDay: 20,
  reviewsPerDay: 200,
  enableFuzz: true,
  dayStartHour: 4,
  theme: 'system',
};

export interface MediaRecord {
  /** `${deckId}/${name}` */
  id: string;
  deckId: string;
  name: string;
  mime: string;
  data: Blob;
}

/** The user's own answer to a behavioural prompt. */
export interface StoryRecord {
  noteId: string;
  text: string;
  updatedAt: number;
}

/** Media as plain bytes (backups, imports): Blob-free so it works in Node and workers. */
export interface MediaBytes {
  id: string;
  deckId: string;
  name: string;
  mime: string;
  data: Uint8Array;
}

/** Everything the user has, as one value: what a backup holds and a restore brings back. */
export interface CollectionSnapshot {
  version: 1;
  exportedAt: number;
  appVersion: string;
  decks: Deck[];
  notes: Note[];
  cards: CardRecord[];
  revlog: ReviewLogRecord[];
  media: MediaBytes[];
  stories: StoryRecord[];
  settings: Settings;
}
