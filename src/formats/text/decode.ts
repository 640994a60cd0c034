/**
 * Bytes to text for text imports: UTF-8 with or without a byte-order mark, UTF-16 with one.
 * Anything else is refused with a message saying how to fix it, rather than imported as mojibake.
 */
import { AppError, ErrorCode } from '../../core/errors';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

function swapBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

/** Where strict UTF-8 decoding fails, for the message. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return Math.max(0, bytes.length - 1);
}

export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  if (bytes.length === 0) throw new AppError(ErrorCode.EmptyFile, 'This file is empty.');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes.subarray(2), fileName), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(swapBytes(bytes.subarray(2)), fileName), encoding: 'utf-16be' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  // UTF-16 without a byte-order mark shows up as text full of NUL bytes.
  const sample = body.subarray(0, 4096);
  const nuls = sample.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  if (nuls > sample.length / 4)
    throw new AppError(ErrorCode.BadEncoding, `"${fileName}" looks like UTF-16 text without a byte-order mark (or is not text at all). Save it as UTF-8 and import it again.`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    const at = firstInvalidUtf8(body);
    const line = body.subarray(0, at).reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
    throw new AppError(
      ErrorCode.BadEncoding,
      `"${fileName}" is not UTF-8 text: byte 0x${body[at]?.toString(16).toUpperCase().padStart(2, '0')} on line ${line} is not valid UTF-8 (the file is probably in a legacy encoding such as Windows-1252). Save it as UTF-8 and import it again.`,
    );
  }
}

function decodeUtf16(le: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(le);
  } catch {
    throw new AppError(ErrorCode.BadEncoding, `"${fileName}" claims to be UTF-16 text but contains invalid UTF-16. Save it as UTF-8 and import it again.`);
  }
}
