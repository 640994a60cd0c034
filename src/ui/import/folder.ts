/**
 * A chosen folder (a CrowdAnki export: `deck.json` and `media/…`) as one in-memory zip, so it goes
 * through the same reading as a file. Paths are relative to the folder, so `deck.json` is at the
 * top; hidden entries (`.git/`, `.DS_Store`) are left out.
 */
import { writeZip } from '../../formats/shared/zip-write';

export interface FolderFile {
  /** `webkitRelativePath`: the chosen folder's name, then the path inside it. */
  path: string;
  data: Uint8Array;
}

const STORED = /\.(png|jpe?g|gif|webp|avif|mp3|m4a|ogg|oga|opus|mp4|webm|zip|apkg)$/i;

export function zipFolder(files: FolderFile[]): { name: string; bytes: Uint8Array } {
  const root = files[0]?.path.split('/')[0] || 'folder';
  const members = files
    .map((f) => ({ name: f.path.split('/').slice(1).join('/'), data: f.data }))
    .filter((m) => m.name !== '' && !m.name.split('/').some((part) => part.startsWith('.') || part === 'Thumbs.db'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((m) => ({ ...m, compress: !STORED.test(m.name) }));
  return { name: `${root}.zip`, bytes: writeZip(members) };
}

/** Reads the files of an `<input webkitdirectory>` and zips them. */
export async function zipChosenFolder(list: FileList): Promise<{ name: string; bytes: Uint8Array }> {
  const files = await Promise.all(Array.from(list, async (f) => ({ path: f.webkitRelativePath || f.name, data: new Uint8Array(await f.arrayBuffer()) })));
  return zipFolder(files);
}

/** Whether this browser lets a file input choose a folder. */
export function canChooseFolder(): boolean {
  return typeof HTMLInputElement !== 'undefined' && 'webkitdirectory' in HTMLInputElement.prototype;
}
