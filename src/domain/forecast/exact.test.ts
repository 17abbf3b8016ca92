import { describe, expect, it } from "vitest";
import { exactHowManyPmf, exactWhenCdf } from "./exact";
import { nearestRankFromCdf } from "./percentiles";

const IMPROVINGFLOW = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];

/** E[T] = Σ_{t≥0} P(T > t), truncated where the CDF has reached 1 to double precision. */
const meanFromCdf = (cdf: number[]) => cdf.reduce((s, p) => s + (1 - p), 0);
/** Largest n with P(S ≥ n) ≥ q. */
function howManyAtLeast(pmf: number[], q: number): number {
  let tail = 0;
  for (let n = pmf.length - 1; n >= 0; n--) {
    tail += pmf[n]!;
    if (tail >= q - 1e-12) return n;
  }
  return 0;
}

describe("exactWhenCdf (the test oracle)", () => {
  it("A-P1: [5,5,5,5], B=50 is done in exactly 10 periods", () => {
    const cdf = exactWhenCdf([5, 5, 5, 5], 50, 20);
    expect(cdf[9]).toBe(0);
    expect(cdf[10]).toBe(1);
    expect(meanFromCdf(cdf)).toBe(10);
  });

  it("A-P2: improvingflow data, B=100 — CDF values, percentiles and mean", () => {
    const cdf = exactWhenCdf(IMPROVINGFLOW, 100, 200);
    const table: [number, number][] = [
      [25, 0.38751],
      [26, 0.50075],
      [27, 0.61044],
      [28, 0.70913],
      [29, 0.79211],
      [30, 0.85765],
      [31, 0.90651],
      [32, 0.94104],
      [33, 0.96424],
    ];
    for (const [t, p] of table) expect(Math.abs(cdf[t]! - p)).toBeLessThan(5e-6);
    expect(nearestRankFromCdf(cdf, 0.5)).toBe(26);
    expect(nearestRankFromCdf(cdf, 0.7)).toBe(28);
    expect(nearestRankFromCdf(cdf, 0.85)).toBe(30);
    expect(nearestRankFromCdf(cdf, 0.95)).toBe(33);
    expect(meanFromCdf(cdf)).toBeCloseTo(26.6938, 4);
  });

  it("A-P3: [2,3,4,5,6], B=40", () => {
    const cdf = exactWhenCdf([2, 3, 4, 5, 6], 40, 40);
    const table: [number, number][] = [
      [9, 0.20754],
      [10, 0.54388],
      [11, 0.82922],
      [12, 0.95891],
      [13, 0.99361],
    ];
    for (const [t, p] of table) expect(Math.abs(cdf[t]! - p)).toBeLessThan(5e-6);
    expect([0.5, 0.7, 0.85, 0.95].map((q) => nearestRankFromCdf(cdf, q))).toEqual([10, 11, 12, 12]);
    expect(meanFromCdf(cdf)).toBeCloseTo(10.4375, 4);
  });

  it("is non-decreasing and starts at 1 for backlog 0", () => {
    const cdf = exactWhenCdf(IMPROVINGFLOW, 30, 40);
    for (let t = 1; t < cdf.length; t++) expect(cdf[t]!).toBeGreaterThanOrEqual(cdf[t - 1]!);
    expect(exactWhenCdf([0, 1], 0, 3)).toEqual([1, 1, 1, 1]);
  });

  it("averages a backlog range over its integers", () => {
    const range = exactWhenCdf([2, 3, 4, 5, 6], { min: 38, max: 42 }, 20);
    const each = [38, 39, 40, 41, 42].map((b) => exactWhenCdf([2, 3, 4, 5, 6], b, 20));
    for (let t = 0; t <= 20; t++) {
      expect(range[t]).toBeCloseTo(each.reduce((s, c) => s + c[t]!, 0) / 5, 12);
    }
  });

  it("refuses non-integer or negative samples and bad backlogs", () => {
    expect(() => exactWhenCdf([1.5], 3, 3)).toThrow(/integer/);
    expect(() => exactWhenCdf([], 3, 3)).toThrow(/at least 1/);
    expect(() => exactWhenCdf([1], { min: 3, max: 2 }, 3)).toThrow(/backlog/);
  });
});

describe("exactHowManyPmf", () => {
  it("A-P1: 4 weeks of [5,5,5,5] is exactly 20", () => {
    const pmf = exactHowManyPmf([5, 5, 5, 5], 4);
    expect(pmf[20]).toBe(1);
    expect(howManyAtLeast(pmf, 0.5)).toBe(20);
    expect(howManyAtLeast(pmf, 0.95)).toBe(20);
  });

  it("A-P2b: improvingflow data over 10 weeks (lower tail)", () => {
    const pmf = exactHowManyPmf(IMPROVINGFLOW, 10);
    expect(pmf.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(howManyAtLeast(pmf, 0.5)).toBe(38);
    expect(howManyAtLeast(pmf, 0.85)).toBe(30);
    expect(howManyAtLeast(pmf, 0.95)).toBe(25);
    expect(pmf.reduce((s, p, n) => s + p * n, 0)).toBeCloseTo(38.3333, 4);
  });

  it("A-P3: [2,3,4,5,6] over 6 weeks", () => {
    const pmf = exactHowManyPmf([2, 3, 4, 5, 6], 6);
    expect([0.5, 0.85, 0.95].map((q) => howManyAtLeast(pmf, q))).toEqual([24, 20, 18]);
  });
});
