/**
 * The data model shared by every layer. Pure types: no DOM, no IndexedDB.
 * Dates are epoch milliseconds everywhere (indexable, serialisable).
 */

import type { OptimisationRecord } from './optimise';

/** How a note turns into cards. */
export type NoteKind = 'basic' | 'reversed' | 'cloze' | 'type-in';
export type Difficulty = 'easy' | 'medium' | 'hard';

/** FSRS learning state, numerically identical to ts-fsrs `State`. */
export const CardState = { New: 0, Learning: 1, Review: 2, Relearning: 3 } as const;
export type CardState = (typeof CardState)[keyof typeof CardState];

/** Queue bucket used by the card indexes. Suspended cards sit outside every queue. */
export const QueueBucket = { Buried: -2, Suspended: -1, New: 0, Learning: 1, Review: 2 } as const;
export type QueueBucket = (typeof QueueBucket)[keyof typeof QueueBucket];

export interface Deck {
  /** Stable id: built-in decks use a slug, imported decks a derived id. */
  id: string;
  /** Full name; `::` separates hierarchy levels (Anki convention). */
  name: string;
  description: string;
  source: 'builtin' | 'import' | 'user';
  createdAt: number;
  /** The preset (options group) the deck uses; none: the Default preset. */
  presetId?: string;
  /** Last modification (epoch ms) and the change counter of that write (see Stamp). */
  mtime: number;
  usn: number;
}

/**
 * What every logical record carries for editing and device sync: `mtime`, the time of its last
 * write, and `usn`, the value of this device's change counter at that write (storage/records.ts).
 * Listing records by `usn` above a mark gives every change since then, as Anki's USN and
 * CouchDB's `_changes` sequence do; deletions leave a Tombstone with its own `usn`.
 */
export interface Stamp {
  mtime: number;
  usn: number;
}

/** How a note type turns a note into cards: one card per template, or one per cloze number. */
export interface NoteTemplate {
  name: string;
  /** Anki template syntax (`{{Front}}`); empty for our built-in types, which render by kind. */
  qfmt: string;
  afmt: string;
}

/**
 * A note type: named fields, card templates and CSS (Anki's model). Built-in types (`builtin`)
 * are ours: their fields map onto a kind the render layer draws directly (Markdown or HTML);
 * imported Anki types keep their own templates, which are rendered from the fields.
 */
export interface NoteType extends Stamp {
  id: string;
  name: string;
  kind: NoteKind;
  format: 'markdown' | 'html';
  fields: string[];
  templates: NoteTemplate[];
  css: string;
  builtin: boolean;
  /** Anki's LaTeX images are SVG (imported types). */
  latexSvg?: boolean;
}

/** A deleted record, kept so that the change feed (and later sync) can tell others. */
export interface Tombstone {
  /** `${kind}:${id}` */
  key: string;
  /** `review`: an undone review (its id), for sync's grow-only log; `story`: an emptied story. */
  kind: 'note' | 'card' | 'deck' | 'notetype' | 'preset' | 'review' | 'story';
  id: string;
  mtime: number;
  usn: number;
  /** `review`: the undone review's card (sync's undo entry carries it). */
  cardId?: string;
}

/** One rendered side pair of an imported (HTML) note, per template ordinal. */
export interface NoteSide {
  front: string;
  back: string;
  /** Expected answer when the template asks to type it (Anki `{{type:Field}}`). */
  typeAnswer?: string;
}

/**
 * A note: a note type and its field values, with tags. `fields` is the only copy of what the
 * user wrote; `kind`, `format`, `front`, `back`, `answer` and `sides` are derived from fields +
 * note type by formats/notetypes.ts on every write (a render cache the review screen reads).
 */
export interface Note extends Stamp {
  id: string;
  deckId: string;
  noteTypeId: string;
  /** Field values in the note type's field order. */
  fields: string[];
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
  /** Where the note came from: our built-in decks, an import, or the user's own "Add". */
  source?: 'builtin' | 'import' | 'user';
  /** Modification time the source gave the note (Anki `notes.mod`), if any. */
  srcMtime?: number;
  /** When the note first came into this collection (Browse: "added in the last N days"). */
  addedAt?: number;
  /** When the user last edited the note in the app: imports and built-in updates keep such edits. */
  editedAt?: number;
  /** When an import last wrote the note (a re-import updates it only if not edited since). */
  importedAt?: number;
  /** Built-in notes edited by the user: the shipped content, for "restore original". */
  original?: { fields: string[]; tags: string[] };
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
  /** Buried until this time (the next study day): out of every queue until then. */
  buriedUntil?: number;
  /** 0 none, 1 red, 2 orange, 3 green, 4 blue (Anki's first four flags). */
  flag?: number;
  /** Derived from state/suspended/buried; part of the queue indexes. */
  bucket: QueueBucket;
  mtime: number;
  usn: number;
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
  /**
   * Where it came from: our reviews, an imported history, or `manual`: a scheduling change
   * without an answer (forget, set due date; Anki's revlog type 4), logged so that sync's replay
   * of the log gives the same state on every device. Not an answer: stats and limits skip it.
   */
  source?: 'review' | 'import' | 'manual';
  /**
   * The change counter of the grade that wrote it (stamp.ts); 0 for entries sync brought from
   * other devices, absent for imported or older entries. Sync sends this device's entries with
   * `usn` above its last sync.
   */
  usn?: number;
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
  /**
   * "Study all decks" is capped at these many new cards and reviews a day (unset: the Default
   * preset's `newPerDay` / `reviewsPerDay`); each deck also has its preset's own limits.
   */
  allNewPerDay?: number;
  allReviewsPerDay?: number;
  /** After a card is answered, its note's other new / review cards wait until tomorrow (Anki's sibling options). */
  buryNewSiblings: boolean;
  buryReviewSiblings: boolean;
  /** Hands-free review: the voice (its voiceURI), speaking rate and the pause to answer aloud. */
  speech?: { voice?: string; rate: number; pauseSeconds: number };
  /** Daily study time ("07:30", local) for reminders; `remind`: notify at that time while the app is open. */
  studyTime?: string;
  remind?: boolean;
  /** Swipe to grade on touch screens (core/swipe.ts); unset: the defaults (on; left Again, right Good, up Easy). */
  swipe?: { enabled: boolean; left: 0 | 1 | 2 | 3 | 4; right: 0 | 1 | 2 | 3 | 4; up: 0 | 1 | 2 | 3 | 4 };
  /** Play a side's `[sound:…]` files when it appears (unset: both on, as in Anki). */
  autoplayAudio?: { front: boolean; back: boolean };
  /** The Default preset's fitted FSRS-6 parameters (21 numbers; unset: ts-fsrs defaults). */
  fsrsParams?: number[];
  /** The Default preset's last optimisation (src/core/optimise.ts). */
  lastOptimisation?: OptimisationRecord;
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
  buryNewSiblings: true,
  buryReviewSiblings: true,
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
  /** The change counter of its last write (stamp.ts); absent on stories saved before sync existed. */
  usn?: number;
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
  /** Absent in backups made before note types existed (restore derives them). */
  noteTypes?: NoteType[];
  /** Deck option presets besides Default (absent in older backups). */
  presets?: import('./presets').Preset[];
  notes: Note[];
  cards: CardRecord[];
  revlog: ReviewLogRecord[];
  media: MediaBytes[];
  stories: StoryRecord[];
  settings: Settings;
}
