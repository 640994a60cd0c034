/**
 * The package's media list and files. Legacy packages map zip member → file name in a JSON
 * object; the latest generation stores a zstd-compressed protobuf MediaEntries list whose index
 * is the member name, and zstd-compresses each file.
 */
import { ErrorCode, isAppError } from '../../core/errors';
import type { ZipArchive } from '../shared/zip';
import type { PackageLayout } from './meta';
import { decodeMessage, messageFields, stringField, uintField } from './protobuf';
import { isZstd, unzstd } from './zstd';

export interface MediaMapEntry {
  name: string;
  member: string;
}

/** MediaEntries.entries = 1; MediaEntry.name = 1, legacy_zip_filename = 255. */
const ENTRIES = 1;
const ENTRY_NAME = 1;
const ENTRY_ZIP_NAME = 255;

/** A plain file name: no folders, no "..", no control characters (as Anki's safe-name check). */
export function safeMediaName(name: string): string | undefined {
  const n = name.normalize('NFC');
  if (n === '' || n === '.' || n === '..' || /[/\\\x00-\x1f]/.test(n) || n.length > 255) return undefined;
  return n;
}

export function readMediaMap(zip: ZipArchive, layout: PackageLayout, warnings: string[]): MediaMapEntry[] {
  if (!zip.has('media')) return [];
  const raw: MediaMapEntry[] = [];
  try {
    const bytes = zip.read('media');
    if (layout.zstd) {
      const list = decodeMessage(unzstd(bytes, 'media list'), 'media list');
      messageFields(list, ENTRIES, 'media list').forEach((e, index) => {
        const zipName = e.get(ENTRY_ZIP_NAME) ? String(uintField(e, ENTRY_ZIP_NAME)) : String(index);
        raw.push({ name: stringField(e, ENTRY_NAME), member: zipName });
      });
    } else {
      const text = new TextDecoder().decode(bytes).trim() || '{}';
      const map: unknown = JSON.parse(text);
      if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new Error('not an object');
      for (const [member, name] of Object.entries(map as Record<string, unknown>)) if (typeof name === 'string') raw.push({ name, member });
    }
  } catch (e) {
    if (isAppError(e) && e.code !== ErrorCode.Corrupt) throw e;
    warnings.push('The package\'s media list is damaged, so no images or sounds were imported from it.');
    return [];
  }
  const entries: MediaMapEntry[] = [];
  const unsafe: string[] = [];
  for (const e of raw) {
    const name = safeMediaName(e.name);
    if (name) entries.push({ name, member: e.member });
    else unsafe.push(e.name);
  }
  if (unsafe.length) warnings.push(`${unsafe.length} media file name${unsafe.length === 1 ? ' was' : 's were'} unsafe (folders or control characters) and skipped: ${unsafe.slice(0, 3).map((n) => JSON.stringify(n)).join(', ')}.`);
  return entries;
}

/** The file's bytes, or undefined (with a warning) when its member is missing or damaged. */
export function readMediaFile(zip: ZipArchive, entry: MediaMapEntry, layout: PackageLayout, warnings: string[]): Uint8Array | undefined {
  if (!zip.has(entry.member)) {
    warnings.push(`The media file "${entry.name}" is listed but missing from the package.`);
    return undefined;
  }
  try {
    const bytes = zip.read(entry.member);
    return layout.zstd && isZstd(bytes) ? unzstd(bytes, `media file "${entry.name}"`) : bytes;
  } catch (e) {
    if (!isAppError(e)) throw e;
    warnings.push(`The media file "${entry.name}" is damaged and was skipped (${e.message})`);
    return undefined;
  }
}
