/**
 * Input checks shared by the engine's entry points. The zod schemas in the forecast feature
 * give friendlier messages first; these guards keep the pure engine safe on its own (never
 * hang, never allocate without bound, never return NaN).
 */

import type { Rng } from "../shared/rng";
import { ForecastInputError } from "./errors";

/**
 * Upper bound on bootstrap draws (trials × periods) for one forecast: 10^10, about 10 s on
 * this machine's two cores on the fast path (~5·10^8 periods/s per core) and under a minute with
 * every option on. Long enough to be worth a progress bar and a cancel button; never unbounded.
 */
export const MAX_DRAWS = 10_000_000_000;
/** Upper bound on trials the engine accepts in one process (the public schema allows 10,000,000 unsplit). */
export const MAX_TRIALS = 100_000_000;

/** The bounds of one run: trials and bootstrap draws. */
export interface RunLimits {
  maxTrials: number;
  maxDraws: number;
}
/** A run computed in one process. */
export const SINGLE_LIMITS: RunLimits = { maxTrials: MAX_TRIALS, maxDraws: MAX_DRAWS };
/**
 * A run cut into chunks of trial blocks (each chunk an ordinary run, spread over every worker):
 * up to 10^9 trials and 10^12 draws in all (a chunk stays within the single-process bounds).
 */
export const SPLIT_LIMITS: RunLimits = { maxTrials: 1_000_000_000, maxDraws: 1_000_000_000_000 };
/** Upper bound on maxPeriods / periods (the public schema allows 5,200). */
export const MAX_PERIODS = 100_000;
/** Trials per chunk between progress reports and cancellation checks. */
export const CHUNK = 1 << 14;

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 4 });

/** Checks samples and returns them as a Float64Array plus their mean. */
export function checkSamples(samples: unknown): { data: Float64Array; mean: number } {
  if (!Array.isArray(samples)) throw new ForecastInputError("samples", "samples must be a list of numbers");
  if (samples.length === 0) throw new ForecastInputError("samples", "samples must contain at least 1 value");
  const data = new Float64Array(samples.length);
  let sum = 0;
  samples.forEach((v: unknown, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ForecastInputError("samples", `samples[${i}] must be a finite number, got ${String(v)}`);
    }
    if (v < 0) throw new ForecastInputError("samples", `samples[${i}] must be at least 0, got ${v}`);
    data[i] = v;
    sum += v;
  });
  return { data, mean: sum / samples.length };
}

/** Throws a ForecastInputError for `field` unless `v` is an integer in [min, max]. */
export function checkInt(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new ForecastInputError(
      field,
      `${field} must be a whole number from ${fmt(min)} to ${fmt(max)}, got ${String(v)}`,
    );
  }
  return v;
}

/** Checks the throughput multiplier (default 1). */
export function checkFocus(focus: unknown): number {
  if (focus === undefined) return 1;
  if (typeof focus !== "number" || !Number.isFinite(focus) || focus <= 0 || focus > 1) {
    throw new ForecastInputError("focus", `focus must be greater than 0 and at most 1, got ${String(focus)}`);
  }
  return focus;
}

/** Default give-up horizon of a trial, in periods. */
export const DEFAULT_MAX_PERIODS = 1000;
/** Default calendar days per period (weekly throughput). */
export const DEFAULT_PERIOD_DAYS = 7;

/** Checks maxPeriods (default {@link DEFAULT_MAX_PERIODS}). */
export function checkMaxPeriods(v: unknown): number {
  return checkInt("maxPeriods", v ?? DEFAULT_MAX_PERIODS, 1, MAX_PERIODS);
}

/** Checks periodDays (default {@link DEFAULT_PERIOD_DAYS}). */
export function checkPeriodDays(v: unknown): number {
  return checkInt("periodDays", v ?? DEFAULT_PERIOD_DAYS, 1, 366);
}

interface RunFields {
  trials: unknown;
  seed?: unknown;
  percentiles: unknown;
  focus?: unknown;
}
interface CheckedRun {
  trials: number;
  levels: number[];
  focus: number;
}

/**
 * The checks every simulation makes after its own size inputs, in this order: trials, the seed
 * (a whole number 0..2^32−1, only `withSeed`), the percentile levels, focus.
 */
export function checkRun(input: RunFields, withSeed: true, maxTrials?: number): CheckedRun & { seed: number };
export function checkRun(input: RunFields, withSeed?: false): CheckedRun;
export function checkRun(input: RunFields, withSeed = false, maxTrials = MAX_TRIALS): CheckedRun & { seed?: number } {
  const trials = checkInt("trials", input.trials, 1, maxTrials);
  const seed = withSeed ? checkInt("seed", input.seed, 0, 0xffffffff) : undefined;
  const levels = checkPercentiles(input.percentiles);
  return { trials, seed, levels, focus: checkFocus(input.focus) };
}

/** Checks percentile levels (in percent, each strictly between 0 and 100). */
export function checkPercentiles(percentiles: unknown): number[] {
  if (!Array.isArray(percentiles) || percentiles.length === 0) {
    throw new ForecastInputError("percentiles", "percentiles must contain at least 1 value");
  }
  for (const p of percentiles) {
    if (typeof p !== "number" || !Number.isFinite(p) || p <= 0 || p >= 100) {
      throw new ForecastInputError(
        "percentiles",
        `each percentile must be greater than 0 and less than 100, got ${String(p)}`,
      );
    }
  }
  return percentiles as number[];
}

/** Throws when `trials × periodsPerTrial` bootstrap draws exceed `maxDraws` (default {@link MAX_DRAWS}). */
export function checkWork(trials: number, periodsPerTrial: number, maxDraws = MAX_DRAWS): void {
  const draws = trials * periodsPerTrial;
  if (draws > maxDraws) {
    throw new ForecastInputError(
      "trials",
      `this forecast needs about ${fmt(Math.round(draws))} draws (${fmt(trials)} trials × ~${fmt(Math.round(periodsPerTrial))} periods), ` +
        `more than the limit of ${fmt(maxDraws)}; lower trials or the backlog`,
    );
  }
}

/** Chunked progress/cancel plumbing shared by the simulations. */
export interface ForecastOptions {
  /** Uniform [0,1) generator; seed it from the input's `seed` for reproducible results. */
  rng: Rng;
  /** Called after every chunk with a fraction in [0, 1] (non-decreasing) and a stage name. */
  onProgress?: (fraction: number, stage?: string) => void;
  /** Checked between chunks; when aborted the run throws ForecastCancelledError. */
  signal?: { readonly aborted: boolean };
}

export { fmt as formatNumber };
