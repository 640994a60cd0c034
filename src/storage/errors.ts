import { AppError, ErrorCode } from '../core/errors';

/** Turns IndexedDB failures into AppErrors with a message a person can act on. */
export function asStorageError(e: unknown, what: string): unknown {
  if (e instanceof AppError) return e;
  const name = (e as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError')
    return new AppError(ErrorCode.QuotaExceeded, `${what}: the device is out of storage space for this app. Free some space (or export and remove a deck) and try again. Nothing was changed.`, { cause: e });
  return e;
}

/**
 * After a transaction fails, the requests still queued in it reject with AbortError; mark them
 * handled so that one failure is reported once, not as a burst of unhandled rejections.
 */
export function settleQuietly(requests: Promise<unknown>[]): void {
  for (const r of requests) r.catch(() => undefined);
}
