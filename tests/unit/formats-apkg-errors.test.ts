import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SqlJsStatic } from 'sql.js';
import { AppError, ErrorCode } from '../../src/core/errors';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { readApkg } from '../../src/formats/apkg/read';
import { readImport } from '../../src/formats/index';
import { fixtureContent, TINY_PNG } from '../fixtures/anki-content';
import { legacyCollection } from '../fixtures/anki-collections';
import { buildLatestApkg, buildLegacyApkg, buildStubFirstApkg, zipOf } from '../fixtures/anki-packages';
import { encodeMessage } from '../fixtures/protobuf-write';
import { zstdRawFrame } from '../fixtures/zstd-raw';

let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

async function failure(bytes: Uint8Array, name = 'broken.apkg'): Promise<AppError> {
  try {
    await readApkg(bytes, name, { sql });
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`);
  }
  throw new Error('expected the read to fail');
}

describe('readApkg: unreadable packages', () => {
  it('should say an empty file is empty', async () => {
    const e = await failure(new Uint8Array(0));
    expect(e.code).toBe(ErrorCode.EmptyFile);
    expect(e.message).toBe('This file is empty.');
  });

  it('should say random bytes are not a zip archive', async () => {
    const e = await failure(new Uint8Array(4096).map((_, i) => (i * 7919 + 13) & 0xff));
    expect(e.code).toBe(ErrorCode.NotAZip);
    expect(e.message).toBe('This is not an Anki package: it is not a zip archive.');
  });

  it('should say a cut-off package is truncated', async () => {
    const whole = buildLegacyApkg(sql);
    const e = await failure(whole.subarray(0, Math.floor(whole.length / 2)));
    expect(e.code).toBe(ErrorCode.TruncatedZip);
    expect(e.message).toMatch(/^The package is truncated: /);
  });

  it('should say a collection that is not SQLite is not a database', async () => {
    const e = await failure(zipOf({ 'collection.anki2': new Uint8Array(8192).fill(0x5a), media: '{}' }));
    expect(e.code).toBe(ErrorCode.NotSqlite);
    expect(e.message).toMatch(/collection\.anki2.*not an SQLite database/);
  });

  it('should say an SQLite file without Anki tables is not an Anki collection', async () => {
    const db = new sql.Database();
    db.exec('CREATE TABLE other (x)');
    const e = await failure(zipOf({ 'collection.anki2': db.export() }));
    db.close();
    expect(e.code).toBe(ErrorCode.Corrupt);
    expect(e.message).toMatch(/has no "col" table: it is not an Anki collection/);
  });

  it('should say a zip without a collection is not an Anki package', async () => {
    const e = await failure(zipOf({ 'notes.txt': 'hello' }));
    expect(e.code).toBe(ErrorCode.UnknownFormat);
  });

  it('should refuse a package version newer than 3 as too new', async () => {
    const e = await failure(buildLatestApkg(sql, fixtureContent(), { metaVersion: 4 }));
    expect(e.code).toBe(ErrorCode.TooNew);
    expect(e.message).toMatch(/newer Anki \(package version 4\)/);
  });

  it('should refuse a version-3 package without collection.anki21b', async () => {
    const e = await failure(zipOf({ meta: encodeMessage([[1, 3]]), 'collection.anki2': legacyCollection(sql, fixtureContent()) }));
    expect(e.code).toBe(ErrorCode.Corrupt);
    expect(e.message).toMatch(/no "collection\.anki21b"/);
  });

  it('should refuse a latest collection that is not zstd, or zstd of garbage', async () => {
    const notZstd = await failure(zipOf({ meta: encodeMessage([[1, 3]]), 'collection.anki21b': legacyCollection(sql, fixtureContent()) }));
    expect(notZstd.code).toBe(ErrorCode.Corrupt);
    const garbage = await failure(zipOf({ meta: encodeMessage([[1, 3]]), 'collection.anki21b': zstdRawFrame(new Uint8Array(4096).fill(7)) }));
    expect(garbage.code).toBe(ErrorCode.NotSqlite);
  });

  it('should notice a damaged member through its checksum', async () => {
    const bytes = buildLegacyApkg(sql).slice();
    // The PNG member is stored: flip a byte inside it.
    const at = bytes.findIndex((_, i) => bytes[i] === 0x49 && bytes[i + 1] === 0x44 && bytes[i + 2] === 0x41 && bytes[i + 3] === 0x54);
    bytes[at + 6]! ^= 0xff;
    const plan = await readApkg(bytes, 'x.apkg', { sql });
    expect(plan.media).toHaveLength(0);
    expect(plan.warnings.join(' ')).toMatch(/tiny\.png" is damaged.*does not match its checksum/);
  });

  it('should import notes without media when the media list or a file is missing or unsafe', async () => {
    const collection = legacyCollection(sql, fixtureContent());
    const badList = await readApkg(zipOf({ 'collection.anki2': collection, media: '{not json' }), 'x.apkg', { sql });
    expect(badList.notes).toHaveLength(6);
    expect(badList.warnings.join(' ')).toMatch(/media list is damaged/);
    const missing = await readApkg(zipOf({ 'collection.anki2': collection, media: '{"0": "tiny.png"}' }), 'x.apkg', { sql });
    expect(missing.warnings.join(' ')).toMatch(/"tiny\.png" is listed but missing/);
    const unsafe = await readApkg(zipOf({ 'collection.anki2': collection, '0': TINY_PNG, media: '{"0": "../evil.png"}' }), 'x.apkg', { sql });
    expect(unsafe.media).toHaveLength(0);
    expect(unsafe.warnings.join(' ')).toMatch(/unsafe/);
  });
});

/** Any outcome but a crash: a plan, or an AppError with a message. */
async function readsOrExplains(bytes: Uint8Array, name: string): Promise<boolean> {
  try {
    await readImport(bytes, name, { sql });
    return true;
  } catch (e) {
    return e instanceof AppError && e.message.length > 10;
  }
}

describe('readApkg: fuzzing', () => {
  it('should answer random bytes with an AppError', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => readsOrExplains(bytes, 'random.apkg')), { numRuns: 200 });
  });

  it('should answer truncated packages of every generation with an AppError', async () => {
    const packages = [buildLegacyApkg(sql), buildStubFirstApkg(sql), buildLatestApkg(sql)];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), async (which, cut) => {
        const whole = packages[which]!;
        return readsOrExplains(whole.subarray(0, Math.floor(whole.length * cut)), 'cut.apkg');
      }),
      { numRuns: 60 },
    );
  });

  it('should answer mutated packages with a plan or an AppError', async () => {
    const packages = [buildLegacyApkg(sql), buildStubFirstApkg(sql), buildLatestApkg(sql)];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (which, edits) => {
          const bytes = packages[which]!.slice();
          for (const [where, value] of edits) bytes[Math.floor(where * bytes.length)] = value;
          return readsOrExplains(bytes, 'mutated.apkg');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('should answer damaged collections inside intact zips with a plan or an AppError', async () => {
    const content = fixtureContent();
    const legacy = legacyCollection(sql, content);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }),
        async (latest, edits) => {
          const collection = legacy.slice();
          for (const [where, value] of edits) collection[Math.floor(where * collection.length)] = value;
          const zip = latest
            ? zipOf({ meta: encodeMessage([[1, 3]]), 'collection.anki21b': zstdRawFrame(collection), media: zstdRawFrame(encodeMessage([[1, [[1, 'tiny.png']]]])), '0': TINY_PNG })
            : zipOf({ 'collection.anki2': collection, media: '{"0": "tiny.png"}', '0': TINY_PNG });
          return readsOrExplains(zip, 'damaged.apkg');
        },
      ),
      { numRuns: 120 },
    );
  });
});
