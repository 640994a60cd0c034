/**
 * Automatic sync, small enough for the first screen: no PouchDB, no storage. When sync is on
 * (a localStorage flag that client.ts keeps in step with the device's sync state) and the device
 * is online, loads the client and runs one sync at a time, debounced. `onSyncStatus` tells the
 * Settings screen to refresh its status line.
 */
import type { SyncReason } from './api';

/** localStorage key: '1' while sync is enabled on this device. */
export const SYNC_FLAG = 'prepdeck-sync-on';

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;
let busy = false;
let again = false;

/** Tells listeners that the sync status changed (client.ts calls it too). */
export const notifySyncStatus = (): void => listeners.forEach((l) => l());

/** Subscribes to status changes; returns the unsubscribe function. */
export function onSyncStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Schedules a sync after a short pause (a burst of triggers makes one sync). */
export function scheduleSync(reason: SyncReason, delayMs = reason === 'start' ? 1500 : 400): void {
  try {
    if (localStorage.getItem(SYNC_FLAG) !== '1' || !navigator.onLine) return;
  } catch {
    return;
  }
  clearTimeout(timer);
  timer = setTimeout(run, delayMs);
}

function run(): void {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  import('./client')
    .then((c) => c.syncNow())
    .catch(() => undefined)
    .finally(() => {
      busy = false;
      notifySyncStatus();
      if (again) {
        again = false;
        run();
      }
    });
}
