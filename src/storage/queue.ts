/**
 * Reading today's work from the card indexes. Every read is an index range with a count or a
 * limit: the cost grows with what is due today, not with the size of the collection.
 */
import { QueueBucket, CardState, type CardRecord, type Deck, type Settings } from '../core/types';
import { studyDayStart, nextStudyDayStart } from '../core/time';
import { buildDailyQueue, type QueueCounts, type StudyQueue } from '../core/queue';
import { openDatabase, type DB } from './db';
import { cachedTotals, DECK_TOTALS_KEY, storeCountedTotals } from './deck-totals';
import { packDirectory, deckPackRange } from './pack-format';
import { hasPacks, topUpNewCards } from './packs';
import { unburyExpired } from './bury';

/**
 * What to study: 'all', a deck id (the deck and its sub-decks, as in Anki), or `tree:<name>`
 * for every deck under a name that is not a deck itself (a bare parent in the deck tree).
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

/**
 * How much of today's global limits is left: new cards introduced and reviews done since the
 * study day started are read from the review log's time index (today's entries only).
 */
export async function limitsLeft(db: DB, now: number, settings: Settings): Promise<DailyLimitsLeft> {
  const start = studyDayStart(now, settings.dayStartHour);
  const today = await db.getAllFromIndex('revlog', 'byTime', IDBKeyRange.lowerBound(start));
  const introduced = new Set<string>();
  let reviews = 0;
  for (const r of today) {
    if (r.source === 'import') continue;
    if (r.stateBefore === CardState.New) introduced.add(r.cardId);
    else if (r.stateBefore === CardState.Review) reviews++;
  }
  return {
    newLeft: Math.max(0, settings.newPerDay - introduced.size),
    reviewLeft: Math.max(0, settings.reviewsPerDay - reviews),
  };
}

export async function loadStudyQueue(scope: DeckScope, now: number, settings: Settings, dbName?: string): Promise<StudyQueue> {
  const started = performance.now();
  const db = await openDatabase(dbName);
  const dayEnd = nextStudyDayStart(now, settings.dayStartHour);
  // New cards still in packs (large imports) move to the card indexes first, as many as today
  // can take; without packs in scope this is one key listing, read alongside the limits.
  const [{ newLeft, reviewLeft }, decks] = await Promise.all([limitsLeft(db, now, settings), scopeDecks(db, scope), unburyExpired(now, dbName)]);
  const scopes: DeckScope[] = decks === 'all' ? ['all'] : decks;
  const packed = await Promise.all(scopes.map((s) => hasPacks(db, s)));
  for (let i = 0; i < scopes.length; i++) if (packed[i]) await topUpNewCards(db, scopes[i]!, newLeft);
  const tx = db.transaction('cards');
  const parts = await Promise.all(
    scopes.map((sc) => {
      const idx = tx.store.index(indexFor(sc));
      return Promise.all([
        idx.getAll(range(sc, QueueBucket.Learning, -MAX, dayEnd)),
        reviewLeft > 0 ? idx.getAll(range(sc, QueueBucket.Review, -MAX, dayEnd), reviewLeft) : Promise.resolve([] as CardRecord[]),
        newLeft > 0 ? idx.getAll(range(sc, QueueBucket.New, -MAX, MAX, false), newLeft) : Promise.resolve([] as CardRecord[]),
      ]);
    }),
  );
  await tx.done;
  // Several decks (a parent and its sub-decks): their ranges merge in due order, within the limits.
  const merged = (i: 0 | 1 | 2, cap: number) => (parts.length === 1 ? parts[0]![i] : parts.flatMap((p) => p[i]).sort((a, b) => a.due - b.due).slice(0, cap));
  const queue = buildDailyQueue({ learning: merged(0, MAX), review: merged(1, reviewLeft), fresh: merged(2, newLeft) }, dayEnd);
  // Read by `npm run bench` (queueBuildMs); a user-timing entry costs next to nothing.
  performance.measure('prepdeck:queue-build', { start: started });
  return queue;
}

export interface DeckSummary {
  deck: Deck;
  counts: QueueCounts;
  total: number;
}

/**
 * Every deck with its new / learning / due counts (capped by what is left of today's limits)
 * and its number of cards. Nothing here walks a whole deck: new and review counts stop at the
 * limit (`getAllKeys` with a count), learning counts walk only today's learning cards, and deck
 * totals come from a cache that writers keep honest (deck-totals.ts). In Chromium an index walk
 * costs about 6 µs an entry: counting 100,000 cards would take most of a second.
 */
export async function listDeckSummaries(now: number, settings: Settings, dbName?: string): Promise<{ decks: DeckSummary[]; all: QueueCounts; limits: { new: number; review: number } }> {
  const started = performance.now();
  const db = await openDatabase(dbName);
  const dayEnd = nextStudyDayStart(now, settings.dayStartHour);
  const [{ newLeft, reviewLeft }] = await Promise.all([limitsLeft(db, now, settings), unburyExpired(now, dbName)]);
  const decks = (await db.getAll('decks')).sort((a, b) => a.name.localeCompare(b.name));
  const tx = db.transaction(['cards', 'meta', 'packs']);
  const cards = tx.objectStore('cards');
  const idx = cards.index('byDeckBucketDue');
  /** How many keys of `range` there are, counting no further than `cap`. */
  const upTo = (r: IDBKeyRange, cap: number) => (cap > 0 ? idx.getAllKeys(r, cap).then((k) => k.length) : Promise.resolve(0));
  const [cache, packs, counts] = await Promise.all([
    tx.objectStore('meta').get(DECK_TOTALS_KEY).then(cachedTotals),
    tx.objectStore('packs').getAllKeys().then(packDirectory),
    Promise.all(
      decks.map((deck) =>
        Promise.all([
          upTo(range(deck.id, QueueBucket.New, -MAX, MAX, false), newLeft),
          idx.count(range(deck.id, QueueBucket.Learning, -MAX, dayEnd)),
          upTo(range(deck.id, QueueBucket.Review, -MAX, dayEnd), reviewLeft),
        ]),
      ),
    ),
  ]);
  // New cards still in packs count as new cards of their deck (the queue unpacks them).
  const packed = (deckId: string) => packs.get(deckId)?.cards ?? 0;
  const summaries = decks.map((deck, i) => {
    const [indexed, learning, review] = counts[i]!;
    return { deck, counts: { new: Math.min(newLeft, indexed + packed(deck.id)), learning, review } };
  });
  // Decks whose total is not cached (new decks, or changed since): counted once, then cached.
  const missing = decks.filter((d) => cache.totals[d.id] === undefined);
  const counted = Object.fromEntries(await Promise.all(missing.map(async (d) => [d.id, (await cards.index('byDeck').count(d.id)) + packed(d.id)] as const)));
  await tx.done;
  if (missing.length) await storeCountedTotals(db, cache, counted);
  // All decks together, without walking the indexes a second time: every card belongs to a
  // listed deck, and a sum of counts capped at a limit, capped again, is the capped total.
  const sum = (k: keyof QueueCounts) => summaries.reduce((n, s) => n + s.counts[k], 0);
  performance.measure('prepdeck:deck-summaries', { start: started });
  return {
    limits: { new: newLeft, review: reviewLeft },
    decks: summaries.map((s) => ({ ...s, total: cache.totals[s.deck.id] ?? counted[s.deck.id] ?? 0 })),
    all: { new: Math.min(newLeft, sum('new')), learning: sum('learning'), review: Math.min(reviewLeft, sum('review')) },
  };
}

/** When the next card of this scope becomes due (for the "done for today" screen). */
export async function nextDueAfter(scope: DeckScope, now: number, settings: Settings, dbName?: string): Promise<number | undefined> {
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
