import { describe, expect, it } from "vitest";
import { portfolioMetrics } from "./analysis.compare-metrics";

const metrics = (sharpe: number) => ({
  annualReturn: 0.12,
  annualVolatility: 0.2,
  sharpe,
  sortino: 1.1,
  maxDrawdown: -0.3,
  cumulativeReturn: Number.NaN,
  var: 0.02,
});

describe("portfolio numbers compared", () => {
  it("has the portfolio's and each asset's main metrics (shares as fractions, NaN as null) and the best Sharpe", () => {
    const m = portfolioMetrics({
      portfolio: { name: "Growth" },
      metrics: metrics(0.6),
      assets: [{ ticker: "PETR4", metrics: metrics(0.4) }],
      optimisation: { maxSharpe: { sharpe: 0.9 } },
    } as never);
    expect(m.find((x) => x.key === "sharpe.Growth")).toMatchObject({ value: 0.6, of: "Growth" });
    expect(m.find((x) => x.key === "sharpe.PETR4")).toMatchObject({ value: 0.4, of: "PETR4" });
    expect(m.find((x) => x.key === "annualReturn.PETR4")).toMatchObject({ value: 0.12, unit: "fraction" });
    expect(m.find((x) => x.key === "cumulativeReturn.Growth")?.value).toBeNull();
    expect(m.find((x) => x.key === "maxSharpe")?.value).toBe(0.9);
    expect(m).toHaveLength(7 * 2 + 1);
  });
});
