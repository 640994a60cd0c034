/**
 * Logseq pages: an outline of `- ` blocks (nesting by tabs or spaces). A block tagged `#card` (or
 * `[[card]]`) is a card: its text is the front, its child blocks the back (a nested list);
 * `{{cloze text}}` makes a cloze card (Logseq reveals every deletion at once, so they share one
 * number). Property lines (`id::`, `card-last-interval::`, …) are not content; `id::` gives the
 * note a stable id. Nested `#card` blocks each become a card too.
 */
import type { PlanSchedule } from '../plan';
import { fencedLines, type MdCard, type MdDeck } from './common';

interface Block {
  width: number;
  line: number;
  lines: string[];
  props: Map<string, string>;
  children: Block[];
  end: number;
}

const BULLET_RE = /^(\s*)-(?:\s(.*))?$/;
const PROP_RE = /^([A-Za-z][\w-]*)::\s?(.*)$/;
const CARD_TAG_RE = /(^|\s)(?:#card|#\[\[card\]\]|\[\[card\]\])(?=\s|$)/i;

function widthOf(indent: string): number {
  let w = 0;
  for (const ch of indent) w += ch === '\t' ? 4 : 1;
  return w;
}

function stripWidth(line: string, width: number): string {
  let w = 0;
  let i = 0;
  while (i < line.length && w < width && (line[i] === ' ' || line[i] === '\t')) {
    w += line[i] === '\t' ? 4 : 1;
    i++;
  }
  return line.slice(i);
}

export interface LogseqResult extends MdDeck {
  bulletShare: number;
  schedulingProps: number;
  blockRefs: number;
}

export function parseOutline(lines: string[], from: number): { roots: Block[]; title?: string; bulletShare: number } {
  const roots: Block[] = [];
  const stack: Block[] = [];
  let title: string | undefined;
  let bullets = 0;
  let nonBlank = 0;
  let inFence = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    // Logseq pages have only bullets (and page properties) at the left margin.
    if (line.trim() !== '' && !/^\s/.test(line) && !PROP_RE.test(line)) nonBlank++;
    const top = stack[stack.length - 1];
    const m = inFence ? null : BULLET_RE.exec(line);
    if (m) {
      if (!/^\s/.test(line)) bullets++;
      const width = widthOf(m[1]!);
      const block: Block = { width, line: i, lines: [m[2] ?? ''], props: new Map(), children: [], end: i + 1 };
      while (stack.length && stack[stack.length - 1]!.width >= width) stack.pop();
      (stack.length ? stack[stack.length - 1]!.children : roots).push(block);
      for (const s of stack) s.end = i + 1;
      stack.push(block);
      if (/^\s*(`{3,}|~{3,})/.test(block.lines[0]!)) inFence = !inFence;
      continue;
    }
    if (!top) {
      const p = PROP_RE.exec(line.trim());
      if (p && p[1]!.toLowerCase() === 'title') title = p[2]!.trim();
      continue;
    }
    const text = stripWidth(line, top.width + 2);
    if (/^\s*(`{3,}|~{3,})/.test(text)) inFence = !inFence;
    const p = inFence ? null : PROP_RE.exec(text.trim());
    if (p && !/^\s*(`|~)/.test(text)) top.props.set(p[1]!.toLowerCase(), p[2]!.trim());
    else top.lines.push(text);
    for (const s of stack) s.end = i + 1;
  }
  return { roots, ...(title ? { title } : {}), bulletShare: nonBlank ? bullets / nonBlank : 0 };
}

function cleanText(text: string, tags: string[] | undefined, counts: { blockRefs: number }): string {
  let out = text.replace(CARD_TAG_RE, '$1');
  out = out.replace(/\{\{cloze\s+([\s\S]*?)\s*\}\}/g, (_, inner: string) => `{{c1::${inner.trim()}}}`);
  out = out.replace(/\{\{embed\s+\(\(([0-9a-f-]{36})\)\)\s*\}\}/g, () => {
    counts.blockRefs++;
    return '(embedded block)';
  });
  out = out.replace(/\(\(([0-9a-f-]{36})\)\)/g, () => {
    counts.blockRefs++;
    return '(block reference)';
  });
  if (tags) {
    out = out.replace(/(^|\s)#(?:\[\[([^\]]+)\]\]|([\p{L}\p{N}_\-/.]+))/gu, (_, lead: string, multi: string | undefined, single: string | undefined) => {
      tags.push((multi ?? single ?? '').trim().replace(/\s+/g, '-'));
      return lead;
    });
  }
  out = out.replace(/\[\[([^\]]+)\]\]/g, '$1');
  return out.replace(/[ \t]+$/gm, '').trim();
}

function blockText(b: Block, tags: string[] | undefined, counts: { blockRefs: number }): string {
  const text = cleanText(b.lines.join('\n'), tags, counts);
  return text.replace(/^#{1,6}\s+/, '');
}

function renderChildren(children: Block[], depth: number, counts: { blockRefs: number }): string {
  if (depth === 0 && children.length === 1 && children[0]!.children.length === 0) return blockText(children[0]!, undefined, counts);
  const out: string[] = [];
  const pad = '  '.repeat(depth);
  for (const c of children) {
    const [first = '', ...rest] = blockText(c, undefined, counts).split('\n');
    out.push(`${pad}- ${first}`, ...rest.map((l) => (l ? `${pad}  ${l}` : '')));
    if (c.children.length) out.push(renderChildren(c.children, depth + 1, counts));
  }
  return out.join('\n');
}

export function readLogseq(lines: string[], from: number): LogseqResult {
  const { roots, title, bulletShare } = parseOutline(lines, from);
  const result: LogseqResult = { cards: [], skipped: [], warnings: [], outside: [], bulletShare, schedulingProps: 0, blockRefs: 0 };
  if (title) result.title = title;
  const covered = new Set<number>();
  const visit = (b: Block) => {
    const head = b.lines[0] ?? '';
    if (CARD_TAG_RE.test(head) || CARD_TAG_RE.test(b.lines.join('\n'))) {
      for (let i = b.line; i < b.end; i++) covered.add(i);
      for (const key of b.props.keys()) if (key.startsWith('card-')) result.schedulingProps++;
      const tags: string[] = [];
      let front = blockText(b, tags, result);
      let back = renderChildren(b.children, 0, result);
      const cloze = /\{\{c\d+::/.test(front) || /\{\{c\d+::/.test(back);
      if (cloze && /\{\{c\d+::/.test(back)) {
        front = [front, back].filter(Boolean).join('\n\n');
        back = '';
      }
      const card: MdCard = { front, back, kind: cloze ? 'cloze' : 'basic', deck: [], tags: [...new Set(tags.filter(Boolean))], line: b.line + 1 };
      const schedule = logseqSchedule(b.props);
      if (schedule) card.schedules = [schedule];
      const id = b.props.get('id');
      if (id) card.guid = id;
      if (front && (back || cloze)) result.cards.push(card);
      else result.skipped.push(b.line + 1);
    }
    b.children.forEach(visit);
  };
  roots.forEach(visit);
  const fenced = fencedLines(lines);
  for (let i = from; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (!covered.has(i) && t !== '' && t !== '-' && (fenced[i] || !PROP_RE.test(t))) result.outside.push(i + 1);
  }
  return result;
}

/** Blocks tagged as cards, for the dialect detector. */
export function countLogseqCards(lines: string[], from: number): number {
  const fenced = fencedLines(lines);
  return lines.filter((l, i) => i >= from && !fenced[i] && BULLET_RE.test(l) && CARD_TAG_RE.test(l)).length;
}

/** Logseq's SM-2 properties as the review state of the card, when it has been reviewed. */
function logseqSchedule(props: Map<string, string>): PlanSchedule | undefined {
  const reps = Number(props.get('card-repeats'));
  const dueAt = Date.parse(props.get('card-next-schedule') ?? '');
  if (!(reps > 0) || !Number.isFinite(dueAt)) return undefined;
  const ivl = Number(props.get('card-last-interval'));
  const ease = Number(props.get('card-ease-factor'));
  const review = Number.isFinite(ivl) && ivl >= 1;
  return { type: review ? 2 : 1, dueAt, ivlDays: review ? Math.round(ivl) : 0, factor: Number.isFinite(ease) ? Math.round(ease * 1000) : 2500, reps, lapses: 0, suspended: false };
}
