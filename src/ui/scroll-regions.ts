/**
 * Wide card content (code, tables, display math) scrolls inside itself. A scroll box that really
 * overflows gets a tab stop and a name, so keyboard users can scroll it with the arrow keys
 * (WCAG 2.1.1; axe: scrollable-region-focusable). Boxes that fit stay out of the tab order.
 */
const KINDS: [selector: string, name: string][] = [
  ['pre', 'Code'],
  ['.table-wrap', 'Table'],
  ['.katex-display', 'Formula'],
];

export function markScrollRegions(root: HTMLElement | null): void {
  if (!root) return;
  for (const [selector, name] of KINDS) {
    for (const el of root.querySelectorAll<HTMLElement>(selector)) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.tabIndex = 0;
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', `${name} (scrolls sideways)`);
      } else if (el.getAttribute('role') === 'region') {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    }
  }
}
