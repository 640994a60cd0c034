/**
 * How local records become CouchDB documents and back (pure: no PouchDB, no IndexedDB).
 *
 * Two kinds of document:
 * - The review log, grow-only and chunked per device: `revlog:<deviceId>:<seq>` holds up to
 *   CHUNK_SIZE entries as compact tuples. Only the device in the id ever writes its chunks, so
 *   they never conflict in practice; if they do (a device restored from a backup of itself),
 *   the revisions merge by union (merge.ts). Undo appends a tombstone entry (`undo`), never
 *   deletes: replication of a deletion could otherwise resurrect or lose a review.
 * - Everything else the user owns, one document per record, last writer wins by `mtime`
 *   (merge.ts): `note:`, `notetype:`, `deck:`, `preset:`, `card:` (a card's own attributes: the
 *   scheduling state is derived from the log, replay.ts), `story:`, `settings:study`,
 *   `mediaref:<deckId>/<name>` (which content a deck's file name points at) and `media:<sha256>`
 *   (the bytes, content-addressed: immutable, never in conflict). A deletion is a document with
 *   `deleted: true` and its own `mtime`, not CouchDB's `_deleted`: CouchDB always prefers a live
 *   revision over a deleted one, which would make an old edit beat a newer deletion.
 *
 * Never synced: device-local settings (theme, backup date, reminders, speech, swipe), meta
 * (change counter, install facts, caches), credentials, and built-in content as shipped: a
 * built-in deck only carries the user's preset choice, a built-in note syncs once the user edited
 * it (`editedAt`), a built-in card once the user changed its attributes, built-in note types
 * never.
 */
import type { CardRecord, Deck, Note, NoteType, ReviewLogRecord, Settings, StoryRecord } from '../core/types';
import type { Preset } from '../core/presets';
import type { BundleDoc } from './bundles';

/** Entries (reviews + undos) per review-log document: ~50 KB of JSON, 2,000 documents per 1M reviews. */
export const CHUNK_SIZE = 500;

/** CouchDB's own fields. */
export interface DocBase {
  _id: string;
  _rev?: string;
  /** CouchDB deletion: only used to drop losing conflict leaves (merge.ts), never for records. */
  _deleted?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The review log

export { packReview, unpackReview, type PackedReview } from '../core/review-tuple';
import { packReview, type PackedReview } from '../core/review-tuple';

/**
 * An undo: the review `id` no longer counts (it stays in the log), written at `time`; with the
 * review's card (a device that stores that review packed finds it by card: storage/log-packs.ts).
 */
export type PackedUndo = [string, number, string?];

export interface RevlogChunkDoc extends DocBase {
  type: 'revlog';
  device: string;
  seq: number;
  reviews: PackedReview[];
  undos: PackedUndo[];
}

/** Chunk ids sort by device, then by sequence number (zero-padded). */
export function chunkId(device: string, seq: number): string {
  if (!/^[A-Za-z0-9_-]+$/.test(device)) throw new Error(`A device id must be letters, digits, - or _ (got "${device}").`);
  return `revlog:${device}:${String(seq).padStart(6, '0')}`;
}

export const chunkSize = (c: RevlogChunkDoc): number => c.reviews.length + c.undos.length;

/**
 * Appends this device's new reviews and undos to its chunks: fills `open` (its newest chunk,
 * if any) up to CHUNK_SIZE, then starts new ones. Returns the documents to write (the changed
 * open chunk first); `open` itself is not modified. Entries already present are skipped, so a
 * retried push after a lost reply adds nothing twice.
 */
export function appendToChunks(device: string, open: RevlogChunkDoc | undefined, reviews: ReviewLogRecord[], undos: PackedUndo[]): RevlogChunkDoc[] {
  const out: RevlogChunkDoc[] = [];
  let current: RevlogChunkDoc = open ? { ...open, reviews: [...open.reviews], undos: [...open.undos] } : { _id: chunkId(device, 0), type: 'revlog', device, seq: 0, reviews: [], undos: [] };
  if (current.device !== device) throw new Error(`Chunk ${current._id} belongs to device ${current.device}, not ${device}: only the owning device writes its chunks.`);
  const haveReviews = new Set(current.reviews.map((r) => r[0]));
  const haveUndos = new Set(current.undos.map((u) => u[0]));
  let changed = false;
  const room = (): void => {
    if (chunkSize(current) < CHUNK_SIZE) return;
    if (changed) out.push(current);
    const seq = current.seq + 1;
    current = { _id: chunkId(device, seq), type: 'revlog', device, seq, reviews: [], undos: [] };
    changed = false;
  };
  for (const r of reviews) {
    if (haveReviews.has(r.id)) continue;
    room();
    current.reviews.push(packReview(r));
    changed = true;
  }
  for (const u of undos) {
    if (haveUndos.has(u[0])) continue;
    room();
    current.undos.push(u);
    changed = true;
  }
  if (changed) out.push(current);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Last-writer-wins records

export type LwwType = 'note' | 'notetype' | 'deck' | 'preset' | 'card' | 'story' | 'settings' | 'mediaref' | 'conflict';

/** The scheduling fields of a card (what replay.ts derives from the log). */
export type Schedule = Pick<CardRecord, 'due' | 'stability' | 'difficulty' | 'elapsed_days' | 'scheduled_days' | 'learning_steps' | 'reps' | 'lapses' | 'state' | 'last_review'>;

/** A card's own attributes: who it belongs to and what the user set on it. */
export interface CardBody {
  id: string;
  noteId: string;
  deckId: string;
  ord: number;
  suspended: boolean;
  flag?: number;
  buriedUntil?: number;
  /**
   * The scheduling the card had when it first synced with an empty log (an import that brought
   * state without a review history): the starting point when its log is empty.
   */
  base?: Schedule;
}

export type NoteBody = Omit<Note, 'usn' | 'original'>;
export type DeckBody = Omit<Deck, 'usn'>;
export type NoteTypeBody = Omit<NoteType, 'usn'>;
export type PresetBody = Omit<Preset, 'usn'>;
export interface StoryBody {
  noteId: string;
  text: string;
}
export interface MediaRefBody {
  deckId: string;
  name: string;
  mime: string;
  hash: string;
}
/** A note edited on two devices: the losing version, offered in "changed on two devices". */
export interface ConflictBody {
  noteId: string;
  /** The losing version (`deleted` when the loser was a deletion). */
  lost: { fields: string[]; tags: string[]; mtime: number } | { deleted: true; mtime: number };
  /**
   * The `mtime` of the version that was kept (per-record note documents; a bundle's conflict
   * leaves it out so that every device writes the same document for the same lost version).
   */
  keptMtime?: number;
  /** Where the note lives (from either version): enough to put it back when a deletion won. */
  note?: Pick<NoteBody, 'deckId' | 'noteTypeId' | 'source'>;
}

/** The study options every device shares (the Default preset's; the rest of Settings is device-local). */
export const SYNCED_SETTINGS = ['desiredRetention', 'maximumInterval', 'learningSteps', 'relearningSteps', 'newPerDay', 'reviewsPerDay', 'enableFuzz', 'dayStartHour', 'allNewPerDay', 'allReviewsPerDay', 'buryNewSiblings', 'buryReviewSiblings', 'fsrsParams', 'lastOptimisation'] as const satisfies readonly (keyof Settings)[];
export type StudySettings = Pick<Settings, (typeof SYNCED_SETTINGS)[number]>;
/** Never leave the device. */
export const LOCAL_SETTINGS = ['theme', 'lastBackupAt', 'speech', 'studyTime', 'remind', 'swipe'] as const satisfies readonly (keyof Settings)[];

export interface BodyOf {
  note: NoteBody;
  notetype: NoteTypeBody;
  deck: DeckBody;
  preset: PresetBody;
  card: CardBody;
  story: StoryBody;
  settings: StudySettings;
  mediaref: MediaRefBody;
  conflict: ConflictBody;
}

/** A record's document: its body while it exists; a tombstone (`deleted`) after deletion. */
export type LwwDoc<T extends LwwType = LwwType> = DocBase & { type: T; mtime: number } & ({ deleted?: undefined; body: BodyOf[T] } | { deleted: true; body?: undefined });

/** A document of a record that exists. */
export type LiveDoc<T extends LwwType = LwwType> = DocBase & { type: T; mtime: number; deleted?: undefined; body: BodyOf[T] };

export interface MediaDoc extends DocBase {
  type: 'media';
  mime: string;
  size: number;
  /** The bytes as a CouchDB attachment (base64 when inline). */
  _attachments?: Record<string, { content_type: string; data: string }>;
}

/** What the replica and the server hold (`note:`/`card:` records travel inside bundles: bundles.ts). */
export type SyncDoc = RevlogChunkDoc | LwwDoc | MediaDoc | BundleDoc;

export const docId = (type: LwwType, id: string): string => `${type}:${id}`;

/** The record id inside a document id (`note:abc` → `abc`). */
export const recordIdOf = (id: string): string => id.slice(id.indexOf(':') + 1);

function lww<T extends LwwType>(type: T, id: string, mtime: number, body: BodyOf[T]): LiveDoc<T> {
  return { _id: docId(type, id), type, mtime, body };
}

export function tombstoneDoc(type: LwwType, id: string, mtime: number): LwwDoc {
  return { _id: docId(type, id), type, mtime, deleted: true };
}

function omit<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const out = { ...value };
  for (const k of keys) delete out[k];
  return out;
}

/** A note's document, or null when it is built-in content the user never edited. */
export function noteDoc(n: Note): LiveDoc<'note'> | null {
  if (n.source === 'builtin' && n.editedAt === undefined) return null;
  return lww('note', n.id, n.mtime, omit(n, ['usn', 'original']));
}

export function noteTypeDoc(t: NoteType): LiveDoc<'notetype'> | null {
  return t.builtin ? null : lww('notetype', t.id, t.mtime, omit(t, ['usn']));
}

/** Built-in decks carry only what the user chose for them (the preset), never the shipped text. */
export function deckDoc(d: Deck): LiveDoc<'deck'> {
  const body: DeckBody = d.source === 'builtin' ? { id: d.id, name: '', description: '', source: 'builtin', createdAt: 0, mtime: d.mtime, ...(d.presetId ? { presetId: d.presetId } : {}) } : omit(d, ['usn']);
  return lww('deck', d.id, d.mtime, body);
}

export function presetDoc(p: Preset): LiveDoc<'preset'> {
  return lww('preset', p.id, p.mtime, omit(p, ['usn']));
}

export function studySettingsOf(s: Settings): StudySettings {
  const out: Partial<Record<keyof Settings, unknown>> = {};
  for (const k of SYNCED_SETTINGS) if (s[k] !== undefined) out[k] = s[k];
  return out as StudySettings;
}

export function settingsDoc(s: Settings, mtime: number): LiveDoc<'settings'> {
  return lww('settings', 'study', mtime, studySettingsOf(s));
}

/** The shared study options over this device's own settings (theme and the like stay). */
export function withStudySettings(local: Settings, shared: StudySettings): Settings {
  const out: Settings = { ...local };
  for (const k of SYNCED_SETTINGS) delete out[k];
  return { ...out, ...shared } as Settings;
}

export function scheduleOf(c: CardRecord | Schedule): Schedule {
  const s: Schedule = { due: c.due, stability: c.stability, difficulty: c.difficulty, elapsed_days: c.elapsed_days, scheduled_days: c.scheduled_days, learning_steps: c.learning_steps, reps: c.reps, lapses: c.lapses, state: c.state };
  if (c.last_review !== undefined) s.last_review = c.last_review;
  return s;
}

/**
 * A card's attributes. `base` (the card's scheduling while its log is empty: a new card's
 * position, or the state an import brought) is set once: a later document of the same card
 * keeps the first one's `base` (`existing`). Shipped cards carry it too: a device that deleted
 * the card and gets it back (an edit of its note won) has no shipped copy to start from.
 */
export function cardBody(c: CardRecord, opts: { builtin: boolean; hasLog: boolean; existing?: CardBody | undefined }): CardBody {
  const body: CardBody = { id: c.id, noteId: c.noteId, deckId: c.deckId, ord: c.ord, suspended: c.suspended };
  if (c.flag) body.flag = c.flag;
  if (c.buriedUntil !== undefined) body.buriedUntil = c.buriedUntil;
  const base = opts.existing ? opts.existing.base : !opts.hasLog ? scheduleOf(c) : undefined;
  if (base) body.base = base;
  return body;
}

/**
 * A card's document, or null when there is nothing of the user's to say: a built-in card whose
 * attributes are as shipped and that never had a document (`existing` absent). Once a document
 * exists, every change goes out (so un-suspending reaches the other devices).
 */
export function cardDoc(c: CardRecord, opts: { builtin: boolean; hasLog: boolean; existing?: CardBody | undefined }): LiveDoc<'card'> | null {
  const body = cardBody(c, opts);
  if (opts.builtin && !opts.existing && !body.suspended && !body.flag && body.buriedUntil === undefined) return null;
  return lww('card', c.id, c.mtime, body);
}

/** A story (the user's own answer): its document, a tombstone once emptied. */
export function storyDoc(s: StoryRecord): LwwDoc<'story'> {
  return s.text.trim() === '' ? (tombstoneDoc('story', s.noteId, s.updatedAt) as LwwDoc<'story'>) : lww('story', s.noteId, s.updatedAt, { noteId: s.noteId, text: s.text });
}

export function mediaRefDoc(ref: MediaRefBody, mtime: number): LiveDoc<'mediaref'> {
  return lww('mediaref', `${ref.deckId}/${ref.name}`, mtime, ref);
}

/** The bytes of a media file under their SHA-256 (computed by the caller: hashing is async). */
export function mediaDoc(sha256: string, mime: string, base64: string, size: number): MediaDoc {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('A media document is named by the SHA-256 of its bytes (64 hex digits).');
  return { _id: `media:${sha256}`, type: 'media', mime, size, _attachments: { data: { content_type: mime, data: base64 } } };
}

/** The same document content, ignoring CouchDB's bookkeeping (to skip pushes that change nothing). */
export function sameContent(a: SyncDoc | undefined, b: SyncDoc | undefined): boolean {
  if (!a || !b) return a === b;
  const strip = ({ _rev: _r, _deleted: _d, ...rest }: SyncDoc) => rest;
  return canonical(strip(a)) === canonical(strip(b));
}

/** JSON with sorted keys: equal values give equal strings. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}
