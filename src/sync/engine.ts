/**
 * The two halves of a sync, over a device's records held in memory (pure; the IndexedDB side
 * reads the change feed into this shape and writes the result back in one transaction):
 * - `outgoing`: the documents for everything this device changed since its last sync;
 * - `incoming`: the records after the replica's documents changed, every card whose log, own
 *   document or study options changed replayed from its log (replay.ts).
 */
import type { CardRecord, Deck, Note, NoteType, ReviewLogRecord, Settings, StoryRecord, Tombstone } from '../core/types';
import type { Preset } from '../core/presets';
import { effectiveSettings } from '../core/presets';
import { appendToChunks, canonical, cardDoc, deckDoc, docId, noteDoc, noteTypeDoc, presetDoc, scheduleOf, settingsDoc, storyDoc, studySettingsOf, tombstoneDoc, withStudySettings, type CardBody, type LwwDoc, type BodyOf, type LwwType, type PackedUndo, type RevlogChunkDoc, type SyncDoc } from './docs';
import { localWrite } from './merge';
import { logsByCard, mergedLog, type CardLog } from './replay';
import { replayCard } from './replay';
import { newScheduleFields } from '../core/buckets';

/** A device's records as sync sees them. */
export interface LocalState {
  notes: Map<string, Note>;
  cards: Map<string, CardRecord>;
  decks: Map<string, Deck>;
  noteTypes: Map<string, NoteType>;
  presets: Map<string, Preset>;
  stories: Map<string, StoryRecord>;
  settings: Settings;
  /** When the shared study options last changed here, and the change counter of that write. */
  settingsStamp: { mtime: number; usn: number };
  /** The live review log (undone reviews are gone from it, and have a `review` tombstone). */
  revlog: Map<string, ReviewLogRecord>;
  graves: Map<string, Tombstone>;
}

/** What `outgoing` needs of the replica: its current winning documents. */
export interface ReplicaReader {
  get(id: string): SyncDoc | undefined;
  /** This device's newest review-log chunk, if any. */
  openChunk(device: string): RevlogChunkDoc | undefined;
  /** Whether the replica's log already holds the review `id` (any device's chunk). */
  hasReview(id: string): boolean;
  hasUndo(id: string): boolean;
  /**
   * Whether the replica's version of a record arrived from another device and is not applied
   * here yet (a sync cut off between pull and apply). Absent: always assumed.
   */
  pending?(id: string): boolean;
}

const isShipped = (state: LocalState, c: CardRecord): boolean => {
  const n = state.notes.get(c.noteId);
  return n !== undefined && n.source === 'builtin' && n.editedAt === undefined;
};

/** Documents for the records stamped after `since` (the change counter at the last sync). */
export function outgoing(state: LocalState, since: number, device: string, replica: ReplicaReader): SyncDoc[] {
  const out: SyncDoc[] = [];
  const add = (d: SyncDoc | null): void => {
    if (!d) return;
    const w = localWrite(replica.get(d._id), d, replica.pending ? replica.pending(d._id) : true);
    if (w) out.push(w);
  };
  for (const t of state.noteTypes.values()) if (t.usn > since) add(noteTypeDoc(t));
  for (const p of state.presets.values()) if (p.usn > since) add(presetDoc(p));
  for (const d of state.decks.values()) if (d.usn > since) add(deckDoc(d));
  for (const n of state.notes.values()) if (n.usn > since) add(noteDoc(n));
  const withLog = new Set<string>();
  for (const r of state.revlog.values()) withLog.add(r.cardId);
  for (const c of state.cards.values()) {
    if (c.usn <= since) continue;
    const existing = replica.get(docId('card', c.id)) as LwwDoc<'card'> | undefined;
    add(cardDoc(c, { builtin: isShipped(state, c), hasLog: withLog.has(c.id), existing: existing && !existing.deleted ? existing.body : undefined }));
  }
  for (const s of state.stories.values()) if (s.updatedAt > 0 && (replica.get(docId('story', s.noteId)) as LwwDoc | undefined)?.mtime !== s.updatedAt) add(storyDoc(s));
  if (state.settingsStamp.usn > since) add(settingsDoc(state.settings, state.settingsStamp.mtime));
  const undos: PackedUndo[] = [];
  for (const g of state.graves.values()) {
    if (g.usn <= since) continue;
    if (g.kind === 'review') {
      if (!replica.hasUndo(g.id)) undos.push(g.cardId === undefined ? [g.id, g.mtime] : [g.id, g.mtime, g.cardId]);
    } else add(tombstoneDoc(g.kind as LwwType, g.id, g.mtime));
  }
  const reviews = [...state.revlog.values()].filter((r) => !replica.hasReview(r.id));
  // An undo of a review that never left this device still goes out: another device may hold
  // it from an earlier sync of a copy of this collection, and the tombstone costs a few bytes.
  out.push(...appendToChunks(device, replica.openChunk(device), reviews, undos));
  return out;
}

/** The study options a card is scheduled with on this device. */
export function settingsForCard(state: LocalState, deckId: string): Settings {
  const presetId = state.decks.get(deckId)?.presetId;
  return effectiveSettings(state.settings, presetId ? state.presets.get(presetId) : undefined);
}

export interface IncomingContext {
  /** Every review-log chunk the replica holds now. */
  chunks: RevlogChunkDoc[];
  /** The replica's card document of a card id, if any. */
  cardDoc(id: string): LwwDoc<'card'> | undefined;
  /** Cards this device graded or undid since its last sync (their incremental state is replaced by the replay). */
  dirtyCards: Iterable<string>;
  /** This device changed presets or study options since its last sync. */
  optionsChangedHere: boolean;
  /**
   * A card's whole log after the merge, for replay. Without it the log comes from `chunks`
   * (then `chunks` must be every chunk). The IndexedDB side passes only the chunks that changed
   * and answers this from the local log (which, after this call's merge, holds every live entry)
   * plus the undone entries it knows of.
   */
  cardLog?: (id: string) => CardLog | undefined;
}

export interface IncomingResult {
  /** Cards whose scheduling was recomputed from the log. */
  replayed: number;
  /** Reviews that arrived from other devices. */
  newReviews: number;
  /**
   * Cards whose live document arrived while their note is not here (deleted here, or arriving
   * later), and cards that went with a note deleted elsewhere: the caller offers their documents
   * again next time, when the note may be back.
   */
  orphans: string[];
}

type Put<T> = (id: string, value: T) => void;

/**
 * Applies the replica's changed winning documents to the records (in place), then replays the
 * cards that need it. `usn` stamps every record this writes, so the next `outgoing` after the
 * sync sends nothing back (the caller passes its new `since` above it).
 */
export function incoming(state: LocalState, changed: SyncDoc[], ctx: IncomingContext, usn: number): IncomingResult {
  const replay = new Set<string>(ctx.dirtyCards);
  const orphans = new Set<string>();
  let optionsChanged = ctx.optionsChangedHere;
  const order: Record<string, number> = { settings: 0, preset: 1, notetype: 2, deck: 3, note: 4, card: 5, story: 6 };
  const lww = (changed.filter((d) => d.type !== 'revlog' && d.type !== 'media') as LwwDoc[]).sort((a, b) => (order[a.type] ?? 9) - (order[b.type] ?? 9));
  const stampIt = <T extends { mtime: number; usn: number }>(v: T, mtime: number): T => ({ ...v, mtime, usn });
  const put = <T>(map: Map<string, T>): Put<T> => (id, v) => map.set(id, v);
  for (const d of lww) {
    const id = d._id.slice(d.type.length + 1);
    switch (d.type) {
      case 'settings':
        if (d.deleted) break;
        if (canonical(studySettingsOf(state.settings)) !== canonical(bodyOf<'settings'>(d))) optionsChanged = true;
        state.settings = withStudySettings(state.settings, bodyOf<'settings'>(d));
        state.settingsStamp = { mtime: d.mtime, usn };
        break;
      case 'preset':
        if (d.deleted) state.presets.delete(id);
        else put(state.presets)(id, stampIt({ ...bodyOf<'preset'>(d), usn }, d.mtime));
        optionsChanged = true;
        break;
      case 'notetype':
        if (d.deleted) state.noteTypes.delete(id);
        else put(state.noteTypes)(id, stampIt({ ...bodyOf<'notetype'>(d), usn }, d.mtime));
        break;
      case 'deck': {
        const local = state.decks.get(id);
        if (d.deleted) state.decks.delete(id);
        else {
          const body = bodyOf<'deck'>(d);
          if ((local?.presetId ?? '') !== (body.presetId ?? '')) optionsChanged = true;
          if (body.source === 'builtin') {
            // Only the user's choice travels; the shipped deck is already here (or arrives with an update).
            if (local) {
              const { presetId: _p, ...rest } = local;
              state.decks.set(id, stampIt({ ...rest, ...(body.presetId ? { presetId: body.presetId } : {}) }, d.mtime));
            }
          } else state.decks.set(id, stampIt({ ...body, usn }, d.mtime));
        }
        break;
      }
      case 'note': {
        if (d.deleted) {
          state.notes.delete(id);
          // Its cards go with it, and wait as orphans: a newer edit of the note can bring it back
          // while their documents are still live (they leave the list once their own deletion arrives).
          for (const c of [...state.cards.values()]) {
            if (c.noteId !== id) continue;
            state.cards.delete(c.id);
            if (!ctx.cardDoc(c.id)?.deleted) orphans.add(c.id);
          }
        } else {
          const local = state.notes.get(id);
          const body = bodyOf<'note'>(d);
          state.notes.set(id, stampIt({ ...body, ...(local?.original ? { original: local.original } : {}), usn }, d.mtime));
        }
        break;
      }
      case 'card': {
        if (d.deleted) {
          state.cards.delete(id);
          orphans.delete(id);
        } else {
          const body = bodyOf<'card'>(d);
          if (!state.notes.has(body.noteId)) {
            orphans.add(id);
            break;
          }
          replay.add(id);
        }
        break;
      }
      case 'story':
        if (d.deleted) state.stories.delete(id);
        else state.stories.set(id, { noteId: id, text: bodyOf<'story'>(d).text, updatedAt: d.mtime });
        break;
      default:
        break;
    }
  }
  // The log: every review the replica holds that is not undone; cards whose entries changed replay.
  const log = mergedLog(ctx.chunks);
  const logs = logsByCard(log);
  let newReviews = 0;
  for (const r of log.all.values()) {
    const live = !log.undone.has(r.id);
    const here = state.revlog.has(r.id);
    if (live && !here) {
      state.revlog.set(r.id, r);
      newReviews++;
      replay.add(r.cardId);
    } else if (!live && here) {
      state.revlog.delete(r.id);
      replay.add(r.cardId);
    }
  }
  // An undo can sit in a later chunk than its review (only the changed chunks may be passed).
  for (const id of log.undone) {
    const r = log.all.has(id) ? undefined : state.revlog.get(id);
    if (!r) continue;
    state.revlog.delete(id);
    replay.add(r.cardId);
  }
  if (optionsChanged) for (const id of logs.keys()) replay.add(id);
  let replayed = 0;
  for (const id of replay) {
    const local = state.cards.get(id);
    const doc = ctx.cardDoc(id);
    const attrs: CardBody | undefined = doc && !doc.deleted ? doc.body : local ? attrsOf(local) : undefined;
    if (!attrs || !state.notes.has(attrs.noteId)) continue;
    const cardLog: CardLog | undefined = ctx.cardLog ? ctx.cardLog(id) : logs.get(id);
    const next = replayCard(attrs, cardLog, settingsForCard(state, attrs.deckId), local ? scheduleOf(local) : scheduleOf({ ...newScheduleFields(0) }));
    state.cards.set(id, { ...next, mtime: Math.max(local?.mtime ?? 0, doc?.mtime ?? 0), usn });
    replayed++;
  }
  return { replayed, newReviews, orphans: [...orphans].filter((id) => !state.cards.has(id)) };
}

/** The body of a live document (the caller checked `deleted`). */
const bodyOf = <T extends LwwType>(d: LwwDoc): BodyOf[T] => (d as unknown as { body: BodyOf[T] }).body;

function attrsOf(c: CardRecord): CardBody {
  const body: CardBody = { id: c.id, noteId: c.noteId, deckId: c.deckId, ord: c.ord, suspended: c.suspended };
  if (c.flag) body.flag = c.flag;
  if (c.buriedUntil !== undefined) body.buriedUntil = c.buriedUntil;
  return body;
}
