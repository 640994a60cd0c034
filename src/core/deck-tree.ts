/**
 * The deck list as a tree: `Parent::Child` names nest, a parent that is not a deck of its own
 * still shows as a group, and counts roll up from children to parents. Pure: the deck list
 * builds it from the summaries storage reads.
 */
import type { QueueCounts } from './queue';
import type { Deck } from './types';

export interface DeckSummaryLike {
  deck: Deck;
  counts: QueueCounts;
  total: number;
}

export interface DeckNode {
  /** Full name (`A::B`); the key of the node. */
  path: string;
  /** The last part of the name, what the row shows. */
  label: string;
  /** The deck with this exact name, when there is one (a bare parent has none). */
  summary?: DeckSummaryLike;
  /** A second deck with the same name (e.g. an import named like a built-in deck): shown apart. */
  source?: Deck['source'];
  children: DeckNode[];
  /** Own counts plus every descendant's. */
  counts: QueueCounts;
  total: number;
}

const add = (a: QueueCounts, b: QueueCounts): QueueCounts => ({ new: a.new + b.new, learning: a.learning + b.learning, review: a.review + b.review });
const ZERO: QueueCounts = { new: 0, learning: 0, review: 0 };
const SOURCE_LABEL: Record<Deck['source'], string> = { builtin: 'built-in', import: 'imported', user: 'yours' };

export function sourceLabel(source: Deck['source']): string {
  return SOURCE_LABEL[source];
}

/** The tree of `summaries`, siblings in name order (case-insensitive, numbers in order). */
export function buildDeckTree(summaries: DeckSummaryLike[], limits?: { new: number; review: number }): DeckNode[] {
  const roots: DeckNode[] = [];
  const byPath = new Map<string, DeckNode>();
  const nameCount = new Map<string, number>();
  for (const s of summaries) nameCount.set(s.deck.name.toLowerCase(), (nameCount.get(s.deck.name.toLowerCase()) ?? 0) + 1);
  const nodeFor = (path: string): DeckNode => {
    const key = path.toLowerCase();
    let node = byPath.get(key);
    if (node) return node;
    const parts = path.split('::');
    node = { path, label: parts[parts.length - 1]!, children: [], counts: ZERO, total: 0 };
    byPath.set(key, node);
    if (parts.length > 1) nodeFor(parts.slice(0, -1).join('::')).children.push(node);
    else roots.push(node);
    return node;
  };
  for (const s of summaries) {
    const clash = (nameCount.get(s.deck.name.toLowerCase()) ?? 0) > 1;
    if (clash) {
      // Two decks, one name: each gets a row of its own, marked by where it came from.
      const parts = s.deck.name.split('::');
      const parent = parts.length > 1 ? nodeFor(parts.slice(0, -1).join('::')) : undefined;
      const node: DeckNode = { path: `${s.deck.name}#${s.deck.id}`, label: parts[parts.length - 1]!, summary: s, source: s.deck.source, children: [], counts: ZERO, total: 0 };
      (parent ? parent.children : roots).push(node);
    } else nodeFor(s.deck.name).summary = s;
  }
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const finish = (nodes: DeckNode[]) => {
    nodes.sort((a, b) => collator.compare(a.label, b.label) || collator.compare(a.source ?? '', b.source ?? ''));
    for (const n of nodes) {
      finish(n.children);
      // A deck's counts already cover its sub-decks, within every limit on the way (storage
      // computes them as its queue would); a bare parent, with no limits of its own, adds up its
      // children, within today's app-wide limits.
      if (n.summary) n.counts = n.summary.counts;
      else {
        const c = n.children.reduce((acc, k) => add(acc, k.counts), ZERO);
        n.counts = limits ? { new: Math.min(limits.new, c.new), learning: c.learning, review: Math.min(limits.review, c.review) } : c;
      }
      n.total = n.children.reduce((t, k) => t + k.total, n.summary?.total ?? 0);
    }
  };
  finish(roots);
  return roots;
}

/** Every deck id under a node (itself included), for studying or browsing a parent. */
export function deckIdsUnder(node: DeckNode): string[] {
  return [...(node.summary ? [node.summary.deck.id] : []), ...node.children.flatMap(deckIdsUnder)];
}
