import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PortfolioInputError } from "./errors";
import { cumulativeReturns, drawdownSeries, logReturns, simpleReturns } from "./returns";

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PortfolioInputError);
    return (e as PortfolioInputError).field;
  }
  throw new Error("expected a PortfolioInputError");
}

describe("simpleReturns / logReturns", () => {
  it("p_t/p_{t−1} − 1 and ln(p_t/p_{t−1}), one fewer than the prices", () => {
    const s = simpleReturns([100, 110, 99]);
    expect(s).toHaveLength(2);
    expect(s[0]).toBeCloseTo(0.1, 15);
    expect(s[1]).toBeCloseTo(-0.1, 15);
    const l = logReturns([100, 110, 99]);
    expect(l[0]).toBeCloseTo(Math.log(1.1), 15);
    expect(l[1]).toBeCloseTo(Math.log(0.9), 15);
  });

  it("refuses too few prices, NaN/Infinity, zero and negative prices, naming the entry", () => {
    expect(fieldOf(() => simpleReturns([]))).toBe("prices");
    expect(() => simpleReturns([5])).toThrow(/prices needs at least 2 prices to give a return, got 1/);
    expect(fieldOf(() => simpleReturns([1, NaN, 2]))).toBe("prices[1]");
    expect(fieldOf(() => logReturns([1, 2, Infinity]))).toBe("prices[2]");
    expect(fieldOf(() => simpleReturns([1, 0]))).toBe("prices[1]");
    expect(() => simpleReturns([-1, 2], "prices.PETR4")).toThrow(/prices\.PETR4\[0\] must be above 0, got -1/);
    expect(fieldOf(() => simpleReturns([-1, 2], "prices.PETR4"))).toBe("prices.PETR4[0]");
  });

  it("property: compounding the simple returns gives back the price ratio; log returns sum to its log", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 100 }), (p) => {
        const r = simpleReturns(p);
        const cum = cumulativeReturns(r);
        expect((1 + cum[cum.length - 1]!) / (p[p.length - 1]! / p[0]!)).toBeCloseTo(1, 6);
        const s = logReturns(p).reduce((a, b) => a + b, 0);
        expect(s).toBeCloseTo(Math.log(p[p.length - 1]! / p[0]!), 8);
      }),
    );
  });
});

describe("cumulativeReturns / drawdownSeries", () => {
  it("missing periods compound as 0; the drawdown series starts at 0 and has n + 1 entries", () => {
    const cum = cumulativeReturns([0.1, null, -0.5]);
    expect(cum).toHaveLength(3);
    expect(cum[0]).toBeCloseTo(0.1, 15);
    expect(cum[1]).toBe(cum[0]);
    expect(cum[2]).toBeCloseTo(-0.45, 15);
    const dd = drawdownSeries([-0.1, 0.2, null, -0.5]);
    expect(dd).toHaveLength(5);
    expect(dd[0]).toBe(0);
    expect(dd[1]).toBeCloseTo(-0.1, 15);
    expect(dd[2]).toBe(0);
    expect(dd[3]).toBe(0);
    expect(dd[4]).toBeCloseTo(-0.5, 15);
  });

  it("refuses Infinity and returns below −1", () => {
    expect(fieldOf(() => cumulativeReturns([0, Infinity]))).toBe("returns[1]");
    expect(fieldOf(() => drawdownSeries([0, -2]))).toBe("returns[1]");
  });
});
