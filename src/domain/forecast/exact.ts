/**
 * Exact distributions for i.i.d. bootstrap draws (no Monte Carlo noise), used as the test
 * oracle for the simulation. The throughput of one period is a draw from the empirical pmf of
 * `samples` (duplicates counted); the total after t periods is the t-fold convolution.
 * Samples must be non-negative integers.
 */

import { ForecastInputError } from "./errors";

/** Empirical pmf of integer samples as parallel arrays of distinct values and probabilities. */
function empiricalPmf(samples: readonly number[]): { values: number[]; probs: number[] } {
  if (samples.length === 0) throw new ForecastInputError("samples", "samples must contain at least 1 value");
  const counts = new Map<number, number>();
  for (const v of samples) {
    if (!Number.isInteger(v) || v < 0) {
      throw new ForecastInputError("samples", `the exact oracle needs non-negative integer samples, got ${v}`);
    }
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const values = [...counts.keys()].sort((a, b) => a - b);
  return { values, probs: values.map((v) => counts.get(v)! / samples.length) };
}

/**
 * P(T ≤ t) for t = 0..maxT, where T is the number of periods needed to finish the backlog.
 * Uses P(T ≤ t) = P(S_t ≥ B). A backlog range {min, max} is drawn uniformly per trial, so the
 * CDF is the average over B = min..max. Backlog 0 is finished at t = 0.
 */
export function exactWhenCdf(
  samples: readonly number[],
  backlog: number | { min: number; max: number },
  maxT: number,
): number[] {
  const { values, probs } = empiricalPmf(samples);
  const lo = typeof backlog === "number" ? backlog : backlog.min;
  const hi = typeof backlog === "number" ? backlog : backlog.max;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) {
    throw new ForecastInputError("backlog", "backlog must be a non-negative integer or an integer range min ≤ max");
  }
  // dist[s] = P(min(S_t, hi) = s); index hi is absorbing ("at least hi done").
  let dist = new Float64Array(hi + 1);
  let next = new Float64Array(hi + 1);
  dist[0] = 1;
  const cdf: number[] = [];
  const tail = new Float64Array(hi + 2);
  for (let t = 0; t <= maxT; t++) {
    tail[hi + 1] = 0;
    for (let s = hi; s >= 0; s--) tail[s] = tail[s + 1]! + dist[s]!;
    let p = 0;
    for (let b = lo; b <= hi; b++) p += tail[b]!;
    cdf.push(Math.min(1, p / (hi - lo + 1)));
    if (t === maxT) break;
    next.fill(0);
    next[hi] = dist[hi]!;
    for (let s = 0; s < hi; s++) {
      const m = dist[s]!;
      if (m === 0) continue;
      for (let k = 0; k < values.length; k++) {
        const to = Math.min(hi, s + values[k]!);
        next[to] = next[to]! + m * probs[k]!;
      }
    }
    [dist, next] = [next, dist];
  }
  return cdf;
}

/** pmf of the total over `periods` periods: result[n] = P(S_periods = n), n = 0..periods·max. */
export function exactHowManyPmf(samples: readonly number[], periods: number): number[] {
  const { values, probs } = empiricalPmf(samples);
  if (!Number.isInteger(periods) || periods < 0) {
    throw new ForecastInputError("periods", "periods must be a non-negative integer");
  }
  const maxV = values[values.length - 1]!;
  let dist = new Float64Array(periods * maxV + 1);
  let next = new Float64Array(periods * maxV + 1);
  dist[0] = 1;
  for (let w = 0; w < periods; w++) {
    next.fill(0);
    const reach = w * maxV;
    for (let s = 0; s <= reach; s++) {
      const m = dist[s]!;
      if (m === 0) continue;
      for (let k = 0; k < values.length; k++) {
        const to = s + values[k]!;
        next[to] = next[to]! + m * probs[k]!;
      }
    }
    [dist, next] = [next, dist];
  }
  return Array.from(dist);
}
