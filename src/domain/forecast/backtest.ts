/**
 * Walk-forward backtest of the "when" forecast with a REPLAY of the realised throughput.
 *
 * For each cut-off c = minTrain, minTrain + step, … (c < n) the forecast uses only the training
 * slice samples[max(0, c − window) .. c) (window absent/null: the whole past, an expanding
 * window): a Monte Carlo bootstrap of the periods needed to finish `backlog` items, reported
 * as nearest-rank percentiles (the same rule as forecastWhen). The actual is then REPLAYED from
 * the history after the cut-off: the first k with sum(samples[c .. c+k)) ≥ backlog. When the
 * history ends first (or k would exceed maxPeriods) the fold is censored: it has no actual and
 * counts in no coverage, metric or calibration figure.
 *
 * - coverage[q]: hits = uncensored folds with actual ≤ forecast_q; rate = hits / total, which
 *   should be near q/100 when the forecast is calibrated (nearest-rank on whole periods rounds
 *   up, so slightly above q/100 is expected).
 * - A forecast of null means "not reached within maxPeriods": since replays are capped at
 *   maxPeriods it is always a hit, and it is left out of the accuracy metrics.
 * - metrics[q]: accuracyMetrics(forecast_q, actual) over the folds with both (null when none).
 * - calibration: the same hit rate at levels 5, 10, …, 95 (null when every fold is censored).
 *
 * Randomness: each fold runs its own generator createRng(deriveSeed(seed, cutoff)), so a fold's
 * forecast depends only on the seed, its cut-off and its training slice — not on minTrain, step
 * or the other folds. `opts.rng` is therefore not used.
 */

import { createRng } from "../shared/rng";
import { accuracyMetrics, type AccuracyMetrics } from "./accuracy";
import { deriveSeed, MAX_ITEMS } from "./analytics-common";
import { ForecastCancelledError, ForecastInputError } from "./errors";
import {
  CHUNK,
  MAX_PERIODS,
  MAX_TRIALS,
  checkInt,
  checkMaxPeriods,
  checkPercentiles,
  checkSamples,
  formatNumber as fmt,
  type ForecastOptions,
} from "./validate";

export interface BacktestInput {
  /** Chronological throughput history (oldest first), each ≥ 0. */
  samples: number[];
  /** Items to finish from each cut-off (whole, ≥ 1). */
  backlog: number;
  /** First cut-off: periods of history before the first forecast; default 8. */
  minTrain?: number;
  /** Training window in periods; null/absent = expanding (all history before the cut-off). */
  window?: number | null;
  /** Periods between cut-offs; default 1. */
  step?: number;
  /** Trials per fold. */
  trials: number;
  /** Whole number 0..2^32−1; each fold's generator is derived from it and its cut-off. */
  seed: number;
  /** Levels in percent, each strictly between 0 and 100. */
  percentiles: number[];
  /** Give up on a trial (and on a replay) after this many periods; default 1000. */
  maxPeriods?: number;
}

export interface BacktestFold {
  /** Index of the first period after the training slice. */
  cutoff: number;
  trainSize: number;
  /** Periods to finish, keyed by String(q); null when not reached within maxPeriods. */
  forecast: Record<string, number | null>;
  /** Replayed periods to finish; null when censored. */
  actual: number | null;
}

export interface BacktestResult {
  folds: BacktestFold[];
  coverage: Record<string, { hits: number; total: number; rate: number | null }>;
  /** Null for a level when no fold has both an actual and a forecast. */
  metrics: Record<string, AccuracyMetrics | null>;
  calibration: { level: number; observed: number | null }[];
  censored: number;
  trials: number;
  seed: number;
  maxPeriods: number;
}

export const CALIBRATION_LEVELS = Array.from({ length: 19 }, (_, i) => 5 * (i + 1));
/** Upper bound on draws summed over a backtest's folds (one thread, so lower than a forecast's). */
export const MAX_BACKTEST_DRAWS = 2_000_000_000;
const DEFAULT_MIN_TRAIN = 8;
const EPS = 1e-9;

/** Runs the backtest. Throws ForecastInputError on bad input, ForecastCancelledError on abort. */
export function backtest(input: BacktestInput, opts: ForecastOptions): BacktestResult {
  const { data: samples, mean } = checkSamples(input.samples);
  const n = samples.length;
  if (n > MAX_PERIODS) {
    throw new ForecastInputError("samples", `samples must contain at most ${fmt(MAX_PERIODS)} values, got ${fmt(n)}`);
  }
  const backlog = checkInt("backlog", input.backlog, 1, MAX_ITEMS);
  const minTrain = checkInt("minTrain", input.minTrain ?? DEFAULT_MIN_TRAIN, 1, MAX_PERIODS);
  if (n <= minTrain) {
    throw new ForecastInputError(
      "samples",
      `samples must contain more than minTrain (${fmt(minTrain)}) values to replay after a cut-off, got ${fmt(n)}`,
    );
  }
  const window = input.window == null ? null : checkInt("window", input.window, 1, MAX_PERIODS);
  const step = checkInt("step", input.step ?? 1, 1, MAX_PERIODS);
  const trials = checkInt("trials", input.trials, 1, MAX_TRIALS);
  const seed = checkInt("seed", input.seed, 0, 4_294_967_295);
  const levels = checkPercentiles(input.percentiles);
  const maxPeriods = checkMaxPeriods(input.maxPeriods);
  if (mean === 0)
    throw new ForecastInputError("samples", "throughput samples are all zero: no backlog is ever finished");

  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + samples[i]!;
  const cutoffs: number[] = [];
  for (let c = minTrain; c < n; c += step) cutoffs.push(c);
  const from = (c: number) => (window === null ? 0 : Math.max(0, c - window));

  // Bound the work before doing any: ~min(maxPeriods, backlog / mean + 1) draws per trial and fold.
  let periodsPerTrial = 0;
  for (const c of cutoffs) {
    const m = (prefix[c]! - prefix[from(c)]!) / (c - from(c));
    if (m > 0) periodsPerTrial += Math.min(maxPeriods, Math.ceil(backlog / m) + 1);
  }
  if (trials * periodsPerTrial > MAX_BACKTEST_DRAWS) {
    throw new ForecastInputError(
      "trials",
      `this backtest needs about ${fmt(Math.round(trials * periodsPerTrial))} draws (${fmt(cutoffs.length)} folds × ` +
        `${fmt(trials)} trials × ~${fmt(Math.round(periodsPerTrial / cutoffs.length))} periods), more than the limit of ` +
        `${fmt(MAX_BACKTEST_DRAWS)}; lower trials or the backlog, or raise step`,
    );
  }

  const allLevels = [...new Set([...levels, ...CALIBRATION_LEVELS])].sort((a, b) => a - b);
  const counts = new Int32Array(maxPeriods + 1);
  const folds: BacktestFold[] = [];
  const at: Map<number, number | null>[] = []; // per fold: level → forecast, for every level
  for (let f = 0; f < cutoffs.length; f++) {
    const c = cutoffs[f]!;
    const train = samples.subarray(from(c), c);
    const progress = (share: number) => opts.onProgress?.((0.98 * (f + share)) / cutoffs.length, "simulating");
    const byLevel = forecastFold(
      train,
      backlog,
      trials,
      maxPeriods,
      allLevels,
      counts,
      deriveSeed(seed, c),
      opts,
      progress,
    );
    at.push(byLevel);
    const forecast: Record<string, number | null> = {};
    for (const q of levels) forecast[String(q)] = byLevel.get(q)!;
    folds.push({ cutoff: c, trainSize: train.length, forecast, actual: replay(prefix, c, backlog, maxPeriods) });
  }
  if (opts.signal?.aborted) throw new ForecastCancelledError();

  opts.onProgress?.(0.99, "summarising");
  const observed = folds.flatMap((fold, i) => (fold.actual === null ? [] : [{ actual: fold.actual, at: at[i]! }]));
  const hitsAt = (q: number) => observed.filter((o) => o.at.get(q) == null || o.actual <= o.at.get(q)!).length;
  const coverage: BacktestResult["coverage"] = {};
  const metrics: BacktestResult["metrics"] = {};
  for (const q of levels) {
    const hits = hitsAt(q);
    coverage[String(q)] = { hits, total: observed.length, rate: observed.length === 0 ? null : hits / observed.length };
    const pairs = observed.filter((o) => o.at.get(q) != null);
    metrics[String(q)] =
      pairs.length === 0
        ? null
        : accuracyMetrics(
            pairs.map((o) => o.at.get(q)!),
            pairs.map((o) => o.actual),
          );
  }
  const calibration = CALIBRATION_LEVELS.map((level) => ({
    level,
    observed: observed.length === 0 ? null : hitsAt(level) / observed.length,
  }));
  opts.onProgress?.(1, "summarising");
  return { folds, coverage, metrics, calibration, censored: folds.length - observed.length, trials, seed, maxPeriods };
}

/** First k ≥ 1 with sum(samples[c .. c+k)) ≥ backlog (binary search on prefix sums), or null. */
export function replay(prefix: Float64Array, c: number, backlog: number, maxPeriods: number): number | null {
  const last = Math.min(prefix.length - 1, c + maxPeriods);
  const target = prefix[c]! + backlog;
  if (prefix[last]! < target) return null;
  let lo = c + 1;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prefix[mid]! >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo - c;
}

/** Monte Carlo periods-to-finish for one fold; nearest-rank forecast for every level (ascending). */
function forecastFold(
  train: Float64Array,
  backlog: number,
  trials: number,
  maxPeriods: number,
  levels: number[],
  counts: Int32Array,
  foldSeed: number,
  opts: ForecastOptions,
  progress: (share: number) => void,
): Map<number, number | null> {
  const out = new Map<number, number | null>();
  let sum = 0;
  for (let i = 0; i < train.length; i++) sum += train[i]!;
  if (sum === 0) {
    // An all-zero training slice never finishes: every forecast is beyond maxPeriods.
    for (const q of levels) out.set(q, null);
    progress(1);
    return out;
  }
  const rng = createRng(foldSeed);
  const m = train.length;
  let last = 0;
  for (let start = 0; start < trials; start += CHUNK) {
    if (opts.signal?.aborted) throw new ForecastCancelledError();
    const end = Math.min(trials, start + CHUNK);
    for (let i = start; i < end; i++) {
      let acc = 0;
      let t = 0;
      while (acc < backlog && t < maxPeriods) {
        acc += train[Math.floor(rng() * m)]!;
        t++;
      }
      if (acc >= backlog) {
        counts[t]!++;
        if (t > last) last = t;
      }
    }
    progress(end / trials);
  }
  let cum = 0;
  let li = 0;
  for (let t = 0; t <= last && li < levels.length; t++) {
    cum += counts[t]!;
    while (li < levels.length && cum > 0 && cum >= (levels[li]! / 100) * trials - EPS * trials)
      out.set(levels[li++]!, t);
  }
  for (; li < levels.length; li++) out.set(levels[li]!, null);
  counts.fill(0, 0, last + 1);
  return out;
}
