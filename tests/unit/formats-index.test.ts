import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { AppError, ErrorCode } from '../../src/core/errors';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { writeBackup } from '../../src/formats/backup/write';
import { detectFormat, readImport } from '../../src/formats/index';
import { buildLatestApkg, buildLegacyApkg } from '../fixtures/anki-packages';

let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

const utf8 = (s: string) => new TextEncoder().encode(s);
const emptyBackup = () => writeBackup({ version: 1, exportedAt: 0, appVersion: 't', decks: [], notes: [], cards: [], revlog: [], media: [], stories: [], settings: DEFAULT_SETTINGS });

describe('detectFormat', () => {
  it('should go by extension for packages and text files', () => {
    expect(detectFormat(new Uint8Array([1, 2, 3]), 'x.apkg')).toBe('apkg');
    expect(detectFormat(new Uint8Array(0), 'x.colpkg')).toBe('colpkg');
    expect(detectFormat(utf8('a,b'), 'x.csv')).toBe('csv');
    expect(detectFormat(utf8('a\tb'), 'x.tsv')).toBe('anki-text');
    expect(detectFormat(utf8('a\tb'), 'x.txt')).toBe('anki-text');
    expect(detectFormat(utf8('# x'), 'x.md')).toBe('markdown');
  });

  it('should look inside zips and text when the extension says little', () => {
    expect(detectFormat(emptyBackup(), 'prepdeck-2025-01-01.zip')).toBe('backup');
    expect(detectFormat(emptyBackup(), 'download')).toBe('backup');
    expect(detectFormat(buildLegacyApkg(sql), 'download.zip')).toBe('apkg');
    expect(detectFormat(utf8('#separator:Tab\na\tb\n'), 'notes')).toBe('anki-text');
    expect(detectFormat(utf8('---\nid: x\n---\n'), 'notes')).toBe('markdown');
    expect(detectFormat(utf8('front;back\n'), 'notes')).toBe('csv');
    expect(detectFormat(new Uint8Array([0, 159, 146, 150, 0, 1]), 'photo.jpg')).toBe('unknown');
  });
});

describe('readImport', () => {
  it('should dispatch to the right reader', async () => {
    expect((await readImport(buildLatestApkg(sql), 'x.apkg', { sql })).format).toBe('apkg-anki21b');
    expect((await readImport(buildLegacyApkg(sql), 'x.apkg', { sql: () => loadSqlJsNode() })).format).toBe('apkg-anki2');
    expect((await readImport(utf8('a,b\n'), 'x.csv', { now: 5 })).notes[0]!.mtime).toBe(5);
    expect((await readImport(utf8('Q: a\nA: b\n'), 'x.md')).format).toBe('markdown');
    expect((await readImport(utf8('a|b|c\n'), 'x.txt', { text: { columns: ['ignore', 'front', 'back'] } })).notes[0]).toMatchObject({ front: 'b', back: 'c' });
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'x.csv', ErrorCode.EmptyFile],
    ['a backup', emptyBackup(), 'backup.zip', ErrorCode.UnknownFormat],
    ['an unknown binary file', new Uint8Array([0, 1, 2, 3, 0, 255]), 'photo.jpg', ErrorCode.UnknownFormat],
  ])('should refuse %s with an AppError', async (_, bytes, name, code) => {
    const e = await readImport(bytes, name, { sql }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
  });

  it('should report progress and stop on abort', async () => {
    const seen: number[] = [];
    await readImport(utf8('a,b\n'), 'x.csv', { onProgress: (f) => seen.push(f) });
    expect(seen).toEqual([1]);
    const controller = new AbortController();
    controller.abort();
    await expect(readImport(utf8('a,b\n'), 'x.csv', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
