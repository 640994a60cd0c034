/** The one shape every read-write transaction of the record layer takes. */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { PrepdeckDB } from './schema';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError } from './errors';

export type WriteTx<S extends StoreNames<PrepdeckDB>[]> = IDBPTransaction<PrepdeckDB, S, 'readwrite'>;

/**
 * Runs `body` in one read-write transaction over `stores`. The body queues its writes in
 * `writes` (not awaited one by one); they and the transaction's end are awaited together. On
 * any failure the transaction is abandoned (nothing of it lands) and the error is rethrown as
 * an AppError that begins with `failure` when the cause is a full disk.
 */
export async function writeTransaction<const S extends StoreNames<PrepdeckDB>[], T>(
  dbName: string | undefined,
  stores: S,
  failure: string,
  body: (tx: WriteTx<S>, writes: Promise<unknown>[]) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(stores, 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const result = await body(tx, writes);
    await Promise.all([...writes, tx.done]);
    return result;
  } catch (e) {
    await abandonTransaction(tx, writes);
    throw asStorageError(e, failure);
  }
}
