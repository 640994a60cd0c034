/** Collection snapshot → backup zip (see format.ts). */
import type { CollectionSnapshot } from '../../core/types';
import { writeZip, type ZipMemberInput } from '../shared/zip-write';
import { BACKUP_FORMAT, BACKUP_JSON, type BackupJson } from './format';

export function writeBackup(snapshot: CollectionSnapshot): Uint8Array {
  const { media, ...rest } = snapshot;
  const members: ZipMemberInput[] = [];
  const json: BackupJson = {
    format: BACKUP_FORMAT,
    ...rest,
    media: media.map(({ data, ...m }, i) => {
      const member = `media/${i}`;
      // Images and sounds are compressed already; deflating them again only costs time.
      members.push({ name: member, data, compress: !/^(image\/(png|jpeg|gif|webp|avif)|audio\/|video\/)/.test(m.mime) });
      return { ...m, member, size: data.length };
    }),
  };
  return writeZip([{ name: BACKUP_JSON, data: new TextEncoder().encode(JSON.stringify(json)) }, ...members]);
}
