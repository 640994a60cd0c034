import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, ErrorCode } from '../../src/core/errors';
import { errorOf } from './helpers';
import { DEFAULT_SETTINGS, type CollectionSnapshot } from '../../src/core/types';
import { readBackup } from '../../src/formats/backup/read';
import { writeBackup } from '../../src/formats/backup/write';
import { detectFormat } from '../../src/formats/index';
import { openZip } from '../../src/formats/shared/zip';
import { writeZip } from '../../src/formats/shared/zip-write';
import { TINY_PNG } from '../fixtures/anki-content';

function snapshot(): CollectionSnapshot {
  return {
    version: 1,
    exportedAt: 1_730_000_000_000,
    appVersion: '0.1.0',
    decks: [{ id: 'algorithms', name: 'Algorithms', description: 'd', source: 'builtin', createdAt: 1, mtime: 2, usn: 0 }],
    notes: [
      { id: 'n1', deckId: 'algorithms', kind: 'basic', format: 'markdown', front: 'F ✓ — "quoted"', back: 'B', tags: ['t'], topics: ['a.1'], noteTypeId: 'pd-basic', fields: ['F ✓ — "quoted"', 'B'], mtime: 4, usn: 1 },
      { id: 'n2', deckId: 'algorithms', kind: 'type-in', format: 'html', front: '<b>F</b>', back: '', answer: '42', sides: [{ front: 'f', back: 'b', typeAnswer: '42' }], tags: [], topics: [], difficulty: 'hard', story: true, guid: 'g', noteTypeId: 'pd-type-in-html', fields: ['<b>F</b>', '', '42'], mtime: 6, usn: 2 },
    ],
    cards: [
      { id: 'n1', noteId: 'n1', deckId: 'algorithms', ord: 0, due: 1_730_000_000_000, stability: 3.14159, difficulty: 5.5, elapsed_days: 1, scheduled_days: 3, learning_steps: 0, reps: 2, lapses: 0, state: 2, last_review: 1_729_000_000_000, suspended: false, bucket: 2, mtime: 3, usn: 1 },
      { id: 'n2', noteId: 'n2', deckId: 'algorithms', ord: 0, due: 7, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, state: 0, suspended: true, bucket: -1, mtime: 3, usn: 1, flag: 2 },
    ],
    revlog: [
      { id: 'r1', cardId: 'n1', deckId: 'algorithms', time: 1_729_000_000_000, rating: 3, stateBefore: 0, stateAfter: 1, stabilityBefore: 0, stabilityAfter: 2.3, difficultyBefore: 0, difficultyAfter: 5, dueBefore: 0, dueAfter: 1_729_000_600_000, scheduledDays: 0, elapsedDays: 0, durationMs: 4000, source: 'review' },
    ],
    media: [
      { id: 'algorithms/tiny.png', deckId: 'algorithms', name: 'tiny.png', mime: 'image/png', data: TINY_PNG },
      { id: 'algorithms/notes.txt', deckId: 'algorithms', name: 'notes.txt', mime: 'text/plain', data: new TextEncoder().encode('hello '.repeat(100)) },
    ],
    stories: [{ noteId: 'n1', text: 'My story', updatedAt: 8 }],
    settings: { ...DEFAULT_SETTINGS, lastBackupAt: 9 },
  };
}


/** Rewrites backup.json of a valid backup through `edit`. */
function withJson(edit: (json: Record<string, unknown>) => void): Uint8Array {
  const zip = openZip(writeBackup(snapshot()), 'zip file');
  const json = JSON.parse(new TextDecoder().decode(zip.read('backup.json'))) as Record<string, unknown>;
  edit(json);
  return writeZip(zip.names.map((name) => ({ name, data: name === 'backup.json' ? new TextEncoder().encode(JSON.stringify(json)) : zip.read(name) })));
}

describe('backup', () => {
  it('should restore exactly what it saved, every store and every media byte', () => {
    const snap = snapshot();
    const bytes = writeBackup(snap);
    const back = readBackup(bytes);
    expect(back).toStrictEqual({ ...snap, media: snap.media.map((m) => ({ ...m, data: new Uint8Array(m.data) })) });
    expect(writeBackup(back)).toEqual(bytes);
    expect(detectFormat(bytes, 'prepdeck-backup.zip')).toBe('backup');
  });

  it('should write the same bytes for the same snapshot', () => {
    expect(writeBackup(snapshot())).toEqual(writeBackup(snapshot()));
  });

  it('should round-trip generated snapshots byte for byte', () => {
    const text = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, fc.uint8Array({ maxLength: 64 })), { maxLength: 5 }), fc.array(text, { maxLength: 5 }), (items, stories) => {
        const snap = snapshot();
        snap.notes = items.map(([front, back], i) => ({ ...snapshot().notes[0]!, id: `n${i}`, front, back }));
        snap.media = items.map(([name, , data], i) => ({ id: `d/${i}`, deckId: 'd', name, mime: 'application/octet-stream', data }));
        snap.stories = stories.map((t, i) => ({ noteId: `n${i}`, text: t, updatedAt: i }));
        const bytes = writeBackup(snap);
        const back = readBackup(bytes);
        expect(back.notes).toEqual(snap.notes);
        expect(back.media.map((m) => [...m.data])).toEqual(snap.media.map((m) => [...m.data]));
        expect(writeBackup(back)).toEqual(bytes);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['an empty file', () => new Uint8Array(0), /^This file is empty\.$/],
    ['a file that is not a zip', () => new TextEncoder().encode('not a zip at all'), /not a Prepdeck backup: it is not a zip archive/],
    ['a truncated backup', () => writeBackup(snapshot()).subarray(0, 200), /^The backup is truncated: /],
    ['a zip without backup.json', () => writeZip([{ name: 'other.txt', data: new Uint8Array([1]) }]), /has no backup\.json/],
    ['invalid JSON', () => writeZip([{ name: 'backup.json', data: new TextEncoder().encode('{"version": 1,') }]), /backup\.json is not valid JSON/],
    ['a newer backup version', () => withJson((j) => (j.version = 2)), /newer version of Prepdeck \(backup version 2\)/],
    ['a note without a front', () => withJson((j) => delete (j.notes as Record<string, unknown>[])[1]!.front), /notes\[1\]\.front should be a text but is undefined/],
    ['a card with an unknown state', () => withJson((j) => ((j.cards as Record<string, unknown>[])[0]!.state = 7)), /cards\[0\]\.state should be one of 0, 1, 2, 3/],
    ['a non-finite number', () => withJson((j) => ((j.revlog as Record<string, unknown>[])[0]!.time = '1e999')), /revlog\[0\]\.time should be a number/],
    ['two decks with one id', () => withJson((j) => (j.decks as unknown[]).push((j.decks as unknown[])[0])), /decks\[1\] repeats the id "algorithms"/],
    ['bad settings', () => withJson((j) => ((j.settings as Record<string, unknown>).theme = 'neon')), /settings\.theme should be one of/],
    ['a missing media member', () => withJson((j) => ((j.media as Record<string, unknown>[])[0]!.member = 'media/99')), /media\[0\] \("tiny\.png"\) refers to the missing member "media\/99"/],
    ['a media size mismatch', () => withJson((j) => ((j.media as Record<string, unknown>[])[0]!.size = 1)), /media\[0\] \("tiny\.png"\) has 70 bytes, expected 1/],
  ])('should refuse %s with InvalidBackup and a specific message', (_, make, message) => {
    const e = errorOf(() => readBackup(make()));
    expect(e.code).toBe(ErrorCode.InvalidBackup);
    expect(e.message).toMatch(message);
  });

  it('should notice damaged media through the zip checksum', () => {
    const bytes = writeBackup(snapshot()).slice();
    const at = bytes.findIndex((_, i) => bytes[i] === 0x49 && bytes[i + 1] === 0x44 && bytes[i + 2] === 0x41 && bytes[i + 3] === 0x54);
    bytes[at + 5]! ^= 0x01;
    expect(errorOf(() => readBackup(bytes)).message).toMatch(/does not match its checksum/);
  });

  it('should answer any damage with InvalidBackup', () => {
    const good = writeBackup(snapshot());
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.option(fc.nat(good.length)), (edits, cut) => {
        const bytes = good.slice(0, cut ?? good.length);
        for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
        try {
          readBackup(bytes);
          return true;
        } catch (e) {
          return e instanceof AppError && e.code === ErrorCode.InvalidBackup;
        }
      }),
      { numRuns: 300 },
    );
  });
});
