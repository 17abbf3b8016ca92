import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PortfolioInputError } from "./errors";
import { efficientFrontier } from "./frontier";
import { dot, matVec, quadForm } from "./linalg";
import { maxSharpe, minVolatility, resolveBounds } from "./optimize";
import { arbProblem } from "./optimize.fixtures";
import { B3_COV as COV, B3_MU as MU } from "./portfolio.fixtures";

/** The frontier's properties: feasible, targets met, volatility non-decreasing in return, min-vol first, each point optimal. */
function checkFrontier(cov: number[][], mu: number[], bounds: [number, number]) {
  const n = cov.length;
  const b = resolveBounds(bounds, n);
  const f = efficientFrontier(mu, cov, { points: 12, bounds });
  const mv = minVolatility(cov, { bounds });
  const maxVar = Math.max(...cov.map((r, i) => r[i]!), 1e-12);
  expect(f[0]!.volatility ** 2).toBeLessThanOrEqual(mv.volatility ** 2 + 1e-12 * maxVar);
  for (let j = 0; j < f.length; j++) {
    const p = f[j]!;
    expect(Math.abs(p.weights.reduce((s, v) => s + v, 0) - 1)).toBeLessThanOrEqual(1e-9);
    p.weights.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(b.lower[i]! - 1e-12);
      expect(v).toBeLessThanOrEqual(b.upper[i]! + 1e-12);
    });
    expect(p.volatility ** 2).toBeGreaterThanOrEqual(mv.volatility ** 2 - 1e-12 * maxVar);
    if (j > 0) {
      expect(p.expectedReturn).toBeGreaterThan(f[j - 1]!.expectedReturn);
      expect(p.volatility ** 2).toBeGreaterThanOrEqual(f[j - 1]!.volatility ** 2 - 1e-12 * maxVar);
    }
    // Optimality for its target: ∇f(w)ᵀ(v − w) ≥ 0 towards neighbours with the same return
    // (mixes of w with two other frontier points, one above and one below in return).
    if (j > 0 && j < f.length - 1) {
      const lo = f[0]!.weights;
      const hi = f[f.length - 1]!.weights;
      const rLo = dot(lo, mu);
      const rHi = dot(hi, mu);
      const t = (p.expectedReturn - rLo) / (rHi - rLo);
      const v = lo.map((x, i) => (1 - t) * x + t * hi[i]!); // feasible, same return
      const grad = matVec(cov, p.weights);
      const dir = grad.reduce((s, gi, i) => s + gi * (v[i]! - p.weights[i]!), 0);
      expect(dir).toBeGreaterThanOrEqual(-1e-9 * maxVar);
      expect(quadForm(cov, v)).toBeGreaterThanOrEqual(quadForm(cov, p.weights) - 1e-9 * maxVar);
    }
  }
}

// The reported 6-asset Σ with a few entries moved by an ulp or two (symmetric, still PSD).
const PERTURBED_A = [
  [
    0.0046922499999999985, 0.008781699999999995, -0.0033290999999999993, -0.016275600000000008, 0.0022467999999999998,
    -0.012953350000000004,
  ],
  [
    0.008781699999999995, 0.016435240000000014, -0.006230519999999997, -0.03046032, 0.004204959999999998,
    -0.02424262000000002,
  ],
  [
    -0.0033290999999999993, -0.006230519999999997, 0.026480049999999998, -0.01545931, 0.007863689999999994,
    0.009298969999999991,
  ],
  [-0.016275600000000008, -0.03046032, -0.01545931, 0.08669497000000001, -0.018383790000000007, 0.044808429999999976],
  [
    0.0022467999999999998, 0.004204959999999998, 0.007863689999999994, -0.018383790000000007, 0.004784650000000004,
    -0.006159849999999999,
  ],
  [
    -0.012953350000000004, -0.02424262000000002, 0.009298969999999991, 0.044808429999999976, -0.006159849999999999,
    0.03575930000000002,
  ],
];

describe("efficient frontier", { timeout: 60_000 }, () => {
  it("AGG/SPY/GLD/HYG long-only: from the min-vol point to 100 % SPY", () => {
    const f = efficientFrontier(MU, COV, { points: 20 });
    expect(f).toHaveLength(20);
    const mv = minVolatility(COV, { mu: MU });
    expect(f[0]!.volatility).toBeCloseTo(0.0244867, 6);
    expect(f[0]!.weights).toEqual(mv.weights);
    expect(f[19]!.weights.map((w) => Math.round(w * 1e9) / 1e9)).toEqual([0, 1, 0, 0]);
    expect(f[19]!.expectedReturn).toBeCloseTo(0.120588, 12);
    // The max-Sharpe portfolio is on (or above, in Sharpe) every frontier point.
    const ms = maxSharpe(MU, COV);
    for (const p of f) expect(p.sharpe!).toBeLessThanOrEqual(ms.sharpe! + 1e-12);
    expect(efficientFrontier(MU, COV)).toHaveLength(30);
  });

  it("properties: feasible, targets met, volatility non-decreasing in return, min-vol first, each point optimal", () => {
    fc.assert(
      fc.property(arbProblem(), ({ cov, mu, bounds }) => checkFrontier(cov, mu, bounds)),
      { numRuns: 200 },
    );
  });

  // fast-check counterexamples, all with a singular Σ (riskless mixes within the bounds): on the
  // zero-risk part of the frontier the active set met a flat zero-curvature direction whose slope
  // and curvature were rounding noise; it stopped at their "line minimum" (a noise ratio), fixed no
  // bound, the next ray pointed back, and the QP cycled to QpNotConvergedError.
  it("singular Σ, shorts allowed (the reported 6-asset case, and one a few ulps from it that cycled)", () => {
    const mu = [0.0559, 0, 0, 0, 0, 0.2035];
    const bounds: [number, number] = [-0.096, 0.885];
    checkFrontier(
      [
        [0.00469225, 0.0087817, -0.0033291, -0.0162756, 0.0022468, -0.01295335],
        [0.0087817, 0.01643524, -0.00623052, -0.03046032, 0.00420496, -0.02424262],
        [-0.0033291, -0.00623052, 0.02648005, -0.01545931, 0.00786369, 0.00929897],
        [-0.0162756, -0.03046032, -0.01545931, 0.08669497, -0.01838379, 0.04480843],
        [0.0022468, 0.00420496, 0.00786369, -0.01838379, 0.00478465, -0.00615985],
        [-0.01295335, -0.02424262, 0.00929897, 0.04480843, -0.00615985, 0.0357593],
      ],
      mu,
      bounds,
    );
    checkFrontier(PERTURBED_A, mu, bounds);
  });

  it("singular Σ, shorts allowed: 7 assets, and 6 with two zero-variance assets", () => {
    checkFrontier(
      [
        [0.044662610000000005, -0.02413218, -0.03763177, 0.03356005, 0.022919429999999998, -0.07572318, 0.03211979],
        [
          -0.02413218, 0.014472090000000002, 0.027572759999999998, -0.020090100000000003, -0.01784049, 0.03414114,
          -0.01021347,
        ],
        [-0.03763177, 0.027572759999999998, 0.06828288999999998, -0.03816345, -0.04687921, 0.02958066, 0.00901687],
        [
          0.03356005, -0.020090100000000003, -0.03816345, 0.027889810000000004, 0.024673669999999998, -0.04764894,
          0.014382510000000001,
        ],
        [
          0.022919429999999998, -0.01784049, -0.04687921, 0.024673669999999998, 0.032540179999999995,
          -0.013064519999999993, -0.010711959999999998,
        ],
        [-0.07572318, 0.03414114, 0.02958066, -0.04764894, -0.013064519999999993, 0.1604052, -0.08821656],
        [0.03211979, -0.01021347, 0.00901687, 0.014382510000000001, -0.010711959999999998, -0.08821656, 0.05869162],
      ],
      [0, 0, 0.1753, 0.2756, -0.046, 0.2902, 0.2934],
      [-0.27, 0.706],
    );
    checkFrontier(
      [
        [0.006674889999999999, -0.009085039999999999, 0, 0, -0.00941184, -0.014420049999999998],
        [-0.009085039999999999, 0.012365439999999998, 0, 0, 0.012810239999999999, 0.019626799999999996],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [-0.00941184, 0.012810239999999999, 0, 0, 0.01327104, 0.020332799999999998],
        [-0.014420049999999998, 0.019626799999999996, 0, 0, 0.020332799999999998, 0.031152249999999996],
      ],
      [0.1603, 0.0067, 0.0386, -0.056, 0.0526, 0.124],
      [-0.026, 0.33599999999999997],
    );
  });

  it("equal expected returns: the frontier is the min-volatility point alone", () => {
    const f = efficientFrontier([0.05, 0.05, 0.05, 0.05], COV);
    expect(f).toHaveLength(1);
    expect(f[0]!.volatility).toBeCloseTo(0.0244867, 6);
  });

  it("refuses bad input, naming the field", () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(PortfolioInputError);
        return (e as PortfolioInputError).field;
      }
      return null;
    };
    expect(field(() => efficientFrontier(MU, COV, { points: 1 }))).toBe("points");
    expect(field(() => efficientFrontier(MU, COV, { points: 201 }))).toBe("points");
    expect(field(() => efficientFrontier(MU.slice(1), COV))).toBe("mu");
    expect(field(() => efficientFrontier(MU, COV, { bounds: [0, 0.2] }))).toBe("bounds");
    expect(
      field(() =>
        efficientFrontier(MU, [
          [1, 2],
          [2, 1],
        ]),
      ),
    ).toBe("cov");
  });
});
