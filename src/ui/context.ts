/** App-wide state that screens share: the current settings and a way to replace them. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { DEFAULT_SETTINGS, type Settings } from '../core/types';

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface AppContextValue {
  settings: Settings;
  setSettings: (s: Settings) => void;
  /** Bumped whenever the collection changes outside the current screen (import, restore, sync). */
  dataVersion: number;
  bumpData: () => void;
  /** Shows a short message at the bottom of the screen, optionally with one action (e.g. Undo). */
  notify: (message: string, action?: ToastAction) => void;
}

export const AppContext = createContext<AppContextValue>({
  settings: DEFAULT_SETTINGS,
  setSettings: () => undefined,
  dataVersion: 0,
  bumpData: () => undefined,
  notify: () => undefined,
});

export const useApp = (): AppContextValue => useContext(AppContext);
