import { AppError, ErrorCode } from '../core/errors';

/** Turns IndexedDB failures into AppErrors with a message a person can act on. */
export function asStorageError(e: unknown, what: string): unknown {
  if (e instanceof AppError) return e;
  const name = (e as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError')
    return new AppError(ErrorCode.QuotaExceeded, `${what}: the device is out of storage space for this app. Free some space (or export and remove a deck) and try again. Nothing was changed.`, { cause: e });
  return e;
}
