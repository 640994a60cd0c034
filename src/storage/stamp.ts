/**
 * The change counter. Every read-write transaction that changes a logical record (note, card,
 * deck, note type, preset, tombstone) takes one value of this device's counter (`meta.usn`) and
 * stamps every record it writes with it and with the write time. A record's `usn` only grows, so
 * "everything with usn > N" is every change after the moment the counter stood at N: the same
 * idea as Anki's update sequence numbers and CouchDB's `_changes` sequence. Device sync (later)
 * and search indexes follow this feed instead of re-reading the collection.
 *
 * The counter is read and written inside the caller's transaction, so two tabs never hand out
 * the same value and a value is never seen before the records it stamps are committed.
 */
import type { Stamp } from '../core/types';

export const USN_KEY = 'usn';

/** The part of a read-write `meta` object store that is needed here. */
export interface MetaStore {
  get(key: string): Promise<unknown>;
  put(value: unknown, key: string): Promise<unknown>;
}

/**
 * The counter value this tab last saw written, per database: the grade path writes with it + 1
 * before its read comes back and corrects it when another tab moved on (storage/review.ts).
 */
const seen = new Map<string, number>();
export const lastUsn = (dbName = ''): number => seen.get(dbName) ?? 0;
export function rememberUsn(usn: number, dbName = ''): void {
  seen.set(dbName, usn);
}
export function forgetUsn(dbName = ''): void {
  seen.delete(dbName);
}

/** Takes the next counter value inside the caller's transaction. */
export async function nextStamp(meta: MetaStore, now: number, dbName?: string): Promise<Stamp> {
  const current = ((await meta.get(USN_KEY)) as number | undefined) ?? 0;
  const usn = current + 1;
  rememberUsn(usn, dbName);
  // Its failure fails the transaction, which the caller reports.
  meta.put(usn, USN_KEY).catch(() => undefined);
  return { mtime: now, usn };
}

/** `record` with `stamp` (a new object: the caller's value is not changed). */
export function stamped<T extends Stamp>(record: T, stamp: Stamp): T {
  return { ...record, mtime: stamp.mtime, usn: stamp.usn };
}
