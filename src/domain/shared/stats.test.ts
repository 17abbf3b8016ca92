import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  mean,
  median,
  medianSorted,
  quantile,
  quantileSorted,
  sampleStandardDeviation,
  sampleVariance,
  sortedAscending,
  sum,
} from "./stats";

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe("stats", () => {
  it("sums left to right from 0, exactly as the inline reduce did (property)", () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 50 }), (xs) => {
        expect(sum(xs)).toBe(xs.reduce((a, b) => a + b, 0));
        if (xs.length) expect(mean(xs)).toBe(xs.reduce((a, b) => a + b, 0) / xs.length);
      }),
    );
    expect(sum([])).toBe(0);
    expect(sum(new Float64Array([0.1, 0.2]))).toBe(0.30000000000000004);
  });

  it("takes the middle value, or the mean of the two middle ones, without changing the input", () => {
    const xs = [5, 1, 4, 2];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 4, 2]);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([-0.5])).toBe(-0.5);
    expect(medianSorted(new Float64Array([1, 2, 10]))).toBe(2);
    expect(sortedAscending([10, 9, 100])).toEqual([9, 10, 100]); // numeric, not text, order
  });

  it("interpolates quantiles linearly between ranks (type 7)", () => {
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([4, 3, 2, 1], 0.5)).toBe(2.5);
    expect(quantileSorted([10, 20, 30, 40, 50], 0.85)).toBeCloseTo(44, 12);
    expect(quantile([7], 0.3)).toBe(7);
  });

  it("computes the sample variance and standard deviation two-pass", () => {
    // Reference: 2, 4, 4, 4, 5, 5, 7, 9 → mean 5, Σ(x−5)² = 32, s² = 32/7.
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(sampleVariance(xs)).toBe(32 / 7);
    expect(sampleStandardDeviation(xs)).toBe(Math.sqrt(32 / 7));
    expect(sampleStandardDeviation([3, 3])).toBe(0);
  });

  it("refuses input with no meaningful answer", () => {
    expect(() => mean([])).toThrow(/mean of no values/);
    expect(() => median([])).toThrow(/median of no values/);
    expect(() => medianSorted(new Float64Array(0))).toThrow(RangeError);
    expect(() => quantile([], 0.5)).toThrow(/quantile of no values/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/p must be within 0..1/);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
    expect(() => sampleVariance([1])).toThrow(/at least 2 values/);
    expect(() => sampleStandardDeviation([])).toThrow(RangeError);
  });
});
