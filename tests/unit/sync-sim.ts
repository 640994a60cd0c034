/**
 * Simulated devices for the sync tests: an in-memory document store with CouchDB's revision
 * semantics (revision trees, leaves, a deterministic winner, replication that copies missing
 * revisions and keeps every conflicting leaf, random revision hashes as PouchDB makes them),
 * and a device that holds records (src/sync/engine.ts LocalState) and syncs through it.
 */
import type { CardRecord, Deck, Note, Rating, ReviewLogRecord, Settings } from '../../src/core/types';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { gradeCard } from '../../src/core/scheduler';
import { newScheduleFields } from '../../src/core/buckets';
import type { LwwDoc, RevlogChunkDoc, SyncDoc } from '../../src/sync/docs';
import { couchWinner, resolve } from '../../src/sync/merge';
import { incoming, outgoing, settingsForCard, type LocalState, type ReplicaReader } from '../../src/sync/engine';
import { mergedLog } from '../../src/sync/replay';
import { bundleOfDocId, expandAll, foldIntoBundles, recordFromBundle, type BundleDoc } from '../../src/sync/bundles';

/** A record's document in a store that keeps notes and cards in bundles. */
export function getRecord(store: MemCouch, id: string): SyncDoc | undefined {
  const b = bundleOfDocId(id);
  return b ? recordFromBundle(store.get(b) as BundleDoc | undefined, id) : store.get(id);
}

interface Rev {
  rev: string;
  parent?: string;
  doc: SyncDoc;
}

export class MemCouch {
  readonly docs = new Map<string, Map<string, Rev>>();
  constructor(private readonly random: () => number) {}

  private newRev(parent: string | undefined): string {
    const gen = parent ? Number.parseInt(parent, 10) + 1 : 1;
    return `${gen}-${Math.floor(this.random() * 2 ** 48).toString(16).padStart(12, '0')}`;
  }

  leaves(id: string): SyncDoc[] {
    const revs = this.docs.get(id);
    if (!revs) return [];
    const parents = new Set([...revs.values()].map((r) => r.parent));
    return [...revs.values()].filter((r) => !parents.has(r.rev)).map((r) => r.doc);
  }

  /** The winning revision as CouchDB reports it (absent when its winner is deleted). */
  get(id: string): SyncDoc | undefined {
    const leaves = this.leaves(id);
    if (!leaves.length) return undefined;
    const w = couchWinner(leaves);
    return w._deleted ? undefined : w;
  }

  /** A normal write: on top of `parent` (by default the current winner), which must be a leaf. */
  put(doc: SyncDoc, parent?: string): string {
    const leaves = this.leaves(doc._id);
    const onto = parent ?? (leaves.length ? couchWinner(leaves)._rev : undefined);
    if (onto && !leaves.some((l) => l._rev === onto)) throw new Error(`409 conflict: ${doc._id} ${onto} is not a leaf`);
    const rev = this.newRev(onto);
    let revs = this.docs.get(doc._id);
    if (!revs) this.docs.set(doc._id, (revs = new Map()));
    revs.set(rev, { rev, ...(onto ? { parent: onto } : {}), doc: { ...doc, _rev: rev } });
    return rev;
  }

  remove(id: string, rev: string): void {
    this.put({ _id: id, _deleted: true } as SyncDoc, rev);
  }

  ids(): string[] {
    return [...this.docs.keys()].sort();
  }
}

/** One-way replication: every revision the target lacks, with its ancestry (nothing is chosen or lost). */
export function replicate(from: MemCouch, to: MemCouch): number {
  let copied = 0;
  for (const [id, revs] of from.docs) {
    let target = to.docs.get(id);
    if (!target) to.docs.set(id, (target = new Map()));
    for (const [rev, r] of revs) {
      if (!target.has(rev)) {
        target.set(rev, r);
        copied++;
      }
    }
  }
  return copied;
}

export const NOTE_TYPE_ID = 'builtin-basic-md';

export function baseState(deckIds: string[]): LocalState {
  const decks = new Map<string, Deck>();
  for (const id of deckIds) decks.set(id, { id, name: id, description: '', source: 'builtin', createdAt: 0, mtime: 0, usn: 0 });
  return { notes: new Map(), cards: new Map(), decks, noteTypes: new Map(), presets: new Map(), stories: new Map(), settings: { ...DEFAULT_SETTINGS }, settingsStamp: { mtime: 0, usn: 0 }, revlog: new Map(), graves: new Map() };
}

export function makeNote(id: string, deckId: string, text: string, source: Note['source'], now: number, usn: number): Note {
  return { id, deckId, noteTypeId: NOTE_TYPE_ID, fields: [text, `answer ${text}`], kind: 'basic', format: 'markdown', front: text, back: `answer ${text}`, tags: [], topics: [], source, addedAt: now, mtime: now, usn };
}

export function makeCard(id: string, noteId: string, deckId: string, position: number, usn: number, mtime: number): CardRecord {
  return { id, noteId, deckId, ord: 0, ...newScheduleFields(position), mtime, usn };
}

/** A device: records, its own replica, its change counter, and the undo stack of its grades. */
export class Device {
  usn = 0;
  since = 0;
  readonly replica: MemCouch;
  readonly dirty = new Set<string>();
  optionsChanged = false;
  private readonly seen = new Map<string, string>();
  private readonly undoStack: { before: CardRecord; after: CardRecord; logId: string }[] = [];
  private seq = 0;
  /** Every review this device made, and the ones it undid. */
  readonly made = new Set<string>();
  orphans: string[] = [];
  readonly undone = new Set<string>();
  conflicts = 0;

  constructor(
    readonly id: string,
    readonly state: LocalState,
    random: () => number,
  ) {
    this.replica = new MemCouch(random);
  }

  private stamp(): number {
    return ++this.usn;
  }

  grade(cardId: string, rating: Rating, now: number): boolean {
    const card = this.state.cards.get(cardId);
    if (!card) return false;
    const settings: Settings = settingsForCard(this.state, card.deckId);
    const logId = `r${now.toString(36)}-${this.id}-${++this.seq}-${cardId}`;
    const { card: after, log } = gradeCard(card, rating, now, 5000, settings, logId);
    const stored = { ...after, mtime: now, usn: this.stamp() };
    this.state.cards.set(cardId, stored);
    this.state.revlog.set(log.id, log);
    this.undoStack.push({ before: card, after: stored, logId: log.id });
    this.made.add(log.id);
    this.dirty.add(cardId);
    return true;
  }

  /** Undo of this device's last grade, refused (as the app does) when the card changed since. */
  undo(now: number): boolean {
    const last = this.undoStack.pop();
    if (!last) return false;
    const card = this.state.cards.get(last.before.id);
    if (!card || !this.state.revlog.has(last.logId) || card.reps !== last.after.reps || card.due !== last.after.due) return false;
    const usn = this.stamp();
    this.state.cards.set(card.id, { ...last.before, mtime: now, usn });
    this.state.revlog.delete(last.logId);
    this.state.graves.set(`review:${last.logId}`, { key: `review:${last.logId}`, kind: 'review', id: last.logId, mtime: now, usn, cardId: card.id });
    this.undone.add(last.logId);
    this.dirty.add(card.id);
    return true;
  }

  edit(noteId: string, text: string, now: number): boolean {
    const n = this.state.notes.get(noteId);
    if (!n) return false;
    this.state.notes.set(noteId, { ...n, fields: [text, n.fields[1] ?? ''], front: text, editedAt: now, mtime: now, usn: this.stamp() });
    return true;
  }

  deleteNote(noteId: string, now: number): boolean {
    if (!this.state.notes.has(noteId)) return false;
    const usn = this.stamp();
    this.state.notes.delete(noteId);
    this.state.graves.set(`note:${noteId}`, { key: `note:${noteId}`, kind: 'note', id: noteId, mtime: now, usn });
    for (const c of [...this.state.cards.values()]) {
      if (c.noteId !== noteId) continue;
      this.state.cards.delete(c.id);
      this.state.graves.set(`card:${c.id}`, { key: `card:${c.id}`, kind: 'card', id: c.id, mtime: now, usn });
    }
    return true;
  }

  addNote(noteId: string, deckId: string, text: string, now: number): void {
    const usn = this.stamp();
    this.state.notes.set(noteId, makeNote(noteId, deckId, text, 'user', now, usn));
    this.state.cards.set(noteId, makeCard(noteId, noteId, deckId, now, usn, now));
    this.state.graves.delete(`note:${noteId}`);
  }

  suspend(cardId: string, suspended: boolean, now: number): boolean {
    const c = this.state.cards.get(cardId);
    if (!c) return false;
    this.state.cards.set(cardId, { ...c, suspended, bucket: suspended ? -1 : c.state === 0 ? 0 : c.state === 2 ? 2 : 1, mtime: now, usn: this.stamp() });
    return true;
  }

  setRetention(r: number, now: number): void {
    this.state.settings = { ...this.state.settings, desiredRetention: r };
    this.state.settingsStamp = { mtime: now, usn: this.stamp() };
    this.optionsChanged = true;
  }

  private reader(): ReplicaReader {
    const chunks = () => this.replica.ids().filter((id) => id.startsWith('revlog:')).map((id) => this.replica.get(id)).filter((d): d is RevlogChunkDoc => d?.type === 'revlog');
    const log = mergedLog(chunks());
    return {
      get: (id) => getRecord(this.replica, id),
      openChunk: (device) => chunks().filter((c) => c.device === device).sort((a, b) => b.seq - a.seq)[0],
      hasReview: (id) => log.all.has(id),
      hasUndo: (id) => log.undone.has(id),
    };
  }

  /** Push local changes into the replica, replicate both ways with `server`, resolve conflicts, apply. */
  sync(server: MemCouch): void {
    for (const d of foldIntoBundles(outgoing(this.state, this.since, this.id, this.reader()), (id) => this.replica.get(id) as BundleDoc | undefined)) this.replica.put(d);
    replicate(this.replica, server);
    replicate(server, this.replica);
    for (const id of this.replica.ids()) {
      const live = this.replica.leaves(id).filter((l) => !l._deleted);
      if (live.length < 2) continue;
      const r = resolve(live);
      if (r.put) this.replica.put(r.put, r.onto);
      for (const rev of r.remove) this.replica.remove(id, rev);
      for (const c of r.conflicts) {
        if (!this.replica.get(c._id)) this.replica.put(c);
        this.conflicts++;
      }
    }
    const changed: SyncDoc[] = [];
    for (const id of this.replica.ids()) {
      const leaves = this.replica.leaves(id);
      const w = couchWinner(leaves);
      if (this.seen.get(id) === w._rev) continue;
      this.seen.set(id, w._rev!);
      if (!w._deleted) changed.push(w);
    }
    // Card documents that came before their note, offered again (as the client does).
    const expanded = expandAll(changed);
    for (const id of this.orphans) {
      const d = getRecord(this.replica, `card:${id}`);
      if (d && !expanded.some((x) => x._id === d._id)) expanded.push(d);
    }
    const chunks = this.replica.ids().filter((id) => id.startsWith('revlog:')).map((id) => this.replica.get(id)).filter((d): d is RevlogChunkDoc => d?.type === 'revlog');
    const usn = this.stamp();
    const result = incoming(this.state, expanded, { chunks, cardDoc: (cid) => getRecord(this.replica, `card:${cid}`) as LwwDoc<'card'> | undefined, dirtyCards: this.dirty, optionsChangedHere: this.optionsChanged }, usn);
    this.orphans = result.orphans;
    this.since = usn;
    this.dirty.clear();
    this.optionsChanged = false;
  }
}

/** What must be identical on every device (the change counter is each device's own). */
export function comparable(state: LocalState): unknown {
  const noUsn = <T extends { usn: number }>(m: Map<string, T>) => [...m.values()].map(({ usn: _u, ...rest }) => rest).sort((a, b) => ((a as unknown as { id: string }).id < (b as unknown as { id: string }).id ? -1 : 1));
  const cards = [...state.cards.values()].map(({ usn: _u, mtime: _m, ...rest }) => rest).sort((a, b) => (a.id < b.id ? -1 : 1));
  const revlog = [...state.revlog.keys()].sort();
  const { theme: _t, ...study } = state.settings;
  return { notes: noUsn(state.notes), cards, decks: noUsn(state.decks), presets: noUsn(state.presets), revlog, study };
}

export type { ReviewLogRecord };
