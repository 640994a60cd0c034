/**
 * Cards whose answer sits in a box: Obsidian callouts (`> [!question] Front` then
 * `> [!answer]- …`, cards split by `---`, `<!-- guid: … -->` for a stable id) and mkdocs-material
 * admonitions (`??? success "Answer"` with an indented body, under a question, a heading or a
 * `??? question "…"` block). The front is the question box, or the text since the previous card,
 * heading or `---`; a heading is part of the front when its section holds only this one card.
 */
import { ADMONITION_RE, CALLOUT_RE, admonitionEnd, convertBlocks, dedent, fencedLines, HEADING_RE, isAnswerBlock, isQuestionBlock, trimLines, unquoteLines, type ConvertStats, type MdCard, type MdDeck } from './common';

export type Block =
  | { kind: 'text' | 'blank' | 'hr'; start: number; end: number }
  | { kind: 'heading'; start: number; end: number; level: number; text: string }
  | { kind: 'guid'; start: number; end: number; guid: string }
  | { kind: 'box'; start: number; end: number; type: string; title: string; answer: boolean; question: boolean; inner: string[]; innerStart: number };

const GUID_RE = /^\s*<!--\s*guid\s*:\s*(\S.*?)\s*-->\s*$/i;
const HR_RE = /^\s{0,3}(?:-\s*){3,}$|^\s{0,3}(?:\*\s*){3,}$|^\s{0,3}(?:_\s*){3,}$/;

/** Splits lines [from, to) into blocks; `lines` indexes are kept, so blocks give real line numbers. */
export function segment(lines: string[], from: number, to: number): Block[] {
  const fenced = fencedLines(lines.slice(from, to));
  const blocks: Block[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (fenced[i - from]) {
      blocks.push({ kind: 'text', start: i, end: i + 1 });
      continue;
    }
    if (line.trim() === '') {
      blocks.push({ kind: 'blank', start: i, end: i + 1 });
      continue;
    }
    const g = GUID_RE.exec(line);
    if (g) {
      blocks.push({ kind: 'guid', start: i, end: i + 1, guid: g[1]! });
      continue;
    }
    if (HR_RE.test(line)) {
      blocks.push({ kind: 'hr', start: i, end: i + 1 });
      continue;
    }
    const h = HEADING_RE.exec(line);
    if (h) {
      blocks.push({ kind: 'heading', start: i, end: i + 1, level: h[1]!.length, text: h[2]!.trim() });
      continue;
    }
    const c = CALLOUT_RE.exec(line);
    if (c) {
      let end = i + 1;
      while (end < to && /^>/.test(lines[end]!)) end++;
      const type = c[1]!;
      const title = c[3]!.trim();
      blocks.push({ kind: 'box', start: i, end, type, title, answer: isAnswerBlock(type, title), question: isQuestionBlock(type), inner: unquoteLines(lines.slice(i + 1, end)), innerStart: i + 1 });
      i = end - 1;
      continue;
    }
    const a = ADMONITION_RE.exec(line);
    if (a) {
      const indent = a[1]!.length;
      const end = Math.min(admonitionEnd(lines, i, indent), to);
      const type = a[3]!;
      const title = a[4] ?? '';
      blocks.push({ kind: 'box', start: i, end, type, title, answer: isAnswerBlock(type, title), question: isQuestionBlock(type), inner: dedent(lines.slice(i + 1, end), indent + 4), innerStart: i + 1 });
      i = end - 1;
      continue;
    }
    blocks.push({ kind: 'text', start: i, end: i + 1 });
  }
  return blocks;
}

/** Top-level answer boxes, and boxes holding one, among blocks. */
export function answerCount(blocks: Block[]): number {
  return blocks.filter((b) => b.kind === 'box' && (b.answer || holdsAnswer(b))).length;
}

function holdsAnswer(b: Block): boolean {
  if (b.kind !== 'box' || b.answer) return false;
  return segment(b.inner, 0, b.inner.length).some((x) => x.kind === 'box' && (x.answer || holdsAnswer(x)));
}

interface Ctx {
  stats: ConvertStats;
  cards: MdCard[];
  used: Set<number>;
}

function textOf(lines: string[], blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) out.push(...lines.slice(b.start, b.end));
  return out;
}

/**
 * Cards from blocks of `lines` (indexes relative to `lines`; `offset` maps them to file lines).
 * `title` is a heading or a container's title that leads the front when it holds one card.
 */
function cardsFrom(lines: string[], blocks: Block[], offset: number, ctx: Ctx, title: string | undefined): void {
  const answersBySection = new Map<number, number>();
  let sectionStart = -1;
  for (const b of blocks) {
    if (b.kind === 'heading') sectionStart = b.start;
    else if (b.kind === 'box' && (b.answer || holdsAnswer(b))) answersBySection.set(sectionStart, (answersBySection.get(sectionStart) ?? 0) + 1);
  }
  let lead = (answersBySection.get(-1) ?? 0) === 1 ? title : undefined;
  let pending: Block[] = [];
  let guid: string | undefined;
  let segmentFirstCard = ctx.cards.length;
  const push = (front: string, back: string, firstLine: number, lastLine: number) => {
    const card: MdCard = { front, back, kind: 'basic', deck: [], tags: [], line: firstLine + offset + 1 };
    if (guid) card.guid = guid;
    guid = undefined;
    ctx.cards.push(card);
    for (let k = firstLine; k < lastLine; k++) ctx.used.add(k + offset);
  };
  // Boxes (an explanation, a tip) right after a card's answer, before the next boundary, join its back.
  const attachTrailing = () => {
    const last = ctx.cards[ctx.cards.length - 1];
    if (!last || ctx.cards.length <= segmentFirstCard || !pending.some((p) => p.kind === 'box') || pending.some((p) => p.kind === 'text' || p.kind === 'heading')) return;
    for (const p of pending) {
      if (p.kind !== 'box') continue;
      last.back = [last.back, convertBlocks(lines.slice(p.start, p.end).join('\n'), ctx.stats)].filter(Boolean).join('\n\n');
      for (let k = p.start; k < p.end; k++) ctx.used.add(k + offset);
    }
  };
  for (const b of blocks) {
    if (b.kind === 'heading' || b.kind === 'hr') {
      attachTrailing();
      if (guid && ctx.cards.length > segmentFirstCard && !ctx.cards[ctx.cards.length - 1]!.guid) ctx.cards[ctx.cards.length - 1]!.guid = guid;
      guid = undefined;
      if (b.kind === 'hr') ctx.used.add(b.start + offset);
      segmentFirstCard = ctx.cards.length;
      pending = [];
      lead = b.kind === 'heading' && answersBySection.get(b.start) === 1 ? b.text : undefined;
      if (lead !== undefined) pending.push(b);
      continue;
    }
    if (b.kind === 'guid') {
      guid = b.guid;
      ctx.used.add(b.start + offset);
      continue;
    }
    if (b.kind === 'box' && b.answer) {
      const content = pending.filter((p) => p.kind !== 'heading');
      const lastBox = [...content].reverse().find((p) => p.kind !== 'blank');
      let frontLines: string[];
      let first = pending[0]?.start ?? b.start;
      if (lastBox && lastBox.kind === 'box' && lastBox.question) {
        const inner = trimLines(lastBox.inner);
        frontLines = lastBox.title && inner ? [`**${lastBox.title}**`, '', inner] : [lastBox.title || inner];
        first = lead !== undefined ? first : lastBox.start;
      } else frontLines = textOf(lines, content);
      const body = trimLines(frontLines);
      const front = [lead !== undefined ? (body ? `**${lead}**` : lead) : '', body].filter(Boolean).join('\n\n');
      const back = trimLines(b.inner);
      push(convertBlocks(front, ctx.stats), convertBlocks(back, ctx.stats), first, b.end);
      pending = [];
      lead = undefined;
      continue;
    }
    if (b.kind === 'box' && holdsAnswer(b)) {
      const inner = segment(b.inner, 0, b.inner.length);
      const before = ctx.cards.length;
      cardsFrom(b.inner, inner, offset + b.innerStart, ctx, b.title || undefined);
      if (guid && ctx.cards.length > before) ctx.cards[before]!.guid = guid;
      guid = undefined;
      ctx.used.add(b.start + offset);
      pending = [];
      lead = undefined;
      continue;
    }
    pending.push(b);
  }
  attachTrailing();
  if (guid && ctx.cards.length > segmentFirstCard && !ctx.cards[ctx.cards.length - 1]!.guid) ctx.cards[ctx.cards.length - 1]!.guid = guid;
}

export function readCallouts(lines: string[], from: number, stats: ConvertStats): MdDeck {
  const blocks = segment(lines, from, lines.length);
  const ctx: Ctx = { stats, cards: [], used: new Set() };
  cardsFrom(lines, blocks, 0, ctx, undefined);
  const deck: MdDeck = { cards: [], skipped: [], warnings: [], outside: [] };
  for (const c of ctx.cards) {
    if (c.front && c.back) deck.cards.push(c);
    else deck.skipped.push(c.line);
  }
  const titles = blocks.filter((b) => b.kind === 'heading' && b.level === 1);
  if (titles.length === 1 && titles[0]!.kind === 'heading') {
    deck.title = titles[0]!.text;
    ctx.used.add(titles[0]!.start);
  }
  for (const b of blocks) if (b.kind !== 'blank' && b.kind !== 'heading' && b.kind !== 'hr' && !ctx.used.has(b.start)) deck.outside.push(b.start + 1);
  return deck;
}

/** How many answer boxes the file has (for the dialect detector). */
export function countAnswerBoxes(lines: string[], from: number): number {
  return answerCount(segment(lines, from, lines.length));
}
