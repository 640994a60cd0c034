/**
 * Card content to safe HTML. One entry point per card side; Markdown, cloze, type-in, math
 * (KaTeX, lazy), code highlighting (highlight.js, lazy) and sanitizing (DOMPurify) live in the
 * modules beside this one. Rendering needs a DOM (main thread); plainText, referencedMedia and
 * compareTyped do not.
 */
import type { Note, NoteType } from '../core/types';
import { clozeAnswers, resolveCloze } from './cloze';
import { markdownToHtml } from './markdown';
import { clozeMarkersToHtml, stripMarkers } from './markers';
import { extractHtmlMath, extractMarkdownMath, renderMath } from './math';
import { classifyImageSrc, resolveMedia } from './media';
import { installNoteTypeCss, knownNoteType } from './notetype-css';
import { hasOcclusions, imageSize, inPixels, occlusionOverlay, parseOcclusions, splitAtImage } from './occlusion';
import { htmlToText, sanitizeHtml } from './sanitize';
import { extractSounds } from './sound';
import { compareTyped } from './typed';

export { compareTyped } from './typed';
export { referencedMedia } from './media';
export { plainText } from './text';
export { rememberNoteType, knownNoteType } from './notetype-css';

export interface RenderSideInput {
  note: Note;
  /** Card ordinal: reversed 0/1, cloze number − 1, otherwise 0. */
  ord: number;
  side: 'front' | 'back';
  /** What the user typed (type-in cards, back side). */
  typed?: string;
  /** Blob URL of a deck media file by name (see referencedMedia); undefined when missing. */
  media?: (name: string) => string | undefined;
  /** The note's type, for its CSS; else the one last remembered for `note.noteTypeId`. */
  noteType?: NoteType | undefined;
}

const RULE = '<hr class="answer-rule">';

/** A side is a list of parts: card text (untrusted, rendered and sanitized) or our own HTML. */
type Part = { text: string } | { html: string };

function clozeParts(text: string, extra: string, ord: number, side: 'front' | 'back', typed: string, typeCloze: boolean): Part[] {
  const resolved = { text: resolveCloze(text, ord + 1, side) };
  if (side === 'front') return [resolved];
  const compare: Part[] = typeCloze ? [{ html: compareTyped(typed, clozeTypeAnswer(text, ord)) }] : [];
  return extra.trim() ? [resolved, ...compare, { html: RULE }, { text: extra }] : [resolved, ...compare];
}

/** What `{{type:cloze:Text}}` expects on card `ord`: its deletions' text, as plain text. */
function clozeTypeAnswer(text: string, ord: number): string {
  return clozeAnswers(text, ord + 1).map((a) => htmlToText(a).trim()).join(', ');
}

/**
 * The answer the user is asked to type on this card, or undefined when the card has no type-in
 * box: type-in notes, Anki `{{type:Field}}` sides and `{{type:cloze:Text}}` cloze notes.
 */
export function expectedTypedAnswer(note: Note, ord: number): string | undefined {
  if (note.kind === 'cloze') return note.format === 'html' && note.answer !== undefined && !isOcclusion(note) ? clozeTypeAnswer(stripMarkers(note.front), ord) : undefined;
  if (note.kind === 'type-in' && note.format === 'markdown') return note.answer;
  return note.sides?.[ord]?.typeAnswer;
}

function isOcclusion(note: Note): boolean {
  return note.kind === 'cloze' && note.format === 'html' && hasOcclusions(note.front);
}

/** Expected answers (`answer`, `typeAnswer`) are plain text already: the importer decoded them. */
function composeSide(note: Note, ord: number, side: 'front' | 'back', typed: string): Part[] {
  // Marker characters are ours; card text must not be able to forge them.
  const front = stripMarkers(note.front);
  const back = stripMarkers(note.back);
  const pre = note.format === 'html' && note.kind !== 'cloze' ? note.sides?.[ord] : undefined;
  if (pre) {
    if (side === 'front') return [{ text: stripMarkers(pre.front) }];
    const parts: Part[] = [{ text: stripMarkers(pre.back) }];
    if (pre.typeAnswer !== undefined) parts.push({ html: compareTyped(typed, pre.typeAnswer) });
    return parts;
  }
  switch (note.kind) {
    case 'cloze':
      return clozeParts(front, back, ord, side, typed, note.format === 'html' && note.answer !== undefined);
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
  // `[sound:…]` first: a placeholder now, our play button after sanitizing (sound.ts).
  const { text: withoutSound, names: sounds } = extractSounds(text, format === 'markdown' ? 'markdown' : 'html');
  const { text: withoutMath, spans } =
    format === 'markdown' ? extractMarkdownMath(withoutSound) : extractHtmlMath(withoutSound, htmlToText);
  const [html, mathHtml] = await Promise.all([
    format === 'markdown' ? markdownToHtml(withoutMath) : withoutMath,
    renderMath(spans),
  ]);
  return sanitizeHtml(clozeMarkersToHtml(html), { media, mathHtml, mathSource: spans.map((s) => s.source), sounds });
}

/**
 * An Image Occlusion side: the template's rendered side (header, back extra …) as card text
 * around our own image-with-masks HTML (see occlusion.ts). The note's script never runs.
 */
async function occlusionParts(note: Note, ord: number, side: 'front' | 'back', media: Media): Promise<Part[]> {
  const pre = note.sides?.[0];
  const split = splitAtImage(stripMarkers(pre ? (side === 'front' ? pre.front : pre.back) : ''));
  const shapes = parseOcclusions(stripMarkers(note.front));
  const src = split.src === undefined ? undefined : classifyImageSrc(split.src);
  const name = src?.kind === 'local' ? src.name : '';
  const url = src?.kind === 'local' ? resolveMedia(src.name, media) : src?.kind === 'data' ? src.url : undefined;
  const size = url && inPixels(shapes) ? await imageSize(url) : undefined;
  const overlay = occlusionOverlay({ shapes, num: ord + 1, side, src: url, alt: split.alt, name, size });
  const parts: Part[] = [];
  if (split.before.trim()) parts.push({ text: split.before });
  parts.push({ html: overlay });
  if (split.after.trim()) parts.push({ text: split.after });
  return parts;
}

/**
 * Sanitized HTML for one side of one card, wrapped in `<div class="card-content">` (card.css).
 * An imported note type's CSS applies to the card only (notetype-css.ts): the wrapper takes its
 * scope class.
 */
export async function renderSide(input: RenderSideInput): Promise<string> {
  const { note, ord, side, typed = '', media } = input;
  const parts = isOcclusion(note) ? await occlusionParts(note, ord, side, media) : composeSide(note, ord, side, typed);
  const html = await Promise.all(parts.map((p) => ('html' in p ? p.html : renderText(p.text, note.format, media))));
  const scope = note.format === 'html' ? installNoteTypeCss(input.noteType ?? knownNoteType(note.noteTypeId)) : undefined;
  return `<div class="card-content card-${side}${scope ? ` anki-card ${scope}` : ''}">${html.join('')}</div>`;
}
