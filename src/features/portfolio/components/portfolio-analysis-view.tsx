"use client";

import { useTranslations } from "next-intl";
import { ChartGrid } from "@/components/chart";
import type { PortfolioAnalysis } from "../analysis.types";
import { CorrelationHeatmap, DrawdownChart, FrontierChart, NormalisedChart } from "./analysis-charts";
import { MetricsCards, MetricsTable } from "./metrics-cards";
import { SuggestedWeights } from "./suggested-weights";
import { usePortfolioFormat } from "./use-portfolio-format";

/** The benchmark's value rebased to 100 on the portfolio's dates (absent from snapshots saved before it was added). */
function benchmarkNormalised(a: PortfolioAnalysis): number[] | null {
  const s: unknown = a.benchmark?.normalised;
  return Array.isArray(s) && s.length === a.series.dates.length ? (s as number[]) : null;
}

/** A portfolio analysis: metrics, performance vs benchmark, drawdown, frontier, suggestions, correlations, assets. */
export function PortfolioAnalysisView({ analysis: a }: { analysis: PortfolioAnalysis }) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const bench = benchmarkNormalised(a);
  const name = a.portfolio.name;
  const perf: Record<string, number[]> = { [name]: a.series.normalised };
  if (bench && a.benchmark) perf[a.benchmark.ticker] = bench;
  const o = a.optimisation;
  return (
    <div className="space-y-8" data-testid="portfolio-analysis">
      <p className="text-sm text-slate-600">
        {t("analysisFor", { start: fmt.day(a.start), end: fmt.day(a.end), at: fmt.instant(a.computedAt) })}
      </p>
      <MetricsCards metrics={a.metrics} benchmark={a.benchmark?.ticker ?? null} />
      {a.benchmark && (
        <p className="text-sm text-slate-600" data-testid="benchmark-summary">
          {t("benchmarkSummary", {
            ticker: a.benchmark.ticker,
            ret: fmt.signedPct(a.benchmark.metrics.annualReturn),
            vol: fmt.pct(a.benchmark.metrics.annualVolatility),
            sharpe: fmt.ratio(a.benchmark.metrics.sharpe),
            dd: fmt.pct(a.benchmark.metrics.maxDrawdown),
          })}
        </p>
      )}
      <ChartGrid>
        <NormalisedChart
          dates={a.series.dates}
          series={perf}
          title={a.benchmark ? t("performanceVs", { ticker: a.benchmark.ticker }) : t("performance")}
          testId="performance-chart"
        />
        <DrawdownChart
          dates={a.series.dates}
          series={{ [name]: a.series.drawdown }}
          title={t("drawdownTitle")}
          testId="drawdown-chart"
        />
      </ChartGrid>
      <div className="grid items-start gap-6 xl:grid-cols-2">
        {o.frontierUnavailable ? (
          <p
            role="note"
            className="rounded-md bg-amber-50 p-3 text-sm text-amber-900"
            data-testid="frontier-unavailable"
          >
            {t("frontierUnavailable", { reason: o.frontierUnavailable })}
          </p>
        ) : (
          <FrontierChart optimisation={o} />
        )}
        <SuggestedWeights holdings={a.portfolio.holdings} optimisation={o} />
      </div>
      {a.correlation.tickers.length > 1 && (
        <CorrelationHeatmap correlation={a.correlation} testId="correlation-heatmap" />
      )}
      <div className="space-y-2">
        <h3 className="text-sm font-medium text-slate-700">{t("assetsTitle")}</h3>
        <MetricsTable
          tickers={a.assets.map((x) => x.ticker)}
          metrics={Object.fromEntries(a.assets.map((x) => [x.ticker, x.metrics]))}
          label={t("assetsTitle")}
          testId="asset-metrics"
        />
      </div>
      <p className="text-xs text-slate-500">{t("methodNote")}</p>
    </div>
  );
}
