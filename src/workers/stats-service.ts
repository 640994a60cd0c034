/**
 * What the stats worker does, without the worker (Node tests drive it against fake-indexeddb):
 * keeps the statistics digest (stats-digest.ts) loaded, brings it up to date on every request
 * from the change feed and the review log's recent entries, and computes statistics and
 * readiness from it.
 */
import { changesSince, currentUsn, type Changes } from '../storage/records';
import { readBrowseSource } from '../storage/browse';
import { loadStatsDigest, readAllReviews, readReviewIdsOfCards, readReviewsSince, readRevlogEpoch, readSyncedLogMark, saveStatsDigest } from '../storage/stats-source';
import { computeReadiness, type Readiness } from '../core/readiness';
import { computeStats } from '../core/stats';
import type { Stats } from '../core/stats';
import { appendReviews, DIGEST_VERSION, reviewRow, sortReviews, StatsDigest, TAIL_MS, type ReviewRow, type SavedDigest } from './stats-digest';
import type { StatsTiming, StatsWorkerRequest } from './stats-protocol';

const DAY = 86_400_000;
/** Progress of a first build (0–1): reading a million reviews takes a while. */
export type Progress = (fraction: number) => void;
type Req<T extends StatsWorkerRequest['type']> = Omit<Extract<StatsWorkerRequest, { type: T }>, 'id' | 'type'>;

export class StatsService {
  private digest: StatsDigest | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** One request at a time: two screens asking at once must not build the digest twice. */
  private queue: Promise<unknown> = Promise.resolve();

  /** `saveDelayMs`: saving clones tens of megabytes, so it waits until requests stop for a while. */
  constructor(
    private readonly dbName?: string,
    private readonly saveDelayMs = 2000,
  ) {}

  private scheduleSave(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveNow().catch((e: unknown) => console.error('stats digest not saved:', (e as Error)?.name, (e as Error)?.message)), this.saveDelayMs);
  }

  async saveNow(): Promise<void> {
    clearTimeout(this.timer);
    if (this.digest) await saveStatsDigest(this.digest.save(), this.dbName);
  }

  /** The first open (or after the log's epoch moved): every card and every review is read. */
  private async build(epoch: number, now: number, onProgress?: Progress): Promise<StatsDigest> {
    const src = await readBrowseSource(this.dbName);
    const d = StatsDigest.build(src.notes, src.cards, src.usn);
    d.epoch = epoch;
    const cutoff = now - TAIL_MS;
    const tail: ReviewRow[] = [];
    await readAllReviews(
      (logs, done, total) => {
        const old = logs.filter((l) => l.time < cutoff);
        for (const l of logs) if (l.time >= cutoff) tail.push(reviewRow(l));
        d.reviews = appendReviews(d.reviews, old, (id) => d.deck(id));
        onProgress?.(done / Math.max(1, total));
      },
      undefined,
      this.dbName,
    );
    d.reviews = sortReviews(d.reviews);
    d.tail = tail.sort((a, b) => a.time - b.time);
    d.cutoff = cutoff;
    return d;
  }

  /** The digest, up to date with the change feed, and the reviews since its cutoff. */
  /**
   * Brings the digest's tail up to date with what the change feed says happened. Every write to
   * the log other than a new review or its undo moves the epoch (handled before this), and both
   * of those also write their card: with no card changed, the log did not change either. New
   * reviews are read from the newest one the tail knows (or from the oldest recent entry a sync
   * brought since the tail last looked: the sync mark); a review the tail holds for a card that
   * changed may have been undone, so that card's reviews are looked up (keys only).
   */
  private async syncTail(d: StatsDigest, changes: Changes | undefined): Promise<boolean> {
    if (!changes?.cards.length) return false;
    const known = new Set(d.tail.map((r) => r.id));
    let since = d.tail.length ? d.tail[d.tail.length - 1]!.time : d.cutoff;
    // A sync brought (or took away) recent entries of another device, older than the newest here.
    const mark = await readSyncedLogMark(this.dbName);
    if (mark && mark.n !== d.syncMark) {
      since = Math.max(d.cutoff, Math.min(since, mark.from));
      d.syncMark = mark.n;
    }
    const changed = new Set(changes.cards.map((c) => c.id));
    const suspects = [...new Set(d.tail.filter((r) => changed.has(r.cardId)).map((r) => r.cardId))];
    const [recent, stillThere] = await Promise.all([readReviewsSince(since, this.dbName), readReviewIdsOfCards(suspects, this.dbName)]);
    const fresh = recent.filter((l) => !known.has(l.id)).map(reviewRow);
    const kept = suspects.length ? d.tail.filter((r) => !changed.has(r.cardId) || stillThere.has(r.id)) : d.tail;
    if (!fresh.length && kept.length === d.tail.length) return false;
    d.tail = [...kept, ...fresh].sort((a, b) => a.time - b.time);
    return true;
  }

  private async open(now: number, onProgress?: Progress): Promise<{ d: StatsDigest; timing: StatsTiming }> {
    const started = performance.now();
    // Without a digest in memory, the saved one is read while the epoch is: one wait, not two.
    const reading = this.digest ? undefined : loadStatsDigest<SavedDigest>(this.dbName).catch(() => undefined);
    const epoch = await readRevlogEpoch(this.dbName);
    let loaded: StatsTiming['loaded'] = 'memory';
    if (!this.digest || this.digest.epoch !== epoch) {
      // A digest in memory from another epoch is stale as a whole (a restore or an import of
      // old reviews happened): rebuilt, not patched.
      const saved = await reading;
      if (saved && saved.version === DIGEST_VERSION && saved.epoch === epoch) {
        this.digest = StatsDigest.load(saved);
        loaded = 'saved';
      } else {
        this.digest = await this.build(epoch, now, onProgress);
        loaded = 'built';
        this.scheduleSave();
      }
    }
    const d = this.digest;
    const loadMs = performance.now() - started;
    const t0 = performance.now();
    let feedMs = 0;
    let tailMs = 0;
    const usn = await currentUsn(this.dbName);
    const changes = usn === d.usn ? undefined : await changesSince(d.usn, this.dbName);
    feedMs = performance.now() - t0;
    const tailMoved = await this.syncTail(d, changes);
    tailMs = performance.now() - t0 - feedMs;
    const t1 = performance.now();
    const applied = changes ? d.apply(changes) : 0;
    const applyMs = performance.now() - t1;
    // Reviews older than the tail window join the columns about once a day.
    const absorb = d.tail.length > 0 && d.tail[0]!.time < now - TAIL_MS - DAY;
    if (absorb) d.absorb(now - TAIL_MS);
    if (applied || tailMoved || absorb) this.scheduleSave();
    return { d, timing: { loaded, loadMs, catchUpMs: performance.now() - started - loadMs, feedMs, tailMs, applyMs, computeMs: 0, totalMs: 0, cards: d.cardCount, reviews: d.reviews.n + d.tail.length } };
  }

  private run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  openDigest(): Promise<StatsTiming> {
    return this.run(async () => {
      const started = performance.now();
      const { timing } = await this.open(Date.now());
      return { ...timing, totalMs: performance.now() - started };
    });
  }

  private compute<T>(req: Req<'stats'> | Req<'readiness'>, f: (input: ReturnType<StatsDigest['input']>, decks: Set<number> | undefined) => T, onProgress?: Progress): Promise<{ value: T; timing: StatsTiming }> {
    return this.run(async () => {
      const started = performance.now();
      const { d, timing } = await this.open(req.now, onProgress);
      const input = d.input();
      const t = performance.now();
      const value = f(input, req.deckIds ? d.deckSet(req.deckIds) : undefined);
      timing.computeMs = performance.now() - t;
      timing.totalMs = performance.now() - started;
      return { value, timing };
    });
  }

  async stats(req: Req<'stats'>, onProgress?: Progress): Promise<{ stats: Stats; timing: StatsTiming }> {
    const { value, timing } = await this.compute(
      req,
      (input, decks) => computeStats(input, { now: req.now, dayStartHour: req.dayStartHour, desiredRetention: req.desiredRetention, ...(decks ? { decks } : {}), ...(req.decay !== undefined ? { decay: req.decay } : {}) }),
      onProgress,
    );
    return { stats: value, timing };
  }

  async readiness(req: Req<'readiness'>, onProgress?: Progress): Promise<{ readiness: Readiness; timing: StatsTiming }> {
    const { value, timing } = await this.compute(
      req,
      (input, decks) => computeReadiness(input, { now: req.now, ...(req.at !== undefined ? { at: req.at } : {}), ...(decks ? { decks } : {}), ...(req.decay !== undefined ? { decay: req.decay } : {}) }),
      onProgress,
    );
    return { readiness: value, timing };
  }
}
