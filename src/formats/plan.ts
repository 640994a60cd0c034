/**
 * What every reader produces: a complete, self-contained description of what an import would
 * write. Readers are pure (bytes in, plan out); storage commits a plan in one transaction.
 */
import type { Difficulty, NoteKind, NoteSide, NoteType, Rating } from '../core/types';

export interface PlanDeck {
  /** Stable id derived from the source (e.g. `anki-<deck id>` or our deck id). */
  id: string;
  /** Full name with `::` between levels. */
  name: string;
  description?: string;
}

export interface PlanNote {
  id: string;
  deckId: string;
  kind: NoteKind;
  format: 'markdown' | 'html';
  front: string;
  back: string;
  answer?: string;
  sides?: NoteSide[];
  tags: string[];
  topics: string[];
  difficulty?: Difficulty;
  story?: boolean;
  guid?: string;
  /** Modification time the source gave the note (0 when it has none). */
  mtime: number;
  /** Name of the source note type, for the preview (Anki). */
  noteType?: string;
  /**
   * The note type (one of `ImportPlan.noteTypes` or a built-in one) and the field values.
   * Readers of simple formats leave both out: the built-in type of `kind` and `format` is used,
   * with `front`, `back` and `answer` as its fields.
   */
  noteTypeId?: string;
  fields?: string[];
}

/** Scheduling as the source stored it, before conversion to FSRS. */
export interface PlanSchedule {
  /** 0 new, 1 learning, 2 review, 3 relearning (Anki `cards.type`). */
  type: 0 | 1 | 2 | 3;
  /** Due as epoch ms (converted from Anki day numbers or timestamps by the reader). */
  dueAt: number;
  /** Interval in days (review cards). */
  ivlDays: number;
  /** Ease in permille (Anki factor), 0 when unknown. */
  factor: number;
  reps: number;
  lapses: number;
  suspended: boolean;
}

export interface PlanCard {
  id: string;
  noteId: string;
  deckId: string;
  ord: number;
  /** Position among new cards (introduction order). */
  newPosition: number;
  schedule?: PlanSchedule;
}

/** An imported past review (Anki revlog row). */
export interface PlanReview {
  id: string;
  cardId: string;
  time: number;
  /** 1–4; Anki's manual/rescheduled entries (ease 0) are dropped by readers. */
  rating: Rating;
  durationMs: number;
  /** Anki revlog type: 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual. */
  kind: number;
}

/**
 * One media file for one deck (media are looked up by deck and name). A file shown by notes of
 * several decks appears once per deck, sharing the same bytes; a file no note refers to goes
 * with the first deck that has cards, so every entry of a package's media map is kept.
 */
export interface PlanMedia {
  deckId: string;
  name: string;
  mime: string;
  data: Uint8Array;
}

export interface ImportPlan {
  /** Note types the notes use besides the built-in ones (Anki packages); stamps are set on commit. */
  noteTypes?: NoteType[];
  /** e.g. `apkg-anki2`, `apkg-anki21`, `apkg-anki21b`, `colpkg-anki21b`, `csv`, `anki-text`, `markdown`, `prepdeck`. */
  format: string;
  decks: PlanDeck[];
  notes: PlanNote[];
  cards: PlanCard[];
  revlog: PlanReview[];
  media: PlanMedia[];
  /** Human-readable, specific warnings for the preview. */
  warnings: string[];
  /** Counts for the preview and `import:inspect`. */
  stats: {
    clozeNotes: number;
    /** Number of entries in the package's media map (referenced or not). */
    mediaInMap: number;
    missingMedia: string[];
    strippedScripts: number;
    /** Text formats: data rows read (header lines excluded). */
    rows?: number;
  };
}
