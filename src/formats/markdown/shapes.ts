/**
 * Plain `Q:`/`A:` pairs (also `**Q:**`, `Question:`/`Answer:`), with multi-line answers. A
 * heading ends a pair. Code fences are respected: a `Q:` inside a fence is content.
 */
import { fencedLines, HEADING_RE, trimLines, type MdDeck } from './common';

const Q_RE = /^\s*(?:\*\*|__)?(?:Q|Question)(?:\*\*|__)?\s*[:.]\s*(?:\*\*|__)?\s?(.*)$/i;
const A_RE = /^\s*(?:\*\*|__)?(?:A|Answer)(?:\*\*|__)?\s*[:.]\s*(?:\*\*|__)?\s?(.*)$/i;

export function readQuestionAnswerPairs(lines: string[], from: number): MdDeck {
  const fenced = fencedLines(lines);
  const deck: MdDeck = { cards: [], skipped: [], warnings: [], outside: [] };
  let current: { front: string[]; back: string[]; line: number; inAnswer: boolean } | undefined;
  const flush = () => {
    if (!current) return;
    const front = trimLines(current.front);
    const back = trimLines(current.back);
    if (front && back) deck.cards.push({ front, back, kind: 'basic', deck: [], tags: [], line: current.line });
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
    else if (line.trim() !== '') deck.outside.push(i + 1);
  }
  flush();
  const titles = lines.slice(from).filter((l, i) => !fenced[from + i] && /^#\s+\S/.test(l));
  if (titles.length === 1) {
    const t = HEADING_RE.exec(titles[0]!)?.[2]?.trim();
    if (t) deck.title = t;
  }
  deck.outside = deck.outside.filter((n) => fenced[n - 1] || !HEADING_RE.test(lines[n - 1]!));
  return deck;
}

export function hasQuestionAnswerPairs(lines: string[]): boolean {
  const fenced = fencedLines(lines);
  return lines.some((l, i) => !fenced[i] && Q_RE.test(l)) && lines.some((l, i) => !fenced[i] && A_RE.test(l));
}
