/**
 * The formats layer's entry point: which reader a file needs, and reading it into an
 * ImportPlan. Pure (bytes in, plan out): runs in Node and in the import worker; storage commits
 * the plan in one transaction. Every failure is an AppError, except cancellation (AbortError).
 */
import type { SqlJsStatic } from 'sql.js';
import { AppError, ErrorCode, isAppError } from '../core/errors';
import { readApkg } from './apkg/read';
import { readCrowdAnki } from './crowdanki/read';
import { readMochi } from './mochi/read';
import { readMarkdown } from './markdown/read';
import type { ImportPlan } from './plan';
import { checkpoint, progressReporter, throwIfAborted } from './shared/progress';
import { isZip, openZip } from './shared/zip';
import type { TextOptions } from './text/analyze';
import { previewText as previewTextFile, type TextPreview } from './text/preview';
import { readText } from './text/read';

export type { ImportPlan } from './plan';
export type { TextOptions } from './text/analyze';
export type { ColumnRole } from './text/columns';
export type { TextPreview } from './text/preview';

export type DetectedFormat = 'apkg' | 'colpkg' | 'backup' | 'csv' | 'anki-text' | 'markdown' | 'crowdanki' | 'mochi' | 'unknown';

export interface ReadOptions {
  /** sql.js, initialised by the caller (or a loader called only for Anki packages). */
  sql?: SqlJsStatic | (() => Promise<SqlJsStatic>);
  /** Text imports: separator, column roles, HTML flag, header row, default deck. */
  text?: TextOptions;
  /** Modification time for notes of formats that carry none (text, Markdown). */
  now?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

const TEXT_EXTENSIONS: Record<string, DetectedFormat> = { csv: 'csv', tsv: 'anki-text', txt: 'anki-text', md: 'markdown', markdown: 'markdown' };

function extensionOf(fileName: string): string {
  return /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
}

/** Which reader a file needs: its extension first, its content when the extension says little. */
export function detectFormat(bytes: Uint8Array, fileName: string): DetectedFormat {
  const ext = extensionOf(fileName);
  if (ext === 'apkg') return 'apkg';
  if (ext === 'colpkg') return 'colpkg';
  if (ext === 'mochi') return 'mochi';
  if (isZip(bytes)) {
    try {
      const zip = openZip(bytes, 'zip file');
      if (zip.has('backup.json')) return 'backup';
      if (zip.names.some((n) => n.startsWith('collection.anki2'))) return 'apkg';
      if (zip.names.some((n) => /(^|\/)deck\.json$/i.test(n))) return 'crowdanki';
      if (zip.names.some((n) => /^data\.(json|edn)$/i.test(n))) return 'mochi';
    } catch {
      /* a damaged zip: the reader named by the extension reports what is wrong */
    }
    return ext === 'zip' ? 'backup' : 'apkg';
  }
  if (ext === 'zip') return 'backup';
  const byExt = TEXT_EXTENSIONS[ext];
  if (byExt) return byExt;
  if (!looksLikeText(bytes)) return 'unknown';
  const head = new TextDecoder().decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  if (ext === 'json' || /^\s*\{/.test(head)) {
    if (/"__type__"\s*:\s*"Deck"/.test(head)) return 'crowdanki';
    if (ext === 'json') return 'unknown';
  }
  if (/^#(separator|html|tags|columns|deck|notetype)[^:\n]*:/im.test(head)) return 'anki-text';
  if (/^---\s*$/.test(head.split(/\r?\n/)[0] ?? '') || /^#{1,6}\s+\S/m.test(head) || /^\s*Q\s*:/im.test(head)) return 'markdown';
  return 'csv';
}

/** Text with a byte-order mark, or a head that is valid UTF-8 without NUL bytes. */
function looksLikeText(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return false;
  try {
    // A multi-byte character cut at the 4096-byte boundary is not a reason to refuse.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - (bytes.length > 4096 ? 3 : 0))));
    return true;
  } catch {
    return false;
  }
}

/** Reads any supported file into an ImportPlan. */
export async function readImport(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): Promise<ImportPlan> {
  throwIfAborted(opts.signal);
  if (bytes.length === 0) throw new AppError(ErrorCode.EmptyFile, 'This file is empty.');
  // A Quizlet export is plain text whatever its name: the user said so on the import screen.
  const format = opts.text?.quizlet && looksLikeText(bytes) ? 'csv' : detectFormat(bytes, fileName);
  try {
    switch (format) {
      case 'apkg':
      case 'colpkg': {
        if (!opts.sql) throw new Error('readImport: Anki packages need sql.js (ReadOptions.sql)');
        const sql = typeof opts.sql === 'function' ? await opts.sql() : opts.sql;
        return await readApkg(bytes, fileName, { sql, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
      }
      case 'csv':
      case 'anki-text':
        return await finish(opts, () => readText(bytes, fileName, { ...opts.text, ...(opts.now !== undefined ? { now: opts.now } : {}) }));
      case 'markdown':
        return await finish(opts, () => readMarkdown(bytes, fileName, opts.now !== undefined ? { now: opts.now } : {}));
      case 'crowdanki':
        return await readCrowdAnki(bytes, fileName, opts.now !== undefined ? { now: opts.now } : {});
      case 'mochi':
        return await readMochi(bytes, fileName, opts.now !== undefined ? { now: opts.now } : {});
      case 'backup':
        throw new AppError(ErrorCode.UnknownFormat, 'This is a Prepdeck backup, not a deck: restore it from Settings → Restore backup.');
      case 'unknown':
        throw new AppError(ErrorCode.UnknownFormat, `"${fileName}" is not a file this app can import. Supported: Anki packages (.apkg, .colpkg), CrowdAnki decks (deck.json or its folder zipped), Mochi exports (.mochi), CSV/TSV and Anki text files (.csv, .tsv, .txt) and Markdown (.md).`);
    }
  } catch (e) {
    throw asReadError(e);
  }
}

async function finish(opts: ReadOptions, read: () => ImportPlan): Promise<ImportPlan> {
  const progress = progressReporter(opts.onProgress);
  const plan = read();
  await checkpoint(opts.signal);
  progress(1);
  return plan;
}

/** AppErrors and cancellation pass through; anything else is a file we could not make sense of. */
function asReadError(e: unknown): unknown {
  if (isAppError(e) || (e instanceof DOMException && e.name === 'AbortError')) return e;
  if (e instanceof Error && e.message.startsWith('readImport:')) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new AppError(ErrorCode.Corrupt, `The file could not be read: it is damaged or not in a format this app knows (${detail}).`, { cause: e });
}

/** First rows, separator and suggested columns of a CSV/TSV/Anki text file, for the import screen. */
export function previewText(bytes: Uint8Array, fileName: string, opts: TextOptions = {}): TextPreview {
  return previewTextFile(bytes, fileName, opts);
}
