import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ReviewLogRecord } from '../../src/core/types';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { gradeCard } from '../../src/core/scheduler';
import { appendToChunks, cardDoc, CHUNK_SIZE, chunkId, deckDoc, noteDoc, packReview, settingsDoc, unpackReview, withStudySettings, type LiveDoc, type LwwDoc, type RevlogChunkDoc } from '../../src/sync/docs';
import { compareRevs, couchWinner, localWrite, resolve, unionChunks } from '../../src/sync/merge';
import { logsByCard, mergedLog, replayCard } from '../../src/sync/replay';
import { baseState, comparable, Device, makeCard, makeNote, MemCouch, getRecord } from './sync-sim';
import { BUCKETS, bundleIdOf, expandBundle, foldIntoBundles, mergeBundles, setBucketsForTests, type BundleDoc } from '../../src/sync/bundles';

const review = (id: string, time: number, cardId = 'c1'): ReviewLogRecord => ({ id, cardId, deckId: 'd', time, rating: 3, stateBefore: 0, stateAfter: 1, stabilityBefore: 0, stabilityAfter: 1, difficultyBefore: 0, difficultyAfter: 5, dueBefore: 0, dueAfter: time + 600_000, scheduledDays: 0, elapsedDays: 0, durationMs: 4000, source: 'review' });

describe('documents', () => {
  it('packs a review into a tuple and back without loss', () => {
    const r = { ...review('r1', 1000), source: 'import' as const };
    expect(unpackReview(packReview(r))).toEqual(r);
  });

  it('chunks a device log at CHUNK_SIZE entries, ids sorting by sequence, and never adds an entry twice', () => {
    const reviews = Array.from({ length: CHUNK_SIZE + 20 }, (_, i) => review(`r${i}`, i));
    const docs = appendToChunks('phone', undefined, reviews, []);
    expect(docs.map((d) => [d._id, d.reviews.length])).toEqual([
      [chunkId('phone', 0), CHUNK_SIZE],
      [chunkId('phone', 1), 20],
    ]);
    expect(chunkId('phone', 2) > chunkId('phone', 1)).toBe(true);
    const again = appendToChunks('phone', docs[1], [...reviews.slice(-5), review('new', 9999)], [['r3', 10_000]]);
    expect(again).toHaveLength(1);
    expect(again[0]!.reviews).toHaveLength(21);
    expect(again[0]!.undos).toEqual([['r3', 10_000]]);
    expect(() => appendToChunks('laptop', docs[1], [review('x', 1)], [])).toThrow(/only the owning device/);
  });

  it('leaves built-in content and device-local settings out', () => {
    const shipped = makeNote('b1', 'deck', 'shipped', 'builtin', 1, 1);
    expect(noteDoc(shipped)).toBeNull();
    expect(noteDoc({ ...shipped, editedAt: 5, original: { fields: ['x'], tags: [] } })?.body).not.toHaveProperty('original');
    const deck = deckDoc({ id: 'deck', name: 'Shipped name', description: 'Long shipped text', source: 'builtin', createdAt: 1, presetId: 'p', mtime: 2, usn: 1 });
    expect(deck.body).toMatchObject({ name: '', description: '', presetId: 'p' });
    const card = makeCard('b1', 'b1', 'deck', 3, 1, 1);
    expect(cardDoc(card, { builtin: true, hasLog: false })).toBeNull();
    expect(cardDoc({ ...card, suspended: true }, { builtin: true, hasLog: false })?.body.suspended).toBe(true);
    // Once a built-in card has a document, un-suspending it goes out too.
    expect(cardDoc(card, { builtin: true, hasLog: false, existing: { id: 'b1', noteId: 'b1', deckId: 'deck', ord: 0, suspended: true } })?.body.suspended).toBe(false);
    const settings = settingsDoc({ ...DEFAULT_SETTINGS, theme: 'dark', lastBackupAt: 5, desiredRetention: 0.85 }, 7);
    expect(settings.body).not.toHaveProperty('theme');
    expect(settings.body).not.toHaveProperty('lastBackupAt');
    expect(withStudySettings({ ...DEFAULT_SETTINGS, theme: 'light' }, settings.body)).toMatchObject({ theme: 'light', desiredRetention: 0.85 });
  });

  it('keeps the first base state of a user card in later documents', () => {
    const card = makeCard('u1', 'u1', 'deck', 42, 1, 1);
    const first = cardDoc(card, { builtin: false, hasLog: false })!;
    expect(first.body.base?.due).toBe(42);
    const later = cardDoc({ ...card, due: 999, state: 2, suspended: true }, { builtin: false, hasLog: true, existing: first.body })!;
    expect(later.body.base?.due).toBe(42);
  });
});

describe('merge rules', () => {
  const note = (rev: string, mtime: number, text: string): LwwDoc<'note'> => ({ ...noteDoc(makeNote('n1', 'd', text, 'user', mtime, 1))!, _rev: rev });

  it('orders revisions as CouchDB does: generation, then hash; live before deleted', () => {
    expect(compareRevs('10-a', '9-z')).toBeGreaterThan(0);
    expect(compareRevs('2-b', '2-a')).toBeGreaterThan(0);
    expect(couchWinner([{ _id: 'x', _rev: '3-z', _deleted: true }, { _id: 'x', _rev: '2-a' }] as never)._rev).toBe('2-a');
  });

  it('keeps the note with the later mtime whatever CouchDB picked, and lists the losing text', () => {
    const older = note('5-zzz', 100, 'typed on the phone');
    const newer = note('2-aaa', 200, 'typed on the laptop');
    const r = resolve([older, newer]);
    expect(r.onto).toBe('5-zzz');
    expect((r.put as LiveDoc<'note'>).body.fields[0]).toBe('typed on the laptop');
    expect(r.remove).toEqual(['2-aaa']);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]!.body).toMatchObject({ noteId: 'n1', lost: { fields: ['typed on the phone', 'answer typed on the phone'], mtime: 100 }, keptMtime: 200 });
    // In any order, the same outcome.
    expect(resolve([newer, older])).toEqual(r);
  });

  it('settles equal mtimes by revision, and lists no conflict when the text is the same', () => {
    const a = note('3-aaa', 100, 'same');
    const b = note('3-bbb', 100, 'same');
    const r = resolve([a, b]);
    expect(r.put).toBeUndefined();
    expect(r.onto).toBe('3-bbb');
    expect(r.conflicts).toEqual([]);
  });

  it('lists an edit that lost to a newer deletion', () => {
    const edit = note('2-b', 100, 'edited');
    const gone: LwwDoc<'note'> = { _id: 'note:n1', _rev: '2-a', type: 'note', mtime: 150, deleted: true };
    const r = resolve([edit, gone]);
    expect((r.put as LwwDoc).deleted).toBe(true);
    expect(r.conflicts[0]!.body.lost).toMatchObject({ fields: ['edited', 'answer edited'] });
  });

  it('keeps notes and cards in 256 bundles per kind, each record its own last-writer-wins entry', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `note-${i}`);
    const bundles = new Set(ids.map((id) => bundleIdOf('note', id)));
    expect(bundles.size).toBe(BUCKETS);
    const docs = ids.slice(0, 40).map((id, i) => noteDoc(makeNote(id, 'd', `text ${i}`, 'user', 100 + i, 1))!);
    const folded = foldIntoBundles(docs, () => undefined) as BundleDoc[];
    expect(folded.every((d) => d.type === 'bundle' && d.kind === 'note')).toBe(true);
    const back = folded.flatMap(expandBundle).sort((a, b) => (a._id < b._id ? -1 : 1));
    expect(back).toEqual([...docs].sort((a, b) => (a._id < b._id ? -1 : 1)));
  });

  describe('a bundle written on two devices', () => {
    const n = (id: string, mtime: number, text: string) => noteDoc(makeNote(id, 'd', text, 'user', mtime, 1))!;
    const one = (docs: LwwDoc[], base?: BundleDoc): BundleDoc => {
      setBucketsForTests(1);
      try {
        return foldIntoBundles(docs, () => base)[0] as BundleDoc;
      } finally {
        setBucketsForTests(BUCKETS);
      }
    };
    const base = one([n('x', 100, 'x v1'), n('y', 100, 'y v1')]);

    it('keeps both edits of different notes, and lists no conflict', () => {
      const phone = { ...one([n('x', 200, 'x from the phone')], base), _rev: '2-a' };
      const laptop = { ...one([n('y', 300, 'y from the laptop')], base), _rev: '2-b' };
      const { merged, lost } = mergeBundles([phone, laptop]);
      expect(expandBundle(merged).map((d) => (d as LiveDoc<'note'>).body.fields[0])).toEqual(['x from the phone', 'y from the laptop']);
      expect(lost).toEqual([]);
      expect(mergeBundles([laptop, phone]).merged).toEqual(merged);
    });

    it('lists the losing text when both edited the same note, in any order', () => {
      const phone = { ...one([n('x', 200, 'x from the phone')], base), _rev: '2-a' };
      const laptop = { ...one([n('x', 300, 'x from the laptop')], base), _rev: '2-b' };
      const r = resolve([phone, laptop]);
      // CouchDB's winner (the greater hash, `2-b`) already holds the merged content: nothing to put.
      expect(r.put).toBeUndefined();
      expect(r.remove).toEqual(['2-a']);
      expect(expandBundle(mergeBundles([phone, laptop]).merged).map((d) => (d as LiveDoc<'note'>).body.fields[0])).toEqual(['x from the laptop', 'y v1']);
      expect(r.conflicts.map((c) => c.body)).toEqual([{ noteId: 'x', lost: { fields: ['x from the phone', 'answer x from the phone'], tags: [], mtime: 200 }, note: { deckId: 'd', noteTypeId: 'builtin-basic-md', source: 'user' } }]);
      expect(resolve([laptop, phone]).conflicts).toEqual(r.conflicts);
    });

    it('lists an edit that lost to a deletion, and not a version the winner had already replaced', () => {
      const edited = { ...one([n('x', 200, 'x edited')], base), _rev: '2-a' };
      const gone = { ...one([{ _id: 'note:x', type: 'note', mtime: 250, deleted: true }], base), _rev: '2-b' };
      expect(resolve([edited, gone]).conflicts.map((c) => c.body.lost)).toEqual([{ fields: ['x edited', 'answer x edited'], tags: [], mtime: 200 }]);
      // The laptop saw the phone's edit (p = 200) and edited again: not a conflict.
      const again = { ...one([n('x', 400, 'x again')], edited), _rev: '3-c' };
      expect(mergeBundles([edited, again]).lost).toEqual([]);
    });
  });

  it('merges review-log revisions by union: nothing is chosen, nothing lost', () => {
    const base = appendToChunks('phone', undefined, [review('a', 1)], [])[0]!;
    const left: RevlogChunkDoc = { ...appendToChunks('phone', base, [review('b', 2)], [])[0]!, _rev: '2-x' };
    const right: RevlogChunkDoc = { ...appendToChunks('phone', base, [review('c', 3)], [['a', 4]])[0]!, _rev: '2-y' };
    const merged = unionChunks([left, right]);
    expect(merged.reviews.map((r) => r[0])).toEqual(['a', 'b', 'c']);
    expect(merged.undos).toEqual([['a', 4]]);
    expect(resolve([left, right]).put).toMatchObject({ reviews: merged.reviews });
  });

  it('does not write a local record over a newer version from another device', () => {
    const there = note('4-a', 300, 'newer from the laptop');
    expect(localWrite(there, note('', 200, 'older here'))).toBeNull();
    expect(localWrite(there, note('', 400, 'newer here'))).not.toBeNull();
    expect(localWrite(there, { ...there, _rev: '' })).toBeNull();
  });

  it('sends a local change made after an applied version from a clock that ran ahead, one millisecond after it', () => {
    const there = note('4-a', 300, 'from a clock an hour ahead');
    expect(localWrite(there, note('', 200, 'typed later'), false)).toMatchObject({ mtime: 301, body: { fields: ['typed later', 'answer typed later'] } });
    // Nothing to send when only the time differs.
    expect(localWrite(there, { ...there, _rev: '', mtime: 200, body: { ...there.body, mtime: 200 } } as LwwDoc, false)).toBeNull();
  });
});

describe('replay', () => {
  const settings = { ...DEFAULT_SETTINGS };
  const attrs = { id: 'c1', noteId: 'n1', deckId: 'd', ord: 0, suspended: false };

  it('gives the state incremental grading gave, and the same whichever device logged what', () => {
    let card = makeCard('c1', 'n1', 'd', 7, 0, 0);
    const logs: ReviewLogRecord[] = [];
    const times = [1_000_000, 1_700_000, 90_000_000, 400_000_000];
    const ratings = [3, 1, 3, 4] as const;
    times.forEach((t, i) => {
      const g = gradeCard(card, ratings[i]!, t, 3000, settings, `r${i}`);
      card = g.card;
      logs.push(g.log);
    });
    // Two devices' chunks, in either order.
    const phone = appendToChunks('phone', undefined, [logs[0]!, logs[2]!], [])[0]!;
    const laptop = appendToChunks('laptop', undefined, [logs[1]!, logs[3]!], [])[0]!;
    const a = replayCard(attrs, logsByCard(mergedLog([phone, laptop])).get('c1'), settings);
    const b = replayCard(attrs, logsByCard(mergedLog([laptop, phone])).get('c1'), settings);
    expect(a).toEqual(b);
    const { mtime: _m, usn: _u, ...expected } = card;
    const { mtime: _m2, usn: _u2, ...got } = a;
    expect(got).toEqual(expected);
  });

  it('drops an undone review and starts from the state the first entry logged', () => {
    const card = makeCard('c1', 'n1', 'd', 7, 0, 0);
    const g = gradeCard(card, 3, 1_000_000, 3000, settings, 'r0');
    const chunk = appendToChunks('phone', undefined, [g.log], [['r0', 1_000_100]])[0]!;
    const replayed = replayCard(attrs, logsByCard(mergedLog([chunk])).get('c1'), settings);
    expect(replayed).toMatchObject({ state: 0, reps: 0, due: 7 });
  });

  it('takes imported history as logged instead of grading it again', () => {
    const imported: ReviewLogRecord = { ...review('i1', 5_000_000), source: 'import', stateAfter: 2, stabilityAfter: 30, difficultyAfter: 4, dueAfter: 5_000_000 + 30 * 86_400_000, scheduledDays: 30 };
    const chunk = appendToChunks('phone', undefined, [imported], [])[0]!;
    expect(replayCard(attrs, logsByCard(mergedLog([chunk])).get('c1'), settings)).toMatchObject({ state: 2, stability: 30, reps: 1, last_review: 5_000_000 });
  });
});

// ---------------------------------------------------------------------------------------------
// The property: random interleavings on 2–3 devices end identical, every review present.

type Op =
  | { kind: 'grade'; device: number; card: number; rating: 1 | 2 | 3 | 4 }
  | { kind: 'undo'; device: number }
  | { kind: 'edit'; device: number; note: number; text: string }
  | { kind: 'delete'; device: number; note: number }
  | { kind: 'add'; device: number }
  | { kind: 'suspend'; device: number; card: number; on: boolean }
  | { kind: 'retention'; device: number; value: 0.85 | 0.9 | 0.95 }
  | { kind: 'sync'; device: number };

const NOTES = 4;

function opArb(devices: number): fc.Arbitrary<Op> {
  const device = fc.integer({ min: 0, max: devices - 1 });
  const card = fc.integer({ min: 0, max: NOTES + 3 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('grade' as const), device, card, rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const), device }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), device, note: fc.integer({ min: 0, max: NOTES - 1 }), text: fc.constantFrom('alpha', 'beta', 'gamma', 'delta') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), device, note: fc.integer({ min: 0, max: NOTES - 1 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), device }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('suspend' as const), device, card, on: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('retention' as const), device, value: fc.constantFrom(0.85 as const, 0.9 as const, 0.95 as const) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), device }) },
  );
}

/** Built-in notes b0, b1 on every device; user notes u0, u1 made on device 0 before the first sync. */
function setup(count: number, seed: number): { devices: Device[]; server: MemCouch } {
  let s = seed >>> 0 || 1;
  const random = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const devices = Array.from({ length: count }, (_, i) => {
    const state = baseState(['builtin-deck']);
    for (let b = 0; b < 2; b++) {
      state.notes.set(`b${b}`, makeNote(`b${b}`, 'builtin-deck', `shipped ${b}`, 'builtin', 0, 0));
      state.cards.set(`b${b}`, makeCard(`b${b}`, `b${b}`, 'builtin-deck', b, 0, 0));
    }
    return new Device(`dev${i}`, state, random);
  });
  const first = devices[0]!;
  first.state.decks.set('mine', { id: 'mine', name: 'Mine', description: '', source: 'user', createdAt: 1, mtime: 1, usn: 1 });
  first.usn = 1;
  for (let u = 0; u < NOTES - 2; u++) first.addNote(`u${u}`, 'mine', `user ${u}`, 1 + u);
  return { devices, server: new MemCouch(random) };
}

function noteIds(d: Device): string[] {
  return [...d.state.notes.keys()].sort();
}

function run(count: number, ops: Op[], seed: number): { devices: Device[]; server: MemCouch; lastWrite: Map<string, { time: number; text?: string }> } {
  const { devices, server } = setup(count, seed);
  let now = 1_000_000_000_000;
  let added = 0;
  const lastWrite = new Map<string, { time: number; text?: string }>();
  for (const op of ops) {
    now += 60_000 + (op.device + 1) * 7_919; // every write has its own time
    const d = devices[op.device]!;
    const cards = [...d.state.cards.keys()].sort();
    switch (op.kind) {
      case 'grade': {
        const id = cards[op.card % Math.max(1, cards.length)];
        if (id) d.grade(id, op.rating, now);
        break;
      }
      case 'undo':
        d.undo(now);
        break;
      case 'edit': {
        const id = noteIds(d)[op.note % Math.max(1, noteIds(d).length)];
        if (id && d.edit(id, `${op.text} ${op.device}`, now)) lastWrite.set(id, { time: now, text: `${op.text} ${op.device}` });
        break;
      }
      case 'delete': {
        const id = noteIds(d)[op.note % Math.max(1, noteIds(d).length)];
        if (id && d.deleteNote(id, now)) lastWrite.set(id, { time: now });
        break;
      }
      case 'add': {
        const id = `n${++added}-${d.id}`;
        if (!d.state.decks.has('mine')) break;
        d.addNote(id, 'mine', `new ${added}`, now);
        lastWrite.set(id, { time: now, text: `new ${added}` });
        break;
      }
      case 'suspend': {
        const id = cards[op.card % Math.max(1, cards.length)];
        if (id) d.suspend(id, op.on, now);
        break;
      }
      case 'retention':
        d.setRetention(op.value, now);
        break;
      case 'sync':
        d.sync(server);
        break;
    }
  }
  // Everyone syncs until nothing moves (resolutions made in one round travel in the next).
  for (let round = 0; round < 4; round++) for (const d of devices) d.sync(server);
  return { devices, server, lastWrite };
}

describe.each([
  ['256 buckets (as shipped: few records share a bundle)', BUCKETS],
  ['one bucket (every note in one bundle, every card in another)', 1],
])('sync on simulated devices (property), %s', (_name, buckets) => {
  beforeEach(() => setBucketsForTests(buckets));
  afterEach(() => setBucketsForTests(BUCKETS));
  it('ends with identical records on every device, every review present and every undo honoured', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(opArb(3), { minLength: 5, maxLength: 60 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (count, rawOps, seed) => {
          const ops = rawOps.map((o) => ({ ...o, device: o.device % count }));
          const { devices, server, lastWrite } = run(count, ops, seed);
          const reference = comparable(devices[0]!.state);
          for (const d of devices.slice(1)) expect(comparable(d.state)).toEqual(reference);
          // Every review made anywhere is in the server's log; the ones not undone count everywhere.
          const chunks = server.ids().filter((id) => id.startsWith('revlog:')).map((id) => server.get(id) as RevlogChunkDoc);
          const log = mergedLog(chunks);
          for (const d of devices) {
            for (const id of d.made) if (!d.undone.has(id)) expect(log.all.has(id)).toBe(true);
            // An undone review is either marked undone in the log or never left its device.
            for (const id of d.undone) if (log.all.has(id)) expect(log.undone.has(id)).toBe(true);
          }
          const live = [...log.all.keys()].filter((id) => !log.undone.has(id)).sort();
          expect([...devices[0]!.state.revlog.keys()].sort()).toEqual(live);
          // Each card's state is the replay of its whole log (so also the same on every device).
          const byCard = logsByCard(log);
          for (const d of devices) {
            for (const c of d.state.cards.values()) {
              const cardLog = byCard.get(c.id);
              if (!cardLog) continue;
              const docBody = (getRecord(server, `card:${c.id}`) as LwwDoc<'card'> | undefined)?.body;
              const { mtime: _m, usn: _u, ...expected } = replayCard(docBody ?? { id: c.id, noteId: c.noteId, deckId: c.deckId, ord: c.ord, suspended: c.suspended, ...(c.flag ? { flag: c.flag } : {}) }, cardLog, d.state.settings);
              const { mtime: _m2, usn: _u2, ...got } = c;
              expect(got).toEqual(expected);
            }
          }
          // Last writer wins for note text: the newest edit or deletion of each note decides.
          for (const [noteId, w] of lastWrite) {
            const n = devices[0]!.state.notes.get(noteId);
            if (w.text === undefined) expect(n).toBeUndefined();
            else expect(n?.fields[0]).toBe(w.text);
          }
          // Every replica ends with the same documents as the server.
          for (const d of devices) expect(d.replica.ids().map((id) => d.replica.get(id)?._rev)).toEqual(server.ids().map((id) => server.get(id)?._rev));
        },
      ),
      {
        // PROPERTY_RUNS=5000 hunts for rarer counterexamples (CI runs the default).
        numRuns: Number(process.env.PROPERTY_RUNS ?? 120),
        // Found by this property: two edits and a deletion of one note on three devices. Devices
        // that resolved it against different winners wrote different "changed on two devices"
        // documents under one id, which took more rounds than the four below to settle.
        // And: a card's document arriving while its note was deleted here, the note coming back later.
        // And (found in CI): a shipped card coming back on a device that had deleted it (its
        // document now carries its starting state); a note deleted elsewhere, then brought back
        // by a newer edit, whose live card had gone with it here.
        examples: [[3, [{ kind: 'edit', device: 1, note: 0, text: 'alpha' }, { kind: 'grade', device: 1, card: 1, rating: 1 }, { kind: 'sync', device: 1 }, { kind: 'grade', device: 0, card: 0, rating: 1 }, { kind: 'sync', device: 2 }, { kind: 'sync', device: 0 }, { kind: 'delete', device: 1, note: 0 }, { kind: 'grade', device: 0, card: 5, rating: 1 }, { kind: 'edit', device: 0, note: 0, text: 'alpha' }, { kind: 'grade', device: 2, card: 0, rating: 1 }, { kind: 'sync', device: 2 }, { kind: 'sync', device: 1 }], 1], [3, [{ kind: 'grade', device: 0, card: 0, rating: 1 }, { kind: 'edit', device: 0, note: 1, text: 'alpha' }, { kind: 'retention', device: 0, value: 0.85 }, { kind: 'edit', device: 1, note: 1, text: 'alpha' }, { kind: 'delete', device: 2, note: 1 }, { kind: 'grade', device: 1, card: 0, rating: 1 }, { kind: 'sync', device: 0 }], 18], [2, [{ kind: 'delete', device: 1, note: 0 }, { kind: 'delete', device: 1, note: 0 }, { kind: 'suspend', device: 0, card: 5, on: true }, { kind: 'sync', device: 0 }, { kind: 'edit', device: 0, note: 1, text: 'alpha' }, { kind: 'grade', device: 0, card: 0, rating: 1 }, { kind: 'delete', device: 0, note: 0 }, { kind: 'sync', device: 0 }, { kind: 'retention', device: 0, value: 0.85 }], 1], [3, [{ kind: 'edit', device: 2, note: 0, text: 'alpha' }, { kind: 'delete', device: 0, note: 0 }, { kind: 'grade', device: 2, card: 0, rating: 1 }, { kind: 'sync', device: 2 }, { kind: 'edit', device: 2, note: 0, text: 'alpha' }, { kind: 'add', device: 0 }, { kind: 'undo', device: 0 }, { kind: 'sync', device: 1 }], 650719249]],
      },
    );
  });
});
