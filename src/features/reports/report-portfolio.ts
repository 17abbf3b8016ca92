/** The portfolio report: metrics (with the benchmark's), holdings, charts, correlation, frontier and suggested weights. */
import type { PortfolioAnalysis, SuggestedAllocation } from "@/features/portfolio";
import { thin, type ReportKind, type ReportModel, type ReportSection } from "./report-document";
import {
  ctxOf,
  metricCells,
  metricsRows,
  METRIC_COLUMNS,
  narrativeSection,
  reportShell,
  type BuildOptions,
  type Ctx,
} from "./report-common";

function suggestedRows(p: PortfolioAnalysis, c: Ctx): string[][] {
  const { f } = c;
  const o = p.optimisation;
  const w = (s: SuggestedAllocation | null, t: string) => (s ? f.percent(s.weights[t] ?? 0, 1) : "–");
  return p.assets.map((a) => [
    a.ticker,
    f.percent(a.weight, 1),
    w(o.minVolatility, a.ticker),
    w(o.maxSharpe, a.ticker),
  ]);
}

export function buildPortfolioReport(
  p: PortfolioAnalysis,
  o: BuildOptions & { kind?: Extract<ReportKind, "portfolio" | "weekly"> },
): ReportModel {
  const c = ctxOf(o);
  const { f, L } = c;
  const s = p.series;
  const pts = (ys: readonly (number | null)[]) => thin(s.dates.map((x, i) => ({ x, y: ys[i] ?? null })));
  const opt = p.optimisation;
  const metricsBlocks: ReportSection["blocks"] = [
    {
      type: "metrics",
      rows: [...metricsRows(p.metrics, c), { label: L("riskFree"), value: f.percent(p.portfolio.riskFree) }],
    },
    { type: "paragraph", text: L("method") },
  ];
  if (p.benchmark)
    metricsBlocks.push({
      type: "table",
      title: L("benchmark", { ticker: p.benchmark.ticker }),
      columns: ["", ...METRIC_COLUMNS.map((k) => L(k))],
      rows: [
        [L("portfolio"), ...metricCells(p.metrics, c)],
        [p.benchmark.ticker, ...metricCells(p.benchmark.metrics, c)],
      ],
      numeric: [false, ...METRIC_COLUMNS.map(() => true)],
    });
  const frontierBlocks: ReportSection["blocks"] = [];
  if (opt.frontier.length > 1)
    frontierBlocks.push({
      type: "scatter",
      title: L("frontier"),
      xLabel: L("volatility"),
      yLabel: L("expectedReturn"),
      format: "percent",
      points: [
        ...opt.frontier.map((q) => ({ x: q.volatility, y: q.expectedReturn })),
        { x: opt.current.volatility, y: opt.current.expectedReturn, label: L("current"), highlight: true },
      ],
    });
  else if (opt.frontierUnavailable)
    frontierBlocks.push({ type: "paragraph", text: L("unavailable", { reason: opt.frontierUnavailable }) });
  frontierBlocks.push({
    type: "table",
    title: L("suggested"),
    columns: [L("ticker"), L("current"), L("minVolatility"), L("maxSharpe")],
    rows: suggestedRows(p, c),
    numeric: [false, true, true, true],
  });
  if (opt.maxSharpeUnavailable)
    frontierBlocks.push({
      type: "paragraph",
      text: `${L("maxSharpe")}: ${L("unavailable", { reason: opt.maxSharpeUnavailable })}`,
    });

  const sections: ReportSection[] = [
    { title: L("metrics"), blocks: metricsBlocks },
    {
      title: L("holdings"),
      blocks: [
        {
          type: "table",
          columns: [L("ticker"), L("name"), L("weight"), ...METRIC_COLUMNS.map((k) => L(k))],
          rows: p.assets.map((a) => [a.ticker, a.name ?? "", f.percent(a.weight, 1), ...metricCells(a.metrics, c)]),
          numeric: [false, false, true, ...METRIC_COLUMNS.map(() => true)],
        },
        {
          type: "barChart",
          title: L("weight"),
          format: "percent",
          bars: p.assets.map((a) => ({ label: a.ticker, value: a.weight })),
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
          series: [
            { name: p.portfolio.name, points: pts(s.normalised) },
            ...(p.benchmark?.normalised?.length
              ? [{ name: p.benchmark.ticker, points: pts(p.benchmark.normalised) }]
              : []),
          ],
        },
        {
          type: "lineChart",
          title: L("drawdown"),
          format: "percent",
          series: [{ name: p.portfolio.name, points: pts(s.drawdown) }],
        },
        {
          type: "lineChart",
          title: L("rollingVolatility", { window: s.rollingWindow }),
          format: "percent",
          series: [{ name: p.portfolio.name, points: pts(s.rollingVolatility) }],
        },
      ],
    },
    {
      title: L("correlation"),
      blocks: [
        { type: "heatmap", title: L("correlation"), labels: p.correlation.tickers, matrix: p.correlation.matrix },
      ],
    },
    { title: L("frontier"), blocks: frontierBlocks },
    ...narrativeSection(o.narrative, c),
  ];
  const kind = o.kind ?? "portfolio";
  return reportShell(
    kind,
    c,
    {
      title: L(kind === "weekly" ? "weeklyTitle" : "portfolioTitle", { name: p.portfolio.name }),
      subtitle: [p.portfolio.description, L("period", { start: f.day(p.start), end: f.day(p.end) })]
        .filter(Boolean)
        .join(" · "),
      subject: { portfolioId: p.portfolio.id, name: p.portfolio.name },
    },
    sections,
  );
}
