/**
 * Writer for our own deck format (docs/deck-format.md): a deck and its notes as one Markdown
 * file that parseDeckFile reads back to the same notes. Lines the format reserves are rewritten
 * so that they keep their rendering: a `---` line of the front (outside code) becomes `----`
 * (the same rule, or the same setext heading underline), a level-2 heading line gets one leading
 * space (still a heading, no longer a card start), a code fence left open at the end of a side is
 * closed, and an empty side is written as an HTML comment.
 */
import type { Deck, Note } from '../../core/types';
import { stableHash } from '../shared/hash';
import { CARD_ID_RE, DECK_ID_RE } from './parse';

export type WritableNote = Pick<Note, 'id' | 'kind' | 'front' | 'back' | 'tags' | 'topics'> & Partial<Pick<Note, 'answer' | 'difficulty' | 'story'>>;

const FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;
const TAG_RE = /^[\p{L}\p{N}_\-:.]+$/u;

/** An id the format accepts: the note id when valid, else a slug with a stable hash. */
export function safeCardId(id: string): string {
  if (CARD_ID_RE.test(id)) return id;
  const slug = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${slug ? `${slug}-` : 'card-'}${stableHash(id).slice(0, 12)}`;
}

function safeDeckId(id: string, name: string): string {
  if (DECK_ID_RE.test(id)) return id;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${slug ? `${slug}-` : 'deck-'}${stableHash(id).slice(0, 8)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * Protects the lines the parser would read as structure, outside fenced code: `## ` card starts
 * (both sides) and, on the front, the `---` separator. A fence still open at the end is closed,
 * or the separator and the next cards would be read as code.
 */
function protectBody(text: string, side: 'front' | 'back'): string {
  let fence: string | null = null;
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const f = FENCE_RE.exec(line);
      if (f) {
        const marker = f[1]!;
        if (fence === null) fence = marker[0]!.repeat(marker.length);
        // CommonMark: only a bare run of the same character, at least as long, closes a fence.
        else if (line.trim() === marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
        return line;
      }
      if (fence !== null) return line;
      if (side === 'front' && line.trim() === '---') return line.replace('---', '----');
      if (/^##\s+\S/.test(line)) return ` ${line}`;
      return line;
    });
  const body = lines.join('\n').replace(/^\s*\n/, '').trimEnd();
  if (fence !== null) return `${body}\n${fence}`;
  return body;
}

/** Front matter value: one line, quoted when the reader would strip its own quotes. */
function metaValue(text: string): string {
  const value = oneLine(text);
  return /^(["']).*\1$/.test(value) ? `'${value}'` : value;
}

const EMPTY_SIDE = '<!-- empty -->';

export function writePrepdeck(deck: Pick<Deck, 'id' | 'name' | 'description'>, notes: readonly WritableNote[]): string {
  const out: string[] = ['---', `id: ${safeDeckId(deck.id, deck.name)}`, `name: ${metaValue(deck.name)}`];
  if (deck.description.trim()) out.push(`description: ${metaValue(deck.description)}`);
  out.push('---', '');
  const used = new Set<string>();
  for (const note of notes) {
    let id = safeCardId(note.id);
    while (used.has(id)) id = safeCardId(`${id}~`);
    used.add(id);
    out.push(`## ${id}`);
    if (note.topics.length) out.push(`topics: ${note.topics.map(oneLine).join(', ')}`);
    const tags = note.tags.map((t) => t.replace(/[^\p{L}\p{N}_\-:.]+/gu, '-')).filter((t) => TAG_RE.test(t));
    if (tags.length) out.push(`tags: ${tags.join(', ')}`);
    if (note.kind !== 'basic') out.push(`type: ${note.kind}`);
    if (note.difficulty) out.push(`difficulty: ${note.difficulty}`);
    if (note.kind === 'type-in') out.push(`answer: ${oneLine(note.answer ?? '') || '?'}`);
    if (note.story) out.push('story: true');
    out.push('', protectBody(note.front, 'front') || EMPTY_SIDE, '', '---', '');
    // A cloze card may have no back; every other card needs one to be read back.
    const back = protectBody(note.back, 'back') || (note.kind === 'cloze' ? '' : EMPTY_SIDE);
    if (back) out.push(back, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
