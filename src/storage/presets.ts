/**
 * Presets (named groups of study options) and which deck uses which. The Default preset is the
 * Settings screen's options and is not stored; other presets are logical records like notes
 * (stamped, tombstoned on delete). A deck without `presetId`, or whose preset is gone, uses Default.
 */
import type { Deck, Settings } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { DEFAULT_PRESET_ID, defaultPreset, effectiveSettings, validatePreset, type Preset } from '../core/presets';
import { openDatabase } from './db';
import { writeTransaction } from './write';
import { abandonTransaction, asStorageError } from './errors';
import { nextStamp, stamped } from './stamp';

export async function listPresets(settings: Settings, dbName?: string): Promise<Preset[]> {
  const stored = await (await openDatabase(dbName)).getAll('presets');
  return [defaultPreset(settings), ...stored.sort((a, b) => a.name.localeCompare(b.name))];
}

/** Every deck's preset (Default where none or a missing one is set). */
export function presetOf(deck: Pick<Deck, 'presetId'>, presets: ReadonlyMap<string, Preset>, settings: Settings): Preset {
  return (deck.presetId && presets.get(deck.presetId)) || defaultPreset(settings);
}

/** Creates or updates a preset (not Default: that one is saved through the settings). */
export async function savePreset(preset: Preset, settings: Settings, now: number, dbName?: string): Promise<Preset> {
  if (preset.id === DEFAULT_PRESET_ID) throw new AppError(ErrorCode.Invalid, 'The Default preset is changed on the Settings screen.');
  const problems = validatePreset(preset, settings);
  if (problems.length) throw new AppError(ErrorCode.InvalidSettings, problems.join(' '));
  const db = await openDatabase(dbName);
  const tx = db.transaction(['presets', 'meta'], 'readwrite');
  try {
    const stamp = await nextStamp(tx.objectStore('meta'), now);
    const clean = stamped({ ...preset, id: preset.id || `preset-${now.toString(36)}-${Math.floor(Math.random() * 0x10000).toString(36)}`, name: preset.name.trim(), learningSteps: [...preset.learningSteps], relearningSteps: [...preset.relearningSteps] }, stamp);
    await tx.objectStore('presets').put(clean);
    await tx.done;
    return clean;
  } catch (e) {
    await abandonTransaction(tx);
    throw asStorageError(e, 'The preset could not be saved');
  }
}

/** Deletes a preset; the decks that used it go back to Default. */
export async function deletePreset(presetId: string, now: number, dbName?: string): Promise<void> {
  if (presetId === DEFAULT_PRESET_ID) throw new AppError(ErrorCode.Invalid, 'The Default preset cannot be deleted.');
  return writeTransaction(dbName, ['presets', 'decks', 'graves', 'meta'], 'The preset could not be deleted', async (tx, writes) => {
    const [decks, stamp] = await Promise.all([tx.objectStore('decks').getAll(), nextStamp(tx.objectStore('meta'), now)]);
    for (const d of decks)
      if (d.presetId === presetId) {
        const { presetId: _p, ...rest } = d;
        writes.push(tx.objectStore('decks').put(stamped(rest, stamp)));
      }
    writes.push(tx.objectStore('presets').delete(presetId));
    writes.push(tx.objectStore('graves').put({ key: `preset:${presetId}`, kind: 'preset', id: presetId, ...stamp }));
  });
}

/** Gives decks a preset (Default: `DEFAULT_PRESET_ID`). */
export async function setDeckPreset(deckIds: string[], presetId: string, now: number, dbName?: string): Promise<void> {
  return writeTransaction(dbName, ['presets', 'decks', 'meta'], 'The preset could not be set', async (tx, writes) => {
    if (presetId !== DEFAULT_PRESET_ID && !(await tx.objectStore('presets').get(presetId))) throw new AppError(ErrorCode.NotFound, 'That preset no longer exists. Nothing was changed.');
    const stamp = await nextStamp(tx.objectStore('meta'), now);
    for (const id of deckIds) {
      const d = await tx.objectStore('decks').get(id);
      if (!d) continue;
      const { presetId: _p, ...rest } = d;
      writes.push(tx.objectStore('decks').put(stamped(presetId === DEFAULT_PRESET_ID ? rest : { ...rest, presetId }, stamp)));
    }
  });
}

/** The settings each deck's cards are scheduled with (its preset over the app-wide settings). */
export async function settingsByDeck(settings: Settings, dbName?: string): Promise<(deckId: string) => Settings> {
  const db = await openDatabase(dbName);
  const [decks, presets] = await Promise.all([db.getAll('decks'), db.getAll('presets')]);
  const byId = new Map(presets.map((p) => [p.id, p]));
  const out = new Map(decks.map((d) => [d.id, effectiveSettings(settings, presetOf(d, byId, settings))]));
  return (deckId) => out.get(deckId) ?? settings;
}
