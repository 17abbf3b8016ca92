/**
 * "How many items by a date?" — Monte Carlo bootstrap of `periods` historical periods.
 *
 * Semantics are the LOWER tail ("85% chance of at least n"): for level q the reported n is the
 * largest whole number with P(total ≥ n) ≥ q, i.e. the (100 − q)th percentile of the totals.
 * (Reporting the upper percentile instead is the seed system's optimistic-forecast defect.)
 */

import { ForecastCancelledError } from "./errors";
import { CHUNK, MAX_PERIODS, checkInt, checkRun, checkSamples, checkWork, type ForecastOptions } from "./validate";

export interface HowManyInput {
  samples: number[];
  /** Whole periods available (e.g. weeks until the date). */
  periods: number;
  trials: number;
  seed: number;
  /** Confidence levels in percent, each strictly between 0 and 100. */
  percentiles: number[];
  /** Throughput multiplier in (0, 1]; default 1. */
  focus?: number;
}

export interface HowManyResult {
  /** Keyed by String(q): the largest n with P(total ≥ n) ≥ q/100 ("q% chance of at least n"). */
  percentiles: Record<string, number>;
  /** Mean items finished (whole items per trial). */
  mean: number;
  /** Trials per bucket of totals: bucket [items, items + binWidth). */
  histogram: { items: number; count: number }[];
  binWidth: number;
  trials: number;
  seed: number;
  periods: number;
}

const MAX_BINS = 200;

/** Runs the "how many" forecast. Throws ForecastInputError on bad input, ForecastCancelledError on abort. */
export function forecastHowMany(input: HowManyInput, opts: ForecastOptions): HowManyResult {
  const { data: samples } = checkSamples(input.samples);
  const periods = checkInt("periods", input.periods, 1, MAX_PERIODS);
  const { trials, levels, focus } = checkRun(input);
  checkWork(trials, periods);

  const { rng, onProgress, signal } = opts;
  const n = samples.length;
  // Whole items finished per trial; floor with a tiny slack so 10 × 0.1 counts as 1.
  const totals = new Float64Array(trials);
  for (let start = 0; start < trials; start += CHUNK) {
    if (signal?.aborted) throw new ForecastCancelledError();
    const end = Math.min(trials, start + CHUNK);
    for (let i = start; i < end; i++) {
      let acc = 0;
      for (let w = 0; w < periods; w++) acc += samples[Math.floor(rng() * n)]!;
      totals[i] = Math.floor(acc * focus * (1 + 1e-12) + 1e-9);
    }
    onProgress?.((0.95 * end) / trials, "simulating");
  }
  if (signal?.aborted) throw new ForecastCancelledError();
  onProgress?.(0.95, "summarising");

  totals.sort();
  const percentiles: Record<string, number> = {};
  for (const q of levels) {
    // Need at least m trials with total ≥ n; the m-th largest total is the largest such n.
    const m = Math.min(trials, Math.max(1, Math.ceil((q / 100) * trials - 1e-9 * trials)));
    percentiles[String(q)] = totals[trials - m]!;
  }
  let sum = 0;
  for (let i = 0; i < trials; i++) sum += totals[i]!;

  const lo = totals[0]!;
  const hi = totals[trials - 1]!;
  const binWidth = Math.max(1, Math.ceil((hi - lo + 1) / MAX_BINS));
  const bins = new Map<number, number>();
  for (let i = 0; i < trials; i++) {
    const b = lo + Math.floor((totals[i]! - lo) / binWidth) * binWidth;
    bins.set(b, (bins.get(b) ?? 0) + 1);
  }
  const histogram = [...bins.entries()].map(([items, count]) => ({ items, count }));
  onProgress?.(1, "summarising");
  return { percentiles, mean: sum / trials, histogram, binWidth, trials, seed: input.seed, periods };
}
