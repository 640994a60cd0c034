/**
 * The backup file: one zip holding `backup.json` (the collection snapshot, media replaced by
 * references to members) and one member per media file (`media/<n>`, stored as is). Written
 * deterministically, so the same snapshot always gives the same bytes.
 */
import type { CollectionSnapshot, MediaBytes } from '../../core/types';

export const BACKUP_JSON = 'backup.json';
export const BACKUP_FORMAT = 'prepdeck-backup';

export interface BackupMediaEntry extends Omit<MediaBytes, 'data'> {
  /** Zip member with the bytes. */
  member: string;
  size: number;
}

export interface BackupJson extends Omit<CollectionSnapshot, 'media'> {
  format: typeof BACKUP_FORMAT;
  media: BackupMediaEntry[];
}
