/**
 * The in-app side of reminders (first bundle: small). Keeps the browser's install prompt for the
 * Settings screen, and, when the user turned notifications on, shows one at the daily study time
 * while the app is open (browsers give installed web apps no reliable alarm of their own; the
 * calendar file is the dependable reminder).
 */
import type { Settings } from '../core/types';

export interface InstallPrompt extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let deferred: InstallPrompt | undefined;
addEventListener('beforeinstallprompt', (e) => {
  e.preventDefault();
  deferred = e as InstallPrompt;
});
/** The browser's install prompt, when it offered one (Chromium), once. */
export const takeInstallPrompt = (): InstallPrompt | undefined => {
  const d = deferred;
  deferred = undefined;
  return d;
};
export const installPromptAvailable = () => deferred !== undefined;

let timer: ReturnType<typeof setTimeout> | undefined;

/** (Re)arms today's or tomorrow's study-time notification from the settings. */
export function armStudyReminder(s: Pick<Settings, 'studyTime' | 'remind'>): void {
  clearTimeout(timer);
  const m = s.studyTime && /^(\d\d):(\d\d)$/.exec(s.studyTime);
  if (!s.remind || !m || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const now = new Date();
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate(), Number(m[1]), Number(m[2]));
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  timer = setTimeout(() => {
    new Notification('Prepdeck', { body: 'Time for your ten minutes of review.', tag: 'prepdeck-study' });
    armStudyReminder(s);
  }, at.getTime() - now.getTime());
}
