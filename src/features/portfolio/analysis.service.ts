/**
 * The analyses: prices from the market repository, aligned on common dates, put through the pure
 * engine (src/domain/portfolio), returned as the JSON-able results of ./analysis.types. No run
 * machinery here (see ./analysis.runs for starting runs and ./analysis.task for the tasks).
 *
 * Conventions: simple returns of adjusted closes; 252 periods a year; a portfolio's returns are
 * Σ wᵢ·rᵢ with its target weights (rebalanced daily); its annual risk-free rate is turned into a
 * per-period one, (1+rf)^(1/252)−1, for the metrics and given as is (annual) to the optimiser.
 */
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { drawdownSeries, simpleReturns, type Ret } from "@/domain/portfolio/returns";
import { computeMetrics } from "@/domain/portfolio/metrics";
import { correlationMatrix } from "@/domain/portfolio/correlation";
import { findAssetsByTickers, loadPriceSeries, type AssetRow } from "@/features/market";
import type { AssetAnalysis, AssetSummary, Comparison, CorrelationDto, IsoDate, MetricsDto } from "./analysis.types";
import { PORTFOLIO_LIMITS as L, type AnalysisRange } from "./portfolio.schemas";
import {
  alignOnCommonDates,
  highOf,
  momentumOf,
  PERIODS_PER_YEAR,
  rangeStart,
  seriesOf,
  toMetricsDto,
} from "./analysis-series";

export interface AnalysisOptions {
  range?: AnalysisRange;
  signal?: AbortSignal;
  /** Collect unknown tickers through the market provider first (the tasks do; a preview does not). */
  ensure?: (tickers: readonly string[], o: { signal?: AbortSignal }) => Promise<AssetRow[]>;
  /** Today (ISO day), for the range; default the UTC day. */
  today?: IsoDate;
}

// ---------- loading ----------

export interface Loaded {
  asset: AssetRow;
  bars: { date: IsoDate; adjClose: number }[];
}

/** The assets (in the order asked) with their prices in the range; unknown tickers refused by name. */
export async function loadAssets(
  tickers: readonly string[],
  field: string,
  o: AnalysisOptions = {},
): Promise<Loaded[]> {
  const rows = o.ensure ? await o.ensure(tickers, { signal: o.signal }) : await findAssetsByTickers(tickers);
  const byTicker = new Map(rows.map((a) => [a.ticker, a]));
  tickers.forEach((t, i) => {
    if (!byTicker.has(t))
      throw new PortfolioInputError(
        tickers.length > 1 ? `${field}.${i}` : field,
        `${tickers.length > 1 ? `${field}[${i}]` : field}: ${t} is not a known asset; add it on the assets page (or collect it) first`,
      );
  });
  const start = rangeStart(o.range ?? "2y", o.today);
  const series = await loadPriceSeries(
    tickers.map((t) => byTicker.get(t)!.id),
    start ? { start } : {},
  );
  return tickers.map((t) => {
    const asset = byTicker.get(t)!;
    return { asset, bars: (series.get(asset.id) ?? []).filter((b) => Number.isFinite(b.adjClose) && b.adjClose > 0) };
  });
}

function requireLength(what: string, field: string, n: number, range: string): void {
  if (n < L.minPrices)
    throw new PortfolioInputError(
      field,
      `${field}: ${what} has only ${n} price${n === 1 ? "" : "s"} in the range ${range}; at least ${L.minPrices} are needed (collect more history or widen the range)`,
    );
}

// ---------- one asset ----------

export async function analyzeAssetData(ticker: string, o: AnalysisOptions = {}): Promise<AssetAnalysis> {
  const [{ asset, bars }] = (await loadAssets([ticker], "ticker", o)) as [Loaded];
  const range = o.range ?? "2y";
  requireLength(asset.ticker, "ticker", bars.length, range);
  const dates = bars.map((b) => b.date);
  const prices = bars.map((b) => b.adjClose);
  const returns = simpleReturns(prices, "prices");
  const metrics = toMetricsDto(computeMetrics(returns, { periodsPerYear: PERIODS_PER_YEAR }), dates);
  return {
    kind: "asset",
    ticker: asset.ticker,
    name: asset.name,
    currency: asset.currency,
    source: asset.source,
    asOf: dates[dates.length - 1]!,
    computedAt: new Date().toISOString(),
    metrics,
    momentum: momentumOf(prices),
    high52w: highOf(dates, prices),
    series: seriesOf(dates, prices, returns),
    fundamentals: {
      sector: asset.sector,
      lastPrice: asset.lastPrice,
      priceEarnings: asset.priceEarnings,
      earningsPerShare: asset.earningsPerShare,
      dividendYield: asset.dividendYield,
      marketCap: asset.marketCap,
      fundamentalsAt: asset.fundamentalsAt ? asset.fundamentalsAt.toISOString() : null,
    },
  };
}

export const summariseAsset = (a: AssetAnalysis): AssetSummary => ({
  kind: "assetSummary",
  ticker: a.ticker,
  name: a.name,
  asOf: a.asOf,
  metrics: a.metrics,
});

// ---------- comparison ----------

export function aligned(loaded: readonly Loaded[], field: string, range: string) {
  for (const [i, l] of loaded.entries())
    requireLength(l.asset.ticker, loaded.length > 1 ? `${field}.${i}` : field, l.bars.length, range);
  const { dates, prices } = alignOnCommonDates(loaded.map((l) => l.bars));
  if (dates.length < L.minPrices)
    throw new PortfolioInputError(
      field,
      `${field}: only ${dates.length} date${dates.length === 1 ? "" : "s"} common to ${loaded.map((l) => l.asset.ticker).join(", ")} in the range ${range}; at least ${L.minPrices} are needed`,
    );
  return { dates, prices };
}

export function correlationOf(tickers: string[], returns: readonly (readonly Ret[])[]): CorrelationDto {
  return { tickers, matrix: correlationMatrix(returns, "returns") };
}

export async function compareData(tickers: readonly string[], o: AnalysisOptions = {}): Promise<Comparison> {
  const range = o.range ?? "1y";
  const loaded = await loadAssets(tickers, "tickers", { ...o, range });
  const { dates, prices } = aligned(loaded, "tickers", range);
  const names = loaded.map((l) => l.asset.ticker);
  const returns = prices.map((p, i) => simpleReturns(p, `prices.${names[i]}`));
  const metrics: Record<string, MetricsDto> = {};
  const normalised: Record<string, number[]> = {};
  const drawdown: Record<string, number[]> = {};
  names.forEach((t, i) => {
    metrics[t] = toMetricsDto(computeMetrics(returns[i]!, { periodsPerYear: PERIODS_PER_YEAR }), dates);
    normalised[t] = prices[i]!.map((v) => (v / prices[i]![0]!) * 100);
    drawdown[t] = drawdownSeries(returns[i]!);
  });
  return {
    kind: "compare",
    tickers: names,
    computedAt: new Date().toISOString(),
    range,
    start: dates[0]!,
    end: dates[dates.length - 1]!,
    metrics,
    series: { dates, normalised, drawdown },
    correlation: correlationOf(names, returns),
  };
}
