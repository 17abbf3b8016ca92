import { describe, expect, it } from "vitest";
import type { OpportunitiesResult, Optimisation, RankingRow } from "../analysis.types";
import { comparison, portfolioAnalysis } from "@/features/reports/test-fixtures";
import { makePortfolioFormat } from "./portfolio-format";
import {
  formatOpportunityValues,
  groupOpportunities,
  heatmapCells,
  readResult,
  sortRankings,
  suggestedRows,
  thinSeries,
} from "./view-model";

describe("heatmapCells", () => {
  it("answers one cell per pair with row 0 at the top", () => {
    const cells = heatmapCells({
      tickers: ["A", "B"],
      matrix: [
        [1, 0.51234],
        [0.51234, 1],
      ],
    });
    expect(cells).toEqual([
      [0, 1, 1],
      [1, 1, 0.512],
      [0, 0, 0.512],
      [1, 0, 1],
    ]);
  });
  it("keeps a non-finite value as an empty cell", () =>
    expect(heatmapCells({ tickers: ["A"], matrix: [[NaN]] })).toEqual([[0, 0, null]]));
});

describe("suggestedRows", () => {
  const base: Optimisation = {
    bounds: [0, 1],
    riskFree: 0.1,
    expectedReturns: { A: 0.1, B: 0.2 },
    frontier: [],
    current: { expectedReturn: 0.15, volatility: 0.2, sharpe: 0.25 },
    minVolatility: { weights: { A: 0.7, B: 0.3 }, expectedReturn: 0.13, volatility: 0.15, sharpe: 0.2 },
    maxSharpe: { weights: { B: 1 }, expectedReturn: 0.2, volatility: 0.3, sharpe: 0.33 },
    maxSharpeUnavailable: null,
    frontierUnavailable: null,
  };
  it("lines up current, min-vol and max-Sharpe weights by ticker", () =>
    expect(
      suggestedRows(
        [
          { ticker: "A", weight: 0.5 },
          { ticker: "B", weight: 0.5 },
        ],
        base,
      ),
    ).toEqual([
      { ticker: "A", current: 0.5, minVolatility: 0.7, maxSharpe: 0 },
      { ticker: "B", current: 0.5, minVolatility: 0.3, maxSharpe: 1 },
    ]));
  it("answers null max-Sharpe weights when it is unavailable", () =>
    expect(suggestedRows([{ ticker: "A", weight: 1 }], { ...base, maxSharpe: null })[0]).toEqual({
      ticker: "A",
      current: 1,
      minVolatility: 0.7,
      maxSharpe: null,
    }));
});

describe("sortRankings", () => {
  const row = (ticker: string, annualReturn: number, sharpe: number | null, annualVolatility = 0.2): RankingRow => ({
    ticker,
    name: null,
    sector: null,
    annualReturn,
    annualVolatility,
    sharpe,
    maxDrawdown: -0.1,
    ranks: { sharpe: 0, return: 0, volatility: 0, drawdown: 0 },
  });
  const rows = [row("B", 0.1, 0.5, 0.3), row("A", 0.3, null, 0.1), row("C", 0.2, 1.2, 0.2)];
  it("sorts by a metric either way, nulls last", () => {
    expect(sortRankings(rows, "sharpe", "desc").map((r) => r.ticker)).toEqual(["C", "B", "A"]);
    expect(sortRankings(rows, "sharpe", "asc").map((r) => r.ticker)).toEqual(["B", "C", "A"]);
    expect(sortRankings(rows, "annualVolatility", "asc").map((r) => r.ticker)).toEqual(["A", "C", "B"]);
    expect(sortRankings(rows, "ticker", "asc").map((r) => r.ticker)).toEqual(["A", "B", "C"]);
  });
  it("does not change its input", () => {
    sortRankings(rows, "annualReturn", "desc");
    expect(rows.map((r) => r.ticker)).toEqual(["B", "A", "C"]);
  });
});

describe("groupOpportunities", () => {
  it("groups by rule in declared order, strongest first", () => {
    const r = {
      kind: "opportunities",
      computedAt: "",
      screened: 3,
      skipped: [],
      rules: [
        { id: "lowVolatility", title: "", titleKey: "", explanationKey: "", explanation: "", threshold: 0 },
        { id: "dividendYield", title: "", titleKey: "", explanationKey: "", explanation: "", threshold: 0 },
      ],
      opportunities: [
        { ticker: "A", name: null, rule: "dividendYield", score: 1, explanation: "", explanationKey: "", values: {} },
        { ticker: "B", name: null, rule: "lowVolatility", score: 1, explanation: "", explanationKey: "", values: {} },
        { ticker: "C", name: null, rule: "lowVolatility", score: 3, explanation: "", explanationKey: "", values: {} },
      ],
    } satisfies OpportunitiesResult;
    expect(groupOpportunities(r).map((g) => [g.rule.id, g.items.map((o) => o.ticker)])).toEqual([
      ["lowVolatility", ["C", "B"]],
      ["dividendYield", ["A"]],
    ]);
  });
});

describe("readResult", () => {
  it("accepts the claimed kind with its parts and refuses anything else", () => {
    const rankings = { kind: "rankings", computedAt: "2025-02-25T21:00:00.000Z", window: 252, rows: [], skipped: [] };
    const by = { sharpe: [], return: [], volatility: [], drawdown: [] };
    expect(readResult({ ...rankings, by }, "rankings")).not.toBeNull();
    expect(readResult(JSON.parse(JSON.stringify(portfolioAnalysis())), "portfolio")).not.toBeNull();
    expect(readResult(comparison(), "compare")).not.toBeNull();
    expect(readResult(rankings, "rankings")).toBeNull();
    expect(readResult({ kind: "rankings" }, "rankings")).toBeNull();
    expect(readResult({ ...comparison(), metrics: { PETR4: { sharpe: "high" } } }, "compare")).toBeNull();
    expect(readResult({ kind: "compare", rows: [] }, "rankings")).toBeNull();
    expect(readResult(null, "portfolio")).toBeNull();
    expect(readResult("x", "opportunities")).toBeNull();
  });
});

describe("thinSeries", () => {
  it("keeps short series whole", () =>
    expect(thinSeries(["d1", "d2"], { A: [1, 2] })).toEqual({ dates: ["d1", "d2"], series: { A: [1, 2] } }));
  it("thins long series to max points keeping the first and last", () => {
    const dates = Array.from({ length: 1000 }, (_, i) => `d${i}`);
    const t = thinSeries(dates, { A: dates.map((_, i) => i) }, 100);
    expect(t.dates).toHaveLength(100);
    expect(t.dates[0]).toBe("d0");
    expect(t.dates[99]).toBe("d999");
    expect(t.series.A![99]).toBe(999);
  });
});

describe("formatOpportunityValues", () => {
  it("formats each value by its kind for the locale", () => {
    const pt = makePortfolioFormat("pt-BR");
    const out = formatOpportunityValues(
      {
        drawdown: -0.2534,
        high: 38.5,
        highDate: "2026-03-02",
        last: 28.75,
        sector: "Energia",
        peers: 4,
        odd: 1.5,
        none: null,
      },
      pt,
    );
    expect(out.drawdown).toBe("25,3%");
    expect(out.high!.replace(/\u00a0/g, " ")).toBe("R$ 38,50");
    expect(out.highDate).toMatch(/^2 de mar\.? de 2026$/);
    expect(out.sector).toBe("Energia");
    expect(out.peers).toBe("4");
    expect(out.odd).toBe("1,5");
    expect(out.none).toBe("—");
  });
});
