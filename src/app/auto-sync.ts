/**
 * Automatic sync: once the app is idle after starting, and whenever the device comes back
 * online (a session's end is wired in the review screen). First-screen code: only the tiny
 * trigger, which does nothing while sync is off and loads the client only when it is on.
 */
import { scheduleSync } from '../sync/trigger';

export function armAutoSync(): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
  const start = () => scheduleSync('start');
  // Not before the first screen has settled: the deck list and built-in decks come first.
  if (idle) idle(start, { timeout: 5000 });
  else setTimeout(start, 2000);
  addEventListener('online', () => scheduleSync('online'));
}
