/**
 * How many cards each deck holds, kept in `meta` so that the deck list never counts whole decks:
 * an index count walks every entry of its range (in Chromium about 6 µs an entry, so 0.7 s for
 * 100,000 cards), while the due counts only walk what is due today.
 *
 * Totals change only when cards are added, removed or moved between decks. Every transaction
 * that does so calls `markDeckTotalsStale` for the decks it touched (import, built-in deck sync,
 * restore, bulk writes); the next deck list counts just those decks again and stores the result.
 * A token changes with every such write, so a count that raced with a write is never stored.
 */
import type { DB } from './db';

export const DECK_TOTALS_KEY = 'deckTotals';

interface DeckTotalsRecord {
  token: string;
  totals: Record<string, number>;
}

/** The part of a `meta` object store in a read-write transaction that is needed here. */
interface MetaStore {
  get(key: string): Promise<unknown>;
  put(value: unknown, key: string): Promise<unknown>;
}

const newToken = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** Within the caller's transaction: forget the totals of `deckIds` (or all of them). */
export async function markDeckTotalsStale(meta: MetaStore, deckIds: Iterable<string> | 'all'): Promise<void> {
  const current = (await meta.get(DECK_TOTALS_KEY)) as DeckTotalsRecord | undefined;
  const totals: Record<string, number> = deckIds === 'all' ? {} : { ...(current?.totals ?? {}) };
  if (deckIds !== 'all') for (const id of deckIds) delete totals[id];
  await meta.put({ token: newToken(), totals } satisfies DeckTotalsRecord, DECK_TOTALS_KEY);
}

/** What the deck list read from the cache: known totals, and the token they belong to. */
export interface CachedTotals {
  token: string | undefined;
  totals: Record<string, number>;
}

export function cachedTotals(value: unknown): CachedTotals {
  const rec = value as DeckTotalsRecord | undefined;
  return { token: rec?.token, totals: rec?.totals ?? {} };
}

/**
 * Stores freshly counted totals, unless a write marked totals stale since they were read (its
 * new token tells): then they are dropped and counted again next time.
 */
export async function storeCountedTotals(db: DB, read: CachedTotals, counted: Record<string, number>): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  const current = (await tx.store.get(DECK_TOTALS_KEY)) as DeckTotalsRecord | undefined;
  if (current?.token !== read.token) {
    await tx.done;
    return;
  }
  await tx.store.put({ token: current?.token ?? newToken(), totals: { ...(current?.totals ?? {}), ...counted } } satisfies DeckTotalsRecord, DECK_TOTALS_KEY);
  await tx.done;
}
