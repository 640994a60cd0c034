import type { Settings } from '../core/types';

/** Applies the theme setting: `system` follows prefers-color-scheme through CSS. */
export function applyTheme(theme: Settings['theme']): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
