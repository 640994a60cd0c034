/**
 * Plain Markdown flashcards as people write them without our format: `Q:`/`A:` pairs, or one
 * heading per card with the section body as the answer. Code fences are respected: a `#` or
 * `Q:` inside a fence is content.
 */

export interface PlainCard {
  front: string;
  back: string;
  /** 1-based line of the card's start. */
  line: number;
}

export interface PlainDeck {
  /** A lone top-level heading above the cards, usable as the deck name. */
  title?: string;
  cards: PlainCard[];
  /** Cards with an empty front or back, skipped (their lines). */
  skipped: number[];
}

const FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING_RE = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const Q_RE = /^\s*(?:\*\*|__)?(?:Q|Question)(?:\*\*|__)?\s*[:.]\s*(?:\*\*|__)?\s?(.*)$/i;
const A_RE = /^\s*(?:\*\*|__)?(?:A|Answer)(?:\*\*|__)?\s*[:.]\s*(?:\*\*|__)?\s?(.*)$/i;

/** Marks each line as inside a code fence or not. */
function fencedLines(lines: string[]): boolean[] {
  const inside: boolean[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const f = FENCE_RE.exec(line);
    if (f) {
      const marker = f[1]!;
      if (fence === null) fence = marker[0]!.repeat(marker.length);
      else if (line.trim().startsWith(fence)) fence = null;
      inside.push(true);
      continue;
    }
    inside.push(fence !== null);
  }
  return inside;
}

function trimLines(lines: string[]): string {
  return lines.join('\n').replace(/^\s*\n/, '').trimEnd().replace(/^\n+/, '');
}

export function readQuestionAnswerPairs(lines: string[], from: number): PlainDeck {
  const fenced = fencedLines(lines);
  const deck: PlainDeck = { cards: [], skipped: [] };
  let current: { front: string[]; back: string[]; line: number; inAnswer: boolean } | undefined;
  const flush = () => {
    if (!current) return;
    const front = trimLines(current.front);
    const back = trimLines(current.back);
    if (front && back) deck.cards.push({ front, back, line: current.line });
    else deck.skipped.push(current.line);
    current = undefined;
  };
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const q = fenced[i] ? null : Q_RE.exec(line);
    const a = fenced[i] ? null : A_RE.exec(line);
    if (q) {
      flush();
      current = { front: [q[1]!], back: [], line: i + 1, inAnswer: false };
    } else if (a && current && !current.inAnswer) {
      current.inAnswer = true;
      current.back.push(a[1]!);
    } else if (!fenced[i] && HEADING_RE.test(line)) flush();
    else if (current) (current.inAnswer ? current.back : current.front).push(line);
  }
  flush();
  const titles = lines.slice(from).filter((l, i) => !fenced[from + i] && /^#\s+\S/.test(l));
  if (titles.length === 1) deck.title = HEADING_RE.exec(titles[0]!)?.[2]?.trim();
  return deck;
}

export function hasQuestionAnswerPairs(lines: string[]): boolean {
  const fenced = fencedLines(lines);
  return lines.some((l, i) => !fenced[i] && Q_RE.test(l)) && lines.some((l, i) => !fenced[i] && A_RE.test(l));
}

/**
 * One card per heading at the card level: the shallowest level used more than once. A single
 * heading above that level is the deck title.
 */
export function readHeadingCards(lines: string[], from: number): PlainDeck {
  const fenced = fencedLines(lines);
  const headings: { level: number; text: string; index: number }[] = [];
  for (let i = from; i < lines.length; i++) {
    const m = fenced[i] ? null : HEADING_RE.exec(lines[i]!);
    if (m) headings.push({ level: m[1]!.length, text: m[2]!.trim(), index: i });
  }
  const deck: PlainDeck = { cards: [], skipped: [] };
  const counts = new Map<number, number>();
  for (const h of headings) counts.set(h.level, (counts.get(h.level) ?? 0) + 1);
  const repeated = [...counts.entries()].filter(([, n]) => n > 1).map(([l]) => l);
  const level = repeated.length ? Math.min(...repeated) : headings[0]?.level;
  if (level === undefined) return deck;
  const above = headings.filter((h) => h.level < level);
  if (above.length === 1) deck.title = above[0]!.text;
  const cardHeadings = headings.filter((h) => h.level === level);
  cardHeadings.forEach((h) => {
    const end = headings.find((x) => x.index > h.index && x.level <= level)?.index ?? lines.length;
    const back = trimLines(lines.slice(h.index + 1, end));
    if (back) deck.cards.push({ front: h.text, back, line: h.index + 1 });
    else deck.skipped.push(h.index + 1);
  });
  return deck;
}
