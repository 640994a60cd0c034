/**
 * The optimiser's pure parts: training items from the review log (Anki's rules), the evaluation
 * (checked against fsrs-rs native through @open-spaced-repetition/binding), the refusal of worse
 * parameters, and a known dataset: histories drawn from known FSRS-6 parameters, fitted by
 * fsrs-rs, evaluate as well as the parameters that generated them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as native from '@open-spaced-repetition/binding';
import { buildFsrsItems, itemsAsReviews, recentWholeCards, studyDayNumber, type ReviewForItems } from '../../src/core/fsrs-items';
import { decideAdoption, evaluateOnSplits, evaluateParameters, sliceItems, timeSeriesSplits } from '../../src/core/optimise-eval';
import { sampleReviews, SAMPLE_PARAMS } from '../../src/core/optimise-sample';
import { applyOutcome, DEFAULT_FSRS_PARAMS, describeRecord, describeTraining, isFsrsParams } from '../../src/core/optimise';
import { defaultPreset, effectiveSettings, type Preset } from '../../src/core/presets';
import { schedulerFor } from '../../src/core/scheduler';
import { readBackup } from '../../src/formats/backup/read';
import { writeBackup } from '../../src/formats/backup/write';
import { CardState, DEFAULT_SETTINGS, type CollectionSnapshot, type Rating } from '../../src/core/types';
import { readApkg } from '../../src/formats/apkg/read';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { buildLegacyApkg } from '../fixtures/anki-packages';
import { commitImportPlan, openDatabase } from '../../src/storage';

const ZONE = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  process.env.TZ = ZONE;
});

const at = (d: string) => new Date(d).getTime();
const r = (cardId: string, time: string, rating: Rating, stateBefore: CardState): ReviewForItems => ({ cardId, time: at(time), rating, stateBefore });
const toNative = (items: ReturnType<typeof buildFsrsItems>) => itemsAsReviews(items).map((rs) => new native.FSRSBindingItem(rs.map((x) => new native.FSRSBindingReview(x.rating, x.deltaT))));

describe('training items', () => {
  it('counts study days from the day start hour, in local time', () => {
    // 03:00 belongs to the previous study day when days start at 4 a.m.
    expect(studyDayNumber(at('2026-03-10T03:00:00'), 4)).toBe(studyDayNumber(at('2026-03-09T22:00:00'), 4));
    expect(studyDayNumber(at('2026-03-10T05:00:00'), 4) - studyDayNumber(at('2026-03-10T03:00:00'), 4)).toBe(1);
    // Across the spring DST change (29 March 2026 in Berlin) a day is still one day.
    expect(studyDayNumber(at('2026-03-30T10:00:00'), 4) - studyDayNumber(at('2026-03-28T10:00:00'), 4)).toBe(2);
  });

  it('builds one item per later-day answer with the history so far, in time order', () => {
    const items = buildFsrsItems(
      [
        r('b', '2026-01-05T10:00:00', 3, CardState.Review),
        r('a', '2026-01-01T10:00:00', 1, CardState.New),
        r('a', '2026-01-01T10:10:00', 3, CardState.Learning),
        r('a', '2026-01-03T09:00:00', 3, CardState.Review),
        r('a', '2026-01-03T09:30:00', 3, CardState.Review),
        r('a', '2026-01-10T09:00:00', 1, CardState.Review),
      ],
      4,
    );
    // Card b has no first answer from New: skipped, as Anki skips cards without learning entries.
    expect(items.cardsSkipped).toBe(1);
    expect(items.reviewsUsed).toBe(5);
    expect(itemsAsReviews(items)).toEqual([
      [{ rating: 1, deltaT: 0 }, { rating: 3, deltaT: 0 }, { rating: 3, deltaT: 2 }],
      [{ rating: 1, deltaT: 0 }, { rating: 3, deltaT: 0 }, { rating: 3, deltaT: 2 }, { rating: 3, deltaT: 0 }, { rating: 1, deltaT: 7 }],
    ]);
  });

  it('drops the history before a reset (a later answer from the New state)', () => {
    const items = buildFsrsItems(
      [
        r('a', '2026-01-01T10:00:00', 3, CardState.New),
        r('a', '2026-01-04T10:00:00', 3, CardState.Review),
        r('a', '2026-02-01T10:00:00', 2, CardState.New),
        r('a', '2026-02-03T10:00:00', 4, CardState.Review),
      ],
      4,
    );
    expect(itemsAsReviews(items)).toEqual([[{ rating: 2, deltaT: 0 }, { rating: 4, deltaT: 2 }]]);
  });
});

describe('the training window', () => {
  it('trains on a history imported from an Anki package with its review log', async () => {
    const sql = await loadSqlJsNode();
    const plan = await readApkg(buildLegacyApkg(sql), 'history.apkg', { sql });
    const db = `optimise-anki-${Date.now()}`;
    await commitImportPlan(plan, { mode: 'keep', now: Date.now(), params: DEFAULT_SETTINGS, dbName: db });
    const logs = await (await openDatabase(db)).getAll('revlog');
    expect(logs).toHaveLength(4);
    const items = buildFsrsItems(logs, 4);
    // The card learnt on 16 Nov (two same-day steps) and reviewed two study days later gives one
    // item; the card with a single answer gives none.
    expect(items.count).toBe(1);
    expect([...items.ratings]).toEqual([3, 3, 3]);
    expect([...items.deltaTs]).toEqual([0, 0, 2]);
  });

  it('keeps the most recently studied cards whole, up to the limit', () => {
    const reviews = [
      r('old', '2026-01-01T10:00:00', 3, CardState.New),
      r('old', '2026-01-05T10:00:00', 3, CardState.Review),
      r('big', '2026-01-02T10:00:00', 3, CardState.New),
      r('big', '2026-01-04T10:00:00', 3, CardState.Review),
      r('big', '2026-02-04T10:00:00', 3, CardState.Review),
      r('new', '2026-01-03T10:00:00', 3, CardState.New),
      r('new', '2026-03-01T10:00:00', 3, CardState.Review),
    ];
    const window = recentWholeCards(reviews, 4);
    expect(window.total).toBe(7);
    // "new" (last seen in March) first; "big" would overflow; "old" still fits.
    expect(window.reviews.map((x) => x.cardId)).toEqual(['new', 'new', 'old', 'old']);
    expect(recentWholeCards(reviews, 10).reviews).toHaveLength(7);
  });
});

describe('evaluation and the known dataset', () => {
  const reviews = sampleReviews({ params: SAMPLE_PARAMS, cards: 2500, days: 400, seed: 3 });
  const items = buildFsrsItems(reviews, 4);
  const nativeItems = toNative(items);

  it('log loss and RMSE (bins) agree with fsrs-rs native', () => {
    for (const w of [DEFAULT_FSRS_PARAMS, SAMPLE_PARAMS]) {
      const ours = evaluateParameters(w, items);
      const theirs = new native.FSRSBinding([...w]).evaluate(nativeItems);
      // fsrs-rs 6.5 leaves out a few items (outlier filter) that we keep: 1 % and 0.2 points.
      expect(Math.abs(ours.logLoss - theirs.logLoss) / theirs.logLoss).toBeLessThan(0.01);
      expect(Math.abs(ours.rmseBins - theirs.rmseBins)).toBeLessThan(0.002);
    }
  });

  it('fsrs-rs fitted on the items predicts as well as the generating parameters and beats the defaults', async () => {
    const fitted = await native.computeParameters(nativeItems, { enableShortTerm: true });
    expect(isFsrsParams(fitted)).toBe(true);
    const fit = evaluateParameters(fitted, items);
    const truth = evaluateParameters(SAMPLE_PARAMS, items);
    const defaults = evaluateParameters(DEFAULT_FSRS_PARAMS, items);
    expect(Math.abs(fit.logLoss - truth.logLoss)).toBeLessThan(0.002);
    expect(Math.abs(fit.rmseBins - truth.rmseBins)).toBeLessThan(0.01);
    // Single weights are not identifiable this closely (several combinations predict alike), so
    // the comparison is on predictions; the browser test compares wasm and native weights.
    expect(decideAdoption(defaults, fit).adopt).toBe(true);
  }, 60_000);

  it('time-series splits: five as fsrs-rs below 20k items, one holding out the last fifth above; each predicts only later items', () => {
    expect(timeSeriesSplits(600)).toEqual([1, 2, 3, 4, 5].map((i) => ({ trainEnd: i * 100, testEnd: (i + 1) * 100 })));
    expect(timeSeriesSplits(605).at(-1)).toEqual({ trainEnd: 500, testEnd: 605 });
    expect(timeSeriesSplits(50_000)).toEqual([{ trainEnd: 40_000, testEnd: 50_000 }]);
    expect(timeSeriesSplits(4)).toEqual([]);
    // One set of parameters on every split scores the concatenated test items.
    const splits = timeSeriesSplits(items.count);
    const tested = sliceItems(items, splits[0]!.trainEnd, items.count);
    const a = evaluateOnSplits(() => SAMPLE_PARAMS, items, splits);
    const b = evaluateParameters(SAMPLE_PARAMS, tested);
    expect(a.logLoss).toBeCloseTo(b.logLoss, 10);
    expect(a.rmseBins).toBeCloseTo(b.rmseBins, 10);
  });

  it('parameters fitted by fsrs-rs on earlier items only still beat the defaults on the later ones (out of sample)', async () => {
    const splits = timeSeriesSplits(items.count);
    const trained = await Promise.all(splits.map((sp) => native.computeParameters(toNative(sliceItems(items, 0, sp.trainEnd)), { enableShortTerm: true })));
    const fitted = evaluateOnSplits((k) => trained[k]!, items, splits);
    const defaults = evaluateOnSplits(() => DEFAULT_FSRS_PARAMS, items, splits);
    expect(decideAdoption(defaults, fitted).adopt).toBe(true);
    // And refused when what is in use already is the truth the history came from.
    const truth = evaluateOnSplits(() => SAMPLE_PARAMS, items, splits);
    expect(truth.logLoss).toBeLessThan(fitted.logLoss + 0.01);
  }, 120_000);

  it('refuses parameters that predict worse, and broken ones', () => {
    const good = evaluateParameters(SAMPLE_PARAMS, items);
    const worse = evaluateParameters(SAMPLE_PARAMS.map((w, i) => (i < 4 ? w * 3 : w)), items);
    expect(worse.logLoss).toBeGreaterThan(good.logLoss);
    expect(decideAdoption(good, worse).adopt).toBe(false);
    expect(decideAdoption(worse, good).adopt).toBe(true);
    expect(decideAdoption(good, { logLoss: NaN, rmseBins: 0 }).adopt).toBe(false);
    // Better log loss but clearly worse calibration: refused too.
    expect(decideAdoption(good, { logLoss: good.logLoss - 0.01, rmseBins: good.rmseBins + 0.05 }).adopt).toBe(false);
  });
});

describe('parameters in presets and the scheduler', () => {
  const outcome = { params: [...SAMPLE_PARAMS], current: { logLoss: 0.34, rmseBins: 0.03 }, fitted: { logLoss: 0.33, rmseBins: 0.02 }, adopt: true, reviewsUsed: 1200, reviewsTotal: 1200, capped: false };

  it('keeps the record always and the parameters only when adopted', () => {
    const preset = defaultPreset(DEFAULT_SETTINGS);
    expect(applyOutcome(preset, outcome, 5).fsrsParams).toEqual([...SAMPLE_PARAMS]);
    const refused = applyOutcome(preset, { ...outcome, adopt: false }, 5);
    expect(refused.fsrsParams).toBeUndefined();
    expect(refused.lastOptimisation).toMatchObject({ at: 5, adopted: false, reviewsUsed: 1200 });
    expect(describeRecord(applyOutcome(preset, outcome, 5).lastOptimisation!)).toBe('Fitted parameters kept: log loss 0.330 vs 0.340, RMSE 2.0% vs 3.0%.');
    expect(describeRecord(refused.lastOptimisation!)).toMatch(/^Kept the current parameters: the fitted ones were not better/);
    expect(describeTraining({ reviewsUsed: 200000, reviewsTotal: 1000000, capped: true })).toBe('Trained on the latest 200,000 of 1,000,000 reviews (the most recently studied cards, whole).');
  });

  it('schedules with a preset’s fitted parameters, and a preset never inherits Default’s', () => {
    const fitted = { ...DEFAULT_SETTINGS, fsrsParams: [...SAMPLE_PARAMS] };
    expect([...schedulerFor(fitted).parameters.w]).toEqual([...SAMPLE_PARAMS]);
    expect([...schedulerFor(DEFAULT_SETTINGS).parameters.w]).toEqual([...DEFAULT_FSRS_PARAMS]);
    const other: Preset = { ...defaultPreset(DEFAULT_SETTINGS), id: 'p1', name: 'Other', mtime: 1, usn: 1 };
    expect(effectiveSettings(fitted, other).fsrsParams).toBeUndefined();
    expect(effectiveSettings(fitted, { ...other, fsrsParams: [...DEFAULT_FSRS_PARAMS], mtime: 2 }).fsrsParams).toEqual([...DEFAULT_FSRS_PARAMS]);
  });

  it('backups keep fitted parameters and their record, and reject malformed ones', () => {
    const { lastOptimisation: _o, fsrsParams: _w, ...plain } = defaultPreset(DEFAULT_SETTINGS);
    const preset = applyOutcome<Preset>({ ...plain, id: 'p1', name: 'P', mtime: 1, usn: 1 }, outcome, 9);
    const snap: CollectionSnapshot = {
      version: 1, exportedAt: 1, appVersion: 'test', decks: [], notes: [], cards: [], revlog: [], media: [], stories: [],
      presets: [preset], settings: applyOutcome(DEFAULT_SETTINGS, outcome, 8),
    };
    const back = readBackup(writeBackup(snap));
    expect(back.presets).toEqual([preset]);
    expect(back.settings.fsrsParams).toEqual([...SAMPLE_PARAMS]);
    expect(back.settings.lastOptimisation).toEqual(snap.settings.lastOptimisation);
    expect(() => readBackup(writeBackup({ ...snap, presets: [{ ...preset, fsrsParams: [1, 'x'] as unknown as number[] }] }))).toThrow(/presets\[0\]\.fsrsParams should be a list of numbers/);
  });
});
