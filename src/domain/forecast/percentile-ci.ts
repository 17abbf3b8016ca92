/**
 * Percentiles of a forecast's trials so far, each with its 95 % confidence interval from the order
 * statistics — no extra simulation. For the p-quantile of n trials, the number of trials at or below
 * the true quantile is Binomial(n, p); the interval is the values at ranks [l, u] of the sorted trials,
 * l and u the 2.5 % and 97.5 % quantiles of that binomial (exact: its probabilities are summed, not
 * approximated), mapped to values through the cumulative tallies. Pure: no clock, no RNG.
 */
import { nearestRankFromCounts } from "./percentiles";

/** Relative weight below which a binomial term no longer changes a 2.5 % / 97.5 % quantile. */
const NEGLIGIBLE = 1e-18;
/** Guards `cdf >= q` against the rounding of the summed terms. */
const EPS = 1e-12;

function checkLevel(p: number, name: string): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`${name} must be within (0, 1), got ${p}`);
}

function checkTrials(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`trials must be a whole number ≥ 1, got ${n}`);
}

/**
 * The q-quantile of Binomial(n, p): the smallest k in 0..n with P(X ≤ k) ≥ q. Exact up to rounding:
 * the terms are summed outward from the mode (each from its neighbour, pmf(k+1)/pmf(k) =
 * (n−k)/(k+1) · p/(1−p)) until they are negligible — O(√n) work, so millions of trials are cheap.
 */
export function binomialQuantile(n: number, p: number, q: number): number {
  checkTrials(n);
  checkLevel(p, "p");
  checkLevel(q, "q");
  const r = p / (1 - p);
  const mode = Math.min(n, Math.max(0, Math.floor((n + 1) * p)));
  // Weights relative to the mode's: below (mode-1, mode-2, …) and from the mode up.
  const down: number[] = [];
  for (let k = mode, w = 1; k > 0; k--) {
    w *= k / ((n - k + 1) * r);
    if (w < NEGLIGIBLE) break;
    down.push(w);
  }
  const up: number[] = [1];
  for (let k = mode, w = 1; k < n; k++) {
    w *= ((n - k) / (k + 1)) * r;
    if (w < NEGLIGIBLE) break;
    up.push(w);
  }
  let total = 0;
  for (const w of down) total += w;
  for (const w of up) total += w;
  const need = (q - EPS) * total;
  let cum = 0;
  for (let i = down.length - 1; i >= 0; i--) {
    cum += down[i]!;
    if (cum >= need) return mode - 1 - i;
  }
  for (let i = 0; i < up.length; i++) {
    cum += up[i]!;
    if (cum >= need) return mode + i;
  }
  return Math.min(n, mode + up.length - 1);
}

/** The 1-based ranks [lower, upper] of the sorted n trials that bound the p-quantile at 95 %. */
export function percentileRanks(n: number, p: number): { lower: number; upper: number } {
  const lower = binomialQuantile(n, p, 0.025);
  const upper = binomialQuantile(n, p, 0.975);
  return { lower: Math.min(n, Math.max(1, lower)), upper: Math.min(n, Math.max(1, upper)) };
}

/**
 * The value at 1-based `rank` of the sorted trials, from `counts[t]` = trials that ended at t (trials
 * not in `counts`, e.g. did-not-finish, rank after every t): null when the rank is past them.
 */
export function valueAtRank(counts: ArrayLike<number>, rank: number): number | null {
  let cum = 0;
  for (let t = 0; t < counts.length; t++) {
    cum += counts[t]!;
    if (cum >= rank) return t;
  }
  return null;
}

export interface PercentileEstimate {
  /** Nearest-rank percentile of the trials so far (as the final result computes it). */
  value: number | null;
  /** 95 % confidence interval of the true percentile; null bounds lie past the last finished trial. */
  lower: number | null;
  upper: number | null;
}

/**
 * Each level (percent, e.g. 85) of the `trials` tallied in `counts`, with its 95 % interval. Keys are
 * the levels as written (String(level)), as in the final result.
 */
export function percentilesWithIntervals(
  counts: ArrayLike<number>,
  trials: number,
  levels: readonly number[],
): Record<string, PercentileEstimate> {
  checkTrials(trials);
  const out: Record<string, PercentileEstimate> = {};
  for (const level of levels) {
    const p = level / 100;
    checkLevel(p, "percentile / 100");
    const { lower, upper } = percentileRanks(trials, p);
    out[String(level)] = {
      value: nearestRankFromCounts(counts, trials, p),
      lower: valueAtRank(counts, lower),
      upper: valueAtRank(counts, upper),
    };
  }
  return out;
}

/**
 * The CDF of the trials so far, P(T ≤ periods), at most about `maxPoints` points: every period when
 * there are few, else every k-th plus the last (the shape, for a chart that fills in live).
 */
export function compactCdf(
  counts: ArrayLike<number>,
  trials: number,
  maxPoints = 60,
): { periods: number; p: number }[] {
  checkTrials(trials);
  let first = -1;
  let last = -1;
  for (let t = 0; t < counts.length; t++)
    if (counts[t]! > 0) {
      if (first < 0) first = t;
      last = t;
    }
  if (first < 0) return [];
  const step = Math.max(1, Math.ceil((last - first + 1) / Math.max(1, maxPoints)));
  const out: { periods: number; p: number }[] = [];
  let cum = 0;
  for (let t = first; t <= last; t++) {
    cum += counts[t]!;
    if ((t - first) % step === 0 || t === last) out.push({ periods: t, p: cum / trials });
  }
  return out;
}

/**
 * "How many" levels (percent) of a tally of distinct totals: "L % chance of at least n items" is the
 * lower tail — the (1 − L/100) quantile, as lowerTailOf computes it — with its 95 % interval from the
 * order statistics (ranks of that quantile, mapped through the cumulative counts of `values`).
 */
export function lowerTailsWithIntervals(
  t: { values: readonly number[]; counts: readonly number[]; trials: number },
  levels: readonly number[],
): Record<string, PercentileEstimate> {
  checkTrials(t.trials);
  const n = t.trials;
  const at = (rank: number): number | null => {
    let cum = 0;
    for (let i = 0; i < t.values.length; i++) {
      cum += t.counts[i]!;
      if (cum >= rank) return t.values[i]!;
    }
    return null;
  };
  const out: Record<string, PercentileEstimate> = {};
  for (const level of levels) {
    const q = level / 100;
    checkLevel(q, "percentile / 100");
    const m = Math.min(n, Math.max(1, Math.ceil(q * n - 1e-9 * n)));
    const { lower, upper } = percentileRanks(n, 1 - q);
    out[String(level)] = { value: at(n - m + 1), lower: at(lower), upper: at(upper) };
  }
  return out;
}
