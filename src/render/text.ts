/**
 * DOM-free text helpers: HTML escaping, a small entity decoder and the plain-text preview.
 * No DOM here, so previews and search can run in a worker or in Node.
 */
import type { Note } from '../core/types';
import { revealAll } from './cloze';
import { stripMarkers } from './markers';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', times: '×', minus: '−', le: '≤', ge: '≥', ne: '≠',
};

/**
 * Decodes the entities Anki's editor actually writes (named ones above, numeric ones). Used only
 * where no DOM is at hand; rendering decodes with the real HTML parser.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** HTML to text without a DOM: drops scripts/styles and tags, decodes entities. */
export function htmlToPlain(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<[^>]*>/g, ''),
  );
}

/** Markdown to text, roughly: enough for a one-line preview, not a renderer. */
function markdownToPlain(md: string): string {
  return md
    .replace(/^[ \t]*(`{3,}|~{3,}).*$/gm, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>\n]*>/g, '')
    .replace(/^[ \t]*(#{1,6}|>|[-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/\\\$/g, '\uE020')
    .replace(/\$\$|\$|\\[()[\]]|\*\*|__|`/g, '')
    .replace(/(^|\W)[*_]|[*_](?=\W|$)/g, '$1')
    .replace(/\uE020/g, '$')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1');
}

/** A short plain-text preview of a note's front, for lists and search results. */
export function plainText(note: Note, max = 140): string {
  const front = revealAll(stripMarkers(note.front));
  const text = (note.format === 'html' ? htmlToPlain(front) : markdownToPlain(front)).replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

/** Plain text of one field of a note (cloze markup revealed), for search and Browse; `max` shortens it. */
export function fieldText(value: string, format: Note['format'], max = Infinity): string {
  const shown = revealAll(stripMarkers(value));
  const text = (format === 'html' ? htmlToPlain(shown) : markdownToPlain(shown)).replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  return `${Array.from(text).slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}
