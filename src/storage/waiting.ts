/**
 * What is left in a scope once today's session is done, for the "done for today" view to tell
 * the truth: new cards that wait because today's new-card limit is used, and reviews due beyond
 * today's review limit. Counts stop at WAITING_CAP (an index count walks every entry).
 */
import { QueueBucket, type Settings } from '../core/types';
import { nextStudyDayStart } from '../core/time';
import { openDatabase } from './db';
import { packDirectory } from './pack-format';
import { scopeDecks } from './queue';

export const WAITING_CAP = 1000;

export interface Waiting {
  /** New cards in the scope (packed ones included), up to WAITING_CAP. */
  newCards: number;
  /** Reviews due today in the scope, up to WAITING_CAP. */
  reviews: number;
}

export async function countWaiting(scope: string, now: number, settings: Settings, dbName?: string): Promise<Waiting> {
  const db = await openDatabase(dbName);
  if (scope.startsWith('topic:') || scope.startsWith('custom:')) return { newCards: 0, reviews: 0 };
  const dayEnd = nextStudyDayStart(now, settings.dayStartHour);
  const decks = await scopeDecks(db, scope);
  const tx = db.transaction(['cards', 'packs']);
  const cards = tx.objectStore('cards');
  const keys = (bucket: number, hi: number, deckId?: string) =>
    deckId === undefined
      ? cards.index('byBucketDue').getAllKeys(IDBKeyRange.bound([bucket, -Infinity], [bucket, hi], false, true), WAITING_CAP)
      : cards.index('byDeckBucketDue').getAllKeys(IDBKeyRange.bound([deckId, bucket, -Infinity], [deckId, bucket, hi], false, true), WAITING_CAP);
  const ids = decks === 'all' ? [undefined] : decks;
  const [fresh, due, packKeys] = await Promise.all([
    Promise.all(ids.map((id) => keys(QueueBucket.New, Infinity, id))),
    Promise.all(ids.map((id) => keys(QueueBucket.Review, dayEnd, id))),
    tx.objectStore('packs').getAllKeys(),
  ]);
  await tx.done;
  const packs = packDirectory(packKeys);
  const packed = (decks === 'all' ? packs.decks : decks).reduce((t, id) => t + (packs.get(id)?.cards ?? 0), 0);
  const sum = (lists: unknown[][]) => lists.reduce((t, l) => t + l.length, 0);
  return { newCards: Math.min(WAITING_CAP, sum(fresh) + packed), reviews: Math.min(WAITING_CAP, sum(due)) };
}
