/**
 * Deadline risk: the probability of finishing a backlog by a deadline, and the scope reachable
 * by it at each confidence ("q % chance of at least n items", the LOWER tail), with an optional
 * trend-aware throughput model. The engine returns numbers only; the UI explains them.
 *
 * Each trial draws a backlog (fixed, or uniform over an integer range), then simulates the
 * P = periodsToDeadline periods between startDate and the deadline and counts the whole items
 * done: total = floor(Σ throughput × focus). The trial meets the deadline when total ≥ backlog,
 * so probability = P(S_P ≥ B) = P(T ≤ P), the "when" CDF at the deadline.
 *
 * Throughput models (`trend`):
 * - "none": the plain bootstrap, every historical period equally likely.
 * - "recent": bootstrap with weights 0.5^((n−1−i)/halfLife) — the newest period weighs 1, one
 *   half-life earlier weighs ½ (default halfLife max(2, round(n/3)) periods).
 * - "fitted": an OLS line y = a + b·x over the history (x = 0..n−1). Each trial draws a slope
 *   b ~ N(b̂, se(b̂)); the intercept follows it through the centroid (a = ȳ − b·x̄, as OLS does),
 *   so slope uncertainty widens with the distance from the middle of the history. Future period
 *   k (1-based) delivers max(0, a + b·(n−1+k) + r), r a residual drawn uniformly.
 * `baseline` is always the plain bootstrap; in each block of trials it runs first, on the block's
 * stream, so it equals the result of trend "none" for the same seed.
 */

import { ForecastInputError } from "./errors";
import { checkPeriodCalendar, checkRange, normal } from "./analytics-common";
import { lowerTailOf, mergeTotals, simulateTotals, type BlocksOptions, type TotalsTally } from "./totals";
import { whenBlockCount } from "./when-sim";
import {
  MAX_PERIODS,
  SINGLE_LIMITS,
  type RunLimits,
  checkPeriodDays,
  checkRun,
  checkSamples,
  checkWork,
  formatNumber as fmt,
  type ForecastOptions,
} from "./validate";
import type { Rng } from "../shared/rng";

export type DeadlineTrend = "none" | "recent" | "fitted";

export interface DeadlineInput {
  /** Historical throughput per period, oldest first (order matters for "recent" and "fitted"). */
  samples: number[];
  /** Items to finish: a whole number, or a range drawn uniformly (integers) per trial. */
  backlog: number | { min: number; max: number };
  /** "YYYY-MM-DD", first day of the forecast. */
  startDate: string;
  /** "YYYY-MM-DD", not before startDate. */
  deadline: string;
  /** Calendar days per period; default 7. */
  periodDays?: number;
  /** Only with periodDays 1: periods are working days (Mon–Fri). */
  skipWeekends?: boolean;
  trials: number;
  /** Whole number 0..2^32−1; chooses the random streams (same seed → same result). */
  seed: number;
  /** Confidence levels in percent, each strictly between 0 and 100. */
  percentiles: number[];
  /** Throughput multiplier in (0, 1]; default 1. */
  focus?: number;
  /** Throughput model; default "none". */
  trend?: DeadlineTrend;
  /** Periods for the weight to halve (trend "recent"); default max(2, round(n/3)). */
  halfLife?: number;
}

export interface DeadlineTrendInfo {
  model: DeadlineTrend;
  /** Trend "recent" only: the half-life used, in periods. */
  halfLife?: number;
  /** Trend "fitted" only: the OLS slope b̂, items per period per period. */
  slopePerPeriod?: number;
  /** Trend "fitted" only: the standard error of b̂. */
  slopeStdErr?: number;
  /**
   * Throughput per period the model expects going forward (before focus): "none" the plain
   * mean, "recent" the weighted mean, "fitted" the fitted line's average over the periods to
   * the deadline (the next period when there are none), floored at 0 per period.
   */
  recentMean: number;
  /** Plain mean of the history. */
  overallMean: number;
  /** History periods the model used (all of them). */
  periodsUsed: number;
}

export interface DeadlineResult {
  /** Whole periods between startDate and deadline (working days with skipWeekends). */
  periodsToDeadline: number;
  /** Share of trials that finished their backlog by the deadline. */
  probability: number;
  /** Keyed by String(q): the largest n with P(items done by the deadline ≥ n) ≥ q/100. */
  scope: Record<string, number>;
  /** scope / mean backlog, capped at 1 (1 when the backlog is 0). */
  scopeShare: Record<string, number>;
  trend: DeadlineTrendInfo;
  /** The plain bootstrap ("none") for comparison; the same numbers when trend is "none". */
  baseline: { probability: number; scope: Record<string, number> };
  trials: number;
  seed: number;
}

/** Draws one period's throughput; `k` is the 1-based future period. Per-trial state via `begin`. */
interface Model {
  begin(rng: Rng): void;
  draw(rng: Rng, k: number): number;
}

/** Checks a run (ForecastInputError naming the field and the limit) and builds its throughput models. */
export function planDeadline(input: DeadlineInput, limits: RunLimits) {
  const { data: samples, mean: overallMean } = checkSamples(input.samples);
  const bounds = checkRange("backlog", input.backlog);
  const { trials, seed, levels, focus } = checkRun(input, true, limits.maxTrials);
  const periodDays = checkPeriodDays(input.periodDays);
  if (input.startDate === undefined) throw new ForecastInputError("startDate", "startDate is required");
  if (input.deadline === undefined) throw new ForecastInputError("deadline", "deadline is required");
  const { periodsToDeadline: p } = checkPeriodCalendar({ ...input, periodDays });
  const periods = p!;
  if (periods > MAX_PERIODS) {
    throw new ForecastInputError(
      "deadline",
      `the deadline is ${fmt(periods)} periods after startDate, more than the limit of ${fmt(MAX_PERIODS)}`,
    );
  }
  const trend = input.trend ?? "none";
  if (trend !== "none" && trend !== "recent" && trend !== "fitted") {
    throw new ForecastInputError("trend", `trend must be one of none, recent, fitted, got ${String(trend)}`);
  }
  const n = samples.length;
  const halfLife = checkHalfLife(input.halfLife, n);
  if (overallMean === 0 && bounds.max > 0) {
    throw new ForecastInputError("samples", "throughput samples are all zero: the backlog would never be finished");
  }
  if (trend === "fitted" && n < 3) {
    throw new ForecastInputError("samples", `a fitted trend needs at least 3 samples, got ${n}`);
  }
  checkWork(trials, periods * (trend === "none" ? 1 : 2), limits.maxDraws);

  const plain: Model = { begin: () => {}, draw: (rng) => samples[Math.floor(rng() * n)]! };
  const models = [plain];
  const info: DeadlineTrendInfo = { model: trend, recentMean: overallMean, overallMean, periodsUsed: n };
  if (trend === "recent") {
    const { model, mean } = recentModel(samples, halfLife);
    info.halfLife = halfLife;
    info.recentMean = mean;
    models.push(model);
  } else if (trend === "fitted") {
    const fit = fittedModel(samples, periods);
    Object.assign(info, { slopePerPeriod: fit.slope, slopeStdErr: fit.stdErr, recentMean: fit.projectedMean });
    models.push(fit.model);
  }
  return { bounds, trials, seed, levels, focus, periods, models, info };
}

/** What blocks of a deadline run produced: per model (baseline, then the trend's), totals and met deadlines. */
export interface DeadlineTally {
  totals: TotalsTally[];
  met: number[];
}

/**
 * Blocks [from, to) of a run (block k = trials k·65,536 … on random stream k of the seed; in each
 * block the baseline's trials, then the trend's, on the same stream); combine with {@link deadlineFromTallies}.
 */
/** Block options of a deadline run: `onTally` builds its tally so far on demand, after every block. */
export type DeadlineBlocksOptions = Omit<BlocksOptions, "onBlock"> & {
  onTally?: (tally: () => DeadlineTally) => void;
};

export function simulateDeadlineRange(
  input: DeadlineInput,
  from: number,
  to: number,
  o: DeadlineBlocksOptions = {},
  limits: RunLimits = SINGLE_LIMITS,
): DeadlineTally {
  const { bounds, trials, seed, focus, periods, models } = planDeadline(input, limits);
  const span = bounds.max - bounds.min + 1;
  const met = models.map(() => 0);
  const kinds = models.map((model, k) => (rng: Rng) => {
    const backlog = span === 1 ? bounds.min : bounds.min + Math.floor(rng() * span);
    model.begin(rng);
    let acc = 0;
    for (let p = 1; p <= periods; p++) acc += model.draw(rng, p);
    // Whole items; the tiny slack stops 10 × 0.1-style rounding from losing an item.
    const total = Math.floor(acc * focus * (1 + 1e-12) + 1e-9);
    if (total >= backlog) met[k]!++;
    return total;
  });
  const { onTally, ...blocks } = o;
  const onBlock: BlocksOptions["onBlock"] = onTally && ((t) => onTally(() => ({ totals: t(), met: [...met] })));
  const totals = simulateTotals({ seed, trials, from, to }, kinds, { ...blocks, onBlock });
  return { totals, met };
}

/** The result of a run from the tallies of disjoint block ranges that together cover every block. */
export function deadlineFromTallies(
  input: DeadlineInput,
  parts: readonly DeadlineTally[],
  limits: RunLimits = SINGLE_LIMITS,
): DeadlineResult {
  const { bounds, trials, seed, levels, periods, models, info } = planDeadline(input, limits);
  const runs = models.map((_, k) => {
    const t = mergeTotals(parts.map((part) => part.totals[k]!));
    if (t.trials !== trials) throw new RangeError(`the tallies cover ${t.trials} of the run's ${trials} trials`);
    const scope: Record<string, number> = {};
    for (const q of levels) scope[String(q)] = lowerTailOf(t, q / 100);
    return { probability: parts.reduce((a, part) => a + part.met[k]!, 0) / trials, scope };
  });
  const baseline = runs[0]!;
  const main = runs[runs.length - 1]!;
  const meanBacklog = (bounds.min + bounds.max) / 2;
  const scopeShare: Record<string, number> = {};
  for (const [k, v] of Object.entries(main.scope)) scopeShare[k] = meanBacklog === 0 ? 1 : Math.min(1, v / meanBacklog);
  return {
    periodsToDeadline: periods,
    probability: main.probability,
    scope: main.scope,
    scopeShare,
    trend: info,
    baseline: { probability: baseline.probability, scope: baseline.scope },
    trials,
    seed,
  };
}

/**
 * Runs the deadline-risk forecast. Trials run in blocks of 65,536, block k on random stream k of
 * `input.seed` (`opts.rng` is not drawn from), so a run cut into chunks gives the same result.
 * Throws ForecastInputError on bad input, ForecastCancelledError on abort.
 */
export function forecastDeadline(
  input: DeadlineInput,
  opts: ForecastOptions & Pick<DeadlineBlocksOptions, "onTally">,
): DeadlineResult {
  const { trials } = planDeadline(input, SINGLE_LIMITS);
  const { onProgress, signal } = opts;
  const tally = simulateDeadlineRange(input, 0, whenBlockCount(trials), {
    signal,
    onShare: onProgress && ((f) => onProgress(0.98 * f, "simulating")),
    onTally: opts.onTally,
  });
  onProgress?.(0.99, "summarising");
  const out = deadlineFromTallies(input, [tally]);
  onProgress?.(1, "summarising");
  return out;
}

function checkHalfLife(halfLife: unknown, n: number): number {
  if (halfLife === undefined) return Math.max(2, Math.round(n / 3));
  if (typeof halfLife !== "number" || !Number.isFinite(halfLife) || halfLife <= 0 || halfLife > MAX_PERIODS) {
    throw new ForecastInputError(
      "halfLife",
      `halfLife must be greater than 0 and at most ${fmt(MAX_PERIODS)} periods, got ${String(halfLife)}`,
    );
  }
  return halfLife;
}

/** Weighted bootstrap (Vose alias table: one index and one coin per draw). */
function recentModel(samples: Float64Array, halfLife: number): { model: Model; mean: number } {
  const n = samples.length;
  const w = new Float64Array(n);
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    w[i] = 0.5 ** ((n - 1 - i) / halfLife);
    total += w[i]!;
    weighted += w[i]! * samples[i]!;
  }
  const prob = new Float64Array(n).fill(1);
  const alias = new Int32Array(n);
  const scaled = w.map((x) => (x * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((x, i) => (x < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  const model: Model = {
    begin: () => {},
    draw: (rng) => {
      const i = Math.floor(rng() * n);
      return samples[rng() < prob[i]! ? i : alias[i]!]!;
    },
  };
  return { model, mean: weighted / total };
}

/** OLS line with slope uncertainty and resampled residuals (n ≥ 3). */
function fittedModel(samples: Float64Array, periods: number) {
  const n = samples.length;
  const xBar = (n - 1) / 2;
  let yBar = 0;
  for (let i = 0; i < n; i++) yBar += samples[i]!;
  yBar /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (i - xBar) ** 2;
    sxy += (i - xBar) * (samples[i]! - yBar);
  }
  const slope = sxy / sxx;
  const resid = new Float64Array(n);
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    resid[i] = samples[i]! - (yBar + slope * (i - xBar));
    ssr += resid[i]! ** 2;
  }
  const stdErr = Math.sqrt(ssr / (n - 2) / sxx);
  const horizon = Math.max(1, periods);
  let projected = 0;
  for (let k = 1; k <= horizon; k++) projected += Math.max(0, yBar + slope * (n - 1 + k - xBar));

  let b = slope;
  const model: Model = {
    begin: (rng) => {
      b = slope + stdErr * normal(rng);
    },
    draw: (rng, k) => Math.max(0, yBar + b * (n - 1 + k - xBar) + resid[Math.floor(rng() * n)]!),
  };
  return { model, slope, stdErr, projectedMean: projected / horizon };
}
