import { beforeAll, describe, expect, it } from "vitest";
import { expectedReturnsCagr, returnsMatrixFromPrices, sampleCovariance } from "@/domain/portfolio/estimates";
import { maxSharpe } from "@/domain/portfolio/optimize";
import { B3_COV as COV, B3_MU as MU } from "@/domain/portfolio/portfolio.fixtures";
import { buildCli, fluxo } from "./cli.fixtures";

const optimize = (input: unknown) => fluxo(["compute", "portfolio.optimize"], JSON.stringify(input));

beforeAll(buildCli, 60_000);

describe("fluxo compute portfolio.optimize", { timeout: 90_000 }, () => {
  it("min_volatility long-only (default bounds): the reference weights and volatility", () => {
    const r = optimize({ mu: MU, cov: COV, objective: "min_volatility" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["expectedReturn", "sharpe", "volatility", "weights"]);
    [0.718349, 0, 0, 0.281651].forEach((v, i) => expect(Math.abs(out.weights[i] - v)).toBeLessThan(1e-5));
    expect(Math.abs(out.volatility - 0.0244867)).toBeLessThan(1e-6);
    expect(out.expectedReturn).toBeCloseTo(0.0472733, 6);
  });

  it("max_sharpe with an annual riskFree, and min vol's volatility below max Sharpe's", () => {
    const ms = JSON.parse(optimize({ mu: MU, cov: COV, objective: "max_sharpe", riskFree: 0.02 }).stdout);
    const mv = JSON.parse(optimize({ mu: MU, cov: COV, objective: "min_volatility", riskFree: 0.02 }).stdout);
    expect(mv.volatility).toBeLessThan(ms.volatility);
    expect(ms.sharpe).toBeGreaterThan(mv.sharpe);
    expect(ms.sharpe).toBeCloseTo(maxSharpe(MU, COV, { riskFree: 0.02 }).sharpe!, 12);
    expect(ms.weights.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it("min_volatility from cov alone: expectedReturn and sharpe are null; bounds [-1, 1] give the unconstrained GMV", () => {
    const out = JSON.parse(optimize({ cov: COV, objective: "min_volatility", bounds: [-1, 1] }).stdout);
    [0.714032, -0.047739, -0.048597, 0.382304].forEach((v, i) =>
      expect(Math.abs(out.weights[i] - v)).toBeLessThan(1e-5),
    );
    expect(Math.abs(out.volatility - 0.0237059)).toBeLessThan(1e-6);
    expect(out.expectedReturn).toBeNull();
    expect(out.sharpe).toBeNull();
  });

  it("from prices: weights by ticker; μ = annualised CAGR, Σ = annualised sample covariance", () => {
    const prices = {
      PETR4: [30, 30.5, 31.2, 30.8, 31.9, 32.4, 31.7, 33.0, 33.6, 34.1],
      VALE3: [60, 59.1, 60.4, 61.2, 60.0, 59.5, 61.8, 62.0, 61.1, 62.9],
      ITUB4: [25, 25.2, 25.1, 25.4, 25.6, 25.5, 25.9, 26.0, 26.3, 26.2],
    };
    const r = optimize({ prices, objective: "max_sharpe", periodsPerYear: 252, riskFree: 0.105 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.weights)).toEqual(["PETR4", "VALE3", "ITUB4"]);
    const p = Object.values(prices);
    const mu = expectedReturnsCagr(p, 252);
    const cov = sampleCovariance(returnsMatrixFromPrices(p), 252);
    const ref = maxSharpe(mu, cov, { riskFree: 0.105 });
    Object.values(out.weights as Record<string, number>).forEach((w, i) => expect(w).toBeCloseTo(ref.weights[i]!, 12));
    expect(out.sharpe).toBeCloseTo(ref.sharpe!, 10);
  });

  it("max_sharpe when no asset beats the risk-free rate: says so, names mu, suggests min_volatility", () => {
    const r = optimize({ mu: MU, cov: COV, objective: "max_sharpe", riskFree: 0.13 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^fluxo: invalid input: mu: no asset's expected return is above the risk-free rate \(0\.13/,
    );
    expect(r.stderr).toMatch(/use min_volatility/);
  });

  const bad = (input: unknown, re: RegExp) => {
    const r = optimize(input);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr).toMatch(re);
  };

  it("bad input refused by the engine: bounds, cov, mu — messages name the field", () => {
    bad(
      { mu: MU, cov: COV, objective: "min_volatility", bounds: [0.3, 1] },
      /bounds: weights bounds cannot sum to 1: the lower bounds add up to 1\.2/,
    );
    bad(
      { mu: MU, cov: COV, objective: "min_volatility", bounds: [0, 0.2] },
      /bounds: weights bounds cannot sum to 1: the upper bounds add up to 0\.8/,
    );
    bad(
      { mu: MU, cov: COV, objective: "min_volatility", bounds: [0.5, 0.2] },
      /bounds: the lower bound \(0\.5\) must not be above the upper bound \(0\.2\)/,
    );
    bad({ mu: MU, cov: COV, objective: "min_volatility", bounds: [0, 2] }, /bounds\[1\]: must be at most 1/);
    bad(
      {
        mu: [0.1, 0.2],
        cov: [
          [0.01, 0.05],
          [0.05, 0.01],
        ],
        objective: "max_sharpe",
      },
      /cov: is not positive semi-definite/,
    );
    bad({ mu: [0.1], cov: COV, objective: "max_sharpe" }, /mu: has 1 entries but cov is 4 × 4/);
    bad(
      {
        mu: MU,
        cov: [
          [1, 0],
          [0.5, 1],
        ],
        objective: "min_volatility",
      },
      /cov: must be symmetric: cov\[0\]\[1\] = 0 but cov\[1\]\[0\] = 0\.5/,
    );
    bad(
      {
        mu: MU,
        cov: [
          [1, 0, 0],
          [0, 1],
        ],
        objective: "min_volatility",
      },
      /cov: must be square: row 0 has 3 entries, expected 2/,
    );
  });

  it("bad input refused by the schema: messages name the field and the limit", () => {
    bad({ cov: COV, objective: "max_sharpe" }, /mu: is required for max_sharpe/);
    bad({ mu: MU, cov: COV }, /objective: must be "min_volatility" or "max_sharpe"/);
    bad({ mu: MU, cov: COV, objective: "sharpe" }, /objective: must be "min_volatility" or "max_sharpe"/);
    bad(
      { prices: { A: [1, 2, 3] }, mu: [0.1], objective: "min_volatility" },
      /prices: must not be given together with mu\/cov/,
    );
    bad({ prices: { A: [1, 2, 3], B: [1, 2] }, objective: "min_volatility" }, /prices\.B: needs at least 3 prices/);
    bad(
      { prices: { A: [1, 2, 3], B: [1, 2, 3, 4] }, objective: "min_volatility" },
      /prices\.B: has 4 prices but prices\.A has 3: the series must be aligned/,
    );
    bad({ prices: { A: [1, 0, 3] }, objective: "min_volatility" }, /prices\.A\[1\]: must be above 0/);
    bad({ objective: "min_volatility" }, /prices, or cov \(and mu\), is required/);
    bad({ cov: COV, objective: "min_volatility", periodsPerYear: 12 }, /periodsPerYear: applies to prices only/);
    bad({ cov: COV, objective: "min_volatility", extra: 1 }, /unknown field: extra/);
    const big = Array.from({ length: 501 }, () => 0.1);
    bad({ mu: big, cov: COV, objective: "min_volatility" }, /mu: must have at most 500 assets/);
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`T${i}`, [1, 2, 3]]));
    bad({ prices: many, objective: "min_volatility" }, /prices: must have at most 500 tickers, got 501/);
  });
});
