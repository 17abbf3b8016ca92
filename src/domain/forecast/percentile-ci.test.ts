import { describe, expect, it } from "vitest";
import {
  binomialQuantile,
  compactCdf,
  lowerTailsWithIntervals,
  percentileRanks,
  percentilesWithIntervals,
  valueAtRank,
} from "./percentile-ci";
import { createRng } from "../shared/rng";

/**
 * The exact oracle: the smallest k with P(X ≤ k) ≥ q for X ~ Binomial(n, a/100), q = num/den, in
 * whole numbers (BigInt): Σ C(n,j) a^j (100−a)^(n−j) · den ≥ num · 100^n. No rounding anywhere.
 */
function oracleQuantile(n: number, a: number, num: bigint, den: bigint): number {
  const N = BigInt(n);
  const A = BigInt(a);
  const B = 100n - A;
  const whole = 100n ** N;
  let c = 1n; // C(n, j)
  let cum = 0n;
  for (let j = 0; j <= n; j++) {
    if (j > 0) c = (c * (N - BigInt(j) + 1n)) / BigInt(j);
    cum += c * A ** BigInt(j) * B ** (N - BigInt(j));
    if (cum * den >= num * whole) return j;
  }
  return n;
}

/** Sorted trial values from tallies (the brute-force side of the rank → value mapping). */
function expand(counts: number[]): number[] {
  return counts.flatMap((c, t) => Array.from({ length: c }, () => t));
}

describe("binomialQuantile", () => {
  it("equals the exact (BigInt) binomial quantile for every n ≤ 120 and many percentiles", () => {
    for (let n = 1; n <= 120; n++)
      for (const a of [1, 5, 10, 15, 25, 50, 70, 85, 90, 95, 99]) {
        expect(binomialQuantile(n, a / 100, 0.025), `n=${n} p=${a}% q=2.5%`).toBe(oracleQuantile(n, a, 1n, 40n));
        expect(binomialQuantile(n, a / 100, 0.975), `n=${n} p=${a}% q=97.5%`).toBe(oracleQuantile(n, a, 39n, 40n));
      }
  });

  it("equals the exact quantile at larger n too (n = 400, 1000)", () => {
    for (const n of [400, 1000])
      for (const a of [5, 50, 85, 95]) {
        expect(binomialQuantile(n, a / 100, 0.025)).toBe(oracleQuantile(n, a, 1n, 40n));
        expect(binomialQuantile(n, a / 100, 0.975)).toBe(oracleQuantile(n, a, 39n, 40n));
      }
  });

  it("stays near n·p ± 1.96·sd for millions of trials, and is deterministic", () => {
    const n = 10_000_000;
    const p = 0.85;
    const sd = Math.sqrt(n * p * (1 - p));
    const lo = binomialQuantile(n, p, 0.025);
    const hi = binomialQuantile(n, p, 0.975);
    expect(Math.abs(lo - (n * p - 1.96 * sd))).toBeLessThan(3);
    expect(Math.abs(hi - (n * p + 1.96 * sd))).toBeLessThan(3);
    expect(binomialQuantile(n, p, 0.025)).toBe(lo);
  });

  it("refuses p or q outside (0, 1) and n that is not a whole number ≥ 1", () => {
    for (const p of [0, 1, -0.1, 1.5, NaN]) expect(() => binomialQuantile(10, p, 0.5)).toThrow(/p must be within/);
    for (const q of [0, 1, 2]) expect(() => binomialQuantile(10, 0.5, q)).toThrow(/q must be within/);
    for (const n of [0, -1, 2.5]) expect(() => binomialQuantile(n, 0.5, 0.5)).toThrow(/trials must be/);
  });
});

describe("percentilesWithIntervals", () => {
  it("maps the exact ranks to values through the cumulative tallies (brute force on the sorted trials)", () => {
    const rng = createRng(7);
    for (let round = 0; round < 40; round++) {
      const counts = Array.from({ length: 12 }, () => Math.floor(rng() * 6));
      const trials = counts.reduce((a, b) => a + b, 0);
      if (trials === 0) continue;
      const sorted = expand(counts);
      const got = percentilesWithIntervals(counts, trials, [15, 50, 85]);
      for (const level of [15, 50, 85]) {
        const l = Math.max(1, oracleQuantile(trials, level, 1n, 40n));
        const u = Math.max(1, oracleQuantile(trials, level, 39n, 40n));
        const est = got[String(level)]!;
        expect(est.lower).toBe(sorted[l - 1]);
        expect(est.upper).toBe(sorted[Math.min(trials, u) - 1]);
        expect(est.value).toBe(sorted[Math.ceil((level / 100) * trials - 1e-9 * trials) - 1]);
        expect(est.lower!).toBeLessThanOrEqual(est.value!);
        expect(est.upper!).toBeGreaterThanOrEqual(est.value!);
      }
    }
  });

  it("shrinks as trials accumulate from the same distribution", () => {
    const width = (scale: number) => {
      const counts = [0, 1, 3, 6, 10, 12, 10, 6, 3, 1].map((c) => c * scale);
      const e = percentilesWithIntervals(
        counts,
        counts.reduce((a, b) => a + b, 0),
        [85],
      )["85"]!;
      return e.upper! - e.lower!;
    };
    expect(width(1)).toBeGreaterThan(width(1000));
    expect(width(1000)).toBe(0);
  });

  it("gives null bounds past the trials that finished (did-not-finish rank after every period)", () => {
    // 10 trials, 6 finished at period 3, 4 did not finish within maxPeriods.
    const e = percentilesWithIntervals([0, 0, 0, 6], 10, [50, 95]);
    expect(e["50"]).toEqual({ value: 3, lower: 3, upper: null });
    expect(e["95"]).toEqual({ value: null, lower: null, upper: null });
  });

  it("refuses no trials and levels outside (0, 100)", () => {
    expect(() => percentilesWithIntervals([], 0, [50])).toThrow(/trials must be/);
    expect(() => percentilesWithIntervals([1], 1, [100])).toThrow(/within \(0, 1\)/);
    expect(() => percentilesWithIntervals([1], 1, [0])).toThrow(/within \(0, 1\)/);
  });
});

describe("percentileRanks / valueAtRank / compactCdf", () => {
  it("ranks stay within 1..n", () => {
    expect(percentileRanks(1, 0.5)).toEqual({ lower: 1, upper: 1 });
    const r = percentileRanks(20, 0.99);
    expect(r.upper).toBe(20);
    expect(r.lower).toBeGreaterThanOrEqual(1);
  });

  it("valueAtRank walks the cumulative counts", () => {
    expect(valueAtRank([0, 2, 0, 3], 1)).toBe(1);
    expect(valueAtRank([0, 2, 0, 3], 3)).toBe(3);
    expect(valueAtRank([0, 2, 0, 3], 6)).toBeNull();
  });

  it("compactCdf keeps every period when few, samples (keeping the last) when many", () => {
    expect(compactCdf([0, 1, 1, 2], 4)).toEqual([
      { periods: 1, p: 0.25 },
      { periods: 2, p: 0.5 },
      { periods: 3, p: 1 },
    ]);
    const many = compactCdf(
      Array.from({ length: 1000 }, () => 1),
      1000,
      50,
    );
    expect(many.length).toBeLessThanOrEqual(51);
    expect(many[many.length - 1]).toEqual({ periods: 999, p: 1 });
    expect(compactCdf([0, 0], 5)).toEqual([]);
  });
});

describe("lowerTailsWithIntervals (how many: at least n items)", () => {
  it("matches lowerTailOf for the value and the exact (1 − q) ranks for the interval", async () => {
    const { lowerTailOf } = await import("./totals");
    const rng = createRng(3);
    for (let round = 0; round < 30; round++) {
      const values = [3, 5, 8, 9, 12, 20];
      const counts = values.map(() => Math.floor(rng() * 7));
      const trials = counts.reduce((a, b) => a + b, 0);
      if (trials === 0) continue;
      const kept = values.flatMap((v, i) => Array.from({ length: counts[i]! }, () => v)); // ascending
      const got = lowerTailsWithIntervals({ values, counts, trials }, [50, 85]);
      for (const level of [50, 85]) {
        const e = got[String(level)]!;
        const nz = values.map((v, i) => [v, counts[i]!] as const).filter(([, c]) => c > 0);
        expect(e.value).toBe(
          lowerTailOf({ values: nz.map(([v]) => v), counts: nz.map(([, c]) => c), trials }, level / 100),
        );
        const a = 100 - level;
        expect(e.lower).toBe(kept[Math.max(1, oracleQuantile(trials, a, 1n, 40n)) - 1]);
        expect(e.upper).toBe(kept[Math.min(trials, Math.max(1, oracleQuantile(trials, a, 39n, 40n))) - 1]);
      }
    }
  });
});
