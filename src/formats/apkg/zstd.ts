/** zstd frames in the latest package generation (collection, media list, media files). */
import { decompress } from 'fzstd';
import { AppError, ErrorCode } from '../../core/errors';

export function isZstd(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd;
}

export function unzstd(bytes: Uint8Array, what: string): Uint8Array {
  if (!isZstd(bytes)) throw new AppError(ErrorCode.Corrupt, `The package is damaged: its ${what} is not zstd-compressed as the package version requires.`);
  try {
    return decompress(bytes);
  } catch (cause) {
    throw new AppError(ErrorCode.Corrupt, `The package is damaged: its ${what} could not be decompressed (zstd).`, { cause });
  }
}
