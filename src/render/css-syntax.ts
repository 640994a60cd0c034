/**
 * The small CSS reader under notetype-css.ts: comments, strings, top-level blocks, splitting at
 * depth 0 and declarations, with the value checks that keep fetches and escapes out.
 */
export interface Block {
  /** Selector list, or `@name prelude` for an at-rule. */
  prelude: string;
  /** Block contents, or undefined for a statement (`@import …;`). */
  body: string | undefined;
}

/** Index after a string starting at `i` (a quote), or -1 if it does not end on its line. */
export function skipString(css: string, i: number): number {
  const q = css[i];
  for (let j = i + 1; j < css.length; j++) {
    const c = css[j];
    if (c === '\\') j++;
    else if (c === q) return j + 1;
    else if (c === '\n') return -1;
  }
  return -1;
}

export function stripComments(css: string): string {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const c = css[i]!;
    if (c === '"' || c === "'") {
      const end = skipString(css, i);
      const stop = end < 0 ? css.length : end;
      out += css.slice(i, stop);
      i = stop;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Top-level rules and at-rules of a (comment-free) block of CSS. */
export function splitBlocks(css: string): Block[] {
  const out: Block[] = [];
  let i = 0;
  let start = 0;
  while (i < css.length) {
    const c = css[i]!;
    if (c === '"' || c === "'") {
      const end = skipString(css, i);
      if (end < 0) return out; // broken string: stop, as the rest cannot be read reliably
      i = end;
    } else if (c === ';') {
      const prelude = css.slice(start, i).trim();
      if (prelude) out.push({ prelude, body: undefined });
      start = ++i;
    } else if (c === '{') {
      let depth = 1;
      let j = i + 1;
      while (j < css.length && depth > 0) {
        const d = css[j]!;
        if (d === '"' || d === "'") {
          const end = skipString(css, j);
          if (end < 0) return out;
          j = end;
          continue;
        }
        if (d === '{') depth++;
        else if (d === '}') depth--;
        j++;
      }
      out.push({ prelude: css.slice(start, i).trim(), body: css.slice(i + 1, depth === 0 ? j - 1 : j) });
      start = i = j;
    } else if (c === '}') {
      start = ++i; // a stray close brace
    } else i++;
  }
  return out;
}

/** Splits on `sep` at depth 0, outside strings, parentheses and brackets. */
export function splitTop(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = skipString(text, i);
      if (end < 0) break;
      i = end - 1;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Anything that could fetch, break out of a rule or hide in an escape. */
const UNSAFE_VALUE = /\\|url\s*\(|src\s*\(|image-set\s*\(|image\s*\(|element\s*\(|cross-fade\s*\(|expression\s*\(|[{}<@;]|\/\*|javascript:/i;
const DROP_PROPS = new Set(['behavior', '-moz-binding', 'src']);

function balancedQuotes(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' || c === "'") {
      const end = skipString(value, i);
      if (end < 0) return false;
      i = end - 1;
    }
  }
  return true;
}

export interface Decl {
  prop: string;
  value: string;
}

export function declarations(body: string): Decl[] {
  const out: Decl[] = [];
  for (const raw of splitTop(body, ';')) {
    const colon = raw.indexOf(':');
    if (colon < 0) continue;
    const prop = raw.slice(0, colon).trim().toLowerCase();
    const value = raw.slice(colon + 1).trim();
    if (!/^(?:--[a-z0-9_-]+|-?[a-z][a-z0-9-]*)$/.test(prop) || DROP_PROPS.has(prop)) continue;
    if (value === '' || UNSAFE_VALUE.test(value) || !balancedQuotes(value)) continue;
    // Only these: `fixed`/`sticky` also hide behind `var()`, `inherit` or a `--*` property.
    if (prop === 'position' && !/^(?:static|relative|absolute)(?:\s*!\s*important)?$/i.test(value)) continue;
    out.push({ prop, value });
  }
  return out;
}

