/** Unburying: buried cards come back when the day they were buried for has passed. */
import { QueueBucket } from '../core/types';
import { bucketOf } from '../core/buckets';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError } from './errors';
import { nextStamp, stamped } from './stamp';

/** Cards buried until a time that has passed come back to their queues (run before the queue is read). */
export async function unburyExpired(now: number, dbName?: string): Promise<number> {
  const db = await openDatabase(dbName);
  const range = IDBKeyRange.bound([QueueBucket.Buried, -Infinity], [QueueBucket.Buried, Infinity]);
  const keys = await db.getAllKeysFromIndex('cards', 'byBucketDue', range, 1);
  if (!keys.length) return 0;
  const tx = db.transaction(['cards', 'meta'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const cards = tx.objectStore('cards');
    const buried = (await cards.index('byBucketDue').getAll(range)).filter((c) => (c.buriedUntil ?? 0) <= now);
    if (buried.length) {
      const stamp = await nextStamp(tx.objectStore('meta'), now);
      for (const c of buried) {
        const { buriedUntil: _b, ...rest } = c;
        writes.push(cards.put(stamped({ ...rest, bucket: bucketOf(c.state, c.suspended) }, stamp)));
      }
    }
    await Promise.all([...writes, tx.done]);
    return buried.length;
  } catch (e) {
    await abandonTransaction(tx, writes);
    throw asStorageError(e, 'Buried cards could not be brought back');
  }
}
