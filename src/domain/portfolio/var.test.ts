import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PortfolioInputError } from "./errors";
import { conditionalValueAtRisk, parametricValueAtRisk, quantileInPlace, selectInPlace, valueAtRisk } from "./var";

/** numpy's percentile (linear) by sorting: the independent reference for the quickselect. */
function sortedPercentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
}

describe("valueAtRisk (empyrical reference, B.3)", () => {
  it("value_at_risk([1, 2], cutoff 0 / 0.3 / 1) = 1 / 1.3 / 2 (tolerance 1e-8)", () => {
    expect(valueAtRisk([1, 2], 0)).toBe(1);
    expect(Math.abs(valueAtRisk([1, 2], 0.3) - 1.3)).toBeLessThan(1e-8);
    expect(valueAtRisk([1, 2], 1)).toBe(2);
  });

  it("missing periods are left out; bad cutoff or series names the field", () => {
    expect(valueAtRisk([null, 2, NaN, 1], 0.3)).toBeCloseTo(1.3, 12);
    expect(() => valueAtRisk([1, 2], 1.5)).toThrow(PortfolioInputError);
    expect(() => valueAtRisk([1, 2], -0.01)).toThrow(/cutoff must be from 0 to 1/);
    expect(() => valueAtRisk([], 0.05)).toThrow(/returns needs at least 1 values that are not missing, got 0/);
    expect(() => parametricValueAtRisk([0.01, 0.02], 0)).toThrow(/cutoff must be between 0 and 1 \(exclusive/);
  });

  it("CVaR is the mean of the returns at or below VaR; parametric VaR is μ + σ·Φ⁻¹(cutoff)", () => {
    const r = [-0.05, 0.01, 0.02, -0.02, 0.03, 0.0];
    const v = valueAtRisk(r, 0.2);
    expect(v).toBeCloseTo(sortedPercentile(r, 0.2), 15);
    expect(conditionalValueAtRisk(r, 0.2)).toBeCloseTo(
      r.filter((x) => x <= v).reduce((a, b) => a + b, 0) / r.filter((x) => x <= v).length,
      15,
    );
    // μ = −0.001667, σ (ddof 1) = 0.028577; Φ⁻¹(0.05) = −1.6448536269514729.
    const mu = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mu) ** 2, 0) / (r.length - 1));
    expect(parametricValueAtRisk(r, 0.05)).toBeCloseTo(mu - 1.6448536269514729 * sd, 12);
  });
});

describe("quickselect", () => {
  it("property: selectInPlace puts the k-th smallest at k with the rest partitioned", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e3, max: 1e3 }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        (xs, kk) => {
          const a = Float64Array.from(xs);
          const k = kk % xs.length;
          const v = selectInPlace(a, k);
          const s = [...xs].sort((x, y) => x - y);
          expect(v).toBe(s[k]);
          for (let i = 0; i < k; i++) expect(a[i]!).toBeLessThanOrEqual(v);
          for (let i = k + 1; i < a.length; i++) expect(a[i]!).toBeGreaterThanOrEqual(v);
        },
      ),
    );
  });

  it("property: long arrays (the sampling step above 600 elements), with and without ties", () => {
    const value = fc.oneof(fc.double({ noNaN: true, min: -1, max: 1 }), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 601, maxLength: 4000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, q) => {
          const a = Float64Array.from(xs);
          const k = Math.floor(q * (xs.length - 1));
          const s = [...xs].sort((x, y) => x - y);
          expect(selectInPlace(a, k)).toBe(s[k]);
          for (let i = 0; i < k; i++) expect(a[i]!).toBeLessThanOrEqual(s[k]!);
          for (let i = k + 1; i < a.length; i++) expect(a[i]!).toBeGreaterThanOrEqual(s[k]!);
          expect(quantileInPlace(Float64Array.from(xs), q)).toBeCloseTo(sortedPercentile(xs, q), 12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("property: quantileInPlace equals the sorted percentile, also with many ties", () => {
    const value = fc.oneof(fc.double({ noNaN: true, min: -1, max: 1 }), fc.constantFrom(0, 0.5, -0.5));
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, q) => {
          expect(quantileInPlace(Float64Array.from(xs), q)).toBeCloseTo(sortedPercentile(xs, q), 12);
        },
      ),
    );
  });
});
