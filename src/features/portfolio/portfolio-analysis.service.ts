/**
 * A portfolio's analysis: its assets' aligned prices (./analysis.service loads them) through the
 * pure engine — metrics with its target weights, correlation, the optimiser's min-vol and
 * max-Sharpe allocations, the efficient frontier — and the synchronous optimise preview.
 * Conventions as in ./analysis.service.
 */
import type { OwnerScope } from "@/accounts/viewer";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { simpleReturns, type Ret } from "@/domain/portfolio/returns";
import { computeMetrics } from "@/domain/portfolio/metrics";
import { expectedReturnsCagr, sampleCovariance } from "@/domain/portfolio/estimates";
import { maxSharpe, minVolatility, portfolioPerformance } from "@/domain/portfolio/optimize";
import { efficientFrontier } from "@/domain/portfolio/frontier";
import type {
  FrontierPointDto,
  IsoDate,
  Optimisation,
  OptimizePreview,
  PortfolioAnalysis,
  SuggestedAllocation,
} from "./analysis.types";
import { PortfolioNotFoundError } from "./portfolio.errors";
import { findPortfolio, type PortfolioRow } from "./portfolio.repository";
import { PORTFOLIO_LIMITS as L, type AnalysisRange } from "./portfolio.schemas";
import {
  finiteOrNull,
  PERIODS_PER_YEAR,
  perPeriodRate,
  rebased,
  seriesOf,
  toMetricsDto,
  weightedReturns,
} from "./analysis-series";
import { toPortfolioDto } from "./portfolio.service";

import { aligned, correlationOf, loadAssets, type AnalysisOptions } from "./analysis.service";

// ---------- portfolio ----------

const byTicker = (tickers: readonly string[], w: readonly number[]): Record<string, number> =>
  Object.fromEntries(tickers.map((t, i) => [t, w[i]!]));

function allocation(
  tickers: readonly string[],
  a: { weights: number[]; expectedReturn: number | null; volatility: number; sharpe: number | null },
): SuggestedAllocation {
  return {
    weights: byTicker(tickers, a.weights),
    expectedReturn: a.expectedReturn,
    volatility: a.volatility,
    sharpe: finiteOrNull(a.sharpe),
  };
}

/** Min-vol, max-Sharpe (or why not), the frontier and the current point, from aligned prices. */
export function optimise(
  tickers: readonly string[],
  prices: readonly (readonly number[])[],
  returns: readonly (readonly number[])[],
  weights: readonly number[],
  o: { riskFree: number; bounds?: [number, number]; points?: number },
): Optimisation {
  const bounds: [number, number] = o.bounds ?? [0, 1];
  const mu = expectedReturnsCagr(prices, PERIODS_PER_YEAR);
  const cov = sampleCovariance(returns, PERIODS_PER_YEAR);
  const minVol = minVolatility(cov, { mu, bounds, riskFree: o.riskFree });
  let maxS: SuggestedAllocation | null = null;
  let maxSharpeUnavailable: string | null = null;
  try {
    maxS = allocation(tickers, maxSharpe(mu, cov, { bounds, riskFree: o.riskFree }));
  } catch (e) {
    if (!(e instanceof PortfolioInputError) || e.field !== "mu") throw e;
    maxSharpeUnavailable = e.message;
  }
  let frontier: FrontierPointDto[] = [];
  let frontierUnavailable: string | null = null;
  if (tickers.length < 2) frontierUnavailable = "a frontier needs at least 2 assets";
  else
    try {
      frontier = efficientFrontier(mu, cov, {
        points: o.points ?? L.defaultFrontierPoints,
        bounds,
        riskFree: o.riskFree,
      }).map((p) => ({
        expectedReturn: p.expectedReturn,
        volatility: p.volatility,
        sharpe: finiteOrNull(p.sharpe),
        weights: byTicker(tickers, p.weights),
      }));
    } catch (e) {
      if (!(e instanceof PortfolioInputError)) throw e;
      frontierUnavailable = e.message;
    }
  const perf = portfolioPerformance(weights, mu, cov, o.riskFree);
  return {
    bounds,
    riskFree: o.riskFree,
    expectedReturns: byTicker(tickers, mu),
    frontier,
    current: { expectedReturn: perf.expectedReturn, volatility: perf.volatility, sharpe: finiteOrNull(perf.sharpe) },
    minVolatility: allocation(tickers, minVol),
    maxSharpe: maxS,
    maxSharpeUnavailable,
    frontierUnavailable,
  };
}

async function portfolioOf(portfolioId: string, scope: OwnerScope): Promise<PortfolioRow> {
  const p = await findPortfolio(portfolioId, scope);
  if (!p) throw new PortfolioNotFoundError(`portfolio ${portfolioId} not found`);
  if (!p.holdings.length)
    throw new PortfolioInputError("holdings", "holdings: the portfolio has no holdings; add at least 1 asset first");
  return p;
}

/** Benchmark returns on the portfolio's dates: null where the benchmark lacks either day. */
function benchmarkReturns(dates: readonly IsoDate[], bars: readonly { date: IsoDate; adjClose: number }[]): Ret[] {
  const m = new Map(bars.map((b) => [b.date, b.adjClose]));
  const out: Ret[] = [];
  for (let t = 1; t < dates.length; t++) {
    const a = m.get(dates[t - 1]!);
    const b = m.get(dates[t]!);
    out.push(a !== undefined && b !== undefined ? b / a - 1 : null);
  }
  return out;
}

export type Stage = "prices" | "metrics" | "correlation" | "frontier" | "save";
export type StageProgress = (stage: Stage, fraction: number, message: string) => void;

export async function analyzePortfolioData(
  portfolioId: string,
  scope: OwnerScope,
  o: AnalysisOptions & { bounds?: [number, number]; points?: number; progress?: StageProgress } = {},
): Promise<PortfolioAnalysis> {
  const range = o.range ?? "2y";
  const progress = o.progress ?? (() => {});
  const p = await portfolioOf(portfolioId, scope);
  const tickers = p.holdings.map((h) => h.ticker);
  const weights = p.holdings.map((h) => h.weight);
  progress("prices", 0.05, `loading prices of ${tickers.length} asset(s)`);
  const loaded = await loadAssets(tickers, "holdings", { ...o, range });
  const bench =
    p.benchmark !== null
      ? await loadAssets([p.benchmark], "benchmark", { ...o, range }).catch((e) => {
          if (e instanceof PortfolioInputError) return null; // a benchmark gone since: analyse without it
          throw e;
        })
      : null;
  const { dates, prices } = aligned(loaded, "holdings", range);
  o.signal?.throwIfAborted();

  progress("metrics", 0.3, "portfolio and asset metrics");
  const returns = prices.map((px, i) => simpleReturns(px, `prices.${tickers[i]}`));
  const rp = weightedReturns(returns, weights);
  const rfPeriod = perPeriodRate(p.riskFree);
  const benchRet = bench?.[0] && bench[0].bars.length >= 2 ? benchmarkReturns(dates, bench[0].bars) : null;
  const usableBench = benchRet && benchRet.filter((r) => r !== null).length >= L.minPrices ? benchRet : null;
  const metrics = toMetricsDto(
    computeMetrics(rp, {
      periodsPerYear: PERIODS_PER_YEAR,
      riskFree: rfPeriod,
      ...(usableBench ? { benchmark: usableBench } : {}),
    }),
    dates,
  );
  const assets = p.holdings.map((h, i) => ({
    ticker: h.ticker,
    name: h.name,
    weight: h.weight,
    metrics: toMetricsDto(computeMetrics(returns[i]!, { periodsPerYear: PERIODS_PER_YEAR, riskFree: rfPeriod }), dates),
  }));
  const values = [1];
  for (const r of rp) values.push(values[values.length - 1]! * (1 + r));
  const benchmark =
    usableBench && bench?.[0]
      ? {
          ticker: bench[0].asset.ticker,
          metrics: toMetricsDto(
            computeMetrics(usableBench, { periodsPerYear: PERIODS_PER_YEAR, riskFree: rfPeriod }),
            dates,
          ),
          normalised: rebased(usableBench),
        }
      : null;
  o.signal?.throwIfAborted();

  progress("correlation", 0.55, "correlation of the holdings");
  const correlation = tickers.length > 1 ? correlationOf(tickers, returns) : { tickers, matrix: [[1]] };

  progress("frontier", 0.7, "efficient frontier and suggested weights");
  const optimisation = optimise(tickers, prices, returns, weights, {
    riskFree: p.riskFree,
    ...(o.bounds ? { bounds: o.bounds } : {}),
    ...(o.points ? { points: o.points } : {}),
  });
  return {
    kind: "portfolio",
    portfolio: toPortfolioDto(p),
    computedAt: new Date().toISOString(),
    start: dates[0]!,
    end: dates[dates.length - 1]!,
    method: "daily-rebalanced",
    metrics,
    benchmark,
    series: seriesOf(dates, values, rp),
    assets,
    correlation,
    optimisation,
  };
}

/** The optimisation block alone, synchronously (the optimise preview): at most 50 assets, 100 points. */
export async function optimizePortfolio(
  portfolioId: string,
  scope: OwnerScope,
  o: { range: AnalysisRange; bounds?: [number, number]; points: number },
): Promise<OptimizePreview> {
  const p = await portfolioOf(portfolioId, scope);
  const tickers = p.holdings.map((h) => h.ticker);
  const loaded = await loadAssets(tickers, "holdings", { range: o.range });
  const { dates, prices } = aligned(loaded, "holdings", o.range);
  const returns = prices.map((px, i) => simpleReturns(px, `prices.${tickers[i]}`));
  const opt = optimise(
    tickers,
    prices,
    returns,
    p.holdings.map((h) => h.weight),
    { riskFree: p.riskFree, points: o.points, ...(o.bounds ? { bounds: o.bounds } : {}) },
  );
  return { ...opt, start: dates[0]!, end: dates[dates.length - 1]!, tickers };
}
