/**
 * Packed review history. A first sync of a device brings the whole log of the other devices
 * (a million entries at the bench's size); one IndexedDB record per entry costs ~40-50 s to
 * store here before anything else happens. So a big pull stores the entries it brings that are
 * older than PACK_AFTER_MS as tuples, bucketed by card (LOG_PACK_BUCKETS records, ~1,000 entries
 * each at a million), in the `logPacks` store; newer entries and everything else stay records in
 * `revlog`.
 *
 * Who reads the log and how:
 * - Readers of recent entries only (today's limits, the stats tail, undo, the safety net of a
 *   push) read records: nothing newer than PACK_AFTER_MS before its apply is ever packed.
 * - Readers by card (replay at sync, the card's history, export) and of the whole log (stats,
 *   the optimiser, backup) read both, through the functions here.
 * - Entries never leave a pack except by an undo from another device (the bucket is rewritten
 *   without them); nothing moves packed entries back to records.
 */
import type { ReviewLogRecord } from '../core/types';
import { packReview, unpackReview, type PackedReview } from '../core/review-tuple';
import { idHash } from './pack-format';
import { LOG_PACK_META_KEY, type LogPackMeta } from './revlog-epoch';

export const LOG_PACK_BUCKETS = 1024;
/** Entries logged less than this long before the apply stay records (the stats tail and undo look back this far). */
export const PACK_AFTER_MS = 2 * 86_400_000;
/** A pull that brings fewer new entries than this writes records (packing pays at first syncs). */
export const PACK_MIN_ENTRIES = 2_000;

export { LOG_PACK_META_KEY, type LogPackMeta } from './revlog-epoch';

export interface LogPackRecord {
  bucket: number;
  reviews: PackedReview[];
}

const EMPTY: LogPackMeta = { count: 0, newest: -Infinity };

export const logBucketOf = (cardId: string): number => idHash(cardId) % LOG_PACK_BUCKETS;

/** A pack's entries as records. */
export const packedEntries = (rec: LogPackRecord): ReviewLogRecord[] => rec.reviews.map(fromPack);

/** A packed entry as a record. Packed entries came from a server: stamped 0, never sent as this device's own. */
function fromPack(p: PackedReview): ReviewLogRecord {
  const r = unpackReview(p);
  r.usn = 0;
  return r;
}

interface MetaReader {
  get(key: string): Promise<unknown>;
}
interface MetaWriter extends MetaReader {
  put(value: unknown, key: string): Promise<unknown>;
}
export interface PackReader {
  get(bucket: number): Promise<LogPackRecord | undefined>;
  getAll(range: IDBKeyRange): Promise<LogPackRecord[]>;
}
interface PackWriter extends PackReader {
  put(record: LogPackRecord): Promise<unknown>;
}

export async function readLogPackMeta(meta: MetaReader): Promise<LogPackMeta> {
  return ((await meta.get(LOG_PACK_META_KEY)) as LogPackMeta | undefined) ?? EMPTY;
}

/** The packed entries of these cards, by card (each card's bucket read once). */
export async function packedOfCards(packs: PackReader, cardIds: Iterable<string>): Promise<Map<string, ReviewLogRecord[]>> {
  const want = new Set(cardIds);
  const buckets = [...new Set([...want].map(logBucketOf))];
  const records = await Promise.all(buckets.map((b) => packs.get(b)));
  const out = new Map<string, ReviewLogRecord[]>();
  for (const rec of records) {
    if (!rec) continue;
    for (const p of rec.reviews) {
      if (!want.has(p[1])) continue;
      const list = out.get(p[1]);
      if (list) list.push(fromPack(p));
      else out.set(p[1], [fromPack(p)]);
    }
  }
  return out;
}

/** Every packed entry, `per` buckets at a time (each batch handed over as records). */
export async function forEachPacked(packs: PackReader, onBatch: (logs: ReviewLogRecord[]) => void | Promise<void>, per = 64): Promise<void> {
  for (let b = 0; b < LOG_PACK_BUCKETS; b += per) {
    const records = await packs.getAll(IDBKeyRange.bound(b, b + per, false, true));
    const logs: ReviewLogRecord[] = [];
    for (const r of records) for (const p of r.reviews) logs.push(fromPack(p));
    await onBatch(logs);
  }
}

/** Every packed entry at or after `time` (none are read when none can be: `meta.newest`). */
export async function packedSince(packs: PackReader, meta: LogPackMeta, time: number): Promise<ReviewLogRecord[]> {
  const out: ReviewLogRecord[] = [];
  if (!meta.count || meta.newest < time) return out;
  await forEachPacked(packs, (logs) => {
    for (const r of logs) if (r.time >= time) out.push(r);
  });
  return out;
}

/**
 * Changes the packs inside the caller's read-write transaction: `add` entries (each into its
 * card's bucket, an id already there skipped) and `remove` entries (by id, found in their card's
 * bucket). Each touched bucket is read once and written once; the summary in `meta` follows.
 * With the summary `known` (read earlier in the transaction) and no packs yet, nothing is read:
 * the puts queue at once.
 */
export async function writePacked(packs: PackWriter, meta: MetaWriter, change: { add: ReviewLogRecord[]; remove: { id: string; cardId: string }[] }, writes: Promise<unknown>[], known?: LogPackMeta): Promise<void> {
  if (!change.add.length && !change.remove.length) return;
  const adds = new Map<number, ReviewLogRecord[]>();
  const removes = new Map<number, Set<string>>();
  for (const r of change.add) {
    const b = logBucketOf(r.cardId);
    const list = adds.get(b);
    if (list) list.push(r);
    else adds.set(b, [r]);
  }
  for (const r of change.remove) {
    const b = logBucketOf(r.cardId);
    const set = removes.get(b);
    if (set) set.add(r.id);
    else removes.set(b, new Set([r.id]));
  }
  const buckets = [...new Set([...adds.keys(), ...removes.keys()])];
  const summary = known ?? (await readLogPackMeta(meta));
  const records = summary.count ? await Promise.all(buckets.map((b) => packs.get(b))) : [];
  let { count, newest } = summary;
  buckets.forEach((bucket, i) => {
    const old = records[i]?.reviews ?? [];
    const gone = removes.get(bucket);
    const kept = gone ? old.filter((p) => !gone.has(p[0])) : old;
    count -= old.length - kept.length;
    const have = new Set(kept.map((p) => p[0]));
    for (const r of adds.get(bucket) ?? []) {
      if (have.has(r.id)) continue;
      have.add(r.id);
      kept.push(packReview(r));
      count++;
      if (r.time > newest) newest = r.time;
    }
    writes.push(packs.put({ bucket, reviews: kept }));
  });
  writes.push(meta.put({ count, newest } satisfies LogPackMeta, LOG_PACK_META_KEY));
}

/** Every entry at or after `time`, records and packed history, oldest first. */
export async function logSince(db: { getAllFromIndex(store: 'revlog', index: 'byTime', range: IDBKeyRange): Promise<ReviewLogRecord[]>; transaction(store: 'meta'): { store: MetaReader } } & Parameters<typeof packsOf>[0], time: number): Promise<ReviewLogRecord[]> {
  const [records, packed] = await Promise.all([db.getAllFromIndex('revlog', 'byTime', IDBKeyRange.lowerBound(time)), readLogPackMeta(db.transaction('meta').store).then((m) => packedSince(packsOf(db), m, time))]);
  return packed.length ? [...records, ...packed].sort((a, b) => a.time - b.time) : records;
}

/** The packs read through the database, a transaction per call. */
export function packsOf(db: { get(store: 'logPacks', key: number): Promise<LogPackRecord | undefined>; getAll(store: 'logPacks', range: IDBKeyRange): Promise<LogPackRecord[]> }): PackReader {
  return { get: (b) => db.get('logPacks', b), getAll: (r) => db.getAll('logPacks', r) };
}

/** What `heldEntries` reads: the records (by id) and the packs, with their summary. */
export interface LogStores {
  revlog: { getKey(id: string): Promise<string | undefined>; get(id: string): Promise<ReviewLogRecord | undefined> };
  logPacks: PackReader;
  meta: MetaReader;
}

/**
 * Of the entries in these sync chunks (tuples: [id, cardId, ..., time at 3]; undos: [id, time,
 * cardId?]), which this device holds, as a record or packed: the reviews' ids, and for undone
 * reviews it still holds, their cards. A changed chunk arrives with every entry it held before,
 * so this is what tells the new ones apart. Packs are read only for entries that can be there
 * (not newer than the newest packed entry) and only when records do not have them.
 */
export async function heldEntries(stores: LogStores, chunks: { reviews: [string, string, ...unknown[]][]; undos: [string, number, string?][] }[]): Promise<{ reviews: Set<string>; undoneCards: Map<string, string> }> {
  const reviews = chunks.flatMap((c) => c.reviews);
  const undos = chunks.flatMap((c) => c.undos);
  const [keys, undone, meta] = await Promise.all([Promise.all(reviews.map((r) => stores.revlog.getKey(r[0]))), Promise.all(undos.map((u) => stores.revlog.get(u[0]))), readLogPackMeta(stores.meta)]);
  const held = new Set<string>();
  const undoneCards = new Map<string, string>();
  reviews.forEach((r, i) => keys[i] !== undefined && held.add(r[0]));
  undone.forEach((r) => r && undoneCards.set(r.id, r.cardId));
  if (!meta.count) return { reviews: held, undoneCards };
  const maybe = reviews.filter((r) => !held.has(r[0]) && (r[3] as number) <= meta.newest);
  const maybeUndone = undos.filter((u) => !undoneCards.has(u[0]) && u[2] !== undefined);
  if (!maybe.length && !maybeUndone.length) return { reviews: held, undoneCards };
  const packed = await packedOfCards(stores.logPacks, [...maybe.map((r) => r[1]), ...maybeUndone.map((u) => u[2]!)]);
  const ids = new Map<string, string>();
  for (const list of packed.values()) for (const r of list) ids.set(r.id, r.cardId);
  for (const r of maybe) if (ids.has(r[0])) held.add(r[0]);
  for (const u of maybeUndone) {
    const card = ids.get(u[0]);
    if (card !== undefined) undoneCards.set(u[0], card);
  }
  return { reviews: held, undoneCards };
}
