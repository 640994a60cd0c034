/**
 * Card content to safe HTML. One entry point per card side; Markdown, cloze, type-in, math
 * (KaTeX, lazy), code highlighting (highlight.js, lazy) and sanitizing (DOMPurify) live in the
 * modules beside this one. Rendering needs a DOM (main thread); plainText, referencedMedia and
 * compareTyped do not.
 */
import type { Note } from '../core/types';
import { resolveCloze } from './cloze';
import { markdownToHtml } from './markdown';
import { clozeMarkersToHtml, stripMarkers } from './markers';
import { extractHtmlMath, extractMarkdownMath, renderMath } from './math';
import { htmlToText, sanitizeHtml } from './sanitize';
import { compareTyped } from './typed';

export { compareTyped } from './typed';
export { referencedMedia } from './media';
export { plainText } from './text';

export interface RenderSideInput {
  note: Note;
  /** Card ordinal: reversed 0/1, cloze number − 1, otherwise 0. */
  ord: number;
  side: 'front' | 'back';
  /** What the user typed (type-in cards, back side). */
  typed?: string;
  /** Blob URL of a deck media file by name (see referencedMedia); undefined when missing. */
  media?: (name: string) => string | undefined;
}

const RULE = '<hr class="answer-rule">';

/** A side is a list of parts: card text (untrusted, rendered and sanitized) or our own HTML. */
type Part = { text: string } | { html: string };

function clozeParts(text: string, extra: string, ord: number, side: 'front' | 'back'): Part[] {
  const resolved = { text: resolveCloze(text, ord + 1, side) };
  if (side === 'front') return [resolved];
  return extra.trim() ? [resolved, { html: RULE }, { text: extra }] : [resolved];
}

/** Expected answers (`answer`, `typeAnswer`) are plain text already: the importer decoded them. */
function composeSide(note: Note, ord: number, side: 'front' | 'back', typed: string): Part[] {
  // Marker characters are ours; card text must not be able to forge them.
  const front = stripMarkers(note.front);
  const back = stripMarkers(note.back);
  const pre = note.format === 'html' ? note.sides?.[ord] : undefined;
  if (pre) {
    if (side === 'front') return [{ text: stripMarkers(pre.front) }];
    const parts: Part[] = [{ text: stripMarkers(pre.back) }];
    if (pre.typeAnswer !== undefined) parts.push({ html: compareTyped(typed, pre.typeAnswer) });
    return parts;
  }
  switch (note.kind) {
    case 'cloze':
      return clozeParts(front, back, ord, side);
    case 'type-in':
      if (side === 'front') return [{ text: front }];
      return [
        { text: front },
        { html: RULE },
        { html: compareTyped(typed, note.answer ?? '') },
        ...(back.trim() ? [{ text: back }] : []),
      ];
    case 'reversed':
    case 'basic': {
      const [q, a] = note.kind === 'reversed' && ord === 1 ? [back, front] : [front, back];
      return side === 'front' ? [{ text: q }] : [{ text: q }, { html: RULE }, { text: a }];
    }
  }
}

type Media = RenderSideInput['media'];

/** One part of card text: math out, Markdown (if any), cloze spans, sanitize, math back in. */
async function renderText(text: string, format: Note['format'], media: Media): Promise<string> {
  const { text: withoutMath, spans } =
    format === 'markdown' ? extractMarkdownMath(text) : extractHtmlMath(text, htmlToText);
  const [html, mathHtml] = await Promise.all([
    format === 'markdown' ? markdownToHtml(withoutMath) : withoutMath,
    renderMath(spans),
  ]);
  return sanitizeHtml(clozeMarkersToHtml(html), { media, mathHtml, mathSource: spans.map((s) => s.source) });
}

/** Sanitized HTML for one side of one card, wrapped in `<div class="card-content">` (card.css). */
export async function renderSide(input: RenderSideInput): Promise<string> {
  const { note, ord, side, typed = '', media } = input;
  const parts = composeSide(note, ord, side, typed);
  const html = await Promise.all(parts.map((p) => ('html' in p ? p.html : renderText(p.text, note.format, media))));
  return `<div class="card-content card-${side}">${html.join('')}</div>`;
}
