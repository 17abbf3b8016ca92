/**
 * "When will it be done?" — Monte Carlo bootstrap of historical throughput (Magennis/Vacanti).
 *
 * Each trial draws a backlog (fixed, or uniform over an integer range), then repeatedly draws a
 * whole historical period uniformly with replacement (every sample, including the last, equally
 * likely) and subtracts its throughput × focus until the backlog is done. A trial still running
 * after `maxPeriods` periods is counted as did-not-finish. Percentiles are nearest-rank on the
 * empirical CDF: Pq = smallest t with (#trials done by t) / trials ≥ q.
 */

import { ForecastCancelledError, ForecastInputError } from "./errors";
import { addDays, daysBetween, isoDateToDay } from "./dates";
import { nearestRankFromCounts } from "./percentiles";
import {
  CHUNK,
  MAX_PERIODS,
  MAX_TRIALS,
  checkFocus,
  checkInt,
  checkPercentiles,
  checkSamples,
  checkWork,
  formatNumber as fmt,
  type ForecastOptions,
} from "./validate";

export interface WhenInput {
  /** Historical throughput per period (items done in each past week/day), each ≥ 0. */
  samples: number[];
  /** Items to finish: a whole number, or a range drawn uniformly (integers) per trial. */
  backlog: number | { min: number; max: number };
  trials: number;
  /** Recorded in the result; the randomness itself comes from `opts.rng`. */
  seed: number;
  /** Levels in percent, each strictly between 0 and 100 (e.g. [50, 70, 85, 95]). */
  percentiles: number[];
  /** Throughput multiplier in (0, 1]; default 1. */
  focus?: number;
  /** First day of the forecast ("YYYY-MM-DD"); enables `dates` and deadlines. */
  startDate?: string;
  /** Calendar days per period; default 7 (weekly throughput). */
  periodDays?: number;
  /** "YYYY-MM-DD"; needs `startDate`. */
  deadline?: string;
  /** Give up on a trial after this many periods; default 1000. */
  maxPeriods?: number;
}

export interface WhenResult {
  /** Keyed by the level as written (String(q), e.g. "85"); null when not reached within maxPeriods. */
  percentiles: Record<string, number | null>;
  /** startDate + P·periodDays days, same keys; present only with a startDate. */
  dates?: Record<string, string | null>;
  /** Mean periods to finish; null when some trial did not finish. */
  mean: number | null;
  /** P(T ≤ periods) from the first to the last period at which any trial finished. */
  cdf: { periods: number; p: number }[];
  /** Trials that finished at exactly `periods`, same range as `cdf`. */
  histogram: { periods: number; count: number }[];
  /** Share of trials finished within `periodsToDeadline`; present only with a deadline. */
  probabilityByDeadline?: number;
  /** Whole periods between startDate and deadline. */
  periodsToDeadline?: number;
  trials: number;
  seed: number;
  didNotFinish: number;
  maxPeriods: number;
}

export const DEFAULT_MAX_PERIODS = 1000;
export const DEFAULT_PERIOD_DAYS = 7;

/** Runs the "when" forecast. Throws ForecastInputError on bad input, ForecastCancelledError on abort. */
export function forecastWhen(input: WhenInput, opts: ForecastOptions): WhenResult {
  const { data: samples, mean: sampleMean } = checkSamples(input.samples);
  const bounds = checkBacklog(input.backlog);
  const trials = checkInt("trials", input.trials, 1, MAX_TRIALS);
  const levels = checkPercentiles(input.percentiles);
  const focus = checkFocus(input.focus);
  const maxPeriods = checkInt("maxPeriods", input.maxPeriods ?? DEFAULT_MAX_PERIODS, 1, MAX_PERIODS);
  const periodDays = checkInt("periodDays", input.periodDays ?? DEFAULT_PERIOD_DAYS, 1, 366);
  const calendar = checkCalendar(input.startDate, input.deadline, periodDays);

  let periodsPerTrial = 0;
  if (bounds.max > 0) {
    if (sampleMean === 0) {
      throw new ForecastInputError("samples", "throughput samples are all zero: the backlog would never be finished");
    }
    const expected = bounds.max / (sampleMean * focus);
    if (expected > maxPeriods) {
      throw new ForecastInputError(
        "backlog",
        `a backlog of ${fmt(bounds.max)} items needs about ${fmt(Math.ceil(expected))} periods at the average ` +
          `throughput of ${fmt(sampleMean * focus)} per period, more than maxPeriods (${fmt(maxPeriods)}); ` +
          `raise maxPeriods or split the backlog`,
      );
    }
    periodsPerTrial = Math.min(maxPeriods, Math.ceil(expected) + 1);
  }
  checkWork(trials, periodsPerTrial);

  // counts[t] = trials that finished after exactly t periods.
  const counts = new Int32Array(maxPeriods + 1);
  const didNotFinish = simulate(samples, bounds, focus, trials, maxPeriods, counts, opts);

  opts.onProgress?.(0.99, "summarising");
  const result = summarise(counts, trials, didNotFinish, levels, maxPeriods);
  const out: WhenResult = { ...result, trials, seed: input.seed, didNotFinish, maxPeriods };
  if (calendar) {
    const start = calendar.startDate;
    out.dates = Object.fromEntries(
      Object.entries(result.percentiles).map(([k, p]) => [k, p === null ? null : addDays(start, p * periodDays)]),
    );
    if (calendar.periodsToDeadline !== undefined) {
      const limit = Math.min(calendar.periodsToDeadline, maxPeriods);
      let done = 0;
      for (let t = 0; t <= limit; t++) done += counts[t]!;
      out.periodsToDeadline = calendar.periodsToDeadline;
      out.probabilityByDeadline = done / trials;
    }
  }
  opts.onProgress?.(1, "summarising");
  return out;
}

/** The hot loop. Fills `counts`, returns the number of trials that did not finish. */
function simulate(
  samples: Float64Array,
  bounds: { min: number; max: number },
  focus: number,
  trials: number,
  maxPeriods: number,
  counts: Int32Array,
  opts: ForecastOptions,
): number {
  const { rng, onProgress, signal } = opts;
  const n = samples.length;
  const fixed = bounds.min === bounds.max;
  const span = bounds.max - bounds.min + 1;
  // Done when sum(draws) · focus ≥ backlog. Compare raw sums with backlog / focus; the tiny
  // relative slack stops 10 × 0.1-style rounding from costing an extra period.
  const scale = focus === 1 ? 1 : (1 / focus) * (1 - 1e-12);
  let didNotFinish = 0;
  for (let start = 0; start < trials; start += CHUNK) {
    if (signal?.aborted) throw new ForecastCancelledError();
    const end = Math.min(trials, start + CHUNK);
    for (let i = start; i < end; i++) {
      const backlog = fixed ? bounds.min : bounds.min + Math.floor(rng() * span);
      const target = backlog * scale;
      let acc = 0;
      let t = 0;
      while (acc < target && t < maxPeriods) {
        acc += samples[Math.floor(rng() * n)]!;
        t++;
      }
      if (acc < target) didNotFinish++;
      else counts[t]!++;
    }
    onProgress?.((0.99 * end) / trials, "simulating");
  }
  if (signal?.aborted) throw new ForecastCancelledError();
  return didNotFinish;
}

function summarise(counts: Int32Array, trials: number, didNotFinish: number, levels: number[], maxPeriods: number) {
  let first = -1;
  let last = -1;
  let weighted = 0;
  for (let t = 0; t <= maxPeriods; t++) {
    const c = counts[t]!;
    if (c === 0) continue;
    if (first < 0) first = t;
    last = t;
    weighted += t * c;
  }
  const cdf: WhenResult["cdf"] = [];
  const histogram: WhenResult["histogram"] = [];
  if (first >= 0) {
    let cum = 0;
    for (let t = first; t <= last; t++) {
      cum += counts[t]!;
      cdf.push({ periods: t, p: cum / trials });
      histogram.push({ periods: t, count: counts[t]! });
    }
  }
  const percentiles: Record<string, number | null> = {};
  for (const q of levels) percentiles[String(q)] = nearestRankFromCounts(counts, trials, q / 100);
  const mean = didNotFinish === 0 ? weighted / trials : null;
  return { percentiles, mean, cdf, histogram };
}

function checkBacklog(backlog: unknown): { min: number; max: number } {
  if (typeof backlog === "number") {
    checkInt("backlog", backlog, 0, Number.MAX_SAFE_INTEGER);
    return { min: backlog, max: backlog };
  }
  if (typeof backlog === "object" && backlog !== null && "min" in backlog && "max" in backlog) {
    const min = checkInt("backlog.min", backlog.min, 0, Number.MAX_SAFE_INTEGER);
    const max = checkInt("backlog.max", backlog.max, 0, Number.MAX_SAFE_INTEGER);
    if (min > max) throw new ForecastInputError("backlog", `backlog.min (${min}) must be at most backlog.max (${max})`);
    return { min, max };
  }
  throw new ForecastInputError("backlog", "backlog must be a whole number or a range { min, max }");
}

function checkCalendar(startDate: string | undefined, deadline: string | undefined, periodDays: number) {
  if (startDate === undefined) {
    if (deadline !== undefined) {
      throw new ForecastInputError("startDate", "a deadline needs a startDate to count periods from");
    }
    return null;
  }
  if (isoDateToDay(startDate) === null) {
    throw new ForecastInputError("startDate", `startDate must be a real calendar date (YYYY-MM-DD), got ${startDate}`);
  }
  if (deadline === undefined) return { startDate, periodsToDeadline: undefined };
  if (isoDateToDay(deadline) === null) {
    throw new ForecastInputError("deadline", `deadline must be a real calendar date (YYYY-MM-DD), got ${deadline}`);
  }
  const days = daysBetween(startDate, deadline);
  if (days < 0) throw new ForecastInputError("deadline", `deadline (${deadline}) is before startDate (${startDate})`);
  return { startDate, periodsToDeadline: Math.floor(days / periodDays) };
}
