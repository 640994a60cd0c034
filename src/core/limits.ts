/**
 * Daily limits over the deck tree, the way Anki's v3 scheduler applies them: studying a deck
 * takes from it and its sub-decks, each sub-deck gives at most what its own limits (and those of
 * the decks between it and the one studied) leave, and the whole is capped by the studied deck's
 * limit. "Study all" is a virtual root whose limits are the app-wide ones. A deck's usage today
 * counts its sub-decks' too (a card studied in a child is studied in its parents).
 */

export interface LimitDeck {
  id: string;
  name: string;
  newPerDay: number;
  reviewsPerDay: number;
}

export interface Usage {
  /** New cards introduced today, per deck id (the deck of the card when it was answered). */
  newByDeck: ReadonlyMap<string, number>;
  /** Review-state answers today, per deck id. */
  reviewsByDeck: ReadonlyMap<string, number>;
}

export interface LimitNode {
  /** The deck id, or undefined for a bare parent (a name with no deck of its own). */
  id?: string;
  name: string;
  newLeft: number;
  reviewLeft: number;
  children: LimitNode[];
}

/** The forest of decks with what each has left today. */
export function limitForest(decks: LimitDeck[], usage: Usage): LimitNode[] {
  const byName = new Map<string, LimitNode>();
  const roots: LimitNode[] = [];
  const nodeFor = (name: string): LimitNode => {
    const key = name.toLowerCase();
    let n = byName.get(key);
    if (n) return n;
    n = { name, newLeft: Infinity, reviewLeft: Infinity, children: [] };
    byName.set(key, n);
    const cut = name.lastIndexOf('::');
    if (cut > 0) nodeFor(name.slice(0, cut)).children.push(n);
    else roots.push(n);
    return n;
  };
  const limits = new Map<LimitNode, LimitDeck>();
  for (const d of decks) {
    const n = nodeFor(d.name);
    // Two decks with one name share a node: the first one's limits stand for both.
    if (n.id === undefined) {
      n.id = d.id;
      limits.set(n, d);
    }
  }
  const ids = new Map<LimitNode, string[]>();
  for (const d of decks) {
    const n = byName.get(d.name.toLowerCase())!;
    ids.set(n, [...(ids.get(n) ?? []), d.id]);
  }
  const sum = (n: LimitNode, m: ReadonlyMap<string, number>): number => (ids.get(n) ?? []).reduce((t, id) => t + (m.get(id) ?? 0), 0) + n.children.reduce((t, c) => t + sum(c, m), 0);
  const fill = (n: LimitNode) => {
    const l = limits.get(n);
    if (l) {
      n.newLeft = Math.max(0, l.newPerDay - sum(n, usage.newByDeck));
      n.reviewLeft = Math.max(0, l.reviewsPerDay - sum(n, usage.reviewsByDeck));
    }
    n.children.forEach(fill);
  };
  roots.forEach(fill);
  return roots;
}

/** Every deck id of `node` and below (decks sharing a name included). */
export function nodeDeckIds(node: LimitNode, decks: LimitDeck[]): string[] {
  const lower = node.name.toLowerCase();
  return decks.filter((d) => d.name.toLowerCase() === lower || d.name.toLowerCase().startsWith(`${lower}::`)).map((d) => d.id);
}

export function findNode(forest: LimitNode[], name: string): LimitNode | undefined {
  const lower = name.toLowerCase();
  for (const n of forest) {
    if (n.name.toLowerCase() === lower) return n;
    if (lower.startsWith(`${n.name.toLowerCase()}::`)) return findNode(n.children, name);
  }
  return undefined;
}

/**
 * Takes items through the tree: each node keeps at most its `left` of its own items and its
 * children's, in `order`; `own(node)` gives a node's own items (already no more than it could
 * use). With `cap` the root's limit (the studied deck's, or the app-wide one for "all").
 */
export function takeThroughTree<T>(roots: LimitNode[], cap: number, left: (n: LimitNode) => number, own: (n: LimitNode) => T[], order: (a: T, b: T) => number): T[] {
  const walk = (n: LimitNode, limit: number): T[] => {
    const l = Math.min(limit, left(n));
    if (l <= 0) return [];
    const items = [...own(n).slice(0, l), ...n.children.flatMap((c) => walk(c, l))];
    return items.length > l || n.children.length ? items.sort(order).slice(0, l) : items;
  };
  const all = roots.flatMap((r) => walk(r, cap));
  return all.sort(order).slice(0, cap);
}

/** The same recursion for counts: what studying each node would give, per node. */
export function countThroughTree(node: LimitNode, limit: number, left: (n: LimitNode) => number, own: (n: LimitNode) => number): number {
  const l = Math.min(limit, left(node));
  if (l <= 0) return 0;
  const total = own(node) + node.children.reduce((t, c) => t + countThroughTree(c, l, left, own), 0);
  return Math.min(l, total);
}
