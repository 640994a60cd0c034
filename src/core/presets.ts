/**
 * Presets: named groups of study options assigned to decks (Anki's deck options presets). Pure
 * data and validation; storage keeps them in the `presets` store with the other logical records.
 */
import type { Stamp } from './types';

export interface Preset extends Stamp {
  id: string;
  name: string;
  newPerDay: number;
  reviewsPerDay: number;
  desiredRetention: number;
  learningSteps: string[];
  relearningSteps: string[];
  maximumInterval: number;
  /** Bury the new and review siblings of an answered card until tomorrow (Anki's options). */
  buryNewSiblings: boolean;
  buryReviewSiblings: boolean;
}

export const DEFAULT_PRESET_ID = 'default';
