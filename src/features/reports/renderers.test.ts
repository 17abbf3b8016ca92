import { describe, expect, it } from "vitest";
import {
  buildAssetReport,
  buildCompareReport,
  buildMarketOverviewReport,
  buildPortfolioReport,
  reportFilename,
} from "./reports.model";
import { renderMarkdown } from "./render-markdown";
import { renderHtml } from "./render-html";
import { renderPdf, winAnsi } from "./render-pdf";
import { reportFormat } from "./report-format";
import { assetAnalysis, comparison, marketData, portfolioAnalysis } from "./test-fixtures";
import { pdfStreams, pdfText } from "./pdf-text.test-helper";
import type { Narrative } from "./ai/narrative";

const at = "2025-02-26T10:30:00.000Z";

const twoAnswers: Narrative = {
  source: "ai",
  label: "AI narrative (alpha, beta)",
  text: "Both see high volatility.",
  answers: [
    {
      provider: "alpha",
      model: "m-a",
      ok: true,
      text: "Alpha says <b>volatile</b>.",
      error: null,
      status: 200,
      ms: 5,
      cached: false,
    },
    {
      provider: "beta",
      model: "m-b",
      ok: false,
      text: null,
      error: "beta: HTTP 500 (error)",
      status: 500,
      ms: 3,
      cached: false,
    },
  ],
  consensus: { method: "provider", provider: "alpha", text: "Both see high volatility." },
};

describe("report model", () => {
  it("formats the metrics in the report's locale (en and pt-BR)", () => {
    const en = buildAssetReport(assetAnalysis(), { locale: "en", generatedAt: at });
    const pt = buildAssetReport(assetAnalysis(), { locale: "pt-BR", generatedAt: at });
    const rows = (m: typeof en) =>
      m.sections[0]!.blocks[0]!.type === "metrics"
        ? (m.sections[0]!.blocks[0] as { rows: { label: string; value: string }[] }).rows
        : [];
    expect(rows(en)).toContainEqual({ label: "Annual return", value: "12.34%" });
    expect(rows(pt)).toContainEqual({ label: "Retorno anual", value: "12,34%" });
    expect(rows(pt)).toContainEqual({ label: "Índice de Sharpe", value: "1,23" });
    expect(en.title).toBe("Asset report: PETR4");
    expect(en.notes[0]).toMatch(/Demo data/);
    expect(reportFormat("pt-BR").money(1234.5)).toMatch(/^R\$\s1\.234,50$/);
    expect(reportFilename(en, "pdf")).toBe("fluxo-asset-petr4-2025-02-26.pdf");
  });

  it("thins long series for the charts and keeps the model JSON", () => {
    const m = buildAssetReport(assetAnalysis(), { locale: "en", generatedAt: at });
    const chart = m.sections[1]!.blocks[0]!;
    expect(chart.type).toBe("lineChart");
    if (chart.type === "lineChart") expect(chart.series[0]!.points.length).toBeLessThanOrEqual(260);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});

describe("markdown", () => {
  it("renders headings, metric tables and escapes text", () => {
    const md = renderMarkdown(
      buildAssetReport(assetAnalysis(), { locale: "en", generatedAt: at, narrative: twoAnswers }),
    );
    expect(md).toMatch(/^# Asset report: PETR4\n/);
    expect(md).toContain("| Annual return | 12.34% |");
    expect(md).toContain("## Narrative");
    expect(md).toContain("Alpha says \\<b\\>volatile\\</b\\>.");
    expect(md).toContain("failed: beta: HTTP 500");
    expect(md).toContain("Consensus asked of alpha");
  });
});

describe("html", () => {
  it("is one self-contained page with inline SVG charts and escaped text", () => {
    const html = renderHtml(
      buildCompareReport(comparison(), { locale: "pt-BR", generatedAt: at, narrative: twoAnswers }),
    );
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="pt-BR">');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect((html.match(/<svg /g) ?? []).length).toBe(4); // 2 lines, 1 bar, 1 heat map
    expect(html).toContain("<polyline");
    expect(html).toContain("Alpha says &lt;b&gt;volatile&lt;/b&gt;.");
    expect(html).toContain('class="answers"');
    expect(html).toContain("0,61"); // the correlation in pt-BR
  });

  it("renders the portfolio (frontier scatter, suggested weights) and the market overview", () => {
    const p = renderHtml(buildPortfolioReport(portfolioAnalysis(), { locale: "en", generatedAt: at }));
    expect(p).toContain("<circle");
    expect(p).toContain("Suggested weights");
    expect(p).toContain("no asset&#39;s expected return is above the risk-free rate");
    const m = renderHtml(buildMarketOverviewReport(marketData(), { locale: "en", generatedAt: at }));
    expect(m).toContain("+3.21%");
    expect(m).toContain("-4.12%");
  });
});

describe("pdf", () => {
  it("opens, contains the metric values as formatted and draws the charts as vector paths", async () => {
    const model = buildAssetReport(assetAnalysis(), { locale: "en", generatedAt: at, narrative: twoAnswers });
    const pdf = await renderPdf(model);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const v of [
      "Asset report: PETR4",
      "Annual return",
      "12.34%",
      "28.76%",
      "1.23",
      "-34.56%",
      "-2.81%",
      "R$37.21",
      "Consensus",
    ])
      expect(text, v).toContain(v);
    const ops = pdfStreams(pdf);
    expect(ops).toMatch(/[\d.]+ [\d.]+ m\n[\d.]+ [\d.]+ l\n/); // moveTo / lineTo: the line charts
    expect(ops).toMatch(/\nS\n/); // stroke
  });

  it("writes pt-BR reports with accents and localised numbers", async () => {
    const model = buildPortfolioReport(portfolioAnalysis(), { locale: "pt-BR", generatedAt: at });
    const pdf = await renderPdf(model);
    expect(pdfStreams(pdf)).toMatch(/ re\n/); // rectangles: the weight bars and the heat map cells
    const { text } = await pdfText(pdf);
    for (const v of [
      "Relatório da carteira: Dividendos",
      "Retorno anual",
      "9,87%",
      "Índice de Sharpe",
      "1,23",
      "Fronteira eficiente",
      "Correlação",
    ])
      expect(text, v).toContain(v);
  });

  it("maps text to the font's encoding", () => {
    expect(winAnsi("1 → 2 — ação ≥ 3 中")).toBe("1 -> 2 — ação >= 3 ?");
  });
});
