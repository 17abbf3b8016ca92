import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PortfolioInputError } from "./errors";
import { efficientFrontier } from "./frontier";
import { dot, matVec, quadForm } from "./linalg";
import { arbProblem, randomFeasible } from "./optimize.fixtures";
import { B3_COV as COV, B3_MU as MU, refusal } from "./portfolio.fixtures";
import {
  globalMinVarianceUnconstrained,
  greedyFill,
  maxSharpe,
  minVolatility,
  portfolioPerformance,
  resolveBounds,
  type Bounds,
} from "./optimize";

function expectFeasible(w: number[], b: Bounds) {
  expect(Math.abs(w.reduce((s, v) => s + v, 0) - 1)).toBeLessThanOrEqual(1e-9);
  w.forEach((v, i) => {
    expect(v).toBeGreaterThanOrEqual(b.lower[i]! - 1e-12);
    expect(v).toBeLessThanOrEqual(b.upper[i]! + 1e-12);
  });
}

/** Max Sharpe's properties: sums to 1, within bounds, no feasible portfolio has a higher Sharpe, vol ≥ min vol. */
function checkMaxSharpe(
  { cov, mu, bounds, seed }: { cov: number[][]; mu: number[]; bounds: [number, number]; seed: number },
  rf: number,
) {
  const b = resolveBounds(bounds, cov.length);
  let ms;
  try {
    ms = maxSharpe(mu, cov, { bounds, riskFree: rf });
  } catch (e) {
    expect(e).toBeInstanceOf(PortfolioInputError);
    expect((e as PortfolioInputError).field).toBe("mu");
    const best = greedyFill(
      mu.map((_, i) => i).sort((i, j) => mu[j]! - mu[i]!),
      b,
    );
    expect(dot(best, mu)).toBeLessThanOrEqual(rf + 1e-12);
    return;
  }
  expectFeasible(ms.weights, b);
  const mv = minVolatility(cov, { mu, bounds, riskFree: rf });
  const maxVar = Math.max(...cov.map((r, i) => r[i]!));
  expect(mv.volatility ** 2).toBeLessThanOrEqual(ms.volatility ** 2 + 1e-14 * maxVar);
  if (ms.sharpe === null) {
    expect(ms.volatility ** 2).toBeLessThanOrEqual(1e-14 * maxVar); // riskless and beating rf: unbounded Sharpe
    return;
  }
  for (const v of randomFeasible(b, 40, seed)) {
    const p = portfolioPerformance(v, mu, cov, rf);
    if (p.sharpe !== null && p.volatility > 1e-6)
      expect(p.sharpe).toBeLessThanOrEqual(ms.sharpe + 1e-7 * Math.max(1, Math.abs(ms.sharpe)));
  }
}

describe("reference cases (portfolio.md B.3)", () => {
  it("GMV unconstrained: weights, return and volatility", () => {
    const g = globalMinVarianceUnconstrained(COV, { mu: MU });
    [0.714032, -0.047739, -0.048597, 0.382304].forEach((v, i) =>
      expect(Math.abs(g.weights[i]! - v)).toBeLessThan(1e-5),
    );
    expect(Math.abs(g.expectedReturn! - 0.0435087)).toBeLessThan(1e-6);
    expect(Math.abs(g.volatility - 0.0237059)).toBeLessThan(1e-6);
  });

  it("GMV long-only: AGG 0.718349, HYG 0.281651, vol 0.0244867 (the AGG/HYG closed form)", () => {
    const m = minVolatility(COV, { mu: MU });
    [0.718349, 0, 0, 0.281651].forEach((v, i) => expect(Math.abs(m.weights[i]! - v)).toBeLessThan(1e-5));
    expect(m.weights[1]).toBe(0);
    expect(m.weights[2]).toBe(0);
    expect(Math.abs(m.volatility - 0.0244867)).toBeLessThan(1e-6);
    const wA = (COV[3]![3]! - COV[0]![3]!) / (COV[0]![0]! + COV[3]![3]! - 2 * COV[0]![3]!);
    expect(m.weights[0]).toBeCloseTo(wA, 12);
  });

  it("vol(min_volatility) < vol(max_sharpe), and max Sharpe beats min vol on Sharpe", () => {
    const mv = minVolatility(COV, { mu: MU });
    const ms = maxSharpe(MU, COV);
    expect(mv.volatility).toBeLessThan(ms.volatility);
    expect(ms.sharpe!).toBeGreaterThan(mv.sharpe!);
    // scipy SLSQP on the same problem: 0.71389268, 0.03530345, 0, 0.25080387; Sharpe 1.957647556907882.
    [0.71389268, 0.03530345, 0, 0.25080387].forEach((v, i) => expect(Math.abs(ms.weights[i]! - v)).toBeLessThan(1e-6));
    expect(ms.sharpe!).toBeCloseTo(1.957647556907882, 9);
  });

  it("bounds wide enough not to bind give the unconstrained GMV", () => {
    const g = globalMinVarianceUnconstrained(COV);
    const m = minVolatility(COV, { bounds: [-1, 1] });
    m.weights.forEach((v, i) => expect(v).toBeCloseTo(g.weights[i]!, 10));
    expect(m.expectedReturn).toBeNull();
    expect(m.sharpe).toBeNull();
  });

  it("max Sharpe with bounds [0.05, 0.5] (scipy SLSQP: 0.5, 0.05, 0.06844226, 0.38155774)", () => {
    const ms = maxSharpe(MU, COV, { bounds: [0.05, 0.5] });
    [0.5, 0.05, 0.06844226, 0.38155774].forEach((v, i) => expect(Math.abs(ms.weights[i]! - v)).toBeLessThan(1e-7));
    expect(ms.sharpe!).toBeCloseTo(1.826163230685173, 9);
  });
});

describe("optimisation properties", { timeout: 60_000 }, () => {
  it("min volatility: sums to 1, within bounds, and no feasible portfolio does better (first-order KKT)", () => {
    fc.assert(
      fc.property(arbProblem(), ({ cov, bounds, seed }) => {
        const b = resolveBounds(bounds, cov.length);
        const m = minVolatility(cov, { bounds });
        const w = m.weights;
        expectFeasible(w, b);
        const grad = matVec(cov, w);
        const f = quadForm(cov, w);
        const scale = Math.max(...cov.map((r, i) => r[i]!), 1e-12);
        for (const v of randomFeasible(b, 40, seed)) {
          // ∇f(w)ᵀ(v − w) ≥ 0 for every feasible v ⇔ w optimal (convex problem).
          const dir = grad.reduce((s, gi, i) => s + gi * (v[i]! - w[i]!), 0);
          expect(dir).toBeGreaterThanOrEqual(-1e-9 * scale);
          expect(quadForm(cov, v)).toBeGreaterThanOrEqual(f - 1e-9 * scale);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("min volatility on 3 assets: no point of a 0.005 grid of the long-only simplex is lower", () => {
    fc.assert(
      fc.property(arbProblem({ maxN: 3 }), ({ cov }) => {
        if (cov.length !== 3) return;
        const m = minVolatility(cov);
        const f = quadForm(cov, m.weights);
        let best = Infinity;
        for (let i = 0; i <= 200; i++)
          for (let j = 0; i + j <= 200; j++)
            best = Math.min(best, quadForm(cov, [i / 200, j / 200, (200 - i - j) / 200]));
        expect(f).toBeLessThanOrEqual(best + 1e-15);
      }),
      { numRuns: 60 },
    );
  });

  it("max Sharpe: sums to 1, within bounds, no feasible portfolio has a higher Sharpe, vol ≥ min vol", () => {
    fc.assert(fc.property(arbProblem(), fc.double({ min: 0, max: 0.1, noNaN: true }), checkMaxSharpe), {
      numRuns: 300,
    });
  });

  it("max Sharpe: the stream of the reported seed (min vol once 3e-5 above max Sharpe's volatility)", () => {
    fc.assert(fc.property(arbProblem(), fc.double({ min: 0, max: 0.1, noNaN: true }), checkMaxSharpe), {
      numRuns: 300,
      seed: -1777111816,
    });
  });

  it("max Sharpe long-only: the convex transform and the parametric search agree", () => {
    fc.assert(
      fc.property(arbProblem(), ({ cov, mu }) => {
        if (!mu.some((v) => v > 0.01)) return;
        const t = maxSharpe(mu, cov);
        const p = maxSharpe(mu, cov, { method: "parametric" });
        // A riskless mix beating rf (singular Σ): unbounded Sharpe, reported as null.
        if (t.sharpe === null) return;
        expect(p.sharpe).not.toBeNull();
        if (p.sharpe === null) return;
        expect(Math.abs(t.sharpe - p.sharpe)).toBeLessThanOrEqual(1e-8 * Math.max(1, t.sharpe));
      }),
      { numRuns: 200 },
    );
  });
});

describe("degenerate inputs", () => {
  it("equal expected returns: max Sharpe is the min-volatility portfolio", () => {
    const mu = [0.08, 0.08, 0.08, 0.08];
    const ms = maxSharpe(mu, COV);
    const mv = minVolatility(COV, { mu });
    ms.weights.forEach((v, i) => expect(v).toBeCloseTo(mv.weights[i]!, 9));
  });

  it("a zero-variance asset: all in it for min vol; GMV without bounds refuses a singular cov", () => {
    const cov = [
      [0.04, 0.01, 0],
      [0.01, 0.09, 0],
      [0, 0, 0],
    ];
    const mv = minVolatility(cov, { mu: [0.1, 0.15, 0.02], riskFree: 0.02 });
    expect(mv.weights).toEqual([0, 0, 1]);
    expect(mv.volatility).toBe(0);
    expect(mv.sharpe).toBeNull();
    const e = refusal(() => globalMinVarianceUnconstrained(cov));
    expect(e.field).toBe("cov");
    expect(e.message).toMatch(/singular/);
    // Cash below the risk-free rate: max Sharpe ignores it.
    const ms = maxSharpe([0.1, 0.15, 0.01], cov, { riskFree: 0.02 });
    expect(ms.weights[2]).toBe(0);
    expectFeasible(ms.weights, resolveBounds(undefined, 3));
    // Cash above the risk-free rate: a riskless excess return, Sharpe unbounded (null).
    const arb = maxSharpe([0.1, 0.15, 0.03], cov, { riskFree: 0.02 });
    expect(arb.weights[2]).toBeCloseTo(1, 12);
    expect(arb.sharpe).toBeNull();
  });

  it("fewer observations than assets (rank-deficient sample covariance): still solved", () => {
    const b = [
      [0.1, -0.2],
      [0.05, 0.1],
      [-0.1, 0.2],
      [0.2, 0.05],
      [0.1, 0.1],
    ];
    const cov = b.map((ri) => b.map((rj) => ri[0]! * rj[0]! + ri[1]! * rj[1]!));
    const mv = minVolatility(cov);
    expectFeasible(mv.weights, resolveBounds(undefined, 5));
    expect(mv.volatility).toBeLessThan(1e-7); // a riskless long-only mix exists here
  });

  it("bounds whose only feasible point is 1/n each (fast-check counterexample): min vol, max Sharpe, frontier", () => {
    const cov = [
      [0.02748885, 0.01548966, -0.00140008, -0.01824773],
      [0.01548966, 0.02725965, -0.00244348, -0.03171605],
      [-0.00140008, -0.00244348, 0.00021904, 0.00284308],
      [-0.01824773, -0.03171605, 0.00284308, 0.03690371],
    ];
    const mu = [0, 0, 0, 0.0101];
    const bounds: [number, number] = [0, 0.25];
    const even = [0.25, 0.25, 0.25, 0.25];
    expect(minVolatility(cov, { mu, bounds }).weights).toEqual(even);
    expect(efficientFrontier(mu, cov, { bounds }).map((p) => p.weights)).toEqual([even]);
    // The portfolio's return is 0.002525: max Sharpe is that point for any rf below it …
    for (const rf of [0, 0.001, 0.0025, 0.002524999999999999]) {
      const ms = maxSharpe(mu, cov, { bounds, riskFree: rf });
      ms.weights.forEach((v) => expect(v).toBeCloseTo(0.25, 15));
      expect(ms.sharpe!).toBeGreaterThanOrEqual(0);
    }
    for (const seed of [1, 2, 3]) checkMaxSharpe({ cov, mu, bounds, seed }, 0.001 * seed);
    // … and a refusal above it, reporting the best return in μ's units (it used Σ's scaled units).
    const e = refusal(() => maxSharpe(mu, cov, { bounds, riskFree: 0.003 }));
    expect(e.field).toBe("mu");
    expect(e.message).toMatch(/above the risk-free rate \(0\.003; the best is 0\.002525\)/);
  });

  it("a single asset", () => {
    expect(minVolatility([[0.04]]).weights).toEqual([1]);
    expect(maxSharpe([0.1], [[0.04]]).sharpe).toBeCloseTo(0.5, 12);
  });
});

describe("bad input, naming the field", () => {
  it("max Sharpe with shorts allowed: no asset above rf, yet a short lifts the portfolio above it", () => {
    // fast-check's counterexample: every μ ≤ rf = 0, but a short of the −0.0001 asset earns 1e-7.
    const cov = [
      [0.0001, 0, 0],
      [0, 0.0001, 0],
      [0, 0, 0.0001],
    ];
    const ms = maxSharpe([0, 0, -0.0001], cov, { bounds: [-0.001, 0.501], riskFree: 0 });
    expect(ms.weights[2]).toBeCloseTo(-0.001, 12);
    expect(ms.expectedReturn!).toBeGreaterThan(0);
    expect(() => maxSharpe([0, 0, -0.0001], cov, { bounds: [0, 1], riskFree: 0 })).toThrow(/above the risk-free rate/);
  });

  it("max Sharpe when no asset beats the risk-free rate says so and suggests min_volatility", () => {
    const e = refusal(() => maxSharpe(MU, COV, { riskFree: 0.13 }));
    expect(e.field).toBe("mu");
    expect(e.message).toMatch(
      /no asset's expected return is above the risk-free rate \(0\.13; the highest is 0\.120588\)/,
    );
    expect(e.message).toMatch(/use min_volatility/);
    const bounded = refusal(() => maxSharpe([0.2, 0, 0, 0], COV, { riskFree: 0.06, bounds: [0, 0.25] }));
    expect(bounded.field).toBe("mu");
    expect(bounded.message).toMatch(/no portfolio within the bounds/);
  });

  it("mu length, NaN and Infinity", () => {
    expect(refusal(() => maxSharpe([0.1, 0.2], COV)).message).toMatch(/mu has 2 entries but cov is 4 × 4/);
    expect(refusal(() => maxSharpe([0.1, Number.NaN, 0, 0], COV)).message).toMatch(/mu\[1\] must be a finite number/);
    expect(refusal(() => minVolatility(COV, { mu: [0, 0, Infinity, 0] })).field).toBe("mu");
    expect(refusal(() => maxSharpe(MU, COV, { riskFree: Number.NaN })).field).toBe("riskFree");
  });

  it("cov not square, not symmetric, not positive semi-definite", () => {
    expect(refusal(() => minVolatility([[1, 0]])).field).toBe("cov");
    expect(
      refusal(() =>
        minVolatility([
          [0.04, 0.01],
          [0.02, 0.04],
        ]),
      ).message,
    ).toMatch(/symmetric/);
    expect(
      refusal(() =>
        maxSharpe(
          [0.1, 0.2],
          [
            [0.01, 0.05],
            [0.05, 0.01],
          ],
        ),
      ).message,
    ).toMatch(/positive semi-definite/);
  });

  it("bounds that cannot sum to 1, and lower > upper", () => {
    const low = refusal(() => minVolatility(COV, { bounds: [0.3, 1] }));
    expect(low.field).toBe("bounds");
    expect(low.message).toMatch(/weights bounds cannot sum to 1: the lower bounds add up to 1\.2 \(4 assets\) > 1/);
    const high = refusal(() => maxSharpe(MU, COV, { bounds: [0, 0.2] }));
    expect(high.message).toMatch(/weights bounds cannot sum to 1: the upper bounds add up to 0\.8 \(4 assets\) < 1/);
    expect(refusal(() => minVolatility(COV, { bounds: [0.5, 0.1] })).message).toMatch(
      /the lower bound \(0\.5\) must not be above the upper bound \(0\.1\)/,
    );
    expect(
      refusal(() =>
        minVolatility(COV, {
          bounds: [
            [0, 1],
            [0, 1],
          ],
        }),
      ).message,
    ).toMatch(/2 pairs but there are 4 assets/);
    expect(refusal(() => minVolatility(COV, { bounds: [Number.NaN, 1] })).field).toBe("bounds");
  });

  it("per-asset bounds are honoured", () => {
    const m = minVolatility(COV, {
      bounds: [
        [0, 0.5],
        [0.1, 1],
        [0, 1],
        [0, 1],
      ],
    });
    expect(m.weights[0]).toBeCloseTo(0.5, 12);
    expect(m.weights[1]).toBeCloseTo(0.1, 12);
    expectFeasible(
      m.weights,
      resolveBounds(
        [
          [0, 0.5],
          [0.1, 1],
          [0, 1],
          [0, 1],
        ],
        4,
      ),
    );
  });
});
