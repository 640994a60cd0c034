/**
 * Small, regex-level HTML helpers for readers. Imported HTML stays HTML (the render layer
 * sanitizes it with DOMPurify at display time); these helpers only look at it: plain text for
 * type-in answers and ids, media references, and counting what the sanitizer will remove.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '\u2013', mdash: '\u2014',
  le: '\u2264', ge: '\u2265', ne: '\u2260', middot: '\u00b7', hellip: '\u2026', times: '\u00d7',
  divide: '\u00f7', minus: '\u2212', plusmn: '\u00b1', deg: '\u00b0', micro: '\u00b5', copy: '\u00a9',
  reg: '\u00ae', trade: '\u2122', laquo: '\u00ab', raquo: '\u00bb', lsquo: '\u2018', rsquo: '\u2019',
  ldquo: '\u201c', rdquo: '\u201d', bull: '\u2022', larr: '\u2190', rarr: '\u2192', uarr: '\u2191',
  darr: '\u2193', harr: '\u2194', rArr: '\u21d2', lArr: '\u21d0', hArr: '\u21d4', infin: '\u221e',
  sum: '\u2211', prod: '\u220f', radic: '\u221a', asymp: '\u2248', equiv: '\u2261', isin: '\u2208',
  forall: '\u2200', exist: '\u2203', empty: '\u2205', cap: '\u2229', cup: '\u222a', sub: '\u2282',
  sup: '\u2283', alpha: '\u03b1', beta: '\u03b2', gamma: '\u03b3', delta: '\u03b4', epsilon: '\u03b5',
  lambda: '\u03bb', mu: '\u03bc', pi: '\u03c0', sigma: '\u03c3', theta: '\u03b8', omega: '\u03c9',
  Delta: '\u0394', Sigma: '\u03a3', Omega: '\u03a9', euro: '\u20ac', pound: '\u00a3', yen: '\u00a5',
  cent: '\u00a2', sect: '\u00a7', para: '\u00b6', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c',
};

/** Decodes character references once (`&lt;` becomes `<`); unknown names stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text escaped for HTML, line breaks as `<br>` (text imports without `#html:true`). */
export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r\n?|\n/g, '<br>');
}

/**
 * HTML to plain text: drops comments, `<script>`/`<style>` with their content and every tag,
 * turns `<br>` and block ends into line breaks, decodes entities once, and tidies whitespace.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Anki's notion of an empty field: nothing but whitespace, `<br>`, `&nbsp;` or empty divs. */
export function isBlankHtml(html: string): boolean {
  return /^(?:\s|&nbsp;|<br\s*\/?>|<div>\s*<\/div>)*$/i.test(html);
}

/**
 * How many things the sanitizer will strip: `<script` elements, `on…=` event-handler attributes
 * inside tags, and `javascript:` URLs. Counted for the import preview ("N scripts removed").
 */
export function countScriptCandidates(html: string): number {
  let n = (html.match(/<script\b/gi) ?? []).length;
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    n += (tag.match(/\son[a-z]+\s*=/gi) ?? []).length;
    n += (tag.match(/=\s*["']?\s*javascript:/gi) ?? []).length;
  }
  return n;
}

const SRC_RE = /<(?:img|audio|video|source|embed)\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const SOUND_RE = /\[sound:([^\]]+)\]/g;

/** True for references that point outside the package (web, data and blob URLs). */
export function isRemoteRef(ref: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(ref.trim());
}

/**
 * Local media names a field refers to: `src` of img/audio/video/source and `[sound:…]`.
 * Entities in attributes are decoded (they are part of HTML syntax, not of the file name).
 */
export function localMediaRefs(html: string): string[] {
  const refs: string[] = [];
  for (const m of html.matchAll(SRC_RE)) {
    const raw = decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim());
    if (raw !== '' && !isRemoteRef(raw)) refs.push(raw);
  }
  for (const m of html.matchAll(SOUND_RE)) {
    const raw = m[1]!.trim();
    if (raw !== '' && !isRemoteRef(raw)) refs.push(raw);
  }
  return refs;
}

/** A reference as written, or %-decoded when the field URL-encoded it (`my%20image.png`). */
export function refVariants(ref: string): string[] {
  const variants = [ref];
  try {
    const decoded = decodeURIComponent(ref);
    if (decoded !== ref) variants.push(decoded);
  } catch {
    /* not %-encoded */
  }
  return variants;
}
