/**
 * Inline `style` attributes from imported decks. Anki cards lean on them for colour and
 * emphasis, but CSS can load URLs, overlay the page (position: fixed) or hide the answer, so
 * only a few text properties survive, with values from a strict character set.
 */

const PROPERTIES = new Set(['color', 'background-color', 'font-weight', 'font-style', 'text-align', 'text-decoration']);

/** Colour functions are the only functions a kept value may call (no url(), image(), var() …). */
const FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color']);

/** Letters, digits, spaces, `#`, `%`, `.`, `,`, `-`, `+`, `/`, parentheses: no quotes, escapes or `;`. */
const SAFE_VALUE = /^[a-z0-9\s#%.,+\-/()]*$/i;

function safeValue(value: string): boolean {
  if (!SAFE_VALUE.test(value) || value.includes('/*')) return false;
  for (const m of value.matchAll(/([a-z-]*)\s*\(/gi)) {
    if (!FUNCTIONS.has((m[1] ?? '').toLowerCase())) return false;
  }
  // Nested parentheses are never needed for a colour; refusing them keeps the check simple.
  return !/\([^)]*\(/.test(value);
}

/** The allowed declarations of a style attribute, re-serialized; '' when none survive. */
export function filterStyle(style: string): string {
  // A backslash can spell any property or function name in CSS escapes: refuse the whole thing.
  if (style.includes('\\')) return '';
  const kept: string[] = [];
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1).trim().replace(/\s*!important$/i, '');
    if (PROPERTIES.has(prop) && value !== '' && safeValue(value)) kept.push(`${prop}: ${value}`);
  }
  return kept.join('; ');
}
