/**
 * Percentile conventions used by the forecast engine. Levels `q` are fractions in [0, 1].
 *
 * The engine reports **nearest-rank on the empirical CDF**: for durations, the Pq value is the
 * smallest t such that the share of trials finished on or before t is at least q (Magennis,
 * ActionableAgile). `pctLinear` (linear interpolation between closest ranks, numpy's default)
 * is kept for compatibility with the seed system and for deterministic helpers; it is not used
 * for reported forecasts because it can return fractional periods.
 */

/** Guards `share >= q` against representation error (0.1 + 0.2 style) in q or in the share. */
const EPS = 1e-9;

/**
 * Nearest-rank on a CDF given as an array: the smallest index t with `cdf[t] >= q`, or null
 * when the CDF never reaches q.
 */
export function nearestRankFromCdf(cdf: ArrayLike<number>, q: number): number | null {
  for (let t = 0; t < cdf.length; t++) if (cdf[t]! >= q - EPS) return t;
  return null;
}

/**
 * Nearest-rank on a histogram: `counts[t]` trials ended at t, out of `total` trials (trials
 * missing from `counts`, e.g. did-not-finish, count as "later than every t"). Returns the
 * smallest t with `sum(counts[0..t]) / total >= q`, or null when that share is never reached.
 */
export function nearestRankFromCounts(counts: ArrayLike<number>, total: number, q: number): number | null {
  if (total <= 0) return null;
  const need = q * total - EPS * total;
  let cum = 0;
  for (let t = 0; t < counts.length; t++) {
    cum += counts[t]!;
    if (cum >= need && cum > 0) return t;
  }
  return null;
}

/**
 * Nearest-rank percentile of an ascending-sorted list: the value at 1-based rank ceil(q·n).
 * q ≤ 0 gives the first value, q ≥ 1 the last; an empty list gives null.
 */
export function nearestRank(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n - EPS * n)));
  return sorted[rank - 1]!;
}

/**
 * Linear interpolation between closest ranks (numpy's default): index (n−1)·p, weighted between
 * its floor and the next value. p ≤ 0 gives the first value, p ≥ 1 the last, an empty list 0.
 * Example: pctLinear([1,2,3,4,5], 0.85) = 4.4.
 */
export function pctLinear(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (p <= 0) return sorted[0]!;
  if (p >= 1) return sorted[n - 1]!;
  const idx = (n - 1) * p;
  const lo = Math.floor(idx);
  if (lo + 1 >= n) return sorted[lo]!;
  const w = idx - lo;
  return sorted[lo]! * (1 - w) + sorted[lo + 1]! * w;
}

/**
 * Data-quality indicator from the seed system (0..100): sort the samples, split them into
 * values at odd and at even positions, and return round(100·|mean(odd) − mean(even)| / (max − min)).
 * Fewer than two samples, or max = min, give 0. Each mean is computed as sum / count in double
 * precision, as the original does; for the improvingflow data the exact value is 12.5 but the
 * floating-point difference is 0.9999999999999996, so the result is 12 (reference case A-P6).
 */
export function errorRate(samples: readonly number[]): number {
  if (samples.length <= 1) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (max === min) return 0;
  let oddSum = 0;
  let oddCount = 0;
  let evenSum = 0;
  let evenCount = 0;
  sorted.forEach((v, i) => {
    if (i % 2 === 1) {
      oddSum += v;
      oddCount++;
    } else {
      evenSum += v;
      evenCount++;
    }
  });
  return Math.round((100 * Math.abs(oddSum / oddCount - evenSum / evenCount)) / (max - min));
}
