/**
 * Reads what the workload simulation needs for some decks and runs it (in simulate.worker.ts,
 * and on the benchmark page): the studied cards' memory states, how many never-studied cards
 * wait, the options of the first deck's preset (as Anki's "Help me decide" uses the preset of
 * the deck whose options are open), and answer times from the most recent review-log entries.
 */
import { effectiveSettings } from '../core/presets';
import { estimateCosts, type CostEstimate } from '../core/simulate-costs';
import type { SimCards } from '../core/simulate';
import { minimumWorkload, simulateRetentions, type RetentionPoint } from '../core/simulate-grid';
import { studyDayStart } from '../core/time';
import { CardState, type ReviewLogRecord } from '../core/types';
import { openDatabase, type DB } from '../storage/db';
import { deckPackRange } from '../storage/pack-format';
import { forEachPacked, packsOf, readLogPackMeta } from '../storage/log-packs';
import { getSettings } from '../storage/settings';

/** Review-log entries read for answer times and rating frequencies: the most recent ones. */
export const REVLOG_SAMPLE = 50_000;
/** Fewer entries than this from the decks themselves: the whole collection's recent ones are used. */
const MIN_DECK_ANSWERS = 200;
const DAY = 86_400_000;

export interface SimulateRequest {
  deckIds: string[];
  /** FSRS parameters; ts-fsrs's defaults when none. */
  params?: number[] | undefined;
  now: number;
  days?: number;
  dbName?: string;
}

export interface SimulateSummary {
  points: RetentionPoint[];
  /** The retention with the lowest minutes per memorised card (simulate.ts `minimumWorkload`). */
  best: number | undefined;
  studiedCards: number;
  newCards: number;
  days: number;
  newPerDay: number;
  reviewsPerDay: number;
  costs: CostEstimate;
  loadMs: number;
  /** Of loadMs (they overlap): reading the cards and pack keys, reading the review log. */
  cardsMs: number;
  revlogMs: number;
  simulateMs: number;
}

async function loadCards(db: DB, deckIds: string[], today: number): Promise<{ cards: SimCards; newCards: number }> {
  const lists = await Promise.all(deckIds.map((id) => db.getAllFromIndex('cards', 'byDeck', id)));
  const packKeys = await Promise.all(deckIds.map((id) => db.getAllKeys('packs', deckPackRange(id))));
  let newCards = packKeys.flat().reduce((n, key) => n + key[2], 0);
  const n = lists.reduce((k, l) => k + l.length, 0);
  const cards: SimCards = { stability: new Float64Array(n), difficulty: new Float64Array(n), due: new Int32Array(n), lastReview: new Int32Array(n) };
  let k = 0;
  for (const list of lists)
    for (const c of list) {
      if (c.suspended) continue;
      if (c.state === CardState.New || !(c.stability > 0) || c.last_review === undefined) {
        newCards++;
        continue;
      }
      cards.stability[k] = c.stability;
      cards.difficulty[k] = c.difficulty;
      // Learning cards due later today count as due today; answers earlier today as today's.
      cards.due[k] = Math.floor((c.due - today) / DAY);
      cards.lastReview[k] = Math.min(0, Math.floor((c.last_review - today) / DAY));
      k++;
    }
  const cut = <T extends Float64Array | Int32Array>(a: T) => a.subarray(0, k) as T;
  return { cards: { stability: cut(cards.stability), difficulty: cut(cards.difficulty), due: cut(cards.due), lastReview: cut(cards.lastReview) }, newCards };
}

/**
 * The most recent REVLOG_SAMPLE entries: a key cursor skips back to the cut, then one getAll
 * reads them. (No count() first: Chromium counts by walking the index, seconds at a million.)
 */
async function recentReviews(db: DB): Promise<ReviewLogRecord[]> {
  const index = db.transaction('revlog').store.index('byTime');
  const cursor = await (await index.openKeyCursor(null, 'prev'))?.advance(REVLOG_SAMPLE - 1);
  const records = await index.getAll(cursor ? IDBKeyRange.lowerBound(cursor.key) : undefined);
  if (records.length >= REVLOG_SAMPLE || !(await readLogPackMeta(db.transaction('meta').store)).count) return records;
  // With synced history stored packed (log-packs.ts): the newest of both.
  const all = [...records];
  await forEachPacked(packsOf(db), (logs) => {
    for (const r of logs) all.push(r);
  });
  all.sort((a, b) => a.time - b.time);
  return all.slice(Math.max(0, all.length - REVLOG_SAMPLE));
}

/** `work`'s result and how long it took. */
async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await work;
  return [out, Math.round(performance.now() - t0)];
}

export async function runSimulation(req: SimulateRequest, onProgress?: (fraction: number) => void): Promise<SimulateSummary> {
  const started = performance.now();
  const db = await openDatabase(req.dbName);
  const days = req.days ?? 365;
  const settings = await getSettings(req.dbName);
  const deck = req.deckIds[0] === undefined ? undefined : await db.get('decks', req.deckIds[0]);
  const preset = deck?.presetId ? await db.get('presets', deck.presetId) : undefined;
  const options = effectiveSettings(settings, preset);
  const today = studyDayStart(req.now, settings.dayStartHour);
  const [[{ cards, newCards }, cardsMs], [log, revlogMs]] = await Promise.all([timed(loadCards(db, req.deckIds, today)), timed(recentReviews(db))]);
  const decks = new Set(req.deckIds);
  const ours = log.filter((e) => decks.has(e.deckId));
  const costs = estimateCosts(ours.length >= MIN_DECK_ANSWERS ? ours : log);
  // Steps shorter than a day are the ones answered on the same day (what the simulation counts).
  const sameDay = (steps: string[]) => steps.filter((s) => !/d$/.test(s)).length;
  const input = {
    params: req.params,
    days,
    cards,
    newCards,
    newPerDay: options.newPerDay,
    reviewsPerDay: options.reviewsPerDay,
    maxInterval: options.maximumInterval,
    costs: costs.costs,
    learningSteps: sameDay(options.learningSteps),
    relearningSteps: sameDay(options.relearningSteps),
  };
  const loaded = performance.now();
  const points = simulateRetentions(input, undefined, (done, of) => onProgress?.(done / of));
  return {
    points,
    best: minimumWorkload(points)?.retention,
    studiedCards: cards.stability.length,
    newCards,
    days,
    newPerDay: input.newPerDay,
    reviewsPerDay: input.reviewsPerDay,
    costs,
    loadMs: Math.round(loaded - started),
    cardsMs,
    revlogMs,
    simulateMs: Math.round(performance.now() - loaded),
  };
}
