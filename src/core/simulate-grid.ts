/** The desired-retention helper's grid: the simulation (simulate.ts) at each retention, and the minimum-workload point. */
import { simulate, type SimulationInput } from './simulate';
/** Desired retentions the helper compares: 0.70 to 0.96 in steps of 0.02, then 0.97. */
export const RETENTION_GRID: readonly number[] = [0.7, 0.72, 0.74, 0.76, 0.78, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92, 0.94, 0.96, 0.97];

/** One retention of the helper's chart and table. */
export interface RetentionPoint {
  retention: number;
  totalMinutes: number;
  minutesPerDay: number;
  reviewsPerDay: number;
  totalReviews: number;
  learned: number;
  memorised: number;
  /** totalMinutes ÷ memorised (NaN when nothing is memorised). */
  minutesPerMemorised: number;
}

/** The helper's figures at every retention of `grid` (the same seed for each, so the curves are smooth). */
export function simulateRetentions(input: SimulationInput, grid: readonly number[] = RETENTION_GRID, onRetention?: (done: number, of: number) => void): RetentionPoint[] {
  return grid.map((retention, k) => {
    const r = simulate(input, retention);
    onRetention?.(k + 1, grid.length);
    const days = Math.max(1, input.days);
    return {
      retention,
      totalMinutes: r.totalMinutes,
      minutesPerDay: r.totalMinutes / days,
      reviewsPerDay: r.totalReviews / days,
      totalReviews: r.totalReviews,
      learned: r.totalLearned,
      memorised: r.memorised,
      minutesPerMemorised: r.memorised > 0 ? r.totalMinutes / r.memorised : NaN,
    };
  });
}

/**
 * The minimum-workload point: the retention with the lowest *workload per memorised card*,
 * defined as the total minutes of study over the simulated days divided by the expected number
 * of cards remembered on the last day (the sum of every studied card's retrievability then).
 * This is Anki's "workload ÷ knowledge" (fsrs-rs's default CMRR target). Undefined when no
 * retention memorises anything (no cards, no new cards).
 */
export function minimumWorkload(points: readonly RetentionPoint[]): RetentionPoint | undefined {
  let best: RetentionPoint | undefined;
  for (const p of points) if (p.memorised > 0 && (!best || p.minutesPerMemorised < best.minutesPerMemorised)) best = p;
  return best;
}
