/**
 * Which numbers of an analysis result a comparison of runs puts side by side
 * (TaskDefinition.compareMetrics): the main metrics of the portfolio (or asset) and of each asset,
 * plus the optimiser's best Sharpe. Pure, client-safe.
 */
import { numberMetric, type RunMetric } from "@/domain/shared/run-metrics";
import type { z } from "zod";
import type { ZAnalysisAssetResult, ZComparison, ZMetrics, ZPortfolioAnalysis } from "./analysis.output";

type Metrics = z.infer<typeof ZMetrics>;

/** `fraction`: a share (0.12 = 12 %), shown as a percent. */
const MAIN: { name: keyof Metrics & string; label: string; unit?: string }[] = [
  { name: "annualReturn", label: "Annual return", unit: "fraction" },
  { name: "annualVolatility", label: "Annual volatility", unit: "fraction" },
  { name: "sharpe", label: "Sharpe" },
  { name: "sortino", label: "Sortino" },
  { name: "maxDrawdown", label: "Max drawdown", unit: "fraction" },
  { name: "cumulativeReturn", label: "Cumulative return", unit: "fraction" },
  { name: "var", label: "VaR", unit: "fraction" },
];

/** The main metrics of one holder (`of`: the portfolio's name or an asset's ticker). */
function metricsOf(of: string, m: Metrics): RunMetric[] {
  return MAIN.map(({ name, label, unit }) =>
    numberMetric(`${name}.${of}`, name, `${label} (${of})`, m[name] as number | null, { of, unit }),
  );
}

export function portfolioMetrics(r: z.infer<typeof ZPortfolioAnalysis>): RunMetric[] {
  const o = r.optimisation;
  return [
    ...metricsOf(r.portfolio.name, r.metrics),
    ...r.assets.flatMap((a) => metricsOf(a.ticker, a.metrics)),
    ...(o.maxSharpe ? [numberMetric("maxSharpe", "maxSharpe", "Best Sharpe on the frontier", o.maxSharpe.sharpe)] : []),
  ];
}

export function assetMetrics(r: z.infer<typeof ZAnalysisAssetResult>): RunMetric[] {
  return metricsOf(r.ticker, r.metrics);
}

export function comparisonMetrics(r: z.infer<typeof ZComparison>): RunMetric[] {
  return r.tickers.flatMap((t) => (r.metrics[t] ? metricsOf(t, r.metrics[t]) : []));
}
