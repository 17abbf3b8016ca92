/** An analysis batch's partial result: the assets' rows in the tickers' order, missing ones, duplicates ignored. */
import { describe, expect, it } from "vitest";
import {
  analysisBatchMembersPartial,
  mergeAnalysisBatchPartial,
  ZAnalysisBatchPartial,
} from "./analysis-batch-partial";

const summary = (ticker: string, sharpe: number) => ({
  kind: "assetSummary",
  ticker,
  name: `${ticker} SA`,
  asOf: "2026-11-20",
  metrics: { annualReturn: 0.1, annualVolatility: 0.2, sharpe, maxDrawdown: -0.3 },
});
const TICKERS = ["PETR4", "VALE3", "ITUB4", "BBDC4", "WEGE3"];

describe("mergeAnalysisBatchPartial", () => {
  it("keeps the tickers' order whatever order the chunks end in; the rest are missing", () => {
    const a = mergeAnalysisBatchPartial(
      TICKERS,
      null,
      new Map([[1, { summaries: [summary("BBDC4", 0.5), summary("WEGE3", 1.1)], failed: [] }]]),
    );
    expect(a.missing).toEqual(["PETR4", "VALE3", "ITUB4"]);
    const b = mergeAnalysisBatchPartial(
      TICKERS,
      a,
      new Map([
        [
          0,
          {
            summaries: [summary("PETR4", 0.7), null, summary("ITUB4", 0.2)],
            failed: [{ ticker: "VALE3", message: "too few prices" }],
          },
        ],
      ]),
    );
    expect(b.rows.map((r) => r.ticker)).toEqual(["PETR4", "ITUB4", "BBDC4", "WEGE3"]);
    expect(b.rows[0]).toEqual({
      ticker: "PETR4",
      name: "PETR4 SA",
      annualReturn: 0.1,
      annualVolatility: 0.2,
      sharpe: 0.7,
      maxDrawdown: -0.3,
    });
    expect(b.failed).toEqual([{ ticker: "VALE3", message: "too few prices" }]);
    expect(b.missing).toEqual([]);
    expect(b.steps).toEqual([0, 1]);
    expect(ZAnalysisBatchPartial.parse(b)).toEqual(b);
  });

  it("ignores a step merged already (a retried child) and a ticker that is not in the batch", () => {
    const first = mergeAnalysisBatchPartial(
      TICKERS,
      null,
      new Map([[0, { summaries: [summary("PETR4", 0.7)], failed: [] }]]),
    );
    const again = mergeAnalysisBatchPartial(
      TICKERS,
      first,
      new Map([
        [0, { summaries: [summary("PETR4", 9)], failed: [] }],
        [1, { summaries: [summary("XXXX3", 1), summary("PETR4", 9)], failed: [] }],
      ]),
    );
    expect(again.rows).toEqual(first.rows);
    expect(again.rows[0]!.sharpe).toBe(0.7);
  });

  it("a NaN statistic (stored as null) stays null", () => {
    const s = {
      ...summary("PETR4", 0),
      metrics: { annualReturn: null, annualVolatility: 0, sharpe: null, maxDrawdown: 0 },
    };
    const p = mergeAnalysisBatchPartial(TICKERS, null, new Map([[0, { summaries: [s], failed: [] }]]));
    expect(p.rows[0]).toMatchObject({ annualReturn: null, sharpe: null });
  });
});

describe("analysis.batchSummary's membersPartial", () => {
  it("counts assets done of the batch's tickers", () => {
    const m = analysisBatchMembersPartial.merge({
      input: { tickers: TICKERS },
      partial: null,
      results: new Map([[2, { summaries: [summary("WEGE3", 1)], failed: [] }]]),
      members: 3,
    });
    expect(m.done).toEqual({ count: 1, total: 5, unit: "assets" });
    expect(analysisBatchMembersPartial.stepsIn(m.result)).toEqual([2]);
  });
});
