/**
 * Report models built from the analysis results (src/features/portfolio/analysis.types.ts): an
 * asset, a comparison, a portfolio and the market overview, in en or pt-BR. Pure: the narrative is
 * made before (ai/narrative.ts) and passed in.
 */
import type { AssetAnalysis, Comparison } from "@/features/portfolio";
import { thin, type ReportModel, type ReportSection } from "./report-document";
import {
  ctxOf,
  metricCells,
  metricsRows,
  METRIC_COLUMNS,
  narrativeSection,
  reportShell,
  type BuildOptions,
} from "./report-common";

export type { BuildOptions } from "./report-common";
export { buildPortfolioReport } from "./report-portfolio";
export { buildMarketOverviewReport, type MarketOverviewData, type MarketAssetRow } from "./report-market";
export * from "./report-document";

const series = (dates: readonly string[], ys: readonly (number | null)[]) =>
  thin(dates.map((x, i) => ({ x, y: ys[i] ?? null })));

export function buildAssetReport(a: AssetAnalysis, o: BuildOptions): ReportModel {
  const c = ctxOf(o);
  const { f, L } = c;
  const s = a.series;
  const fu = a.fundamentals;
  const sections: ReportSection[] = [
    { title: L("metrics"), blocks: [{ type: "metrics", rows: metricsRows(a.metrics, c) }] },
    {
      title: L("performance"),
      blocks: [
        {
          type: "lineChart",
          title: L("normalised"),
          format: "index",
          series: [{ name: a.ticker, points: series(s.dates, s.normalised) }],
        },
        {
          type: "lineChart",
          title: L("drawdown"),
          format: "percent",
          series: [{ name: a.ticker, points: series(s.dates, s.drawdown) }],
        },
        {
          type: "lineChart",
          title: L("rollingVolatility", { window: s.rollingWindow }),
          format: "percent",
          series: [{ name: a.ticker, points: series(s.dates, s.rollingVolatility) }],
        },
      ],
    },
    {
      title: L("momentum"),
      blocks: [
        {
          type: "metrics",
          rows: [
            { label: L("m3"), value: f.change(a.momentum.m3) },
            { label: L("m6"), value: f.change(a.momentum.m6) },
            { label: L("m12"), value: f.change(a.momentum.m12) },
            { label: L("high52w"), value: `${f.money(a.high52w.price, a.currency)} (${f.day(a.high52w.date)})` },
            { label: L("fromHigh"), value: f.percent(a.high52w.drawdown) },
          ],
        },
      ],
    },
    {
      title: L("fundamentals"),
      blocks: [
        {
          type: "metrics",
          rows: [
            { label: L("sector"), value: fu.sector ?? "–" },
            { label: L("lastPrice"), value: f.money(fu.lastPrice, a.currency) },
            { label: L("priceEarnings"), value: f.number(fu.priceEarnings) },
            { label: L("earningsPerShare"), value: f.money(fu.earningsPerShare, a.currency) },
            { label: L("dividendYield"), value: f.percent(fu.dividendYield) },
            { label: L("marketCap"), value: f.compactMoney(fu.marketCap, a.currency) },
          ],
        },
      ],
    },
    ...narrativeSection(o.narrative, c),
  ];
  return reportShell(
    "asset",
    c,
    {
      title: L("assetTitle", { ticker: a.ticker }),
      subtitle: [
        a.name,
        L("period", { start: f.day(a.metrics.start), end: f.day(a.metrics.end) }),
        L("source", { source: a.source }),
      ]
        .filter(Boolean)
        .join(" · "),
      subject: { ticker: a.ticker, name: a.name ?? a.ticker },
      notes: a.source === "demo" ? [L("demoData")] : [],
    },
    sections,
  );
}

export function buildCompareReport(cmp: Comparison, o: BuildOptions): ReportModel {
  const c = ctxOf(o);
  const { f, L } = c;
  const d = cmp.series.dates;
  const sections: ReportSection[] = [
    {
      title: L("metrics"),
      blocks: [
        {
          type: "table",
          columns: [L("ticker"), ...METRIC_COLUMNS.map((k) => L(k))],
          rows: cmp.tickers.map((t) => [t, ...metricCells(cmp.metrics[t], c)]),
          numeric: [false, ...METRIC_COLUMNS.map(() => true)],
        },
      ],
    },
    {
      title: L("performance"),
      blocks: [
        {
          type: "lineChart",
          title: L("normalised"),
          format: "index",
          series: cmp.tickers.map((t) => ({ name: t, points: series(d, cmp.series.normalised[t] ?? []) })),
        },
        {
          type: "lineChart",
          title: L("drawdown"),
          format: "percent",
          series: cmp.tickers.map((t) => ({ name: t, points: series(d, cmp.series.drawdown[t] ?? []) })),
        },
        {
          type: "barChart",
          title: L("annualReturn"),
          format: "percent",
          bars: cmp.tickers.map((t) => ({ label: t, value: cmp.metrics[t]?.annualReturn ?? 0 })),
        },
      ],
    },
    {
      title: L("correlation"),
      blocks: [
        { type: "heatmap", title: L("correlation"), labels: cmp.correlation.tickers, matrix: cmp.correlation.matrix },
      ],
    },
    ...narrativeSection(o.narrative, c),
  ];
  return reportShell(
    "compare",
    c,
    {
      title: L("compareTitle", { tickers: cmp.tickers.join(", ") }),
      subtitle: L("period", { start: f.day(cmp.start), end: f.day(cmp.end) }),
      subject: { tickers: cmp.tickers },
    },
    sections,
  );
}
