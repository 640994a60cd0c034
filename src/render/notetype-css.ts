/**
 * The CSS of an imported Anki note type, scoped to the card it styles. Anki puts a card in a
 * page of its own (`.card` is the body); here a card is one element of the app's page, so every
 * rule is rewritten to apply inside that element only:
 *
 * - `.card`, `body`, `html` and `:root` become the card's root (`.nt-<hash>`; `html`/`:root` as
 *   `:where(.nt-<hash>)`, so that `.card` still wins over them); any other selector gets the root
 *   as its ancestor. A sibling combinator after the root (`.card ~ x`) would reach
 *   the app, so such selectors are dropped.
 * - `#id` selectors follow the sanitizer's id prefix (`user-content-`), so `#front` still matches.
 * - `.nightMode` / `.night_mode` rules apply when the app's theme is dark; the root's own text and
 *   background colours apply only in the light theme (the app's dark card colours stay readable).
 * - Nothing can load or escape: `@import`, `@font-face`, `url()`/`src()`/`image-set()` and escapes
 *   are dropped, `position` is kept only as static, relative or absolute (never fixed/sticky, also
 *   not through `var()`), selectors with unbalanced brackets are dropped, and the root gets
 *   `contain: paint` so that an absolutely positioned element cannot cover the app's buttons.
 *   The root's own rules can undo that (`.card { contain: none }`), so the element the card is
 *   shown in (`.card-view`, card.css), which no rule here can reach, contains the root as well.
 *
 * The parser is ours (small, string in, string out) rather than the CSSOM's, so the result is the
 * same in every environment and every kept token was checked; the output contains only rules
 * rebuilt from checked selectors and declarations.
 */
import { stableHash } from '../formats/shared/hash';
import type { NoteType } from '../core/types';
import { declarations, skipString, splitBlocks, splitTop, stripComments, type Decl } from './css-syntax';

const ID_PREFIX = 'user-content-';
/** Above this, a note type's CSS is ignored (no real template needs it; it keeps the scan cheap). */
const MAX_CSS = 256 * 1024;

/** Root colours that follow the app's theme instead (see the module comment). */
const THEMED_PROPS = new Set(['color', 'background', 'background-color']);

const SELECTOR_OK = /^[^{};@\\<]*$/;
const NIGHT = /\.(?:nightMode|night_mode|night-mode)(?![\w-])/g;
/** `html`/`body` as type selectors (a compound's start), `:root`, and the `.card` class. */
const ROOT_TOKEN = /^(?:html|body)(?![\w-])|:root(?![\w-])|\.card(?![\w-])/g;

interface Scoped {
  selector: string;
  night: boolean;
  /** The selector is the card root itself (no descendant part). */
  rootOnly: boolean;
}

/** Compounds and the combinators between them (a combinator is ' ', '>', '+' or '~'). */
function compounds(selector: string): { parts: string[]; combinators: string[] } {
  const parts: string[] = [];
  const combinators: string[] = [];
  let cur = '';
  let pending = '';
  let depth = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]!;
    if (c === '"' || c === "'") {
      const end = skipString(selector, i);
      const stop = end < 0 ? selector.length : end;
      cur += selector.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === ' ' || c === '\t' || c === '\n' || c === '>' || c === '+' || c === '~')) {
      if (cur) {
        parts.push(cur);
        cur = '';
        pending = ' ';
      }
      if (c !== ' ' && c !== '\t' && c !== '\n') pending = c;
      continue;
    }
    if (pending && parts.length > 0 && cur === '') {
      combinators.push(pending);
      pending = '';
    }
    cur += c;
  }
  if (cur) parts.push(cur);
  return { parts, combinators };
}

/** `#front` → `#user-content-front`, outside brackets and strings. */
function prefixIds(compound: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < compound.length; i++) {
    const c = compound[i]!;
    if (c === '"' || c === "'") {
      const end = skipString(compound, i);
      const stop = end < 0 ? compound.length : end;
      out += compound.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (c === '[') depth++;
    if (c === ']') depth = Math.max(0, depth - 1);
    out += c === '#' && depth === 0 ? `#${ID_PREFIX}` : c;
  }
  return out;
}

/**
 * Parentheses and brackets close in order (outside strings). An unclosed `:is(` in the output
 * would make the browser read the rules after it as part of this selector, out of our sight.
 */
function balanced(text: string): boolean {
  const open: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = skipString(text, i);
      if (end < 0) return false;
      i = end - 1;
    } else if (c === '(' || c === '[') open.push(c === '(' ? ')' : ']');
    else if ((c === ')' || c === ']') && open.pop() !== c) return false;
  }
  return open.length === 0;
}

function scopeSelector(selector: string, scope: string): Scoped | null {
  const sel = selector.trim();
  if (!sel || !SELECTOR_OK.test(sel) || !balanced(sel)) return null;
  const night = NIGHT.test(sel);
  NIGHT.lastIndex = 0;
  const { parts, combinators } = compounds(sel.replace(NIGHT, ''));
  // A compound left empty by removing `.nightMode` (`.nightMode .x`) was the page body.
  const mapped = parts.map((p) => {
    ROOT_TOKEN.lastIndex = 0;
    const isRoot = ROOT_TOKEN.test(p) || p === '';
    ROOT_TOKEN.lastIndex = 0;
    const rest = p.replace(ROOT_TOKEN, '');
    // `html`/`:root` sit below `body`/`.card` in Anki's page: they keep no specificity here.
    const page = isRoot && p !== '' && !/^body(?![\w-])|\.card(?![\w-])/.test(p);
    const root = page ? `:where(.${scope})` : `.${scope}`;
    return { isRoot, text: isRoot ? `${root}${prefixIds(rest === '*' ? '' : rest)}` : prefixIds(p) };
  });
  if (mapped.length === 0) return { selector: `.${scope}`, night, rootOnly: true };
  let lastRoot = -1;
  mapped.forEach((m, i) => {
    if (m.isRoot) lastRoot = i;
  });
  // Everything before the root is outside the card (and a sibling after it would be too).
  if (lastRoot >= 0 && (combinators[lastRoot] === '+' || combinators[lastRoot] === '~')) return null;
  const from = Math.max(0, lastRoot);
  let out = lastRoot < 0 ? `.${scope} ${mapped[0]!.text}` : mapped[lastRoot]!.text;
  for (let i = from + 1; i < mapped.length; i++) {
    const comb = combinators[i - 1] ?? ' ';
    out += comb === ' ' ? ` ${mapped[i]!.text}` : ` ${comb} ${mapped[i]!.text}`;
  }
  return { selector: out, night, rootOnly: lastRoot === mapped.length - 1 };
}

const DARK = ':root[data-theme="dark"]';
const SYSTEM_DARK = ':root:not([data-theme="light"])';
const LIGHT = ':root[data-theme="light"]';
const SYSTEM_LIGHT = ':root:not([data-theme="dark"])';

function rule(selectors: string[], decls: Decl[]): string {
  if (selectors.length === 0 || decls.length === 0) return '';
  return `${selectors.join(', ')} { ${decls.map((d) => `${d.prop}: ${d.value};`).join(' ')} }\n`;
}

function themed(selectors: string[], decls: Decl[], theme: 'dark' | 'light'): string {
  if (selectors.length === 0 || decls.length === 0) return '';
  const [set, system] = theme === 'dark' ? [DARK, SYSTEM_DARK] : [LIGHT, SYSTEM_LIGHT];
  return (
    rule(selectors.map((s) => `${set} ${s}`), decls) +
    `@media (prefers-color-scheme: ${theme}) {\n${rule(selectors.map((s) => `${system} ${s}`), decls)}}\n`
  );
}

const GROUP_AT = /^@(media|supports|container|layer)\b/i;
const PRELUDE_OK = /^[^{};\\<]*$/;

function scopeBlocks(css: string, scope: string, depth: number): string {
  let out = '';
  for (const b of splitBlocks(css)) {
    if (b.prelude.startsWith('@')) {
      // @import, @font-face, @keyframes, @page, @namespace, @charset … are dropped.
      if (b.body === undefined || !GROUP_AT.test(b.prelude) || !PRELUDE_OK.test(b.prelude) || !balanced(b.prelude) || /url\s*\(/i.test(b.prelude) || depth > 4) continue;
      const inner = scopeBlocks(b.body, scope, depth + 1);
      if (inner) out += `${b.prelude} {\n${inner}}\n`;
      continue;
    }
    if (b.body === undefined) continue;
    const decls = declarations(b.body);
    if (decls.length === 0) continue;
    const scoped = splitTop(b.prelude, ',').map((s) => scopeSelector(s, scope)).filter((s): s is Scoped => s !== null);
    const day = scoped.filter((s) => !s.night);
    const rootDay = day.filter((s) => s.rootOnly).map((s) => s.selector);
    const plain = decls.filter((d) => !THEMED_PROPS.has(d.prop));
    const colours = decls.filter((d) => THEMED_PROPS.has(d.prop));
    out += rule(day.filter((s) => !s.rootOnly).map((s) => s.selector), decls);
    out += rule(rootDay, plain);
    out += themed(rootDay, colours, 'light');
    out += themed(scoped.filter((s) => s.night).map((s) => s.selector), decls, 'dark');
  }
  return out;
}

/** The class a card root takes for a note type's CSS (one per distinct CSS text). */
export function scopeClassFor(css: string): string {
  return `nt-${stableHash(css).slice(0, 12)}`;
}

/**
 * The note type's CSS rewritten to apply inside `.${scope}` only (see the module comment).
 * Pure: no DOM.
 */
export function scopeNoteTypeCss(css: string, scope: string): string {
  if (!css.trim() || css.length > MAX_CSS) return '';
  const body = scopeBlocks(stripComments(css), scope, 0);
  if (!body) return '';
  // The root contains its own painting and positioned descendants (a mask cannot cover the app).
  return `.${scope} { position: relative; contain: paint; }\n${body}`;
}

const installed = new Map<string, CSSStyleSheet>();
const known = new Map<string, NoteType>();

/** Remembers a note's note type so the renderer can style (and lay out) its cards. */
export function rememberNoteType(nt: NoteType): void {
  known.set(nt.id, nt);
}

export function knownNoteType(id: string): NoteType | undefined {
  return known.get(id);
}

/**
 * Installs a note type's scoped CSS once (a constructed stylesheet adopted by the document: no
 * `<style>` element, nothing the card's HTML can reach) and returns the class its cards' roots
 * take; undefined when the type has no CSS or there is no document.
 */
export function installNoteTypeCss(nt: NoteType | undefined): string | undefined {
  if (!nt || nt.builtin || !nt.css.trim() || typeof document === 'undefined') return undefined;
  const scope = scopeClassFor(nt.css);
  if (installed.has(scope)) return scope;
  const text = scopeNoteTypeCss(nt.css, scope);
  if (!text || typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return undefined;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    installed.set(scope, sheet);
    return scope;
  } catch {
    return undefined;
  }
}
