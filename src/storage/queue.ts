/**
 * Reading today's work from the card indexes. Every read is an index range with a count or a
 * limit: the cost grows with what is due today, not with the size of the collection.
 */
import { QueueBucket, CardState, type CardRecord, type Deck, type Settings } from '../core/types';
import { studyDayStart, nextStudyDayStart } from '../core/time';
import { buildDailyQueue, learningHorizon, type QueueCounts, type StudyQueue } from '../core/queue';
import { openDatabase, type DB } from './db';
import { cachedTotals, DECK_TOTALS_KEY, storeCountedTotals } from './deck-totals';
import { packDirectory, deckPackRange } from './pack-format';
import { hasPacks, topUpNewCards } from './packs';
import { unburyExpired } from './bury';
import { isTopicScope, loadTopicQueue } from './topic-queue';
import { extensionFor, LIMIT_EXTENSION_KEY, type LimitExtension } from './limit-extension';
import { presetOf } from './presets';
import { countThroughTree, findNode, limitForest, takeThroughTree, type LimitDeck, type LimitNode, type Usage } from '../core/limits';

/**
 * What to study: 'all', a deck id (the deck and its sub-decks, as in Anki), or `tree:<name>`
 * for every deck under a name that is not a deck itself (a bare parent in the deck tree), or
 * `topic:<id>` for a focused session on one content-map subtopic (topic-queue.ts).
 */
export type DeckScope = string | 'all';

/** The deck ids a scope covers ('all' for every deck). */
export async function scopeDecks(db: DB, scope: DeckScope): Promise<'all' | string[]> {
  if (scope === 'all') return 'all';
  const decks = await db.getAll('decks');
  const root = scope.startsWith('tree:') ? scope.slice(5) : decks.find((d) => d.id === scope)?.name;
  if (root === undefined) return [scope];
  const under = decks.filter((d) => d.name === root || d.name.startsWith(`${root}::`)).map((d) => d.id);
  return scope.startsWith('tree:') ? under : [scope, ...under.filter((id) => id !== scope)];
}

/** The deck ids several scopes cover together; none: every deck ('all'). */
export async function scopeDecksOf(db: DB, scopes: readonly string[]): Promise<'all' | string[]> {
  if (!scopes.length) return 'all';
  const each = await Promise.all(scopes.map((s) => scopeDecks(db, s)));
  if (each.includes('all')) return 'all';
  return [...new Set(each.flat() as string[])];
}

const MAX = Number.MAX_SAFE_INTEGER;

function range(scope: DeckScope, bucket: number, lo: number, hi: number, hiOpen = true): IDBKeyRange {
  return scope === 'all'
    ? IDBKeyRange.bound([bucket, lo], [bucket, hi], false, hiOpen)
    : IDBKeyRange.bound([scope, bucket, lo], [scope, bucket, hi], false, hiOpen);
}

function indexFor(scope: DeckScope): 'byBucketDue' | 'byDeckBucketDue' {
  return scope === 'all' ? 'byBucketDue' : 'byDeckBucketDue';
}

export interface DailyLimitsLeft {
  newLeft: number;
  reviewLeft: number;
}

/** Today's answers (this device's reviews since the study day began), per deck. */
async function todayUsage(db: DB, now: number, settings: Settings): Promise<{ usage: Usage; newUsed: number; reviewsUsed: number }> {
  const start = studyDayStart(now, settings.dayStartHour);
  const today = await db.getAllFromIndex('revlog', 'byTime', IDBKeyRange.lowerBound(start));
  const introduced = new Map<string, string>();
  const reviewsByDeck = new Map<string, number>();
  let reviewsUsed = 0;
  for (const r of today) {
    if (r.source === 'import' || r.source === 'manual') continue;
    if (r.stateBefore === CardState.New) introduced.set(r.cardId, r.deckId);
    else if (r.stateBefore === CardState.Review) {
      reviewsUsed++;
      reviewsByDeck.set(r.deckId, (reviewsByDeck.get(r.deckId) ?? 0) + 1);
    }
  }
  const newByDeck = new Map<string, number>();
  for (const deckId of introduced.values()) newByDeck.set(deckId, (newByDeck.get(deckId) ?? 0) + 1);
  return { usage: { newByDeck, reviewsByDeck }, newUsed: introduced.size, reviewsUsed };
}

/**
 * How much of today's app-wide limits ("Study all decks") is left: new cards introduced and
 * reviews done since the study day started, read from the review log's time index.
 */
export async function limitsLeft(db: DB, now: number, settings: Settings): Promise<DailyLimitsLeft> {
  const [{ newUsed, reviewsUsed }, ext] = await Promise.all([todayUsage(db, now, settings), db.get('meta', LIMIT_EXTENSION_KEY)]);
  return globalLeft(settings, newUsed, reviewsUsed, extensionFor(ext, now, settings));
}

function globalLeft(settings: Settings, newUsed: number, reviewsUsed: number, ext: LimitExtension): DailyLimitsLeft {
  return {
    newLeft: Math.max(0, (settings.allNewPerDay ?? settings.newPerDay) + ext.all.new - newUsed),
    reviewLeft: Math.max(0, (settings.allReviewsPerDay ?? settings.reviewsPerDay) + ext.all.review - reviewsUsed),
  };
}

/** Decks, their presets' limits and today's usage: the limit tree (core/limits.ts). */
interface LimitContext {
  decks: Deck[];
  limitDecks: LimitDeck[];
  forest: LimitNode[];
  global: DailyLimitsLeft;
}

async function limitContext(db: DB, now: number, settings: Settings): Promise<LimitContext> {
  const [decks, presets, today, stored] = await Promise.all([db.getAll('decks'), db.getAll('presets'), todayUsage(db, now, settings), db.get('meta', LIMIT_EXTENSION_KEY)]);
  const ext = extensionFor(stored, now, settings);
  const byId = new Map(presets.map((p) => [p.id, p]));
  // "Study more today" raises a deck's limits (and, from "Study all", every deck's and the caps).
  const limitDecks = decks.map((d) => {
    const p = presetOf(d, byId, settings);
    const own = ext.byDeck[d.id];
    return { id: d.id, name: d.name, newPerDay: p.newPerDay + ext.all.new + (own?.new ?? 0), reviewsPerDay: p.reviewsPerDay + ext.all.review + (own?.review ?? 0) };
  });
  return { decks, limitDecks, forest: limitForest(limitDecks, today.usage), global: globalLeft(settings, today.newUsed, today.reviewsUsed, ext) };
}

/** The roots a scope studies and the cap on the whole: every deck under a node, or all. */
function scopeRoots(ctx: LimitContext, scope: DeckScope): { roots: LimitNode[]; cap: DailyLimitsLeft } {
  if (scope === 'all') return { roots: ctx.forest, cap: ctx.global };
  const name = scope.startsWith('tree:') ? scope.slice(5) : ctx.decks.find((d) => d.id === scope)?.name;
  const node = name === undefined ? undefined : findNode(ctx.forest, name);
  if (!node) return { roots: [], cap: { newLeft: 0, reviewLeft: 0 } };
  return { roots: [node], cap: { newLeft: node.newLeft, reviewLeft: node.reviewLeft } };
}

const subtree = (n: LimitNode): LimitNode[] => [n, ...n.children.flatMap(subtree)];
const byDue = (a: CardRecord, b: CardRecord) => a.due - b.due || (a.id < b.id ? -1 : 1);
const finite = (n: number) => (Number.isFinite(n) ? n : MAX);

export async function loadStudyQueue(scope: DeckScope, now: number, settings: Settings, dbName?: string): Promise<StudyQueue> {
  if (isTopicScope(scope)) return loadTopicQueue(scope, now, settings, dbName);
  // Custom study is loaded on demand: the deck list (first screen) imports this module.
  if (scope.startsWith('custom:')) return (await import('./custom-queue')).loadCustomScope(scope, now, settings, dbName);
  const started = performance.now();
  const db = await openDatabase(dbName);
  const dayEnd = nextStudyDayStart(now, settings.dayStartHour);
  const [ctx] = await Promise.all([limitContext(db, now, settings), unburyExpired(now, dbName)]);
  const { roots, cap } = scopeRoots(ctx, scope);
  const nodes = roots.flatMap(subtree);
  const idsOf = (n: LimitNode) => ctx.limitDecks.filter((d) => d.name.toLowerCase() === n.name.toLowerCase()).map((d) => d.id);
  const deckIds = nodes.flatMap(idsOf);
  const newCap = finite(cap.newLeft);
  const reviewCap = finite(cap.reviewLeft);
  // New cards still in packs (large imports) move to the card indexes first, as many as today
  // can take; without packs this is one key listing per deck.
  const packed = await Promise.all(deckIds.map((id) => hasPacks(db, id)));
  for (let i = 0; i < deckIds.length; i++) if (packed[i]) await topUpNewCards(db, deckIds[i]!, newCap);
  // When no deck's own limits can bind (each leaves at least what the whole may take), the
  // tree gives what three index ranges over all decks give: read those (the usual "Study all").
  const allNodes = roots.flatMap(subtree);
  if (scope === 'all' && allNodes.every((n) => n.newLeft >= newCap && n.reviewLeft >= reviewCap)) {
    const tx = db.transaction('cards');
    const idx = tx.store.index('byBucketDue');
    const [learning, review, fresh] = await Promise.all([
      idx.getAll(range('all', QueueBucket.Learning, -MAX, learningHorizon(dayEnd, now))),
      reviewCap > 0 ? idx.getAll(range('all', QueueBucket.Review, -MAX, dayEnd), reviewCap) : Promise.resolve([] as CardRecord[]),
      newCap > 0 ? idx.getAll(range('all', QueueBucket.New, -MAX, MAX, false), newCap) : Promise.resolve([] as CardRecord[]),
    ]);
    await tx.done;
    performance.measure('prepdeck:queue-build', { start: started });
    return buildDailyQueue({ learning, review, fresh }, dayEnd);
  }
  const tx = db.transaction('cards');
  const idx = tx.store.index('byDeckBucketDue');
  const read = await Promise.all(
    deckIds.map((id) =>
      Promise.all([
        idx.getAll(range(id, QueueBucket.Learning, -MAX, learningHorizon(dayEnd, now))),
        reviewCap > 0 ? idx.getAll(range(id, QueueBucket.Review, -MAX, dayEnd), reviewCap) : Promise.resolve([] as CardRecord[]),
        newCap > 0 ? idx.getAll(range(id, QueueBucket.New, -MAX, MAX, false), newCap) : Promise.resolve([] as CardRecord[]),
      ]),
    ),
  );
  await tx.done;
  const byDeck = new Map(deckIds.map((id, i) => [id, read[i]!]));
  const own = (n: LimitNode, k: 1 | 2) => idsOf(n).flatMap((id) => byDeck.get(id)?.[k] ?? []).sort(byDue);
  const queue = buildDailyQueue(
    {
      learning: deckIds.flatMap((id) => byDeck.get(id)![0]),
      review: takeThroughTree(roots, reviewCap, (n) => n.reviewLeft, (n) => own(n, 1), byDue),
      fresh: takeThroughTree(roots, newCap, (n) => n.newLeft, (n) => own(n, 2), byDue),
    },
    dayEnd,
  );
  // Read by `npm run bench` (queueBuildMs); a user-timing entry costs next to nothing.
  performance.measure('prepdeck:queue-build', { start: started });
  return queue;
}

export interface DeckSummary {
  deck: Deck;
  /** What studying this deck (with its sub-decks) gives today, within every limit on the way. */
  counts: QueueCounts;
  /** Cards in this deck itself (sub-decks not included). */
  total: number;
}

/**
 * Every deck with its new / learning / due counts (what studying it would give, within its
 * preset's limits and its sub-decks') and its number of cards. Nothing here walks a whole deck:
 * new and review counts stop at the limit (`getAllKeys` with a count), learning counts walk only
 * today's learning cards, and deck totals come from a cache that writers keep honest
 * (deck-totals.ts). In Chromium an index walk costs about 6 µs an entry.
 */
export async function listDeckSummaries(now: number, settings: Settings, dbName?: string): Promise<{ decks: DeckSummary[]; all: QueueCounts; limits: { new: number; review: number } }> {
  const started = performance.now();
  const db = await openDatabase(dbName);
  const dayEnd = nextStudyDayStart(now, settings.dayStartHour);
  const [ctx] = await Promise.all([limitContext(db, now, settings), unburyExpired(now, dbName)]);
  const decks = [...ctx.decks].sort((a, b) => a.name.localeCompare(b.name));
  const nodeOf = new Map(decks.map((d) => [d.id, findNode(ctx.forest, d.name)!]));
  const tx = db.transaction(['cards', 'meta', 'packs']);
  const cards = tx.objectStore('cards');
  const idx = cards.index('byDeckBucketDue');
  /** How many keys of `range` there are, counting no further than `cap`. */
  const upTo = (r: IDBKeyRange, cap: number) => (cap > 0 ? idx.getAllKeys(r, cap).then((k) => k.length) : Promise.resolve(0));
  // A deck's own cards matter only up to the most any limit above them allows.
  const most = (n: LimitNode | undefined, k: 'newLeft' | 'reviewLeft') => finite(Math.max(n?.[k] ?? 0, k === 'newLeft' ? ctx.global.newLeft : ctx.global.reviewLeft));
  const [cache, packs, counts] = await Promise.all([
    tx.objectStore('meta').get(DECK_TOTALS_KEY).then(cachedTotals),
    tx.objectStore('packs').getAllKeys().then(packDirectory),
    Promise.all(
      decks.map((deck) =>
        Promise.all([
          upTo(range(deck.id, QueueBucket.New, -MAX, MAX, false), most(nodeOf.get(deck.id), 'newLeft')),
          idx.count(range(deck.id, QueueBucket.Learning, -MAX, learningHorizon(dayEnd, now))),
          upTo(range(deck.id, QueueBucket.Review, -MAX, dayEnd), most(nodeOf.get(deck.id), 'reviewLeft')),
        ]),
      ),
    ),
  ]);
  // New cards still in packs count as new cards of their deck (the queue unpacks them).
  const packed = (deckId: string) => packs.get(deckId)?.cards ?? 0;
  const ownById = new Map(decks.map((d, i) => [d.id, { new: counts[i]![0] + packed(d.id), learning: counts[i]![1], review: counts[i]![2] }]));
  const own = (n: LimitNode, k: keyof QueueCounts) => ctx.limitDecks.filter((d) => d.name.toLowerCase() === n.name.toLowerCase()).reduce((t, d) => t + (ownById.get(d.id)?.[k] ?? 0), 0);
  const learningUnder = (n: LimitNode): number => own(n, 'learning') + n.children.reduce((t, c) => t + learningUnder(c), 0);
  const countsOf = (n: LimitNode, capNew: number, capReview: number): QueueCounts => ({
    new: countThroughTree(n, capNew, (x) => x.newLeft, (x) => own(x, 'new')),
    learning: learningUnder(n),
    review: countThroughTree(n, capReview, (x) => x.reviewLeft, (x) => own(x, 'review')),
  });
  // Decks whose total is not cached (new decks, or changed since): counted once, then cached.
  const missing = decks.filter((d) => cache.totals[d.id] === undefined);
  const counted = Object.fromEntries(await Promise.all(missing.map(async (d) => [d.id, (await cards.index('byDeck').count(d.id)) + packed(d.id)] as const)));
  await tx.done;
  if (missing.length) await storeCountedTotals(db, cache, counted);
  const rootCounts = ctx.forest.map((n) => countsOf(n, ctx.global.newLeft, ctx.global.reviewLeft));
  const sum = (k: keyof QueueCounts) => rootCounts.reduce((t, c) => t + c[k], 0);
  performance.measure('prepdeck:deck-summaries', { start: started });
  return {
    limits: { new: ctx.global.newLeft, review: ctx.global.reviewLeft },
    decks: decks.map((deck) => ({ deck, counts: countsOf(nodeOf.get(deck.id)!, Infinity, Infinity), total: cache.totals[deck.id] ?? counted[deck.id] ?? 0 })),
    all: { new: Math.min(ctx.global.newLeft, sum('new')), learning: sum('learning'), review: Math.min(ctx.global.reviewLeft, sum('review')) },
  };
}

/** When the next card of this scope becomes due (for the "done for today" screen). */
export async function nextDueAfter(scope: DeckScope, now: number, settings: Settings, dbName?: string): Promise<number | undefined> {
  // A focused or custom session ends when its cards are done; the regular queue says what comes next.
  if (isTopicScope(scope) || scope.startsWith('custom:')) return undefined;
  const db = await openDatabase(dbName);
  const [{ newLeft }, decks] = await Promise.all([limitsLeft(db, now, settings), scopeDecks(db, scope)]);
  const scopes: DeckScope[] = decks === 'all' ? ['all'] : decks;
  // One transaction for the reads below; nothing else is awaited while it is open.
  const tx = db.transaction(['cards', 'packs']);
  const per = await Promise.all(
    scopes.map((sc) => {
      const idx = tx.objectStore('cards').index(indexFor(sc));
      const firstDue = (bucket: number) => idx.openCursor(range(sc, bucket, now, MAX, false)).then((c) => c?.value.due);
      // Whether any new card is left: one key is enough (a count would walk them all); a pack is one.
      const anyNew = Promise.all([
        idx.getAllKeys(range(sc, QueueBucket.New, -MAX, MAX, false), 1),
        tx.objectStore('packs').getAllKeys(sc === 'all' ? undefined : deckPackRange(sc), 1),
      ]).then(([k, p]) => k.length + p.length);
      return Promise.all([firstDue(QueueBucket.Learning), firstDue(QueueBucket.Review), anyNew]);
    }),
  );
  await tx.done;
  const candidates = per.flatMap(([l, r]) => [l, r]).filter((x): x is number => x !== undefined);
  if (per.some(([, , n]) => n > 0) && newLeft === 0) candidates.push(nextStudyDayStart(now, settings.dayStartHour));
  return candidates.length ? Math.min(...candidates) : undefined;
}

export async function listDecks(dbName?: string): Promise<Deck[]> {
  const db = await openDatabase(dbName);
  return (await db.getAll('decks')).sort((a, b) => a.name.localeCompare(b.name));
}
