/**
 * Zip reading with bounds checks at every step, so a damaged or truncated file ends in a specific
 * AppError instead of a stray RangeError. Members are decompressed on demand (fflate's inflate)
 * and checked against their CRC-32.
 */
import { inflateSync } from 'fflate';
import { AppError, ErrorCode } from '../../core/errors';
import { crc32 } from './crc32';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  /** Member names in central-directory order. */
  names: string[];
  has(name: string): boolean;
  entry(name: string): ZipEntry | undefined;
  /** The member's decompressed bytes; throws AppError when it is damaged. */
  read(name: string): Uint8Array;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
/** Larger members are refused rather than risking an out-of-memory crash in the worker. */
const MAX_MEMBER_BYTES = 1 << 30;

/** "package" for Anki files, "backup" for backups: used in messages. */
export type ZipKind = 'Anki package' | 'Prepdeck backup' | 'zip file';

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

export function openZip(bytes: Uint8Array, kind: ZipKind): ZipArchive {
  if (bytes.length === 0) throw new AppError(ErrorCode.EmptyFile, 'This file is empty.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number => (at >= 0 && at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  const u16 = (at: number): number => (at >= 0 && at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  const u64 = (at: number): number => (at >= 0 && at + 8 <= bytes.length ? view.getUint32(at, true) + view.getUint32(at + 4, true) * 0x100000000 : -1);
  const truncated = (what: string) => new AppError(ErrorCode.TruncatedZip, `The ${kind === 'zip file' ? 'file' : kind.split(' ').pop()} is truncated: ${what}. It was probably not downloaded or copied completely.`);

  let eocd = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(at) === EOCD_SIG) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) {
    if (isZip(bytes)) throw truncated('the zip directory at its end is missing');
    throw new AppError(ErrorCode.NotAZip, kind === 'zip file' ? 'This is not a zip archive.' : `This is not a${kind === 'Anki package' ? 'n' : ''} ${kind}: it is not a zip archive.`);
  }
  let count = u16(eocd + 10);
  let cdOffset = u32(eocd + 16);
  const zip64 = u32(eocd - 20) === ZIP64_LOCATOR_SIG;
  if (zip64) {
    const rec = u64(eocd - 12);
    if (u32(rec) !== ZIP64_EOCD_SIG) throw truncated('its zip64 directory record is missing');
    count = u64(rec + 32);
    cdOffset = u64(rec + 48);
  }
  if (cdOffset < 0 || cdOffset > bytes.length) throw truncated('the zip directory starts past the end of the file');

  const entries = new Map<string, ZipEntry>();
  const names: string[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== CENTRAL_SIG) throw truncated(`zip directory entry ${i + 1} of ${count} is missing`);
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    if (at + 46 + nameLength + extraLength > bytes.length) throw truncated(`zip directory entry ${i + 1} ends past the end of the file`);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'windows-1252').decode(rawName);
    const entry: ZipEntry = { name, method: u16(at + 10), flags, crc: u32(at + 16), compressedSize: u32(at + 20), size: u32(at + 24), localHeaderOffset: u32(at + 42) };
    readZip64Extra(entry, view, at + 46 + nameLength, extraLength);
    if (!entries.has(name)) names.push(name);
    entries.set(name, entry);
    at += 46 + nameLength + extraLength + commentLength;
  }

  const read = (name: string): Uint8Array => {
    const e = entries.get(name);
    if (!e) throw new AppError(ErrorCode.Corrupt, `The ${kind} has no member "${name}".`);
    if (u32(e.localHeaderOffset) !== LOCAL_SIG) throw truncated(`member "${name}" is missing`);
    const start = e.localHeaderOffset + 30 + u16(e.localHeaderOffset + 26) + u16(e.localHeaderOffset + 28);
    if (start + e.compressedSize > bytes.length) throw truncated(`member "${name}" ends past the end of the file`);
    if (e.flags & 1) throw new AppError(ErrorCode.Corrupt, `Member "${name}" of the ${kind} is encrypted, which is not supported.`);
    if (e.size > MAX_MEMBER_BYTES) throw new AppError(ErrorCode.Corrupt, `Member "${name}" of the ${kind} is too large to import (${Math.round(e.size / 2 ** 20)} MB).`);
    // Deflate expands at most ~1032:1; a larger declared size is a damaged header, not data.
    if (e.method === 8 && e.size > e.compressedSize * 1032 + 1024) throw new AppError(ErrorCode.Corrupt, `The ${kind} is damaged: member "${name}" declares an impossible size.`);
    const raw = bytes.subarray(start, start + e.compressedSize);
    let data: Uint8Array;
    if (e.method === 0) data = raw;
    else if (e.method === 8) data = inflateMember(raw, e, kind);
    else throw new AppError(ErrorCode.Corrupt, `Member "${name}" of the ${kind} uses zip compression method ${e.method}, which is not supported.`);
    if (data.length !== e.size || crc32(data) !== e.crc)
      throw new AppError(ErrorCode.Corrupt, `The ${kind} is damaged: member "${name}" does not match its checksum.`);
    return data;
  };
  return { names, has: (n) => entries.has(n), entry: (n) => entries.get(n), read };
}

function readZip64Extra(e: ZipEntry, view: DataView, from: number, length: number): void {
  const MAX = 0xffffffff;
  if (e.size !== MAX && e.compressedSize !== MAX && e.localHeaderOffset !== MAX) return;
  for (let at = from; at + 4 <= from + length && at + 4 <= view.byteLength; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 1) {
      let p = at + 4;
      const next = (): number => {
        if (p + 8 > view.byteLength) return -1;
        const v = view.getUint32(p, true) + view.getUint32(p + 4, true) * 0x100000000;
        p += 8;
        return v;
      };
      if (e.size === MAX) e.size = next();
      if (e.compressedSize === MAX) e.compressedSize = next();
      if (e.localHeaderOffset === MAX) e.localHeaderOffset = next();
      return;
    }
    at += 4 + size;
  }
}

function inflateMember(raw: Uint8Array, e: ZipEntry, kind: ZipKind): Uint8Array {
  try {
    // A declared size lets fflate allocate once; a wrong one is caught by the size/CRC check.
    return inflateSync(raw, e.size > 0 ? { out: new Uint8Array(e.size) } : undefined);
  } catch (cause) {
    throw new AppError(ErrorCode.Corrupt, `The ${kind} is damaged: member "${e.name}" could not be decompressed.`, { cause });
  }
}
