/**
 * Image sources in card content. Local names map to blob: URLs of the deck's media; nothing
 * remote is ever loaded (the CSP allows only 'self', blob: and data: images, and a remote image
 * would tell a third party when the user studies).
 */
import type { Note } from '../core/types';
import { soundNames } from './sound';
import { decodeEntities } from './text';

export type ImageSource =
  | { kind: 'local'; name: string }
  | { kind: 'remote'; url: string }
  | { kind: 'data'; url: string }
  | { kind: 'blocked' };

/** Browsers drop tabs and newlines anywhere in a URL and trim C0 controls and spaces. */
export function normalizeUrl(raw: string): string {
  return raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

const RASTER_DATA = /^data:image\/(png|jpe?g|gif|webp|avif|bmp)[;,]/i;

export function classifyImageSrc(raw: string): ImageSource {
  const url = normalizeUrl(raw);
  if (url === '') return { kind: 'blocked' };
  if (RASTER_DATA.test(url)) return { kind: 'data', url };
  if (/^https?:/i.test(url) || /^[/\\]{2}/.test(url)) return { kind: 'remote', url };
  // Any other scheme (javascript:, blob:, file:, data:text/html …) is refused.
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return { kind: 'blocked' };
  // A site-absolute path is not a deck media name; treat it like a remote image.
  if (/^[/\\]/.test(url)) return { kind: 'remote', url };
  return { kind: 'local', name: url.replace(/^\.\//, '') };
}

/**
 * Names to try for a local reference: as written, then percent-decoded (Markdown encodes
 * `<my image.png>` as `my%20image.png`; some Anki versions write encoded names too).
 */
export function mediaNameCandidates(name: string): string[] {
  const out = [name];
  try {
    const decoded = decodeURIComponent(name);
    if (decoded !== name) out.push(decoded);
  } catch {
    // Not valid percent-encoding: the name is used as written.
  }
  return out;
}

/** The blob:/data: URL for a local name, or undefined when the deck has no such file. */
export function resolveMedia(name: string, media: ((name: string) => string | undefined) | undefined): string | undefined {
  if (!media) return undefined;
  for (const candidate of mediaNameCandidates(name)) {
    const url = media(candidate);
    // Only our own object URLs or inline images: anything else would defeat the no-remote rule.
    if (url !== undefined && (/^blob:/i.test(url) || RASTER_DATA.test(url))) return url;
  }
  return undefined;
}

const HTML_IMG = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const MD_IMG = /!\[[^\]]*\]\(\s*(?:<([^>\n]*)>|([^)\s]+))/g;

/** Local media names a note references (images and `[sound:…]`), so the UI can load those blobs before rendering. */
export function referencedMedia(note: Note): string[] {
  const texts = [note.front, note.back, ...(note.sides ?? []).flatMap((s) => [s.front, s.back])];
  const names = new Set<string>();
  const add = (raw: string) => {
    const src = classifyImageSrc(raw);
    if (src.kind === 'local') for (const n of mediaNameCandidates(src.name)) names.add(n);
  };
  for (const text of texts) {
    for (const m of text.matchAll(HTML_IMG)) add(decodeEntities(m[1] ?? m[2] ?? m[3] ?? ''));
    if (note.format === 'markdown') {
      for (const m of text.matchAll(MD_IMG)) add((m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'));
    }
    for (const name of soundNames(text, note.format === 'markdown' ? 'markdown' : 'html')) for (const n of mediaNameCandidates(name)) names.add(n);
  }
  return [...names];
}
