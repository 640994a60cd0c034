/// <reference types="vite/client" />
/**
 * Math: found in the source text and swapped for placeholders before Markdown or the sanitizer
 * sees it (so `_`, `*`, `|`, `\\` and `<` inside TeX survive), rendered with KaTeX, and put back
 * into the sanitized DOM's text nodes (sanitize.ts). KaTeX and its CSS load on first use.
 */
import { mathPlaceholder } from './markers';
import { escapeHtml } from './text';

export interface MathSpan {
  tex: string;
  display: boolean;
  /** The span as written, delimiters included: shown when KaTeX cannot render it. */
  source: string;
}

export interface Extracted {
  text: string;
  spans: MathSpan[];
}

const FENCE = /^[ \t]*(`{3,}|~{3,})/;

/** Index of the line end at or after `i` (or the text length). */
function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 ? text.length : n;
}

/** End (exclusive) of the fenced block whose opening line starts at `start`. */
function fenceEnd(text: string, start: number, fence: string): number {
  const close = new RegExp(`^[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
  let i = lineEnd(text, start) + 1;
  while (i < text.length) {
    const end = lineEnd(text, i);
    if (close.test(text.slice(i, end))) return end;
    i = end + 1;
  }
  return text.length;
}

/**
 * Closing `$` of inline math opened at `open`. Like Pandoc, the opener may not be followed by a
 * space and the closer not by a digit, so a stray `$5 and $10` stays text; unlike Pandoc, a
 * space before the closer is allowed (decks write `$w = $ {{c2::2}}`, and decks:check treats
 * every unescaped `$` as a delimiter).
 */
function inlineDollarEnd(text: string, open: number): number {
  const first = text[open + 1];
  if (first === undefined || /\s|\$/.test(first)) return -1;
  for (let j = open + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '`') return -1; // a code span starts: `$x` in code is not math
    else if (ch === '\n' && text.slice(j + 1, lineEnd(text, j + 1)).trim() === '') return -1; // paragraph break
    else if (ch === '$') {
      if (!/\d/.test(text[j + 1] ?? '')) return j;
    }
  }
  return -1;
}

/**
 * Markdown: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`, skipping fenced code and code spans. `\$` is left
 * for Markdown, whose backslash escape turns it into a literal dollar.
 */
export function extractMarkdownMath(md: string): Extracted {
  const spans: MathSpan[] = [];
  let out = '';
  let i = 0;
  const take = (tex: string, display: boolean, end: number) => {
    out += mathPlaceholder(spans.length);
    spans.push({ tex, display, source: md.slice(i, end) });
    i = end;
  };
  while (i < md.length) {
    if (i === 0 || md[i - 1] === '\n') {
      const fence = FENCE.exec(md.slice(i, lineEnd(md, i)));
      if (fence?.[1]) {
        const end = fenceEnd(md, i, fence[1]);
        out += md.slice(i, end);
        i = end;
        continue;
      }
    }
    const ch = md[i];
    const next = md[i + 1];
    if (ch === '\\' && (next === '(' || next === '[')) {
      const closer = next === '(' ? '\\)' : '\\]';
      const end = md.indexOf(closer, i + 2);
      if (end >= 0) {
        take(md.slice(i + 2, end), next === '[', end + 2);
        continue;
      }
    }
    if (ch === '\\') {
      out += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '`') {
      const run = /^`+/.exec(md.slice(i))?.[0] ?? '`';
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
      close.lastIndex = i + run.length;
      const m = close.exec(md);
      const end = m ? m.index + run.length : i + run.length;
      out += md.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '$' && next === '$') {
      const end = md.indexOf('$$', i + 2);
      if (end > i + 2) {
        take(md.slice(i + 2, end), true, end + 2);
        continue;
      }
      out += '$$';
      i += 2;
      continue;
    }
    if (ch === '$') {
      const end = inlineDollarEnd(md, i);
      if (end > 0) {
        take(md.slice(i + 1, end), false, end + 1);
        continue;
      }
    }
    out += ch;
    i++;
  }
  return { text: out, spans };
}

const HTML_DELIMS: { open: string; close: string; kind: 'inline' | 'display' | 'latex' }[] = [
  { open: '\\(', close: '\\)', kind: 'inline' },
  { open: '\\[', close: '\\]', kind: 'display' },
  { open: '[$$]', close: '[/$$]', kind: 'display' },
  { open: '[$]', close: '[/$]', kind: 'inline' },
  { open: '[latex]', close: '[/latex]', kind: 'latex' },
];

/**
 * Anki's `[latex]` holds a LaTeX document body (text mode). Best effort in KaTeX: a body that is
 * one math span renders as that span, an environment as display math, anything else as `\text{}`
 * (where `$…$` switches to math, as in LaTeX).
 */
function latexBody(body: string): { tex: string; display: boolean } {
  const t = body.trim();
  const wrapped = /^\$\$([\s\S]*)\$\$$/.exec(t) ?? /^\\\[([\s\S]*)\\\]$/.exec(t);
  if (wrapped?.[1] !== undefined) return { tex: wrapped[1], display: true };
  const inline = /^\$([^$]*)\$$/.exec(t);
  if (inline?.[1] !== undefined) return { tex: inline[1], display: false };
  if (t.startsWith('\\begin{')) return { tex: t, display: true };
  return { tex: `\\text{${t}}`, display: false };
}

/**
 * HTML (imported from Anki): MathJax `\(…\)`, `\[…\]` and Anki's `[$]`, `[$$]`, `[latex]`. The
 * TeX is HTML there (`&lt;`, `&amp;`, `<br>`), so `toText` decodes it exactly once. Dollar
 * signs are not math in Anki, so they are left alone.
 */
export function extractHtmlMath(html: string, toText: (html: string) => string): Extracted {
  const spans: MathSpan[] = [];
  let out = '';
  let i = 0;
  const lower = html.toLowerCase();
  while (i < html.length) {
    const d = HTML_DELIMS.find((x) => lower.startsWith(x.open, i));
    const end = d ? lower.indexOf(d.close, i + d.open.length) : -1;
    if (!d || end < 0) {
      out += html[i];
      i++;
      continue;
    }
    const body = toText(html.slice(i + d.open.length, end));
    const math = d.kind === 'latex' ? latexBody(body) : { tex: body, display: d.kind === 'display' };
    out += mathPlaceholder(spans.length);
    spans.push({ ...math, source: toText(html.slice(i, end + d.close.length)) });
    i = end + d.close.length;
  }
  return { text: out, spans };
}

type Katex = typeof import('katex').default;
let katexLoad: Promise<Katex> | undefined;

/** KaTeX and its stylesheet, as lazy chunks that Vite emits and the service worker precaches. */
function loadKatex(): Promise<Katex> {
  katexLoad ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  // A failed load (e.g. chunk missing) must not stick: the next card may try again.
  katexLoad.catch(() => (katexLoad = undefined));
  return katexLoad;
}

/** A KaTeX macro that drops its one argument (KaTeX's macro context is typed as `object`). */
const gobbleArgument = (ctx: object): string => {
  (ctx as { consumeArgs(n: number): unknown }).consumeArgs(1);
  return '';
};

function fallback(span: MathSpan, why: string): string {
  return `<code class="math-source" title="${escapeHtml(why)}">${escapeHtml(span.source)}</code>`;
}

/**
 * KaTeX HTML for each span, in order. The input is untrusted, so `trust: false` (no \href, \url,
 * \htmlData, \includegraphics), bounded macro expansion and sizes. An unknown command renders
 * in red in place (KaTeX's throwOnError: false); a parse error or a load failure shows the
 * source in a `<code>`.
 */
export async function renderMath(spans: MathSpan[]): Promise<string[]> {
  if (spans.length === 0) return [];
  let katex: Katex;
  try {
    katex = await loadKatex();
  } catch {
    return spans.map((s) => fallback(s, 'Math renderer unavailable'));
  }
  return spans.map((span) => {
    try {
      const html = katex.renderToString(span.tex, {
        displayMode: span.display,
        throwOnError: false,
        trust: false,
        strict: 'ignore',
        maxExpand: 1000,
        maxSize: 50,
        output: 'htmlAndMathml',
        // A fresh object per span, so a `\gdef` in one card cannot leak into the next. MathJax
        // decks load extensions with `\require{…}`, which KaTeX lacks: ignore it.
        macros: { '\\require': gobbleArgument },
      });
      // With throwOnError: false a parse error comes back as a red katex-error span.
      return html.startsWith('<span class="katex-error"') ? fallback(span, 'Could not render this math') : html;
    } catch (e) {
      return fallback(span, e instanceof Error ? e.message : 'Could not render this math');
    }
  });
}
