/**
 * Backup zip → collection snapshot, validated completely before it is returned: a restore
 * replaces everything, so a damaged backup must fail here, with a message saying what is wrong,
 * and never half-restore.
 */
import { AppError, ErrorCode, isAppError } from '../../core/errors';
import type { CollectionSnapshot, MediaBytes } from '../../core/types';
import { openZip, type ZipArchive } from '../shared/zip';
import { BACKUP_FORMAT, BACKUP_JSON, type BackupJson } from './format';
import { validateBackupJson } from './validate';

function invalid(message: string, cause?: unknown): AppError {
  return new AppError(ErrorCode.InvalidBackup, message, cause === undefined ? undefined : { cause });
}

function open(bytes: Uint8Array): ZipArchive {
  try {
    return openZip(bytes, 'Prepdeck backup');
  } catch (e) {
    if (isAppError(e)) throw invalid(e.message, e);
    throw e;
  }
}

function readMember(zip: ZipArchive, name: string): Uint8Array {
  try {
    return zip.read(name);
  } catch (e) {
    if (isAppError(e)) throw invalid(e.message, e);
    throw e;
  }
}

export function readBackup(bytes: Uint8Array): CollectionSnapshot {
  const zip = open(bytes);
  if (!zip.has(BACKUP_JSON)) throw invalid(`This zip file is not a Prepdeck backup: it has no ${BACKUP_JSON}.`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(readMember(zip, BACKUP_JSON)));
  } catch (e) {
    if (isAppError(e)) throw e;
    throw invalid(`This backup cannot be restored: ${BACKUP_JSON} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`, e);
  }
  validateBackupJson(json, BACKUP_FORMAT);
  const { format: _format, media: entries, ...rest } = json as BackupJson;
  const media: MediaBytes[] = entries.map(({ member, size, ...m }, i) => {
    if (!zip.has(member)) throw invalid(`This backup cannot be restored: media[${i}] ("${m.name}") refers to the missing member "${member}".`);
    const data = readMember(zip, member);
    if (data.length !== size) throw invalid(`This backup cannot be restored: media[${i}] ("${m.name}") has ${data.length} bytes, expected ${size}.`);
    return { ...m, data };
  });
  return { ...rest, media };
}
