/**
 * What the stats worker does, without the worker (Node tests drive it against fake-indexeddb):
 * keeps the statistics digest (stats-digest.ts) loaded, brings it up to date on every request
 * from the change feed and the review log's recent entries, and computes statistics and
 * readiness from it.
 */
import { changesSince, currentUsn } from '../storage/records';
import { readBrowseSource } from '../storage/browse';
import { loadStatsDigest, readAllReviews, readReviewIdsSince, readReviewsSince, reviewTailMark, readRevlogEpoch, saveStatsDigest } from '../storage/stats-source';
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
   * Brings the digest's tail up to date. The ids since the cutoff are read (keys only): when
   * every review the tail knows is still there, only the new ones are read; when one is gone
   * (undone), the whole tail is read again.
   */
  private async syncTail(d: StatsDigest): Promise<boolean> {
    // Usually nothing happened since the last look: the count and the newest id say so.
    const mark = await reviewTailMark(d.cutoff, this.dbName);
    const newestKnown = d.tail.reduce<{ id: string; time: number } | undefined>((a, r) => (!a || r.time >= a.time ? r : a), undefined);
    if (mark.count === d.tail.length && mark.newest === newestKnown?.id) return false;
    const ids = await readReviewIdsSince(d.cutoff, this.dbName);
    const now = new Set(ids);
    const known = new Set(d.tail.map((r) => r.id));
    if (ids.length === known.size && d.tail.every((r) => now.has(r.id))) return false;
    if (d.tail.every((r) => now.has(r.id))) {
      const fresh = new Set(ids.filter((id) => !known.has(id)));
      const since = d.tail.length ? d.tail[d.tail.length - 1]!.time : d.cutoff;
      const found = (await readReviewsSince(since, this.dbName)).filter((l) => fresh.has(l.id));
      if (found.length === fresh.size) {
        d.tail = [...d.tail, ...found.map(reviewRow)].sort((a, b) => a.time - b.time);
        return true;
      }
    }
    d.tail = (await readReviewsSince(d.cutoff, this.dbName)).map(reviewRow);
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
    const [changes, tailMoved] = await Promise.all([
      currentUsn(this.dbName)
        .then((usn) => (usn === d.usn ? undefined : changesSince(d.usn, this.dbName)))
        .finally(() => (feedMs = performance.now() - t0)),
      this.syncTail(d).finally(() => (tailMs = performance.now() - t0)),
    ]);
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
