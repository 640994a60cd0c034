/**
 * Writing many records in ONE transaction without a promise per record: the native requests are
 * queued back to back and the transaction's completion (or its abort) reports the outcome. At
 * 100,000 records the per-request promises of idb's wrapper cost more than IndexedDB itself.
 * Used by the benchmark's collection generator (src/bench); the stores written are the app's own.
 */
import { unwrap } from 'idb';
import type { CardRecord, Deck, Note, ReviewLogRecord } from '../core/types';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError } from './errors';
import { bumpRevlogEpoch } from './revlog-epoch';
import { markDeckTotalsStale } from './deck-totals';

export interface BulkRecords {
  decks?: Deck[];
  notes?: Note[];
  cards?: CardRecord[];
  revlog?: ReviewLogRecord[];
}

/** Puts every record into its store, all or nothing. */
export async function putRecords(records: BulkRecords, dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  // Only the stores written: transactions over other stores can run at the same time.
  const stores: ('decks' | 'notes' | 'cards' | 'revlog' | 'meta')[] = (['decks', 'notes', 'cards', 'revlog'] as const).filter((s) => records[s]?.length);
  if (!stores.length) return;
  if (records.cards?.length || records.revlog?.length) stores.push('meta');
  const tx = db.transaction(stores, 'readwrite');
  const raw = unwrap(tx);
  try {
    if (records.cards?.length) await markDeckTotalsStale(tx.objectStore('meta'), new Set(records.cards.map((c) => c.deckId)));
    if (records.revlog?.length) await bumpRevlogEpoch(tx.objectStore('meta'));
    for (const [name, list] of Object.entries(records) as [keyof BulkRecords, unknown[] | undefined][]) {
      if (!list?.length) continue;
      const store = raw.objectStore(name);
      for (const r of list) store.put(r);
    }
    await tx.done;
  } catch (e) {
    await abandonTransaction(tx);
    throw asStorageError(e, 'The records could not be saved');
  }
}
