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

/**
 * Ends a transaction that failed part-way: the pending requests are marked handled, the
 * transaction is aborted (a request that throws at once does not abort it by itself, so the
 * writes issued before it would still commit) and its end is awaited.
 */
export async function abandonTransaction(tx: { abort(): void; done: Promise<unknown> }, pending: Promise<unknown>[] = []): Promise<void> {
  settleQuietly(pending);
  try {
    tx.abort();
  } catch {
    /* already finished or aborted */
  }
  await tx.done.catch(() => undefined);
}
