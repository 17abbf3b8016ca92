/**
 * Value at risk: historical (a percentile of the returns, numpy's linear interpolation), conditional
 * (expected shortfall: the mean of the returns at or below the historical VaR) and parametric (normal,
 * μ + σ·Φ⁻¹(cutoff), σ the sample std). All are returns (a loss is negative), per period; missing
 * periods are left out.
 */
import { PortfolioInputError } from "./errors";
import { mean, sampleStandardDeviation } from "../shared/stats";
import { normalInv } from "./normal";
import { checkReturns, isMissing, type Ret } from "./returns";

/** Throws unless cutoff is a number in [0, 1] (`open`: in (0, 1)). */
export function checkCutoff(cutoff: number, field = "cutoff", open = false): number {
  const ok = typeof cutoff === "number" && (open ? cutoff > 0 && cutoff < 1 : cutoff >= 0 && cutoff <= 1);
  if (!ok) {
    throw new PortfolioInputError(
      field,
      open
        ? `${field} must be between 0 and 1 (exclusive; 0.05 = the worst 5 % of periods), got ${String(cutoff)}`
        : `${field} must be from 0 to 1 (0.05 = the worst 5 % of periods), got ${String(cutoff)}`,
    );
  }
  return cutoff;
}

/** The non-missing values of a checked series, in a new Float64Array. */
export function presentValues(returns: ArrayLike<Ret>): Float64Array {
  let m = 0;
  for (let i = 0; i < returns.length; i++) if (!isMissing(returns[i])) m++;
  const out = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i];
    if (!isMissing(v)) out[k++] = v as number;
  }
  return out;
}

/**
 * Rearranges a[lo..hi] so that a[k] is the value a full sort would put there, everything before it is
 * ≤ a[k] and everything after it ≥ a[k]. Floyd and Rivest's SELECT (CACM 18(3), 1975, Algorithm 489):
 * on long ranges it first selects within a small sample-sized band around k, so that the partition
 * around a[k] that follows leaves little to do — about n + o(n) comparisons for a 5 % tail.
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  let left = lo;
  let right = hi;
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      selectInPlace(a, k, newLeft, newRight);
    }
    const t = a[k]!;
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right]! > t) swap(a, right, left);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * The `cutoff` quantile of `values` with numpy's default ("linear") interpolation. Reorders `values`.
 * `values` must be non-empty and hold no NaN.
 */
export function quantileInPlace(values: Float64Array, cutoff: number): number {
  const m = values.length;
  const h = (m - 1) * cutoff;
  const lo = Math.floor(h);
  const a = selectInPlace(values, lo);
  if (lo + 1 >= m) return a;
  let b = Infinity;
  for (let i = lo + 1; i < m; i++) if (values[i]! < b) b = values[i]!;
  const t = h - lo;
  if (t === 0) return a;
  const d = b - a;
  // numpy's _lerp: from the nearer end, so the result is monotone in t and exact at both ends.
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** Historical VaR: the `cutoff` percentile of the non-missing returns (numpy linear); cutoff in [0, 1]. */
export function valueAtRisk(returns: readonly Ret[], cutoff = 0.05, field = "returns"): number {
  checkCutoff(cutoff);
  checkReturns(returns, field, 1);
  return quantileInPlace(presentValues(returns), cutoff);
}

/** Conditional VaR (expected shortfall): the mean of the non-missing returns ≤ the historical VaR. */
export function conditionalValueAtRisk(returns: readonly Ret[], cutoff = 0.05, field = "returns"): number {
  checkCutoff(cutoff);
  checkReturns(returns, field, 1);
  const v = presentValues(returns);
  const q = quantileInPlace(v, cutoff);
  return meanAtOrBelow(v, q);
}

/**
 * The mean of the values ≤ q (at least one value is ≤ q when q is one of their quantiles), summed as
 * deviations from q so that equal values give their value exactly.
 */
export function meanAtOrBelow(values: Float64Array, q: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x <= q) {
      s += x - q;
      c++;
    }
  }
  return q + s / c;
}

/** Parametric (normal) VaR: μ + σ·Φ⁻¹(cutoff), μ and σ (ddof 1) of the non-missing returns; cutoff in (0, 1). */
export function parametricValueAtRisk(returns: readonly Ret[], cutoff = 0.05, field = "returns"): number {
  checkCutoff(cutoff, "cutoff", true);
  checkReturns(returns, field, 2);
  const v = presentValues(returns);
  return mean(v) + sampleStandardDeviation(v) * normalInv(cutoff);
}
