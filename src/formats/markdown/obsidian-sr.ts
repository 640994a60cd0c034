/**
 * The Obsidian Spaced Repetition plugin's syntax (https://www.stephenmwangi.com/obsidian-spaced-repetition/flashcards/):
 * `Front::Back` (basic) and `Front:::Back` (reversed) on one line; a line holding only `?` (basic)
 * or `??` (reversed) between a front and a back that touch it; a paragraph with `==highlights==`
 * (or Anki-style `{{c1::…}}`) is a cloze card, one card per deletion. Cards are paragraphs
 * separated by blank lines; headings only give context. `#flashcards/sub/deck` tags name decks.
 * The plugin's scheduling comments (`<!--SR:!2024-01-01,3,250-->`) are dropped and counted.
 */
import type { PlanSchedule } from '../plan';
import { convertBlocks, fencedLines, HEADING_RE, highlightsToCloze, trimLines, type ConvertStats, type MdCard, type MdDeck } from './common';

export const SR_COMMENT_RE = /\s*<!--SR:[^>]*?-->/g;
const FLASHCARD_TAG_RE = /(^|\s)#flashcards(\/[\p{L}\p{N}_\-/]+)?(?=\s|$)/giu;

const PROPERTY_KEY_RE = /^(?:id|title|alias|aliases|tags|collapsed|heading|background-color|template|card-[\w-]+)$/i;

/** Where `sep` splits a line outside inline code, or -1. */
function splitAt(line: string, sep: string): number {
  let inCode = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '`') inCode = !inCode;
    else if (!inCode && line.startsWith(sep, i)) {
      // `:::` must not be read as `::` followed by `:`, and `::` must not be part of `:::`.
      if (sep === '::' && (line[i + 2] === ':' || line[i - 1] === ':')) continue;
      return i;
    }
  }
  return -1;
}

function deckFromTag(tag: string | undefined): string[] | undefined {
  if (tag === undefined) return undefined;
  return tag.replace(/^\//, '').split('/').filter(Boolean);
}

/** Removes `#flashcards…` tags from a line, returning the deck path of the last one. */
function takeDeckTags(line: string): { line: string; deck?: string[]; tagged: boolean } {
  let deck: string[] | undefined;
  let tagged = false;
  const rest = line.replace(FLASHCARD_TAG_RE, (_, lead: string, sub: string | undefined) => {
    tagged = true;
    deck = deckFromTag(sub) ?? deck;
    return lead;
  });
  return { line: rest, ...(deck ? { deck } : {}), tagged };
}

/** `<!--SR:!2024-01-01,3,250!…-->`: due date, interval in days, ease in percent, per card of the note. */
export function srSchedules(comment: string): PlanSchedule[] {
  const body = /<!--SR:([^>]*?)-->/.exec(comment)?.[1] ?? '';
  const out: PlanSchedule[] = [];
  for (const entry of body.split('!').filter((e) => e.trim() !== '')) {
    const [date, ivl, ease] = entry.split(',').map((x) => x.trim());
    const dueAt = Date.parse(`${date}T00:00:00Z`);
    const ivlDays = Number(ivl);
    const factor = Number(ease);
    if (!Number.isFinite(dueAt) || !Number.isFinite(ivlDays) || !Number.isFinite(factor)) continue;
    out.push({ type: 2, dueAt, ivlDays: Math.max(1, Math.round(ivlDays)), factor: Math.round(factor * 10), reps: 1, lapses: 0, suspended: false });
  }
  return out;
}

export interface SrResult extends MdDeck {
  /** The note carries a `#flashcards` tag (body or front matter). */
  tagged: boolean;
  srComments: number;
}

export function readObsidianSr(lines: string[], from: number, frontMatterTags: string[], stats: ConvertStats): SrResult {
  const fenced = fencedLines(lines);
  const result: SrResult = { cards: [], skipped: [], warnings: [], outside: [], tagged: false, srComments: 0 };
  let noteDeck: string[] | undefined;
  for (const t of frontMatterTags) {
    const m = /^flashcards(\/.+)?$/i.exec(t);
    if (m) {
      result.tagged = true;
      noteDeck = noteDeck ?? deckFromTag(m[1]);
    }
  }
  let pendingSchedules: PlanSchedule[] = [];
  // Paragraphs: runs of non-blank lines (a code fence keeps its paragraph open); headings split them.
  const paragraphs: { start: number; lines: string[]; schedules: PlanSchedule[] }[] = [];
  let current: { start: number; lines: string[]; schedules: PlanSchedule[] } | undefined;
  let previous: { schedules: PlanSchedule[] } | undefined;
  for (let i = from; i < lines.length; i++) {
    let line = lines[i]!;
    if (!fenced[i]) {
      const before = line;
      line = line.replace(SR_COMMENT_RE, '');
      if (line !== before) {
        result.srComments += (before.match(SR_COMMENT_RE) ?? []).length;
        const found = [...before.matchAll(/<!--SR:[^>]*?-->/g)].flatMap((m) => srSchedules(m[0]));
        // A comment on its own line belongs to the card just above it.
        const owner = current ?? (line.trim() === '' ? previous : undefined);
        if (line.trim() === '' && owner) {
          owner.schedules.push(...found);
          continue;
        }
        pendingSchedules.push(...found);
      }
      const tags = takeDeckTags(line);
      if (tags.tagged) {
        result.tagged = true;
        if (tags.deck && !noteDeck) noteDeck = tags.deck;
        line = tags.line;
        if (line.trim() === '' && before.trim() !== '') {
          // A line holding only the tag is not content.
          if (current) {
            paragraphs.push(current);
            current = undefined;
          }
          continue;
        }
      }
      if (line.trim() === '' || HEADING_RE.test(line)) {
        if (current) paragraphs.push(current);
        current = undefined;
        continue;
      }
    }
    if (!current) {
      current = { start: i, lines: [], schedules: [] };
      previous = current;
    }
    current.lines.push(line);
    current.schedules.push(...pendingSchedules);
    pendingSchedules = [];
  }
  if (current) paragraphs.push(current);

  for (const p of paragraphs) {
    const firstCard = result.cards.length;
    assign(p, firstCard);
  }
  function assign(p: { start: number; lines: string[]; schedules: PlanSchedule[] }, firstCard: number): void {
    readParagraph(p);
    const queue = [...p.schedules];
    for (const c of result.cards.slice(firstCard)) {
      const n = c.kind === 'reversed' ? 2 : c.kind === 'cloze' ? (c.front.match(/\{\{c\d+::/g) ?? []).length : 1;
      const mine = queue.splice(0, n);
      if (mine.length) c.schedules = mine;
    }
  }
  function readParagraph(p: { start: number; lines: string[] }): void {
    const pf = fencedLines(p.lines);
    const sepAt = p.lines.findIndex((l, k) => !pf[k] && (l.trim() === '?' || l.trim() === '??'));
    if (sepAt > 0 && sepAt < p.lines.length - 1) {
      const front = trimLines(p.lines.slice(0, sepAt));
      const back = trimLines(p.lines.slice(sepAt + 1));
      result.cards.push({ front: convertBlocks(front, stats), back: convertBlocks(back, stats), kind: p.lines[sepAt]!.trim() === '??' ? 'reversed' : 'basic', deck: [], tags: [], line: p.start + 1 });
      return;
    }
    if (sepAt === 0 || sepAt === p.lines.length - 1) {
      result.skipped.push(p.start + 1);
      return;
    }
    let inline = false;
    const plain: number[] = [];
    p.lines.forEach((l, k) => {
      plain.push(p.start + k + 1);
      if (pf[k]) return;
      for (const [sep, kind] of [[':::', 'reversed'], ['::', 'basic']] as const) {
        const at = splitAt(l, sep);
        if (at < 0) continue;
        inline = true;
        const front = l.slice(0, at).trim().replace(/^[-*+]\s+/, '');
        // Logseq and Dataview properties (`id:: …`, `card-repeats:: 1`) are not cards.
        if (sep === '::' && PROPERTY_KEY_RE.test(front)) return;
        const back = l.slice(at + sep.length).trim();
        plain.pop();
        if (front && back) result.cards.push({ front, back, kind, deck: [], tags: [], line: p.start + k + 1 });
        else result.skipped.push(p.start + k + 1);
        return;
      }
    });
    if (inline) {
      result.outside.push(...plain);
      return;
    }
    const text = p.lines.join('\n');
    const cloze = highlightsToCloze(text, nextClozeNumber(text));
    if (/\{\{c\d+::/.test(cloze.text)) {
      result.cards.push({ front: convertBlocks(trimLines(cloze.text.split('\n')), stats), back: '', kind: 'cloze', deck: [], tags: [], line: p.start + 1 });
      return;
    }
    for (let k = 0; k < p.lines.length; k++) result.outside.push(p.start + k + 1);
  }
  if (noteDeck) for (const c of result.cards) {
    c.deck = noteDeck;
    c.absoluteDeck = true;
  }
  return result;
}

function nextClozeNumber(text: string): number {
  let max = 0;
  for (const m of text.matchAll(/\{\{c(\d+)::/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}
