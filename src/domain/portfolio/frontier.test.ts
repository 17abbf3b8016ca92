import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PortfolioInputError } from "./errors";
import { efficientFrontier } from "./frontier";
import { dot, matVec, quadForm } from "./linalg";
import { maxSharpe, minVolatility, resolveBounds } from "./optimize";
import { arbProblem } from "./optimize.fixtures";

const MU = [0.043622, 0.120588, 0.072331, 0.056586];
const COV = [
  [0.000859, -0.000941, 0.001494, -0.000062],
  [-0.000941, 0.0224, -0.002184, 0.005747],
  [0.001494, -0.002184, 0.011518, -0.000129],
  [-0.000062, 0.005747, -0.000129, 0.002287],
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
      fc.property(arbProblem(), ({ cov, mu, bounds }) => {
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
      }),
      { numRuns: 200 },
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
