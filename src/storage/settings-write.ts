/** The write half of saveSettings (settings.ts), kept out of the first screen's chunk. */
import { DEFAULT_SETTINGS, type Settings } from '../core/types';
import { SYNCED_SETTINGS } from '../sync/docs';
import { SETTINGS_STAMP_KEY } from './settings';
import { nextStamp } from './stamp';
import { writeTransaction } from './write';

export async function writeSettings(settings: Settings, dbName?: string): Promise<Settings> {
  const clean: Settings = { ...settings, learningSteps: [...settings.learningSteps], relearningSteps: [...settings.relearningSteps] };
  // A change of the study options every device shares takes a stamp (the change feed), in the
  // same transaction: sync sends them and replays the cards they schedule.
  await writeTransaction(dbName, ['meta'], 'The settings could not be saved', async (tx, writes) => {
    const meta = tx.objectStore('meta');
    const stored = { ...DEFAULT_SETTINGS, ...(((await meta.get('settings')) as Partial<Settings> | undefined) ?? {}) };
    const shared = (x: Settings): string => JSON.stringify(SYNCED_SETTINGS.map((k) => x[k]));
    if (shared(stored) !== shared(clean)) {
      const now = Date.now();
      const stamp = await nextStamp(meta, now, dbName);
      writes.push(meta.put(stamp, SETTINGS_STAMP_KEY));
    }
    writes.push(meta.put(clean, 'settings'));
  });
  return clean;
}
