/**
 * Service-worker registration and the update flow. A new version waits until the user chooses
 * "Reload" (never mid-grade: every grade is already committed when its button is pressed).
 * The app also asks for updates every hour and whenever it becomes visible again.
 */
import { Workbox } from 'workbox-window';

type Listener = (s: UpdateState) => void;
export interface UpdateState {
  updateReady: boolean;
  offlineReady: boolean;
}

let state: UpdateState = { updateReady: false, offlineReady: false };
const listeners = new Set<Listener>();
let wb: Workbox | undefined;

function set(patch: Partial<UpdateState>) {
  state = { ...state, ...patch };
  for (const l of listeners) l(state);
}

export function subscribeUpdates(l: Listener): () => void {
  listeners.add(l);
  l(state);
  return () => listeners.delete(l);
}

const HOUR = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => set({ updateReady: true }));
  wb.addEventListener('installed', (e) => {
    if (!e.isUpdate) set({ offlineReady: true });
  });
  void wb.register().catch((e: unknown) => console.warn('Service worker registration failed', e));
  const check = () => void wb?.update().catch(() => undefined);
  setInterval(check, HOUR);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

/** Activates the waiting version and reloads once it controls the page. */
export function applyUpdate(): void {
  if (!wb) return location.reload();
  wb.addEventListener('controlling', () => location.reload());
  wb.messageSkipWaiting();
}
