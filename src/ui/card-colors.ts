/**
 * Card views call this so imported inline colours stay readable in dark mode
 * (src/render/colors.ts): after the card's HTML is in the DOM, and again whenever the theme
 * changes (the setting on <html data-theme> or the system's preference).
 */
import { useLayoutEffect } from 'preact/hooks';
import { adaptColors, effectiveTheme } from '../render/colors';

export function useCardColors(root: { current: HTMLElement | null }, html: string | undefined | null): void {
  useLayoutEffect(() => {
    const el = root.current;
    if (!el || !html) return;
    const run = () => void adaptColors(el, effectiveTheme());
    run();
    const observer = new MutationObserver(run);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', run);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', run);
    };
  }, [html]);
}
