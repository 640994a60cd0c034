/** Media type of an imported file: from its leading bytes when they are telling, else its extension. */

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  svg: 'image/svg+xml', bmp: 'image/bmp', ico: 'image/x-icon', avif: 'image/avif', tif: 'image/tiff',
  tiff: 'image/tiff', mp3: 'audio/mpeg', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg',
  wav: 'audio/wav', m4a: 'audio/mp4', aac: 'audio/aac', flac: 'audio/flac', mp4: 'video/mp4',
  webm: 'video/webm', weba: 'audio/webm', spx: 'audio/ogg', amr: 'audio/amr', '3gp': 'video/3gpp', ogv: 'video/ogg', mov: 'video/quicktime', pdf: 'application/pdf',
  css: 'text/css', js: 'text/javascript', ttf: 'font/ttf', otf: 'font/otf', woff: 'font/woff',
  woff2: 'font/woff2', txt: 'text/plain', json: 'application/json',
};

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  return bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
}

function sniff(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE') return 'audio/wav';
  if (ascii(bytes, 0, 2) === 'BM') return 'image/bmp';
  if (ascii(bytes, 0, 3) === 'ID3') return 'audio/mpeg';
  // MPEG audio frame sync (11 bits): layer bits 00 is AAC in ADTS, anything else MP1/2/3.
  if (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) return ((bytes[1] ?? 0) & 0x06) === 0 ? 'audio/aac' : 'audio/mpeg';
  if (ascii(bytes, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(bytes, 0, 4) === 'fLaC') return 'audio/flac';
  if (ascii(bytes, 4, 8) === 'ftyp') return ascii(bytes, 8, 11) === 'M4A' ? 'audio/mp4' : 'video/mp4';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  const head = ascii(bytes, 0, 256).trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return undefined;
}

export function mimeFor(name: string, bytes: Uint8Array): string {
  const sniffed = sniff(bytes);
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const byName = ext ? BY_EXTENSION[ext] : undefined;
  // MP4 and WebM containers hold sound alone too: an audio name (song.m4a, clip.weba) says which.
  if (sniffed && (sniffed === 'video/mp4' || sniffed === 'video/webm') && byName?.startsWith('audio/')) return byName;
  if (sniffed) return sniffed;
  return byName || 'application/octet-stream';
}
