import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { expectedReturnsCagr, returnsMatrixFromPrices, sampleCovariance } from "./estimates";
import { refusal } from "./portfolio.fixtures";

// Reference values from numpy: ((1+R).prod())**(A/len(R)) − 1 and np.cov(R, ddof=1)·A.
const P = [
  [10, 10.5, 10.2, 10.8, 11.1, 10.9],
  [20, 19.5, 20.4, 20.9, 20.1, 21.3],
  [5, 5.1, 5.05, 5.2, 5.3, 5.25],
];

describe("estimates", () => {
  it("returnsMatrixFromPrices: simple returns per asset", () => {
    const r = returnsMatrixFromPrices(P);
    expect(r).toHaveLength(3);
    expect(r[0]).toHaveLength(5);
    expect(r[0]![0]).toBeCloseTo(0.05, 15);
    expect(r[1]![0]).toBeCloseTo(-0.025, 15);
  });

  it("expectedReturnsCagr matches numpy (monthly, A = 12)", () => {
    const mu = expectedReturnsCagr(P, 12);
    [0.2297691526263852, 0.1631589283543775, 0.1242277932890199].forEach((v, i) => expect(mu[i]).toBeCloseTo(v, 12));
  });

  it("sampleCovariance matches numpy (ddof 1 × A)", () => {
    const cov = sampleCovariance(returnsMatrixFromPrices(P), 12);
    const ref = [
      [0.018757083134700078, -0.013420894283558936, 0.008510614922706917],
      [-0.013420894283558936, 0.022455582296868472, -0.006571793337718393],
      [0.008510614922706917, -0.006571793337718393, 0.0040298095114394685],
    ];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(cov[i]![j]).toBeCloseTo(ref[i]![j]!, 14);
    expect(sampleCovariance(returnsMatrixFromPrices(P))[0]![0]).toBeCloseTo((0.018757083134700078 * 252) / 12, 12);
  });

  it("CAGR equals (∏(1+r))^(A/count) − 1 for any positive series", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 2, maxLength: 60 }), (prices) => {
        const r = returnsMatrixFromPrices([prices])[0]!;
        const growth = r.reduce((g, v) => g * (1 + v), 1);
        const expected = growth ** (252 / r.length) - 1;
        const got = expectedReturnsCagr([prices])[0]!;
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
      }),
    );
  });

  it("refuses bad prices and returns, naming the field", () => {
    expect(refusal(() => returnsMatrixFromPrices([[1]])).field).toBe("prices[0]");
    expect(
      refusal(() =>
        returnsMatrixFromPrices([
          [1, 2],
          [1, 2, 3],
        ]),
      ).message,
    ).toMatch(/prices\[1\] has 3 prices.*aligned/);
    const nan = refusal(() => expectedReturnsCagr([[1, Number.NaN, 2]]));
    expect(nan.field).toBe("prices[0][1]");
    expect(refusal(() => returnsMatrixFromPrices([[1, 0]], "prices", ["PETR4"])).field).toBe("prices.PETR4[1]");
    expect(refusal(() => returnsMatrixFromPrices([[1, Infinity]])).message).toMatch(/finite price above 0/);
    expect(refusal(() => returnsMatrixFromPrices([])).field).toBe("prices");
    expect(refusal(() => expectedReturnsCagr(P, 0)).field).toBe("periodsPerYear");
    expect(refusal(() => sampleCovariance([[0.1]])).message).toMatch(/at least 2 periods/);
    expect(refusal(() => sampleCovariance([[0.1, 0.2], [0.1]])).field).toBe("returns[1]");
    expect(refusal(() => sampleCovariance([[0.1, Number.NaN]])).field).toBe("returns[0][1]");
  });
});
