/** The reports output schemas take every report model the builders make, unchanged; a malformed block is refused by path. */
import { describe, expect, it } from "vitest";
import { firstIssue } from "@/runs/task-result";
import { buildAssetReport, buildCompareReport, buildMarketOverviewReport, buildPortfolioReport } from "./reports.model";
import { assetAnalysis, comparison, marketData, portfolioAnalysis } from "./test-fixtures";
import type { Narrative } from "./ai/narrative";
import { ZAiAnalysisResult, ZReportRunResult } from "./reports.output";

const at = "2025-02-26T10:30:00.000Z";
const narrative: Narrative = {
  source: "ai",
  label: "AI narrative (alpha)",
  text: "Volatile.",
  answers: [
    { provider: "alpha", model: "m", ok: true, text: "Volatile.", error: null, status: 200, ms: 5, cached: false },
  ],
  consensus: { method: "single", provider: "alpha", text: "Volatile." },
};
const file = {
  id: "f1",
  kind: "asset",
  format: "md",
  title: "PETR4",
  filename: "petr4.md",
  mime: "text/markdown; charset=utf-8",
  size: 12,
  runId: "r1",
  ownerId: null,
  createdAt: at,
};

describe("reports output schemas", () => {
  it("take every kind of report model, with and without a narrative, unchanged", () => {
    const o = { locale: "en" as const, generatedAt: at };
    const models = [
      buildAssetReport(assetAnalysis(), { ...o, narrative }),
      buildCompareReport(comparison(), { ...o, locale: "pt-BR" }),
      buildPortfolioReport(portfolioAnalysis(), o),
      buildMarketOverviewReport(marketData(), o),
    ];
    const result = { reports: models.map((model) => ({ model, files: [file] })), failed: [] };
    const r = ZReportRunResult.safeParse(result);
    if (!r.success) throw new Error(firstIssue(r.error));
    expect(r.data).toEqual(result);
    expect(ZReportRunResult.safeParse(JSON.parse(JSON.stringify(result))).success).toBe(true);
    const ai = {
      subject: "PETR4",
      kind: "asset",
      locale: "en",
      facts: [{ label: "Return", value: "12 %" }],
      narrative,
    };
    expect(ZAiAnalysisResult.parse(ai)).toEqual(ai);
  });

  it("refuse a block of an unknown type, naming where", () => {
    const model = buildAssetReport(assetAnalysis(), { locale: "en", generatedAt: at });
    const bad = {
      reports: [{ model: { ...model, sections: [{ title: "x", blocks: [{ type: "video" }] }] }, files: [] }],
      failed: [],
    };
    const r = ZReportRunResult.safeParse(bad);
    expect(r.success ? "" : firstIssue(r.error)).toMatch(/^reports\.0\.model\.sections\.0\.blocks\.0\.type: /);
  });
});
