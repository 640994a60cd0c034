/**
 * Presets: named groups of study options assigned to decks (Anki's deck options presets). Pure
 * data and validation; storage keeps them in the `presets` store with the other logical records.
 */
import type { Settings, Stamp } from './types';
import { validateSettings } from './buckets';
import type { OptimisationRecord } from './optimise';

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
  /** Fitted FSRS-6 parameters (unset: ts-fsrs defaults); only the Optimise button sets them. */
  fsrsParams?: number[];
  lastOptimisation?: OptimisationRecord;
}

export const DEFAULT_PRESET_ID = 'default';


/** The Default preset: the options on the Settings screen (every deck without a preset of its own uses it). */
export function defaultPreset(s: Settings): Preset {
  return {
    id: DEFAULT_PRESET_ID,
    name: 'Default',
    newPerDay: s.newPerDay,
    reviewsPerDay: s.reviewsPerDay,
    desiredRetention: s.desiredRetention,
    learningSteps: s.learningSteps,
    relearningSteps: s.relearningSteps,
    maximumInterval: s.maximumInterval,
    buryNewSiblings: s.buryNewSiblings,
    buryReviewSiblings: s.buryReviewSiblings,
    ...(s.fsrsParams ? { fsrsParams: s.fsrsParams } : {}),
    ...(s.lastOptimisation ? { lastOptimisation: s.lastOptimisation } : {}),
    mtime: 0,
    usn: 0,
  };
}

const cache = new WeakMap<Settings, Map<string, Settings>>();

/**
 * The settings a card of a deck with `preset` is scheduled with: the preset's options over the
 * app-wide ones. The same object comes back for the same inputs (the scheduler is cached per
 * settings object).
 */
export function effectiveSettings(s: Settings, preset: Preset | undefined): Settings {
  if (!preset || preset.id === DEFAULT_PRESET_ID) return s;
  let byPreset = cache.get(s);
  if (!byPreset) cache.set(s, (byPreset = new Map()));
  const key = `${preset.id}:${preset.usn}:${preset.mtime}`;
  let out = byPreset.get(key);
  if (!out) byPreset.set(key, (out = merged(s, preset)));
  return out;
}

function merged(s: Settings, p: Preset): Settings {
  // A preset's parameters are its own: it never inherits the Default preset's fitted ones.
  const { fsrsParams: _w, lastOptimisation: _o, ...base } = s;
  return {
    ...base,
    ...(p.fsrsParams ? { fsrsParams: p.fsrsParams } : {}),
    ...(p.lastOptimisation ? { lastOptimisation: p.lastOptimisation } : {}),
    newPerDay: p.newPerDay,
    reviewsPerDay: p.reviewsPerDay,
    desiredRetention: p.desiredRetention,
    learningSteps: p.learningSteps,
    relearningSteps: p.relearningSteps,
    maximumInterval: p.maximumInterval,
    buryNewSiblings: p.buryNewSiblings,
    buryReviewSiblings: p.buryReviewSiblings,
  };
}

/** Problems with a preset's options (empty when it can be saved). */
export function validatePreset(p: Preset, base: Settings): string[] {
  const problems = p.name.trim() ? [] : ['A preset needs a name.'];
  return [...problems, ...validateSettings(merged(base, p))];
}
