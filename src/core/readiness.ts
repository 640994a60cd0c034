/**
 * Interview readiness: for every content-map subtopic and area (and for imported and own decks,
 * by deck and by tag), how much of the material has been seen and how much of it would be
 * recalled now, or on a chosen date if no more reviews happen.
 *
 * Definitions (also shown on the Readiness screen):
 * - cards: the group's cards, suspended ones left out (the user has set them aside);
 * - coverage = seen / cards, where seen means reviewed at least once (state ≠ New);
 * - recall = the mean FSRS retrievability of the seen cards at that moment:
 *   R = (1 + f·t/S)^(−decay), t the days since the last review, S the stability;
 * - readiness = coverage × recall, the expected share of the group's cards answered right, with
 *   an unseen card counted as not known. It is 1 only when every card has been seen and is fresh.
 */
import { forgetting_curve } from 'ts-fsrs';
import type { StatsInput } from './stats-input';

const DAY = 86_400_000;
/** FSRS-6's default decay (ts-fsrs `FSRS6_DEFAULT_DECAY`), used until parameters are fitted. */
export const DEFAULT_DECAY = 0.1542;

export interface ReadinessOptions {
  now: number;
  /** A later moment ("what if my interview were on …"): recall then, if no more reviews happen. */
  at?: number;
  decay?: number;
  /** Only these deck indexes (undefined: all). */
  decks?: Set<number>;
}

export interface GroupReadiness {
  /** Subtopic id ('a.3'), area letter ('a'), deck id, or tag. */
  key: string;
  cards: number;
  seen: number;
  coverage: number;
  /** Mean retrievability of the seen cards now; null when none is seen. */
  recall: number | null;
  readiness: number;
  /** The same on the date `at` (absent without `at`). */
  recallAt?: number | null;
  readinessAt?: number;
}

export interface Readiness {
  now: number;
  at?: number;
  topics: GroupReadiness[];
  areas: GroupReadiness[];
  /** Decks whose cards carry no content-map topic (imported and own decks). */
  decks: GroupReadiness[];
  /** Tags of those decks' cards, most cards first (at most `MAX_TAGS`). */
  tags: GroupReadiness[];
  /** Five weak subtopics: started ones with the lowest readiness first, then untouched ones. */
  weakest: string[];
}

export const MAX_TAGS = 40;

interface Acc {
  cards: number;
  seen: number;
  r: number;
  rAt: number;
}
const acc = (): Acc => ({ cards: 0, seen: 0, r: 0, rAt: 0 });
function add(into: Acc, from: Acc): void {
  into.cards += from.cards;
  into.seen += from.seen;
  into.r += from.r;
  into.rAt += from.rAt;
}

function group(key: string, a: Acc, withAt: boolean): GroupReadiness {
  const coverage = a.cards ? a.seen / a.cards : 0;
  const out: GroupReadiness = { key, cards: a.cards, seen: a.seen, coverage, recall: a.seen ? a.r / a.seen : null, readiness: a.cards ? a.r / a.cards : 0 };
  if (withAt) {
    out.recallAt = a.seen ? a.rAt / a.seen : null;
    out.readinessAt = a.cards ? a.rAt / a.cards : 0;
  }
  return out;
}

/** Retrievability of a card last reviewed at `last` with stability `s`, at time `t`. */
export function retrievability(decay: number, last: number, s: number, t: number): number {
  if (!(s > 0)) return 0;
  return forgetting_curve(decay, Math.max(0, (t - last) / DAY), s);
}

const byKey = (a: GroupReadiness, b: GroupReadiness) => a.key.localeCompare(b.key, 'en', { numeric: true });

export function computeReadiness(input: StatsInput, opts: ReadinessOptions): Readiness {
  const { cards } = input;
  const decay = opts.decay ?? DEFAULT_DECAY;
  const withAt = opts.at !== undefined;
  const at = opts.at ?? opts.now;
  // One pass over the cards into accumulators per topic set, per deck (cards without topics) and
  // per tag set; the sets are expanded afterwards (a few hundred of them, not 100k cards).
  const byTopicSet = input.topicSets.map(acc);
  const byTagSet = input.tagSets.map(acc);
  const byDeck = input.decks.map(acc);
  for (let i = 0; i < cards.n; i++) {
    if (cards.bucket[i] === -1) continue;
    const d = cards.deck[i]!;
    if (opts.decks && !opts.decks.has(d)) continue;
    const topicSet = cards.topicSet[i]!;
    const seen = cards.state[i] !== 0 && cards.lastReview[i]! > 0;
    let r = 0;
    let rAt = 0;
    if (seen) {
      r = retrievability(decay, cards.lastReview[i]!, cards.stability[i]!, opts.now);
      rAt = withAt ? retrievability(decay, cards.lastReview[i]!, cards.stability[i]!, at) : r;
    }
    const targets: Acc[] = [];
    if (topicSet >= 0) targets.push(byTopicSet[topicSet]!);
    else {
      targets.push(byDeck[d]!);
      const tagSet = cards.tagSet[i]!;
      if (tagSet >= 0) targets.push(byTagSet[tagSet]!);
    }
    for (const t of targets) {
      t.cards++;
      if (seen) {
        t.seen++;
        t.r += r;
        t.rAt += rAt;
      }
    }
  }
  const topics = new Map<string, Acc>();
  const areas = new Map<string, Acc>();
  input.topicSets.forEach((set, i) => {
    const a = byTopicSet[i]!;
    if (!a.cards) return;
    for (const t of set) add(topics.get(t) ?? topics.set(t, acc()).get(t)!, a);
    // A card counts once in an area even when it has two subtopics of it.
    for (const letter of new Set(set.map((t) => t.split('.')[0]!))) add(areas.get(letter) ?? areas.set(letter, acc()).get(letter)!, a);
  });
  const tags = new Map<string, Acc>();
  input.tagSets.forEach((set, i) => {
    const a = byTagSet[i]!;
    if (a.cards) for (const t of set) add(tags.get(t) ?? tags.set(t, acc()).get(t)!, a);
  });
  const topicList = [...topics].map(([k, a]) => group(k, a, withAt)).sort(byKey);
  // Weakest: the started subtopics with the lowest readiness (what is being learnt and slipping),
  // then, if fewer than five are started, the largest untouched ones.
  const started = topicList.filter((g) => g.seen > 0).sort((a, b) => a.readiness - b.readiness || b.cards - a.cards || byKey(a, b));
  const untouched = topicList.filter((g) => g.seen === 0).sort((a, b) => b.cards - a.cards || byKey(a, b));
  const weakest = [...started, ...untouched].slice(0, 5).map((g) => g.key);
  return {
    now: opts.now,
    ...(withAt ? { at } : {}),
    topics: topicList,
    areas: [...areas].map(([k, a]) => group(k, a, withAt)).sort(byKey),
    decks: input.decks.map((id, i) => group(id, byDeck[i]!, withAt)).filter((g) => g.cards > 0),
    tags: [...tags].map(([k, a]) => group(k, a, withAt)).sort((a, b) => b.cards - a.cards || byKey(a, b)).slice(0, MAX_TAGS),
    weakest,
  };
}
