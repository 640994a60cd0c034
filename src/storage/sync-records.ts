/**
 * The IndexedDB side of sync, in the record layer (no PouchDB here): the device's sync state in `meta`, the change
 * feed read into the engine's shape (only what changed, via the stores' `byUsn` indexes and the
 * review log's `byCard` index; the whole collection only on a first sync or after a change of
 * study options). The engine's `incoming` result is written back in sync-apply.ts.
 */
import type { CardRecord, MediaRecord, Note, NoteType, ReviewLogRecord, Settings, Tombstone } from '../core/types';
import { DEFAULT_SETTINGS } from '../core/types';
import { openDatabase } from './db';
import { findPacked } from './packed';
import { unpackAll, mergeById } from './packs';
import { unpack } from './pack-format';
import { USN_KEY } from './stamp';
import { forEachPacked, heldEntries, packedOfCards, readLogPackMeta } from './log-packs';
import { SETTINGS_STAMP_KEY } from './settings';
import type { SyncConfig, SyncErrorKind } from '../sync/api';
import type { CardBody, LwwDoc, RevlogChunkDoc } from '../sync/docs';
import type { LocalState } from '../sync/engine';

/**
 * meta key of this device's sync state. Device-only: a backup reads only `meta.settings`
 * (storage/snapshot.ts), so credentials and checkpoints never reach a backup file
 * (tests/unit/sync-client.test.ts checks it).
 */
export const SYNC_META_KEY = 'sync';

const SAFETY_NET_MS = 3_600_000;

export interface SyncState {
  /** This device's id: names its review-log chunks (`revlog:<device>:<seq>`). */
  device: string;
  /** Present while sync is on. */
  config?: SyncConfig;
  /** The change counter at the last sync: records stamped after it are sent next time. */
  since: number;
  /** The stamp of sync's own last write, when it is above `since` (left out of the feed). */
  skipUsn?: number;
  /**
   * The sequence number of this device's newest review-log chunk when the last sync completed.
   * Chunks from there on may hold entries of an interrupted push that are still in the feed:
   * the next push reads them so it does not chunk the same reviews again.
   */
  chunkSeq?: number;
  /** Cards whose document arrived before their note (engine.ts `orphans`): offered again next time. */
  orphanCards?: string[];
  /** The local replica's update sequence applied to the records so far. */
  seq?: number | string;
  /** Where the replica's `seq` belongs (a new server or replica starts over). */
  replica?: string;
  lastSyncAt?: number;
  lastError?: { kind: SyncErrorKind; message: string; at: number };
}

export function newDeviceId(): string {
  const bytes = new Uint8Array(10);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(36).padStart(2, '0')).join('').slice(0, 16);
}

export async function readSyncState(dbName?: string): Promise<SyncState | undefined> {
  return (await (await openDatabase(dbName)).get('meta', SYNC_META_KEY)) as SyncState | undefined;
}

export async function writeSyncState(state: SyncState, dbName?: string): Promise<void> {
  await (await openDatabase(dbName)).put('meta', state, SYNC_META_KEY);
}

export async function clearSyncState(dbName?: string): Promise<void> {
  await (await openDatabase(dbName)).delete('meta', SYNC_META_KEY);
}

export async function getMediaRecord(key: string, dbName?: string): Promise<MediaRecord | undefined> {
  return (await openDatabase(dbName)).get('media', key);
}

export async function hasMedia(key: string, dbName?: string): Promise<boolean> {
  return (await (await openDatabase(dbName)).getKey('media', key)) !== undefined;
}

/**
 * The media files of the user's own decks (keys `deckId/name`), and which of those decks were
 * written since the last sync (a re-import, which may replace a file under the same name; a
 * rename; an undone deletion): sync hashes those decks' files again, the others only when the
 * replica maps no file under their name. No sync yet: every deck counts as changed.
 */
export async function ownMediaChanges(dbName?: string): Promise<{ keys: string[]; changedDecks: Set<string> }> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['media', 'decks', 'meta']);
  const [keys, decks, state] = await Promise.all([tx.objectStore('media').getAllKeys(), tx.objectStore('decks').getAll(), tx.objectStore('meta').get(SYNC_META_KEY) as Promise<SyncState | undefined>]);
  await tx.done;
  const own = decks.filter((d) => d.source !== 'builtin');
  const ids = new Set(own.map((d) => d.id));
  const since = state?.since ?? 0;
  const changedDecks = new Set(own.filter((d) => since === 0 || d.usn === undefined || inFeed(d.usn, since, state?.skipUsn)).map((d) => d.id));
  return { keys: keys.filter((k) => ids.has(k.slice(0, k.indexOf('/')))), changedDecks };
}

/** The `byUsn` key ranges after `since`, without `skip` (sync's own write). */
export function feedRanges(since: number, skip: number | undefined): IDBKeyRange[] {
  if (skip !== undefined && skip > since) return [IDBKeyRange.bound(since, skip, true, true), IDBKeyRange.lowerBound(skip, true)];
  return [IDBKeyRange.lowerBound(since, true)];
}

const inFeed = (usn: number | undefined, since: number, skip: number | undefined): boolean => usn !== undefined && usn > since && usn !== skip;

interface IndexReader<V> {
  index(name: 'byUsn'): { getAll(range: IDBKeyRange): Promise<V[]>; count(range: IDBKeyRange): Promise<number> };
}

export async function feed<V>(store: IndexReader<V>, ranges: IDBKeyRange[]): Promise<V[]> {
  return (await Promise.all(ranges.map((r) => store.index('byUsn').getAll(r)))).flat();
}

/** How many local changes wait to be sent (records and graves stamped after the last sync). */
export async function pendingChanges(state: SyncState | undefined, dbName?: string): Promise<number> {
  if (!state?.config) return 0;
  const db = await openDatabase(dbName);
  const ranges = feedRanges(state.since, state.skipUsn);
  const tx = db.transaction(['notes', 'cards', 'decks', 'notetypes', 'presets', 'graves', 'packs']);
  const counts = await Promise.all((['notes', 'cards', 'decks', 'notetypes', 'presets', 'graves', 'packs'] as const).flatMap((s) => ranges.map((r) => tx.objectStore(s).index('byUsn').count(r))));
  await tx.done;
  return counts.reduce((a, b) => a + b, 0);
}

interface MetaReader {
  get(key: string): Promise<unknown>;
}

/** What sync reads of `meta`: the change counter, the settings, and the shared study options' stamp. */
export async function readSyncMeta(meta: MetaReader): Promise<{ counter: number | undefined; settings: Settings; settingsStamp: { mtime: number; usn: number } }> {
  const [counter, stored, stamp] = await Promise.all([meta.get(USN_KEY) as Promise<number | undefined>, meta.get('settings') as Promise<Partial<Settings> | undefined>, meta.get(SETTINGS_STAMP_KEY) as Promise<{ mtime: number; usn: number } | undefined>]);
  return { counter, settings: { ...DEFAULT_SETTINGS, ...(stored ?? {}) }, settingsStamp: stamp ?? { mtime: 0, usn: 0 } };
}

function emptyState(settings: Settings, settingsStamp: { mtime: number; usn: number }): LocalState {
  return { notes: new Map(), cards: new Map(), decks: new Map(), noteTypes: new Map(), presets: new Map(), stories: new Map(), settings, settingsStamp, revlog: new Map(), graves: new Map() };
}

export interface OutgoingRead {
  state: LocalState;
  /** The change counter when this was read. */
  counter: number;
  /** Whether this is everything (a first sync), not only the changes. */
  full: boolean;
  /** Log entries in `state.revlog` already on the server (not this device's to send now). */
  synced: Set<string>;
  /** Entries to send that carry no stamp (imported): marked as sent when the sync lands. */
  unstamped: Set<string>;
}

/**
 * What `outgoing` needs: the records changed after `since` (all of them when `since` is 0),
 * the decks, presets, study options and stories, the notes of changed cards (built-in or not)
 * and the whole log of every changed card (a card graded since the last sync has a new stamp).
 */
export async function readOutgoing(since: number, skip: number | undefined, dbName?: string, lastSyncAt?: number): Promise<OutgoingRead> {
  const db = await openDatabase(dbName);
  const full = since === 0;
  const ranges = feedRanges(since, skip);
  const tx = db.transaction(['meta', 'notes', 'cards', 'decks', 'notetypes', 'presets', 'graves', 'packs', 'packIndex', 'revlog', 'stories', 'logPacks']);
  const meta = tx.objectStore('meta');
  const [{ counter, settings, settingsStamp }, decks, presets, stories] = await Promise.all([readSyncMeta(meta), tx.objectStore('decks').getAll(), tx.objectStore('presets').getAll(), tx.objectStore('stories').getAll()]);
  const state = emptyState(settings, settingsStamp);
  for (const d of decks) state.decks.set(d.id, d);
  for (const p of presets) state.presets.set(p.id, p);
  for (const s of stories) if (full || s.usn === undefined || inFeed(s.usn, since, skip)) state.stories.set(s.noteId, s);
  let notes: Note[];
  let cards: CardRecord[];
  let noteTypes: NoteType[];
  let graves: Tombstone[];
  if (full) {
    const [n, c, t, g, packs] = await Promise.all([tx.objectStore('notes').getAll(), tx.objectStore('cards').getAll(), tx.objectStore('notetypes').getAll(), tx.objectStore('graves').getAll(), tx.objectStore('packs').getAll()]);
    const fromPacks = unpackAll(packs);
    notes = mergeById(n, fromPacks.notes);
    cards = mergeById(c, fromPacks.cards);
    noteTypes = t;
    graves = g;
  } else {
    const [n, c, t, g, packs] = await Promise.all([feed(tx.objectStore('notes'), ranges), feed(tx.objectStore('cards'), ranges), feed(tx.objectStore('notetypes'), ranges), feed(tx.objectStore('graves'), ranges), feed(tx.objectStore('packs'), ranges)]);
    notes = n;
    cards = c;
    noteTypes = t;
    graves = g;
    for (const p of packs) {
      const u = unpack(p);
      for (const x of u.notes) if (inFeed(x.usn, since, skip)) notes.push(x);
      for (const x of u.cards) if (inFeed(x.usn, since, skip)) cards.push(x);
    }
  }
  for (const n of notes) state.notes.set(n.id, n);
  for (const c of cards) state.cards.set(c.id, c);
  for (const t of noteTypes) state.noteTypes.set(t.id, t);
  for (const g of graves) state.graves.set(g.key, g);
  const synced = new Set<string>();
  const unstamped = new Set<string>();
  const take = (r: ReviewLogRecord): void => {
    state.revlog.set(r.id, r);
    if (r.usn === undefined) unstamped.add(r.id);
    else if (!full && !inFeed(r.usn, since, skip)) synced.add(r.id);
  };
  if (full) {
    for (const r of await tx.objectStore('revlog').getAll()) take(r);
    // Synced history stored packed (log-packs.ts): sent again only to a server that lacks it.
    await forEachPacked(tx.objectStore('logPacks'), (logs) => logs.forEach(take));
  } else {
    // Whether a changed card is built-in as shipped depends on its note; its log decides `base`.
    const missing = [...new Set(cards.map((c) => c.noteId))].filter((id) => !state.notes.has(id));
    const [found, logs, packed] = await Promise.all([Promise.all(missing.map((id) => tx.objectStore('notes').get(id))), Promise.all(cards.map((c) => tx.objectStore('revlog').index('byCard').getAll(c.id))), readLogPackMeta(meta).then((m) => (m.count ? packedOfCards(tx.objectStore('logPacks'), cards.map((c) => c.id)) : new Map<string, ReviewLogRecord[]>()))]);
    for (const n of found) if (n) state.notes.set(n.id, n);
    const stillMissing = missing.filter((id) => !state.notes.has(id));
    if (stillMissing.length) for (const n of (await findPacked({ packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex') }, stillMissing)).notes.values()) state.notes.set(n.id, n);
    for (const list of [...logs, ...packed.values()]) for (const r of list) take(r);
    // A safety net under "a graded card is stamped": the entries logged since an hour before the
    // last sync that carry a newer stamp go out even if their card was not stamped. (An hour,
    // for a clock set back a little; a day read thousands of other devices' entries at 1M.)
    if (lastSyncAt !== undefined) for (const r of await tx.objectStore('revlog').index('byTime').getAll(IDBKeyRange.lowerBound(lastSyncAt - SAFETY_NET_MS))) if (!state.revlog.has(r.id) && inFeed(r.usn, since, skip)) take(r);
  }
  await tx.done;
  return { state, counter: counter ?? 0, full, synced, unstamped };
}

/**
 * Of these note and card documents (from bundles that changed), the ids of those this device
 * already holds as they are: a note with the same mtime (or a deletion of a note that is not
 * here), a card with the same attributes. Everything else goes through the apply.
 */
export async function unchangedRecords(docs: LwwDoc[], dbName?: string): Promise<Set<string>> {
  const same = new Set<string>();
  if (!docs.length) return same;
  const db = await openDatabase(dbName);
  const tx = db.transaction(['notes', 'cards', 'packs', 'packIndex']);
  const notes = docs.filter((d) => d.type === 'note');
  const cards = docs.filter((d) => d.type === 'card');
  const idOf = (d: LwwDoc): string => d._id.slice(d.type.length + 1);
  const [n, c] = await Promise.all([Promise.all(notes.map((d) => tx.objectStore('notes').get(idOf(d)))), Promise.all(cards.map((d) => tx.objectStore('cards').get(idOf(d))))]);
  const localNotes = new Map<string, Note>();
  const localCards = new Map<string, CardRecord>();
  for (const x of n) if (x) localNotes.set(x.id, x);
  for (const x of c) if (x) localCards.set(x.id, x);
  const packedNotes = notes.map(idOf).filter((id) => !localNotes.has(id));
  const packedCards = cards.map(idOf).filter((id) => !localCards.has(id));
  if (packedNotes.length || packedCards.length) {
    const found = await findPacked({ packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex') }, packedNotes, packedCards);
    for (const x of found.notes.values()) localNotes.set(x.id, x);
    for (const x of found.cards.values()) localCards.set(x.id, x);
  }
  await tx.done;
  for (const d of notes) {
    const here = localNotes.get(idOf(d));
    if (d.deleted ? !here : here?.mtime === d.mtime) same.add(d._id);
  }
  for (const d of cards) {
    const here = localCards.get(idOf(d));
    if (d.deleted ? !here : here && sameCardAttributes(here, (d as LwwDoc<'card'> & { body: CardBody }).body)) same.add(d._id);
  }
  return same;
}

function sameCardAttributes(c: CardRecord, b: CardBody): boolean {
  return c.noteId === b.noteId && c.deckId === b.deckId && c.ord === b.ord && c.suspended === b.suspended && (c.flag ?? 0) === (b.flag ?? 0) && c.buriedUntil === b.buriedUntil;
}

/**
 * The cards whose replay the next apply may run (changed here since the last sync, reviewed or
 * undone in `chunks`): the client fetches their card documents (a card's `base`) beforehand.
 */
export async function affectedCards(from: SyncState, chunks: RevlogChunkDoc[], dbName?: string): Promise<Set<string>> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['cards', 'revlog', 'logPacks', 'meta']);
  const out = new Set<string>();
  // Only the cards of reviews that are new here (a changed chunk carries its older entries too).
  const [held, dirty] = await Promise.all([heldEntries({ revlog: tx.objectStore('revlog'), logPacks: tx.objectStore('logPacks'), meta: tx.objectStore('meta') }, chunks), feed(tx.objectStore('cards'), feedRanges(from.since, from.skipUsn))]);
  await tx.done;
  for (const c of chunks) for (const r of c.reviews) if (!held.reviews.has(r[0])) out.add(r[1]);
  for (const c of dirty) out.add(c.id);
  for (const card of held.undoneCards.values()) out.add(card);
  return out;
}
