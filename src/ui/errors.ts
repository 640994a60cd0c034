import { isAppError } from '../core/errors';

/** The one place that turns any error into the sentence a person sees. */
export function errorMessage(e: unknown): string {
  if (isAppError(e)) return e.message;
  const name = (e as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') return 'The device is out of storage space for this app. Nothing was changed.';
  if (e instanceof Error && e.message) return `Something went wrong: ${e.message}`;
  return 'Something went wrong.';
}
