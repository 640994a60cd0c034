/**
 * The two encodings a `.mochi` archive's manifest comes in, decoded to plain values: maps become
 * objects keyed by keyword name without the colon (`:deck-id` → `deck-id`), keywords become
 * strings, lists, vectors and sets become arrays, instants become epoch milliseconds.
 *
 * - `data.json` is Transit JSON (github.com/cognitect/transit-format): verbose (`{"~:name": …}`,
 *   `{"~#list": […]}`) as Mochi writes it, or compact (`["^ ", "~:name", …]` with `^N` cache
 *   references). Plain JSON without `~` markers reads as itself.
 * - `data.edn` is Clojure EDN; the subset manifests use: maps, vectors, lists, sets, keywords,
 *   symbols, strings, numbers, booleans, nil, `#inst`, `#uuid`, comments and `#_` discards.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

// ---------------------------------------------------------------- Transit JSON

const CACHE_DIGITS = 44;
const BASE_CHAR = 48;

function cacheIndex(ref: string): number {
  return ref.length === 2 ? ref.charCodeAt(1) - BASE_CHAR : (ref.charCodeAt(1) - BASE_CHAR) * CACHE_DIGITS + (ref.charCodeAt(2) - BASE_CHAR);
}

function instant(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (/^-?\d+$/.test(v)) return Number(v);
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

class TransitReader {
  private cache: string[] = [];

  private remember(s: string, asKey: boolean): void {
    if (s.length > 3 && (asKey || s.startsWith('~:') || s.startsWith('~$') || s.startsWith('~#'))) {
      if (this.cache.length === CACHE_DIGITS * CACHE_DIGITS) this.cache = [];
      this.cache.push(s);
    }
  }

  /** A raw string from the file: a cache reference resolved, or remembered for later ones. */
  private raw(s: string, asKey: boolean): string {
    if (s.startsWith('^') && s !== '^ ' && s.length <= 3) {
      const hit = this.cache[cacheIndex(s)];
      if (hit !== undefined) return hit;
    }
    this.remember(s, asKey);
    return s;
  }

  private scalar(s: string): Value {
    if (s.length < 2 || s[0] !== '~') return s;
    const tag = s[1]!;
    const rest = s.slice(2);
    switch (tag) {
      case '~':
      case '^':
      case '`':
        return s.slice(1);
      case ':':
      case '$':
        return rest;
      case '_':
        return null;
      case '?':
        return rest === 't';
      case 'i':
      case 'd':
      case 'n':
      case 'f':
        return Number(rest);
      case 't':
      case 'm':
        return instant(rest);
      default:
        // uuid, uri, chars, special numbers and unknown tags: their text.
        return rest;
    }
  }

  private key(s: string): string {
    const v = this.scalar(this.raw(s, true));
    return typeof v === 'string' ? v : String(v);
  }

  private tagged(tag: string, rep: unknown): Value {
    const v = this.read(rep);
    switch (tag) {
      case 'cmap': {
        const out: Record<string, Value> = {};
        if (Array.isArray(v)) for (let i = 0; i + 1 < v.length; i += 2) out[String(v[i])] = v[i + 1]!;
        return out;
      }
      case 'dt':
      case 'inst':
        return instant(v);
      default:
        return v;
    }
  }

  read(node: unknown): Value {
    if (node === null || typeof node === 'boolean' || typeof node === 'number') return node;
    if (typeof node === 'string') return this.scalar(this.raw(node, false));
    if (Array.isArray(node)) {
      if (node[0] === '^ ') {
        const out: Record<string, Value> = {};
        for (let i = 1; i + 1 < node.length; i += 2) {
          const k = this.key(String(node[i]));
          out[k] = this.read(node[i + 1]);
        }
        return out;
      }
      if (node.length === 2 && typeof node[0] === 'string') {
        const head = this.raw(node[0], false);
        if (head.startsWith('~#')) return this.tagged(head.slice(2), node[1]);
        return [this.scalar(head), this.read(node[1])];
      }
      return node.map((x) => this.read(x));
    }
    if (typeof node === 'object') {
      const entries = Object.entries(node as Record<string, unknown>);
      if (entries.length === 1) {
        const [k, v] = entries[0]!;
        const head = this.raw(k, true);
        if (head.startsWith('~#')) return this.tagged(head.slice(2), v);
        const out: Record<string, Value> = {};
        const key = this.scalar(head);
        out[typeof key === 'string' ? key : String(key)] = this.read(v);
        return out;
      }
      const out: Record<string, Value> = {};
      for (const [k, v] of entries) out[this.key(k)] = this.read(v);
      return out;
    }
    return null;
  }
}

export function decodeTransit(json: unknown): Value {
  return new TransitReader().read(json);
}

// ---------------------------------------------------------------- EDN

export class EdnError extends Error {}

const DELIMS = new Set(['{', '}', '[', ']', '(', ')', '"', ';']);
const DISCARD = Symbol('discard');
const END = Symbol('end');

export function parseEdn(text: string): Value {
  let at = 0;
  const fail = (what: string): never => {
    const line = text.slice(0, at).split('\n').length;
    throw new EdnError(`${what} at line ${line}`);
  };
  const skip = () => {
    while (at < text.length) {
      const ch = text[at]!;
      if (ch === ';') {
        while (at < text.length && text[at] !== '\n') at++;
      } else if (/[\s,]/.test(ch)) at++;
      else break;
    }
  };
  const token = (): string => {
    const start = at;
    while (at < text.length && !/[\s,]/.test(text[at]!) && !DELIMS.has(text[at]!)) at++;
    return text.slice(start, at);
  };
  const str = (): string => {
    at++; // opening quote
    let out = '';
    while (at < text.length) {
      const ch = text[at++]!;
      if (ch === '"') return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = text[at++];
      if (esc === 'n') out += '\n';
      else if (esc === 't') out += '\t';
      else if (esc === 'r') out += '\r';
      else if (esc === 'b') out += '\b';
      else if (esc === 'f') out += '\f';
      else if (esc === 'u') {
        out += String.fromCharCode(parseInt(text.slice(at, at + 4), 16));
        at += 4;
      } else if (esc !== undefined) out += esc;
    }
    return fail('unterminated string');
  };
  const seq = (close: string): Value[] => {
    at++;
    const items: Value[] = [];
    for (;;) {
      const v = value(close);
      if (v === END) return items;
      if (v !== DISCARD) items.push(v);
    }
  };
  const atom = (t: string): Value => {
    if (t === 'nil') return null;
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t.startsWith(':')) return t.slice(1);
    if (/^[+-]?\d/.test(t)) {
      const n = Number(t.replace(/[NM]$/, ''));
      if (Number.isNaN(n)) fail(`bad number "${t}"`);
      return n;
    }
    if (t.startsWith('\\')) return t === '\\newline' ? '\n' : t === '\\space' ? ' ' : t === '\\tab' ? '\t' : t.slice(1);
    return t; // a symbol: its name
  };
  const value = (close?: string): Value | typeof DISCARD | typeof END => {
    skip();
    if (at >= text.length) return close ? fail(`missing "${close}"`) : fail('unexpected end of data');
    const ch = text[at]!;
    if (close && ch === close) {
      at++;
      return END;
    }
    if (ch === '}' || ch === ']' || ch === ')') fail(`unexpected "${ch}"`);
    if (ch === '"') return str();
    if (ch === '[') return seq(']');
    if (ch === '(') return seq(')');
    if (ch === '{') {
      const items = seq('}');
      if (items.length % 2) fail('a map with an odd number of forms');
      const out: Record<string, Value> = {};
      for (let i = 0; i < items.length; i += 2) out[typeof items[i] === 'string' ? (items[i] as string) : JSON.stringify(items[i])] = items[i + 1]!;
      return out;
    }
    if (ch === '#') {
      const next = text[at + 1];
      if (next === '{') {
        at++;
        return seq('}');
      }
      if (next === '_') {
        at += 2;
        value();
        return DISCARD;
      }
      at++;
      const tag = token();
      const v = value();
      if (v === DISCARD || v === END) return fail(`nothing after #${tag}`);
      if (tag === 'inst') return instant(v);
      return v;
    }
    return atom(token());
  };
  const v = value();
  if (v === DISCARD || v === END) return fail('no data');
  skip();
  if (at < text.length) fail('more data after the top-level form');
  return v;
}
