/**
 * Reader for our own deck format (docs/deck-format.md): Markdown with front matter, one card per
 * level-2 heading. Pure: text in, structured deck out, with every problem reported by line.
 */
import type { Difficulty, NoteKind } from '../../core/types';

export interface DeckMeta {
  id: string;
  name: string;
  description: string;
}

export interface ParsedCard {
  id: string;
  kind: NoteKind;
  front: string;
  back: string;
  topics: string[];
  tags: string[];
  difficulty?: Difficulty;
  answer?: string;
  story: boolean;
  /** 1-based line of the heading, for messages. */
  line: number;
  file: string;
}

export interface ParsedDeckFile {
  meta: Partial<DeckMeta>;
  cards: ParsedCard[];
  errors: string[];
}

export const CARD_ID_RE = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;
export const DECK_ID_RE = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;
const TAG_RE = /^[\p{L}\p{N}_\-:.]+$/u;
const KINDS: readonly NoteKind[] = ['basic', 'reversed', 'cloze', 'type-in'];
const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];
const META_KEYS = new Set(['topics', 'tags', 'type', 'difficulty', 'answer', 'story']);
const FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses `key: value` front matter between two `---` lines at the top of the file. */
function readFrontMatter(lines: string[], errors: string[], file: string): { meta: Partial<DeckMeta>; next: number } {
  const meta: Partial<DeckMeta> = {};
  if (lines[0]?.trim() !== '---') return { meta, next: 0 };
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '---') return { meta, next: i + 1 };
    if (line.trim() === '') continue;
    const m = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) {
      errors.push(`${file}:${i + 1}: front matter line is not "key: value": ${line.slice(0, 60)}`);
      continue;
    }
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (key === 'id' || key === 'name' || key === 'description') meta[key] = value;
    else errors.push(`${file}:${i + 1}: unknown front matter key "${key}"`);
  }
  errors.push(`${file}:1: front matter is not closed with a "---" line`);
  return { meta, next: lines.length };
}

/**
 * Splits a card body at the first `---` line outside fenced code.
 * Returns the index of the separator line or -1.
 */
export function findSeparator(body: string[]): number {
  const outside = proseLines();
  return body.findIndex((line) => outside(line) && line.trim() === '---');
}

/**
 * A line filter that is true for lines outside fenced code blocks (fence lines themselves
 * count as inside), fed the lines in order.
 */
function proseLines(): (line: string) => boolean {
  let fence: string | null = null;
  return (line) => {
    const f = FENCE_RE.exec(line);
    if (f) {
      const marker = f[1]!;
      if (fence === null) fence = marker[0]!.repeat(marker.length);
      // CommonMark: only a bare run of the same character, at least as long, closes a fence.
      else if (line.trim() === marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return false;
    }
    return fence === null;
  };
}

function trimBlankLines(lines: string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b).join('\n');
}

export function parseDeckFile(text: string, file = 'deck.md'): ParsedDeckFile {
  const errors: string[] = [];
  const cards: ParsedCard[] = [];
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const { meta, next } = readFrontMatter(lines, errors, file);

  // Find card headings (outside code fences).
  const starts: number[] = [];
  const outside = proseLines();
  for (let i = next; i < lines.length; i++) if (outside(lines[i]!) && /^##\s+\S/.test(lines[i]!)) starts.push(i);
  for (let i = next; i < (starts[0] ?? lines.length); i++) {
    const line = lines[i]!.trim();
    if (line !== '' && !line.startsWith('<!--') && !line.startsWith('#')) {
      errors.push(`${file}:${i + 1}: text outside a card (cards start with "## <card-id>")`);
      break;
    }
  }

  starts.forEach((start, k) => {
    const end = starts[k + 1] ?? lines.length;
    const id = lines[start]!.replace(/^##\s+/, '').trim();
    const where = `${file}:${start + 1}`;
    if (!CARD_ID_RE.test(id)) errors.push(`${where}: card id "${id}" must be 3–80 lowercase letters, digits or "-"`);
    const card: ParsedCard = { id, kind: 'basic', front: '', back: '', topics: [], tags: [], story: false, line: start + 1, file };
    let i = start + 1;
    for (; i < end; i++) {
      const line = lines[i]!;
      if (line.trim() === '') break;
      const m = /^([a-z][a-z-]*)\s*:\s*(.*)$/.exec(line);
      if (!m || !META_KEYS.has(m[1]!)) {
        errors.push(`${file}:${i + 1}: expected a metadata line (topics, tags, type, difficulty, answer, story) or a blank line before the front`);
        break;
      }
      const key = m[1]!;
      const value = m[2]!.trim();
      switch (key) {
        case 'topics':
          card.topics = splitList(value);
          break;
        case 'tags':
          card.tags = splitList(value);
          for (const t of card.tags) if (!TAG_RE.test(t)) errors.push(`${file}:${i + 1}: tag "${t}" has characters other than letters, digits, "-", "_", ":" or "."`);
          break;
        case 'type':
          if ((KINDS as readonly string[]).includes(value)) card.kind = value as NoteKind;
          else errors.push(`${file}:${i + 1}: unknown card type "${value}" (basic, reversed, cloze, type-in)`);
          break;
        case 'difficulty':
          if ((DIFFICULTIES as readonly string[]).includes(value)) card.difficulty = value as Difficulty;
          else errors.push(`${file}:${i + 1}: difficulty must be easy, medium or hard, not "${value}"`);
          break;
        case 'answer':
          card.answer = value;
          break;
        case 'story':
          if (value === 'true' || value === 'false') card.story = value === 'true';
          else errors.push(`${file}:${i + 1}: story must be true or false`);
          break;
      }
    }
    const body = lines.slice(i, end);
    const sep = findSeparator(body);
    if (sep === -1) {
      card.front = trimBlankLines(body);
      if (card.kind !== 'cloze') errors.push(`${where}: card "${id}" has no "---" line between front and back`);
    } else {
      card.front = trimBlankLines(body.slice(0, sep));
      card.back = trimBlankLines(body.slice(sep + 1));
    }
    if (card.front === '') errors.push(`${where}: card "${id}" has an empty front`);
    if (card.kind !== 'cloze' && sep !== -1 && card.back === '') errors.push(`${where}: card "${id}" has an empty back`);
    if (card.kind === 'cloze' && clozeNumbers(card.front).length === 0)
      errors.push(`${where}: cloze card "${id}" has no {{c1::…}} deletion on its front`);
    if (card.kind === 'type-in' && !card.answer) errors.push(`${where}: type-in card "${id}" needs an "answer:" line`);
    if (card.kind !== 'type-in' && card.answer) errors.push(`${where}: "answer:" is only for type-in cards`);
    cards.push(card);
  });
  return { meta, cards, errors };
}

/** The distinct cloze numbers used in a text, ascending. */
export function clozeNumbers(text: string): number[] {
  const seen = new Set<number>();
  // `{{c1,2::…}}` (Anki 23.10+) is one deletion shown on cards 1 and 2.
  for (const m of text.matchAll(/\{\{c(\d+(?:\s*,\s*\d+)*)::/g)) for (const n of m[1]!.split(',')) seen.add(Number(n.trim()));
  return [...seen].filter((n) => n > 0).sort((a, b) => a - b);
}

/** Card ordinals a note produces (see docs/deck-format.md, "Card types"). */
export function cardOrdinals(kind: NoteKind, front: string): number[] {
  if (kind === 'reversed') return [0, 1];
  if (kind === 'cloze') return clozeNumbers(front).map((n) => n - 1);
  return [0];
}
