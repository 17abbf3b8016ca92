import { describe, expect, it } from "vitest";
import { errorRate, nearestRank, nearestRankFromCdf, nearestRankFromCounts, pctLinear } from "./percentiles";

describe("pctLinear (A-P7)", () => {
  it("interpolates between closest ranks", () => {
    expect(pctLinear([1, 2, 3, 4, 5], 0.85)).toBeCloseTo(4.4, 12);
    expect(pctLinear([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
  it("clamps p ≤ 0 to the first and p ≥ 1 to the last value; empty gives 0", () => {
    expect(pctLinear([3, 5, 9], 0)).toBe(3);
    expect(pctLinear([3, 5, 9], -1)).toBe(3);
    expect(pctLinear([3, 5, 9], 1)).toBe(9);
    expect(pctLinear([3, 5, 9], 1.5)).toBe(9);
    expect(pctLinear([], 0.5)).toBe(0);
  });
});

describe("nearest rank", () => {
  it("takes the value at rank ceil(q·n)", () => {
    const xs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(nearestRank(xs, 0.85)).toBe(90);
    expect(nearestRank(xs, 0.8)).toBe(80); // exactly 80% are ≤ 80
    expect(nearestRank(xs, 0.5)).toBe(50);
    expect(nearestRank(xs, 0)).toBe(10);
    expect(nearestRank(xs, 1)).toBe(100);
    expect(nearestRank([], 0.5)).toBeNull();
  });

  it("finds the smallest t with CDF(t) ≥ q, tolerating representation error", () => {
    const cdf = [0, 0.1, 0.3, 0.7, 0.85, 1];
    expect(nearestRankFromCdf(cdf, 0.7)).toBe(3);
    expect(nearestRankFromCdf(cdf, 0.71)).toBe(4);
    expect(nearestRankFromCdf(cdf, 0.1 + 0.2)).toBe(2); // 0.30000000000000004
    expect(nearestRankFromCdf([0, 0.5], 0.9)).toBeNull();
  });

  it("works on a histogram with trials missing (did not finish)", () => {
    const counts = [0, 2, 3, 3]; // 8 of 10 trials finished
    expect(nearestRankFromCounts(counts, 10, 0.2)).toBe(1);
    expect(nearestRankFromCounts(counts, 10, 0.5)).toBe(2);
    expect(nearestRankFromCounts(counts, 10, 0.8)).toBe(3);
    expect(nearestRankFromCounts(counts, 10, 0.85)).toBeNull();
  });
});

describe("errorRate (A-P6)", () => {
  it("matches the reference values", () => {
    expect(errorRate([1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2])).toBe(12);
    expect(errorRate([2, 3, 4, 5, 6])).toBe(0);
  });
  it("is 0 for fewer than two samples or constant samples", () => {
    expect(errorRate([4])).toBe(0);
    expect(errorRate([4, 4, 4])).toBe(0);
  });
  it("does not reorder its input", () => {
    const xs = [3, 1, 2];
    errorRate(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});
