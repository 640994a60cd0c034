/**
 * Cancellation and progress for long reads. Readers call `checkpoint` between steps: it throws
 * an AbortError when the signal fired and gives the event loop a turn, so an abort message
 * posted to the import worker is seen while the import runs.
 */

export interface JobControl {
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Always an AbortError DOMException, whatever reason the signal carries (callers ignore exactly that). */
export function abortError(): DOMException {
  return new DOMException('The import was cancelled.', 'AbortError');
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}

/** Reports a fraction only when it moved by at least 1 %, and never backwards. */
export function progressReporter(onProgress?: (fraction: number) => void): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (!onProgress) return;
    const f = Math.min(1, Math.max(0, fraction));
    if (f < 1 && f - last < 0.01) return;
    if (f <= last) return;
    last = f;
    onProgress(f);
  };
}

/** Yields to the event loop (a macrotask), then honours a pending abort. */
export async function checkpoint(signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  throwIfAborted(signal);
}
