/**
 * Heading decks: one page where a heading level holds the cards (the front) and the body up to the
 * next heading of the same or a higher level is the back; deeper headings stay in the back. The
 * card level is the shallowest level used more than once whose headings mostly have a body of
 * their own and distinct texts (so `## Category` above `### Question`, and `#### Answer` labels
 * inside the back, are told apart). Headings above the card level are categories (sub-decks),
 * except a lone top heading, which names the deck. A section whose body holds one answer box
 * (`??? success "Answer"`, `> [!answer]-`) keeps the text before it on the front.
 */
import { segment } from './callouts';
import { convertBlocks, fencedLines, HEADING_RE, trimLines, type ConvertStats, type MdCard, type MdDeck } from './common';

interface Heading {
  level: number;
  text: string;
  index: number;
  body: boolean;
}

export function headingsOf(lines: string[], from: number): Heading[] {
  const fenced = fencedLines(lines);
  const found: Omit<Heading, 'body'>[] = [];
  for (let i = from; i < lines.length; i++) {
    const m = fenced[i] ? null : HEADING_RE.exec(lines[i]!);
    if (m) found.push({ level: m[1]!.length, text: m[2]!.trim(), index: i });
  }
  // Texts repeated three times or more at one level are labels ("#### Answer"), not questions.
  const seen = new Map<string, number>();
  for (const h of found) seen.set(`${h.level}\x1f${h.text.toLowerCase()}`, (seen.get(`${h.level}\x1f${h.text.toLowerCase()}`) ?? 0) + 1);
  const isLabel = (h: Omit<Heading, 'body'>) => (seen.get(`${h.level}\x1f${h.text.toLowerCase()}`) ?? 0) >= 3;
  return found.map((h, k) => {
    let end = lines.length;
    let body = false;
    for (let j = k + 1; j < found.length; j++) {
      const next = found[j]!;
      if (next.level > h.level && isLabel(next)) continue;
      end = next.index;
      break;
    }
    for (let i = h.index + 1; i < end && !body; i++) {
      const nested = found.find((x) => x.index === i);
      if (lines[i]!.trim() !== '' && (!nested || isLabel(nested))) body = true;
    }
    return { ...h, body };
  });
}

/** The heading level that holds the cards, or undefined when there are no headings. */
export function cardLevel(headings: Heading[]): number | undefined {
  const levels = [...new Set(headings.map((h) => h.level))].sort((a, b) => a - b);
  for (const level of levels) {
    const at = headings.filter((h) => h.level === level);
    if (at.length < 2 && levels.length > 1) continue;
    const bodied = at.filter((h) => h.body).length;
    const distinct = new Set(at.map((h) => h.text.toLowerCase())).size;
    if (bodied * 2 >= at.length && distinct * 2 > at.length) return level;
  }
  const counts = new Map<number, number>();
  for (const h of headings) counts.set(h.level, (counts.get(h.level) ?? 0) + 1);
  const repeated = [...counts.entries()].filter(([, n]) => n > 1).map(([l]) => l);
  return repeated.length ? Math.min(...repeated) : headings[0]?.level;
}

export function readHeadingCards(lines: string[], from: number, stats: ConvertStats): MdDeck {
  const headings = headingsOf(lines, from);
  const deck: MdDeck = { cards: [], skipped: [], warnings: [], outside: [] };
  const level = cardLevel(headings);
  if (level === undefined) return deck;
  const above = headings.filter((h) => h.level < level);
  const top = above.length ? Math.min(...above.map((h) => h.level)) : undefined;
  const topHeadings = above.filter((h) => h.level === top);
  const titleHeading = topHeadings.length === 1 && topHeadings[0] === above[0] ? topHeadings[0] : undefined;
  if (titleHeading) deck.title = titleHeading.text;
  const used = new Set<number>();
  const path: Heading[] = [];
  for (const h of headings) {
    if (h.level > level) continue;
    while (path.length && path[path.length - 1]!.level >= h.level) path.pop();
    if (h.level < level) {
      path.push(h);
      continue;
    }
    const end = headings.find((x) => x.index > h.index && x.level <= level)?.index ?? lines.length;
    for (let i = h.index; i < end; i++) used.add(i);
    const card: MdCard = { front: h.text, back: '', kind: 'basic', deck: path.filter((p) => p !== titleHeading).map((p) => p.text), tags: [], line: h.index + 1 };
    const split = splitOnAnswer(lines, h.index + 1, end);
    if (split) {
      const before = trimLines(split.before);
      card.front = before ? `**${h.text}**\n\n${before}` : h.text;
      card.back = [trimLines(split.answer), trimLines(split.after)].filter(Boolean).join('\n\n');
    } else card.back = trimLines(lines.slice(h.index + 1, end));
    card.front = convertBlocks(card.front, stats);
    card.back = convertBlocks(card.back, stats);
    if (card.back) deck.cards.push(card);
    else deck.skipped.push(h.index + 1);
  }
  // Text under a category or title heading, before its first card, belongs to no card.
  const fenced = fencedLines(lines);
  for (let i = from; i < lines.length; i++) if (!used.has(i) && lines[i]!.trim() !== '' && (fenced[i] || !HEADING_RE.test(lines[i]!))) deck.outside.push(i + 1);
  return deck;
}

/** A section body with exactly one top-level answer box: the text before it, the answer, the rest. */
function splitOnAnswer(lines: string[], from: number, to: number): { before: string[]; answer: string[]; after: string[] } | undefined {
  const blocks = segment(lines, from, to);
  const answers = blocks.filter((b) => b.kind === 'box' && b.answer);
  if (answers.length !== 1) return undefined;
  const a = answers[0]!;
  if (a.kind !== 'box') return undefined;
  return { before: lines.slice(from, a.start), answer: a.inner, after: lines.slice(a.end, to) };
}
