/**
 * Bootstrapping: open storage, apply the theme, load built-in decks, register the service worker.
 * WARNING: this module is part of the first bundle: keep its imports small.
 */
import { render } from 'preact';
import { App } from '../ui/App';
import { getSettings } from '../storage/settings';
import { setVersionChangeHandler } from '../storage/db';
import { DEFAULT_SETTINGS, type Settings } from '../core/types';
import { isAppError } from '../core/errors';
import { applyTheme } from './theme';
import { registerServiceWorker } from './sw';
import { builtinDecksReady } from './builtin';
import { armStudyReminder } from './reminders';
import '../ui/styles.css';

async function start() {
  const root = document.getElementById('app')!;
  // Another tab upgraded the database schema: this connection closed itself; reload to use it.
  setVersionChangeHandler(() => location.reload());
  let settings: Settings = DEFAULT_SETTINGS;
  let startupError: string | undefined;
  try {
    settings = await getSettings();
  } catch (e) {
    startupError = isAppError(e) ? e.message : `Your data could not be opened: ${(e as Error).message}. Private browsing modes may block storage.`;
  }
  applyTheme(settings.theme);
  render(<App initialSettings={settings} {...(startupError ? { startupError } : {})} />, root);
  registerServiceWorker();
  armStudyReminder(settings);
  // Screens that list cards (decks, review) await the sync themselves: announcing it as a data
  // change as well made the deck list load twice on every first start.
  const builtins = builtinDecksReady();
  // Automatic sync, once the built-in decks are in place (pulled progress on built-in cards needs
  // them). Loaded, not bundled: the first screen carries only this import.
  const autoSync = () => void import('./auto-sync').then((m) => m.armAutoSync()).catch(() => undefined);
  if (!startupError) void builtins.then(autoSync, autoSync);
}

void start();
