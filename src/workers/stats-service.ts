/**
 * What the stats worker does, without the worker (Node tests drive it against fake-indexeddb):
 * keeps the statistics digest (stats-digest.ts) loaded, brings it up to date on every request
 * from the change feed and the review log's recent entries, and computes statistics and
 * readiness from it.
 */
import { changesSince } from '../storage/records';
import { readBrowseSource } from '../storage/browse';
import { loadStatsDigest, readReviewsInBatches, readReviewsSince, readRevlogEpoch, saveStatsDigest } from '../storage/stats-source';
import { computeReadiness, type Readiness } from '../core/readiness';
import { computeStats } from '../core/stats';
import type { Stats } from '../core/stats';
import type { ReviewLogRecord } from '../core/types';
import { appendReviews, DIGEST_VERSION, StatsDigest, TAIL_MS, type SavedDigest } from './stats-digest';
import type { StatsTiming, StatsWorkerRequest } from './stats-protocol';

const DAY = 86_400_000;
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

  private async build(epoch: number, now: number): Promise<StatsDigest> {
    const src = await readBrowseSource(this.dbName);
    const d = StatsDigest.build(src.notes, src.cards, src.usn);
    d.epoch = epoch;
    const cutoff = now - TAIL_MS;
    await readReviewsInBatches(cutoff, (logs) => (d.reviews = appendReviews(d.reviews, logs, (id) => d.deck(id))), undefined, this.dbName);
    d.cutoff = cutoff;
    return d;
  }

  /** The digest, up to date with the change feed, and the reviews since its cutoff. */
  private async open(now: number): Promise<{ d: StatsDigest; tail: ReviewLogRecord[]; timing: StatsTiming }> {
    const started = performance.now();
    const epoch = await readRevlogEpoch(this.dbName);
    let loaded: StatsTiming['loaded'] = 'memory';
    if (!this.digest || this.digest.epoch !== epoch) {
      // A digest in memory from another epoch is stale as a whole (a restore or an import of
      // old reviews happened): rebuilt, not patched.
      const saved = this.digest ? undefined : await loadStatsDigest<SavedDigest>(this.dbName).catch(() => undefined);
      if (saved && saved.version === DIGEST_VERSION && saved.epoch === epoch) {
        this.digest = StatsDigest.load(saved);
        loaded = 'saved';
      } else {
        this.digest = await this.build(epoch, now);
        loaded = 'built';
        this.scheduleSave();
      }
    }
    const d = this.digest;
    const loadMs = performance.now() - started;
    const [changes, recent] = await Promise.all([changesSince(d.usn, this.dbName), readReviewsSince(d.cutoff, this.dbName)]);
    if (d.apply(changes)) this.scheduleSave();
    let tail = recent;
    // Reviews older than the tail window join the saved columns about once a day.
    if (tail.length && tail[0]!.time < now - TAIL_MS - DAY) {
      tail = d.absorb(tail, now - TAIL_MS);
      this.scheduleSave();
    }
    return { d, tail, timing: { loaded, loadMs, catchUpMs: performance.now() - started - loadMs, computeMs: 0, totalMs: 0, cards: d.cardCount, reviews: d.reviews.n + tail.length } };
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

  private compute<T>(req: Req<'stats'> | Req<'readiness'>, f: (input: ReturnType<StatsDigest['input']>, decks: Set<number> | undefined) => T): Promise<{ value: T; timing: StatsTiming }> {
    return this.run(async () => {
      const started = performance.now();
      const { d, tail, timing } = await this.open(req.now);
      const input = d.input(tail);
      const t = performance.now();
      const value = f(input, req.deckIds ? d.deckSet(req.deckIds) : undefined);
      timing.computeMs = performance.now() - t;
      timing.totalMs = performance.now() - started;
      return { value, timing };
    });
  }

  async stats(req: Req<'stats'>): Promise<{ stats: Stats; timing: StatsTiming }> {
    const { value, timing } = await this.compute(req, (input, decks) =>
      computeStats(input, { now: req.now, dayStartHour: req.dayStartHour, desiredRetention: req.desiredRetention, ...(decks ? { decks } : {}), ...(req.decay !== undefined ? { decay: req.decay } : {}) }),
    );
    return { stats: value, timing };
  }

  async readiness(req: Req<'readiness'>): Promise<{ readiness: Readiness; timing: StatsTiming }> {
    const { value, timing } = await this.compute(req, (input, decks) =>
      computeReadiness(input, { now: req.now, ...(req.at !== undefined ? { at: req.at } : {}), ...(decks ? { decks } : {}), ...(req.decay !== undefined ? { decay: req.decay } : {}) }),
    );
    return { readiness: value, timing };
  }
}
