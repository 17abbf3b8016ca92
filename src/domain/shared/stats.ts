/**
 * Descriptive statistics for non-hot code: sum, mean, median, quantile, variance, standard deviation.
 * The Monte Carlo kernels keep their own typed-array loops (src/domain/forecast, src/server/threads).
 *
 * Numbers are computed the plain way on purpose — a left-to-right sum from 0, the mean as sum / n,
 * two-pass variance — so that replacing an inline `xs.reduce((a, b) => a + b, 0) / xs.length` changes
 * no result in its last bit (the engines' tests compare with published reference values). That is
 * why this is not simple-statistics, whose sum is Kahan-compensated and whose quantile picks
 * differently. Empty input throws where no value is meaningful (mean, median, quantile).
 */

export type Numbers = ArrayLike<number>;

function nonEmpty(xs: Numbers, what: string): void {
  if (xs.length === 0) throw new RangeError(`${what} of no values`);
}

/** x₀ + x₁ + … left to right from 0 (0 for no values). */
export function sum(xs: Numbers): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

/** The arithmetic mean, sum / n. Throws RangeError for no values. */
export function mean(xs: Numbers): number {
  nonEmpty(xs, "mean");
  return sum(xs) / xs.length;
}

/** The values in ascending numeric order (a copy). */
export function sortedAscending(xs: Numbers): number[] {
  return Array.from(xs).sort((a, b) => a - b);
}

/** The median of values already in ascending order: the middle one, or the mean of the two middle ones. */
export function medianSorted(sorted: Numbers): number {
  nonEmpty(sorted, "median");
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

/** The median (the input is not changed). Throws RangeError for no values. */
export function median(xs: Numbers): number {
  return medianSorted(sortedAscending(xs));
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of values already in ascending order, interpolating linearly between
 * the two nearest ranks (R's type 7, numpy's default): position (n − 1)·p.
 */
export function quantileSorted(sorted: Numbers, p: number): number {
  nonEmpty(sorted, "quantile");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be within 0..1, got ${p}`);
  const idx = (sorted.length - 1) * p;
  const lo = Math.floor(idx);
  if (lo + 1 >= sorted.length) return sorted[lo]!;
  const w = idx - lo;
  return sorted[lo]! * (1 - w) + sorted[lo + 1]! * w;
}

/** The p-quantile (see quantileSorted) of values in any order. */
export function quantile(xs: Numbers, p: number): number {
  return quantileSorted(sortedAscending(xs), p);
}

/** The sample variance Σ(x − mean)² / (n − 1), two-pass. Throws RangeError for fewer than 2 values. */
export function sampleVariance(xs: Numbers): number {
  if (xs.length < 2) throw new RangeError(`sample variance needs at least 2 values, got ${xs.length}`);
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - m) ** 2;
  return ss / (xs.length - 1);
}

/** The sample standard deviation √(Σ(x − mean)² / (n − 1)). Throws RangeError for fewer than 2 values. */
export function sampleStandardDeviation(xs: Numbers): number {
  return Math.sqrt(sampleVariance(xs));
}
