/**
 * The write half of sync in the record layer: what the replica's changed documents mean for the
 * records (engine.ts `incoming`: changed documents applied, affected cards replayed from their
 * logs), written back with the review entries that arrived, tombstones, media and the new sync
 * state in ONE transaction (so a killed tab redoes exactly the part that did not land). The read
 * half and the sync state are in sync-records.ts.
 */
import { mark } from '../core/marks';
import type { CardRecord, Deck, MediaRecord, Note, NoteType, ReviewLogRecord, StoryRecord, Tombstone } from '../core/types';
import type { Preset } from '../core/presets';
import { unwrap } from 'idb';
import { writeTransaction } from './write';
import { findPacked, packStores, unpackNotes } from './packed';
import { unpackAll, mergeById } from './packs';
import { USN_KEY, rememberUsn } from './stamp';
import { markDeckTotalsStale } from './deck-totals';
import { SETTINGS_STAMP_KEY } from './settings';
import { unpackReview, type LwwDoc, type RevlogChunkDoc, type SyncDoc } from '../sync/docs';
import { incoming, type IncomingResult, type LocalState } from '../sync/engine';
import { byTimeThenId, type CardLog } from '../sync/replay';
import { feed, feedRanges, readSyncMeta, SYNC_META_KEY, type SyncState } from './sync-records';
import { forEachPacked, heldEntries, packedOfCards, readLogPackMeta } from './log-packs';
import { CARD_BOOKKEEPING, deleteMediaOfGoneDecks, NOTE_BOOKKEEPING, packNewNotes, sameRecord, Tracked, writeLogChanges } from './sync-apply-parts';
import { markSyncedLog } from './revlog-epoch';

export interface ApplyInput {
  /** The replica's winning documents changed since `from.seq`. */
  changed: SyncDoc[];
  /** Every chunk (`full`), or the chunks among `changed`. */
  chunks: RevlogChunkDoc[];
  /** Read the whole collection (first apply, or study options changed here or there). */
  full: boolean;
  /** The replica's card documents the replay may need. */
  cardDocs: Map<string, LwwDoc<'card'>>;
  /** Media files that arrived (built before the transaction: Blobs cannot be awaited in it). */
  media: MediaRecord[];
  /** Entries just sent that carried no stamp: marked as sent (usn 0). */
  unstamped: Iterable<string>;
  /** The counter value `readOutgoing` saw (what was sent covers everything up to it). */
  counter: number;
  /** The sync state before; the new one is written in the same transaction. */
  from: SyncState;
  /** The replica's sequence these changes reach, and when. */
  seq: number | string;
  now: number;
}

export interface ApplyResult extends IncomingResult {
  state: SyncState;
  written: number;
}

/**
 * Writes what the replica's changed documents mean for the records, and the new sync state, in
 * one transaction: the records (changed documents applied, affected cards replayed from their
 * logs), the review entries that arrived, tombstones of what was deleted elsewhere, media, and
 * `since` / `seq`. Everything it writes carries one new stamp, which the next feed leaves out.
 */
export async function applyIncoming(input: ApplyInput, dbName?: string): Promise<ApplyResult> {
  const stores = ['meta', 'notes', 'cards', 'decks', 'notetypes', 'presets', 'graves', 'packs', 'packIndex', 'revlog', 'stories', 'media', 'logPacks'] as const;
  return writeTransaction(dbName, [...stores], 'The synced changes could not be saved', async (tx, writes) => {
    const meta = tx.objectStore('meta');
    const from = input.from;
    const [{ counter: counterNow, settings, settingsStamp }, decks, presets, noteTypes, packMeta] = await Promise.all([readSyncMeta(meta), tx.objectStore('decks').getAll(), tx.objectStore('presets').getAll(), tx.objectStore('notetypes').getAll(), readLogPackMeta(meta)]);
    const usn = (counterNow ?? 0) + 1;
    writes.push(meta.put(usn, USN_KEY));
    const state: LocalState = {
      notes: new Tracked<Note>(),
      cards: new Tracked<CardRecord>(),
      decks: new Tracked<Deck>(),
      noteTypes: new Tracked<NoteType>(),
      presets: new Tracked<Preset>(),
      stories: new Tracked<StoryRecord>(),
      settings,
      settingsStamp,
      revlog: new Tracked<ReviewLogRecord>(),
      graves: new Map(),
    };
    for (const d of decks) state.decks.set(d.id, d);
    for (const p of presets) state.presets.set(p.id, p);
    for (const t of noteTypes) state.noteTypes.set(t.id, t);
    const ranges = feedRanges(from.since, from.skipUsn);
    // Cards this device changed since its last sync: replayed (their incremental state is
    // replaced by the replay of the merged log).
    const dirty = (await feed(tx.objectStore('cards'), ranges)).map((c) => c.id);
    const lww = input.changed.filter((d) => d.type !== 'revlog' && d.type !== 'media') as LwwDoc[];
    const idOf = (d: LwwDoc): string => d._id.slice(d.type.length + 1);
    // The chunks as far as they are news here (an open chunk arrives again with every entry it
    // held before): only the new entries' cards are read and replayed. A first apply takes all.
    let newChunks = input.chunks;
    // Log entries read from packed history (log-packs.ts), by id: their card (an undo rewrites the bucket).
    const packed = new Map<string, string>();
    const takePacked = (logs: ReviewLogRecord[]): void => {
      for (const r of logs) {
        state.revlog.set(r.id, r);
        packed.set(r.id, r.cardId);
      }
    };
    // Decks that hold packs already (a first apply packs new notes only into decks without).
    const decksWithPacks = new Set<string>();
    if (input.full) {
      const [n, c, s, packs, logs] = await Promise.all([tx.objectStore('notes').getAll(), tx.objectStore('cards').getAll(), tx.objectStore('stories').getAll(), tx.objectStore('packs').getAll(), tx.objectStore('revlog').getAll()]);
      for (const p of packs) decksWithPacks.add(p.deckId);
      const fromPacks = unpackAll(packs);
      for (const x of mergeById(n, fromPacks.notes)) state.notes.set(x.id, x);
      for (const x of mergeById(c, fromPacks.cards)) state.cards.set(x.id, x);
      for (const x of s) state.stories.set(x.noteId, x);
      for (const r of logs) state.revlog.set(r.id, r);
      if (packMeta.count) await forEachPacked(tx.objectStore('logPacks'), takePacked);
    } else {
      const revlog = tx.objectStore('revlog');
      const noteIds = new Set<string>();
      const cardIds = new Set<string>(dirty);
      const deletedNotes: string[] = [];
      for (const d of lww) {
        if (d.type === 'note') {
          noteIds.add(idOf(d));
          if (d.deleted) deletedNotes.push(idOf(d));
        } else if (d.type === 'card') {
          cardIds.add(idOf(d));
          if (!d.deleted) noteIds.add((d as LwwDoc<'card'> & { body: { noteId: string } }).body.noteId);
        }
      }
      // The chunks as far as they are news here: only the reviews this device does not hold yet
      // (undos kept: they are few), and the cards of held reviews that are undone now.
      const held = await heldEntries({ revlog, logPacks: tx.objectStore('logPacks'), meta }, input.chunks);
      newChunks = input.chunks.map((c) => ({ ...c, reviews: c.reviews.filter((r) => !held.reviews.has(r[0])) }));
      for (const c of newChunks) for (const r of c.reviews) cardIds.add(r[1]);
      for (const card of held.undoneCards.values()) cardIds.add(card);
      // Packed notes that sync touches move to the indexed stores first (a physical move).
      await unpackNotes(packStores(tx), noteIds, cardIds, writes);
      const ofDeleted = (await Promise.all(deletedNotes.map((id) => tx.objectStore('cards').index('byNote').getAll(id)))).flat();
      for (const c of ofDeleted) state.cards.set(c.id, c);
      const cards = await Promise.all([...cardIds].map((id) => tx.objectStore('cards').get(id)));
      for (const c of cards) if (c) state.cards.set(c.id, c);
      for (const c of state.cards.values()) noteIds.add(c.noteId);
      const [notes, logs, stories, packedLogs] = await Promise.all([
        Promise.all([...noteIds].map((id) => tx.objectStore('notes').get(id))),
        Promise.all([...cardIds].map((id) => revlog.index('byCard').getAll(id))),
        Promise.all(lww.filter((d) => d.type === 'story').map((d) => tx.objectStore('stories').get(idOf(d)))),
        packMeta.count ? packedOfCards(tx.objectStore('logPacks'), cardIds) : new Map<string, ReviewLogRecord[]>(),
      ]);
      // Notes unpacked just now are in the writes queue, not yet readable: take them from the pack.
      for (const n of notes) if (n) state.notes.set(n.id, n);
      const stillPacked = [...noteIds].filter((id) => !state.notes.has(id));
      if (stillPacked.length) {
        const found = await findPacked({ packs: tx.objectStore('packs'), packIndex: tx.objectStore('packIndex') }, stillPacked);
        for (const n of found.notes.values()) state.notes.set(n.id, n);
      }
      for (const list of logs) for (const r of list) state.revlog.set(r.id, r);
      for (const list of packedLogs.values()) takePacked(list);
      for (const s of stories) if (s) state.stories.set(s.noteId, s);
    }
    mark('sync:apply-read');
    // As read, to leave out records the apply sets to what they already were (a device's own
    // records on its first sync, cards whose replay after a change of options gives the same state).
    const before = { notes: new Map(state.notes), cards: new Map(state.cards) };
    for (const m of [state.notes, state.cards, state.decks, state.noteTypes, state.presets, state.stories, state.revlog] as Tracked<unknown>[]) m.tracking = true;
    // Undone entries (not in the live log) that the replay's starting state may need.
    const undone = new Map<string, ReviewLogRecord[]>();
    const undoneIds = new Set<string>();
    for (const c of input.chunks) for (const u of c.undos) undoneIds.add(u[0]);
    const beforeSettings = JSON.stringify(state.settings);
    const cardLog = (id: string): CardLog | undefined => {
      const live = byCard.get(id) ?? [];
      const all = [...live, ...(undone.get(id) ?? [])].sort(byTimeThenId);
      return all.length ? { all, live } : undefined;
    };
    let byCard = new Map<string, ReviewLogRecord[]>();
    const result = incoming(
      state,
      input.changed,
      {
        chunks: newChunks,
        cardDoc: (id) => input.cardDocs.get(id),
        dirtyCards: dirty,
        optionsChangedHere: input.full,
        cardLog: (id) => {
          // Built once, after the merge changed the log (the replay runs after it).
          if (byCard.size === 0 && state.revlog.size) {
            byCard = new Map();
            for (const r of state.revlog.values()) {
              const list = byCard.get(r.cardId);
              if (list) list.push(r);
              else byCard.set(r.cardId, [r]);
            }
            for (const list of byCard.values()) list.sort(byTimeThenId);
            for (const c of input.chunks)
              for (const p of c.reviews) {
                if (!undoneIds.has(p[0])) continue;
                const list = undone.get(p[1]) ?? [];
                if (!list.some((r) => r.id === p[0])) list.push(unpackReview(p));
                undone.set(p[1], list);
              }
          }
          return cardLog(id);
        },
      },
      usn,
    );
    mark('sync:apply-merged');
    // Write back what changed, with tombstones for what was deleted here by another device.
    let written = 0;
    const grave = (kind: Tombstone['kind'], id: string): void => {
      writes.push(tx.objectStore('graves').put({ key: `${kind}:${id}`, kind, id, mtime: input.now, usn }));
    };
    const t = <V>(m: Map<string, V>): Tracked<V> => m as Tracked<V>;
    // Written only when something but the stamp changed (for a card, but its stamp or mtime:
    // what was sent is covered by the new `since` either way).
    const changedNotes = [...t(state.notes).touched].filter((id) => !sameRecord(before.notes.get(id), state.notes.get(id), NOTE_BOOKKEEPING));
    const changedCards = [...t(state.cards).touched].filter((id) => !sameRecord(before.cards.get(id), state.cards.get(id), CARD_BOOKKEEPING));
    if (input.full && (changedNotes.length || changedCards.length)) await unpackNotes(packStores(tx), changedNotes, changedCards, writes);
    const touchedDecks = new Set<string>();
    // The bulk of a first sync (a million log entries) is put without a promise per request: a
    // failed put aborts the transaction, which `writeTransaction` awaits (and reports) anyway.
    const rawNotes = unwrap(tx.objectStore('notes'));
    const rawCards = unwrap(tx.objectStore('cards'));
    const logTimes = await writeLogChanges({ revlog: unwrap(tx.objectStore('revlog')), logPacks: tx.objectStore('logPacks'), meta }, t(state.revlog), packed, packMeta, input.now, writes);
    // A first apply stores large decks of never-studied notes in packs (sync-apply-parts.ts).
    let inPacks = new Set<string>();
    if (input.full && from.seq === undefined) {
      const fresh = { notes: changedNotes.filter((id) => !before.notes.has(id)), cards: changedCards.filter((id) => !before.cards.has(id)) };
      inPacks = packNewNotes({ packs: unwrap(tx.objectStore('packs')), packIndex: unwrap(tx.objectStore('packIndex')) }, state, fresh, decksWithPacks, touchedDecks);
      written += inPacks.size;
    }
    for (const id of changedNotes) {
      if (inPacks.has(id)) continue;
      const n = state.notes.get(id);
      written++;
      if (n) rawNotes.put(n);
      else {
        writes.push(tx.objectStore('notes').delete(id));
        grave('note', id);
      }
    }
    const oldCards = input.full ? undefined : await Promise.all(changedCards.map((id) => tx.objectStore('cards').get(id)));
    changedCards.forEach((id, i) => {
      const c = state.cards.get(id);
      if (c && inPacks.has(c.noteId)) return;
      const old = oldCards?.[i];
      written++;
      if (c) {
        rawCards.put(c);
        if (!old || old.deckId !== c.deckId) touchedDecks.add(c.deckId);
        if (old && old.deckId !== c.deckId) touchedDecks.add(old.deckId);
      } else {
        writes.push(tx.objectStore('cards').delete(id));
        grave('card', id);
        if (old) touchedDecks.add(old.deckId);
      }
    });
    const simple = <V>(m: Map<string, V>, store: 'decks' | 'presets' | 'notetypes', kind: Tombstone['kind']): void => {
      for (const id of t(m).touched) {
        const v = m.get(id);
        written++;
        if (v) writes.push(tx.objectStore(store).put(v as never));
        else {
          writes.push(tx.objectStore(store).delete(id));
          grave(kind, id);
        }
      }
    };
    simple(state.decks, 'decks', 'deck');
    simple(state.presets, 'presets', 'preset');
    simple(state.noteTypes, 'notetypes', 'notetype');
    for (const id of t(state.stories).touched) {
      const s = state.stories.get(id);
      if (s) writes.push(tx.objectStore('stories').put({ ...s, usn }));
      else {
        writes.push(tx.objectStore('stories').delete(id));
        grave('story', id);
      }
    }
    // The stats digest reads again what changed (storage/revlog-epoch.ts).
    await markSyncedLog(meta, logTimes, input.now);
    // Read with the rest above (a first sync: the whole log), else fetched side by side: one
    // awaited get per entry took minutes for a million imported entries.
    const unstamped = [...input.unstamped].filter((id) => !t(state.revlog).touched.has(id));
    const notRead = unstamped.filter((id) => !state.revlog.has(id));
    const fetched = await Promise.all(notRead.map((id) => tx.objectStore('revlog').get(id)));
    // (Without a promise per request: a first sync of an imported million-entry history stamps them all.)
    for (const r of [...unstamped.map((id) => state.revlog.get(id)), ...fetched]) if (r && r.usn === undefined) unwrap(tx.objectStore('revlog')).put({ ...r, usn: 0 });
    if (JSON.stringify(state.settings) !== beforeSettings) {
      writes.push(meta.put(state.settings, 'settings'));
      writes.push(meta.put(state.settingsStamp, SETTINGS_STAMP_KEY));
    }
    await deleteMediaOfGoneDecks(tx.objectStore('media'), [...t(state.decks).touched].filter((id) => !state.decks.has(id)), writes);
    for (const m of input.media) writes.push(tx.objectStore('media').put(m));
    if (touchedDecks.size) await markDeckTotalsStale(meta, touchedDecks);
    // Nothing was written here between the read for sending and now: the feed starts after
    // this write. Otherwise it starts after what was sent, leaving this write's stamp out.
    const next: SyncState = (counterNow ?? 0) === input.counter ? { ...from, since: usn, seq: input.seq, lastSyncAt: input.now } : { ...from, since: input.counter, skipUsn: usn, seq: input.seq, lastSyncAt: input.now };
    if (next.since === usn) delete next.skipUsn;
    if (result.orphans.length) next.orphanCards = result.orphans;
    else delete next.orphanCards;
    delete next.lastError;
    writes.push(meta.put(next, SYNC_META_KEY));
    rememberUsn(usn, dbName);
    mark('sync:apply-queued');
    return { ...result, state: next, written };
  });
}
