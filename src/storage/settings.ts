import { DEFAULT_SETTINGS, type Settings } from '../core/types';
import { validateSettings } from '../core/buckets';
import { AppError, ErrorCode } from '../core/errors';
import { openDatabase } from './db';

/** Settings as stored, completed with defaults for keys added since they were saved. */
export async function getSettings(dbName?: string): Promise<Settings> {
  const db = await openDatabase(dbName);
  const stored = (await db.get('meta', 'settings')) as Partial<Settings> | undefined;
  return { ...DEFAULT_SETTINGS, ...(stored ?? {}) };
}

/**
 * Validates and saves the settings (invalid ones are rejected with every problem named); a change of the study options every device shares takes a
 * stamp in the same transaction (settings-write.ts, loaded on first save: the first screen only
 * reads settings).
 */
export async function saveSettings(settings: Settings, dbName?: string): Promise<Settings> {
  const problems = validateSettings(settings);
  if (problems.length) throw new AppError(ErrorCode.InvalidSettings, problems.join(' '));
  return (await import('./settings-write')).writeSettings(settings, dbName);
}

/** meta key: `{ mtime, usn }` of the last change of the shared study options (sync/docs.ts SYNCED_SETTINGS). */
export const SETTINGS_STAMP_KEY = 'settingsStamp';

export async function getMeta<T>(key: string, dbName?: string): Promise<T | undefined> {
  const db = await openDatabase(dbName);
  return (await db.get('meta', key)) as T | undefined;
}

export async function setMeta(key: string, value: unknown, dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  await db.put('meta', value, key);
}

/** When this device first opened the app (for the backup reminder); recorded once. */
export async function firstUseAt(now: number, dbName?: string): Promise<number> {
  const db = await openDatabase(dbName);
  const stored = (await db.get('meta', 'installedAt')) as number | undefined;
  if (stored !== undefined) return stored;
  await db.put('meta', now, 'installedAt');
  return now;
}
