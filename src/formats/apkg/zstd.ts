/** zstd frames in the latest package generation (collection, media list, media files). */
import { decompress } from 'fzstd';
import { AppError, ErrorCode } from '../../core/errors';

export function isZstd(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd;
}

/** Refused above this: a damaged frame header must not make the worker allocate gigabytes. */
const MAX_CONTENT_BYTES = 1 << 30;

/** The frame header's declared content size, when it has one. */
function declaredContentSize(bytes: Uint8Array): number | undefined {
  const descriptor = bytes[4];
  if (descriptor === undefined) return undefined;
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
  if (fcsBytes === 0) return undefined;
  let at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]!;
  let size = 0;
  for (let i = 0, scale = 1; i < fcsBytes; i++, scale *= 256) size += (bytes[at++] ?? 0) * scale;
  return fcsBytes === 2 ? size + 256 : size;
}

export function unzstd(bytes: Uint8Array, what: string): Uint8Array {
  if (!isZstd(bytes)) throw new AppError(ErrorCode.Corrupt, `The package is damaged: its ${what} is not zstd-compressed as the package version requires.`);
  const declared = declaredContentSize(bytes);
  if (declared !== undefined && declared > MAX_CONTENT_BYTES) throw new AppError(ErrorCode.Corrupt, `The package is damaged: its ${what} declares an impossible size.`);
  try {
    return decompress(bytes);
  } catch (cause) {
    throw new AppError(ErrorCode.Corrupt, `The package is damaged: its ${what} could not be decompressed (zstd).`, { cause });
  }
}
