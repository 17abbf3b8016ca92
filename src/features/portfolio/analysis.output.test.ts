/** The analysis output schemas take the analysis slice's results unchanged (nothing stripped), NaN statistics included, quickly. */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { assetAnalysis, comparison, days, portfolioAnalysis } from "@/features/reports/test-fixtures";
import { firstIssue } from "@/runs/task-result";
import { summariseBatch } from "./analysis-batch.task";
import { summariseAsset } from "./analysis.service";
import { ZAnalysisAssetResult, ZBatchSummary, ZComparison, ZPortfolioAnalysis } from "./analysis.output";

function unchanged<S extends z.ZodType>(schema: S, x: unknown): z.output<S> {
  const r = schema.safeParse(x);
  if (!r.success) throw new Error(firstIssue(r.error));
  expect(r.data).toEqual(x);
  return r.data;
}

describe("analysis output schemas", () => {
  it("asset (full and summary), compare, portfolio and a batch summary pass unchanged", () => {
    const a = assetAnalysis();
    unchanged(ZAnalysisAssetResult, a);
    unchanged(ZAnalysisAssetResult, summariseAsset(a));
    unchanged(ZComparison, comparison());
    unchanged(ZPortfolioAnalysis, portfolioAnalysis());
    unchanged(ZBatchSummary, summariseBatch(["PETR4", "VALE3"], [summariseAsset(a), null]));
  });

  it("statistics may be NaN (null once stored); dates may not be numbers", () => {
    const a = assetAnalysis();
    a.metrics.sortino = Number.NaN;
    unchanged(ZAnalysisAssetResult, a);
    expect(ZAnalysisAssetResult.safeParse(JSON.parse(JSON.stringify(a))).success).toBe(true);
    const bad = ZAnalysisAssetResult.safeParse({ ...a, series: { ...a.series, dates: [1] } });
    expect(bad.success ? "" : firstIssue(bad.error)).toMatch(/^series\.dates\.0: /);
  });

  it("a ten-year portfolio analysis parses in a few ms", () => {
    const p = portfolioAnalysis();
    const dates = days(2520);
    const col = (f: (i: number) => number) => dates.map((_, i) => f(i));
    const rolling = (v: number) => dates.map((_, i) => (i < 63 ? null : v));
    p.series = {
      dates,
      prices: col((i) => 1 + i / 1000),
      normalised: col((i) => 100 + i / 10),
      drawdown: col((i) => -((i % 50) / 500)),
      rollingVolatility: rolling(0.2),
      rollingSharpe: rolling(1.1),
      rollingWindow: 63,
    };
    p.benchmark!.normalised = col((i) => 100 + i / 20);
    unchanged(ZPortfolioAnalysis, p);
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      ZPortfolioAnalysis.parse(p);
      times.push(performance.now() - t0);
    }
    const ms = times.sort((x, y) => x - y)[4]!;
    console.info(
      `analysis.portfolio result of 2,520 dates (${JSON.stringify(p).length} bytes) parsed in ${ms.toFixed(1)} ms (median, warm)`,
    );
    expect(ms).toBeLessThan(250);
  });
});
