import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PortfolioInputError } from "./errors";
import { betaAlpha, computeMetrics } from "./metrics";
import type { Ret } from "./returns";
import { rollingBeta, rollingSharpe, rollingVolatility } from "./rolling";

describe("rolling metrics", () => {
  it("a hand case: window 2 over [0.01, 0.03, null, 0.03, 0.03]", () => {
    const r: Ret[] = [0.01, 0.03, null, 0.03, 0.03];
    // std of {0.01, 0.03} = 0.01414…; windows with one value are null; {0.03, 0.03} has std 0.
    const v = rollingVolatility(r, 2, 1);
    expect(v[0]).toBeNull();
    expect(v[1]).toBeCloseTo(Math.SQRT2 / 100, 15);
    expect(v[2]).toBeNull();
    expect(v[3]).toBeNull();
    expect(v[4]).toBe(0);
    const s = rollingSharpe(r, 2, 1);
    expect(s[1]).toBeCloseTo(0.02 / (Math.SQRT2 / 100), 12);
    expect(s[4]).toBeNull();
  });

  it("property: each entry is what computeMetrics / betaAlpha give on that window", () => {
    const ret = fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: -0.2, max: 0.2, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ret, ret), { minLength: 2, maxLength: 80 }),
        fc.integer({ min: 2, max: 20 }),
        (pairs, w) => {
          const r = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const vol = rollingVolatility(r, w, 52);
          const sh = rollingSharpe(r, w, 52);
          const be = rollingBeta(r, b, w);
          expect(vol).toHaveLength(r.length);
          for (let i = 0; i < r.length; i++) {
            if (i < w - 1) {
              expect([vol[i], sh[i], be[i]]).toEqual([null, null, null]);
              continue;
            }
            const win = r.slice(i - w + 1, i + 1);
            if (win.filter((x) => x !== null).length < 2) expect(vol[i]).toBeNull();
            else {
              const m = computeMetrics(win, { periodsPerYear: 52 });
              expect(vol[i]!).toBeCloseTo(m.annualVolatility, 12);
              if (m.sharpe === null) expect(sh[i]).toBeNull();
              else expect(sh[i]!).toBeCloseTo(m.sharpe, 8);
            }
            const { beta } = betaAlpha(win, b.slice(i - w + 1, i + 1));
            if (beta === null) expect(be[i]).toBeNull();
            else expect(be[i]!).toBeCloseTo(beta, 8);
          }
        },
      ),
    );
  });

  it("a window longer than the series gives all null; bad window or benchmark names the field", () => {
    expect(rollingVolatility([0.01, 0.02], 5)).toEqual([null, null]);
    for (const w of [1, 0, 2.5, NaN]) {
      expect(() => rollingVolatility([0.01, 0.02], w)).toThrow(PortfolioInputError);
      expect(() => rollingSharpe([0.01, 0.02], w)).toThrow(/window must be a whole number of periods, at least 2/);
    }
    expect(() => rollingBeta([0.01, 0.02], [0.01], 2)).toThrow(
      /benchmark must have one value per period of returns \(2\), got 1/,
    );
    expect(() => rollingVolatility([0.01, 0.02], 2, 0)).toThrow(/periodsPerYear must be a number from 1 to/);
  });
});
