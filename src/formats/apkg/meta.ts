/**
 * Which collection inside a package to read. Anki writes a `meta` member (protobuf
 * PackageMetadata, version = field 1) since 2.1.50; older packages have none. Newer packages keep
 * a one-note stub `collection.anki2` ("please update Anki") next to the real collection, sometimes
 * as the first zip member, so the choice goes by version and member names, never by order.
 */
import { AppError, ErrorCode } from '../../core/errors';
import type { ZipArchive } from '../shared/zip';
import { decodeMessage, uintField } from './protobuf';

export const PackageVersion = { Legacy1: 1, Legacy2: 2, Latest: 3 } as const;
export type PackageVersion = (typeof PackageVersion)[keyof typeof PackageVersion];

export interface PackageLayout {
  version: PackageVersion;
  /** Zip member holding the collection to import. */
  collection: 'collection.anki2' | 'collection.anki21' | 'collection.anki21b';
  /** Latest generation: collection, media list and media files are zstd-compressed. */
  zstd: boolean;
}

const BY_VERSION: Record<PackageVersion, PackageLayout['collection']> = {
  1: 'collection.anki2',
  2: 'collection.anki21',
  3: 'collection.anki21b',
};

export function packageLayout(zip: ZipArchive): PackageLayout {
  let declared = 0;
  if (zip.has('meta')) declared = uintField(decodeMessage(zip.read('meta'), 'package version (meta)'), 1);
  if (declared > PackageVersion.Latest)
    throw new AppError(ErrorCode.TooNew, `This package was made by a newer Anki (package version ${declared}). Export it again with "Support older Anki versions" ticked.`);
  if (declared >= 1) {
    const version = declared as PackageVersion;
    const collection = BY_VERSION[version];
    if (!zip.has(collection)) throw new AppError(ErrorCode.Corrupt, `The package is damaged: it declares version ${version} but has no "${collection}".`);
    return { version, collection, zstd: version === PackageVersion.Latest };
  }
  // No meta: the newest collection present wins (the older names are then stubs).
  for (const version of [PackageVersion.Latest, PackageVersion.Legacy2, PackageVersion.Legacy1]) {
    const collection = BY_VERSION[version];
    if (zip.has(collection)) return { version, collection, zstd: version === PackageVersion.Latest };
  }
  throw new AppError(ErrorCode.UnknownFormat, 'This zip file is not an Anki package: it holds no collection.anki2, collection.anki21 or collection.anki21b.');
}
