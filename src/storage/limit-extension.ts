/**
 * "Study more today" (Anki's custom study: increase today's new card / review limit): extra new
 * cards and reviews granted for the current study day, per deck or for "Study all decks". Kept
 * in `meta` with the day they belong to; the next study day ignores them.
 */
import type { Settings } from '../core/types';
import { studyDayStart } from '../core/time';
import { openDatabase } from './db';
import { asStorageError } from './errors';
import type { MetaStore } from './stamp';

export const LIMIT_EXTENSION_KEY = 'limitExtension';

export interface Extra {
  new: number;
  review: number;
}

export interface LimitExtension {
  /** Start of the study day these apply to. */
  day: number;
  /** Granted from "Study all decks": raises the app-wide caps and every deck's limits. */
  all: Extra;
  byDeck: Record<string, Extra>;
}

const none = (): Extra => ({ new: 0, review: 0 });

/** Today's extension (zeros when none, or when it was granted on another day). */
export function extensionFor(stored: unknown, now: number, settings: Settings): LimitExtension {
  const day = studyDayStart(now, settings.dayStartHour);
  const e = stored as LimitExtension | undefined;
  return e && e.day === day ? e : { day, all: none(), byDeck: {} };
}

export async function readExtension(meta: MetaStore, now: number, settings: Settings): Promise<LimitExtension> {
  return extensionFor(await meta.get(LIMIT_EXTENSION_KEY), now, settings);
}

/**
 * Grants `extra` more new cards / reviews today to `scope` ('all' or a deck id). Refuses
 * anything but whole numbers from 0 to 9,999, and changes nothing then.
 */
export async function extendToday(scope: string, extra: Extra, now: number, settings: Settings, dbName?: string): Promise<LimitExtension> {
  for (const [k, v] of Object.entries(extra)) if (!Number.isInteger(v) || v < 0 || v > 9999) throw new RangeError(`More ${k === 'new' ? 'new cards' : 'reviews'} today must be a whole number from 0 to 9999.`);
  const db = await openDatabase(dbName);
  const tx = db.transaction('meta', 'readwrite');
  try {
    const e = await readExtension(tx.store as unknown as MetaStore, now, settings);
    const add = (to: Extra): Extra => ({ new: to.new + extra.new, review: to.review + extra.review });
    const next: LimitExtension = scope === 'all' ? { ...e, all: add(e.all) } : { ...e, byDeck: { ...e.byDeck, [scope]: add(e.byDeck[scope] ?? none()) } };
    await tx.store.put(next, LIMIT_EXTENSION_KEY);
    await tx.done;
    return next;
  } catch (err) {
    throw asStorageError(err, 'The extra cards could not be saved');
  }
}
