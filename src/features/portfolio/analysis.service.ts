/**
 * The analyses: prices from the market repository, aligned on common dates, put through the pure
 * engine (src/domain/portfolio), returned as the JSON-able results of ./analysis.types. No run
 * machinery here (see ./analysis.runs for starting runs and ./analysis.task for the tasks).
 *
 * Conventions: simple returns of adjusted closes; 252 periods a year; a portfolio's returns are
 * Σ wᵢ·rᵢ with its target weights (rebalanced daily); its annual risk-free rate is turned into a
 * per-period one, (1+rf)^(1/252)−1, for the metrics and given as is (annual) to the optimiser.
 */
import type { OwnerScope } from "@/accounts/viewer";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { simpleReturns, type Ret } from "@/domain/portfolio/returns";
import { computeMetrics, type Metrics } from "@/domain/portfolio/metrics";
import { rollingSharpe, rollingVolatility } from "@/domain/portfolio/rolling";
import { correlationMatrix } from "@/domain/portfolio/correlation";
import { expectedReturnsCagr, sampleCovariance } from "@/domain/portfolio/estimates";
import { maxSharpe, minVolatility, portfolioPerformance } from "@/domain/portfolio/optimize";
import { efficientFrontier } from "@/domain/portfolio/frontier";
import { findAssetsByTickers, loadPriceSeries, type AssetRow } from "@/features/market/market.repository";
import type {
  AssetAnalysis,
  AssetSummary,
  Comparison,
  CorrelationDto,
  FrontierPointDto,
  IsoDate,
  MetricsDto,
  Optimisation,
  OptimizePreview,
  PortfolioAnalysis,
  SeriesDto,
  SuggestedAllocation,
} from "./analysis.types";
import { PortfolioNotFoundError } from "./portfolio.errors";
import { findPortfolio, type PortfolioRow } from "./portfolio.repository";
import { PORTFOLIO_LIMITS as L, type AnalysisRange } from "./portfolio.schemas";
import { toPortfolioDto } from "./portfolio.service";

export const PERIODS_PER_YEAR = 252;
/** Rolling window of the chart series: 63 trading days ≈ 3 months. */
export const ROLLING_WINDOW = 63;

export interface AnalysisOptions {
  range?: AnalysisRange;
  signal?: AbortSignal;
  /** Collect unknown tickers through the market provider first (the tasks do; a preview does not). */
  ensure?: (tickers: readonly string[], o: { signal?: AbortSignal }) => Promise<AssetRow[]>;
  /** Today (ISO day), for the range; default the UTC day. */
  today?: IsoDate;
}

// ---------- dates and ranges ----------

export const todayUtc = (now = new Date()): IsoDate => now.toISOString().slice(0, 10);

/** The first day of a history range ending today; undefined for "max". */
export function rangeStart(range: AnalysisRange, today: IsoDate = todayUtc()): IsoDate | undefined {
  if (range === "max") return undefined;
  const months = { "1mo": 1, "3mo": 3, "6mo": 6, "1y": 12, "2y": 24, "5y": 60, "10y": 120 }[range];
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return todayUtc(d);
}

/** Annual risk-free rate → per period: (1+rf)^(1/A) − 1. */
export const perPeriodRate = (annual: number, periodsPerYear = PERIODS_PER_YEAR): number =>
  Math.pow(1 + annual, 1 / periodsPerYear) - 1;

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

/** Align price series on the dates every one of them has. */
export function alignOnCommonDates(list: readonly { date: IsoDate; adjClose: number }[][]): {
  dates: IsoDate[];
  prices: number[][];
} {
  if (!list.length) return { dates: [], prices: [] };
  const maps = list.map((bars) => new Map(bars.map((b) => [b.date, b.adjClose])));
  const dates = [...maps[0]!.keys()].filter((d) => maps.every((m) => m.has(d))).sort();
  return { dates, prices: maps.map((m) => dates.map((d) => m.get(d)!)) };
}

function requireLength(what: string, field: string, n: number, range: string): void {
  if (n < L.minPrices)
    throw new PortfolioInputError(
      field,
      `${field}: ${what} has only ${n} price${n === 1 ? "" : "s"} in the range ${range}; at least ${L.minPrices} are needed (collect more history or widen the range)`,
    );
}

// ---------- metrics and series ----------

export function toMetricsDto(m: Metrics, dates: readonly IsoDate[]): MetricsDto {
  const at = (i: number) => dates[Math.min(Math.max(0, i), dates.length - 1)]!;
  return {
    cumulativeReturn: m.cumulativeReturn,
    annualReturn: m.annualReturn,
    annualVolatility: m.annualVolatility,
    sharpe: finiteOrNull(m.sharpe),
    sortino: finiteOrNull(m.sortino),
    downsideRisk: m.downsideRisk,
    maxDrawdown: m.maxDrawdown,
    maxDrawdownPeak: at(m.maxDrawdownPeak),
    maxDrawdownTrough: at(m.maxDrawdownTrough),
    maxDrawdownRecovery: m.maxDrawdownRecovery === null ? null : at(m.maxDrawdownRecovery),
    calmar: finiteOrNull(m.calmar),
    var: m.var,
    cvar: m.cvar,
    parametricVar: m.parametricVar,
    ...(m.beta !== undefined ? { beta: finiteOrNull(m.beta), alpha: finiteOrNull(m.alpha ?? null) } : {}),
    periods: m.periods,
    start: dates[0]!,
    end: dates[dates.length - 1]!,
  };
}

function finiteOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

/** Drawdown of a value series from its running peak (≤ 0). */
export function drawdownOf(values: readonly number[]): number[] {
  let peak = -Infinity;
  return values.map((v) => {
    peak = Math.max(peak, v);
    return v / peak - 1;
  });
}

export function seriesOf(dates: readonly IsoDate[], values: readonly number[], returns: readonly Ret[]): SeriesDto {
  const first = values[0]!;
  return {
    dates: [...dates],
    prices: [...values],
    normalised: values.map((v) => (v / first) * 100),
    drawdown: drawdownOf(values),
    rollingVolatility: [null, ...rollingVolatility(returns, ROLLING_WINDOW, PERIODS_PER_YEAR)].map(finiteOrNull),
    rollingSharpe: [null, ...rollingSharpe(returns, ROLLING_WINDOW, PERIODS_PER_YEAR)].map(finiteOrNull),
    rollingWindow: ROLLING_WINDOW,
  };
}

const change = (prices: readonly number[], back: number): number | null =>
  prices.length > back ? prices[prices.length - 1]! / prices[prices.length - 1 - back]! - 1 : null;

export function highOf(dates: readonly IsoDate[], prices: readonly number[], window = PERIODS_PER_YEAR) {
  const from = Math.max(0, prices.length - window - 1);
  let hi = from;
  for (let i = from; i < prices.length; i++) if (prices[i]! >= prices[hi]!) hi = i;
  return { price: prices[hi]!, date: dates[hi]!, drawdown: prices[prices.length - 1]! / prices[hi]! - 1 };
}

export function momentumOf(prices: readonly number[]) {
  return { m3: change(prices, 63), m6: change(prices, 126), m12: change(prices, 252) };
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

function aligned(loaded: readonly Loaded[], field: string, range: string) {
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

function correlationOf(tickers: string[], returns: readonly (readonly Ret[])[]): CorrelationDto {
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
    drawdown[t] = drawdownOf(prices[i]!);
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

// ---------- portfolio ----------

/** Σ wᵢ·rᵢ per period: the returns of a portfolio rebalanced to its weights every day. */
export function weightedReturns(returns: readonly (readonly number[])[], weights: readonly number[]): number[] {
  const n = returns[0]?.length ?? 0;
  const out = new Array<number>(n).fill(0);
  returns.forEach((r, i) => {
    const w = weights[i]!;
    for (let t = 0; t < n; t++) out[t]! += w * r[t]!;
  });
  return out;
}

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

/** Value rebased to 100 on the first date from returns (a missing return compounds as 0, as in the metrics). */
function rebased(returns: readonly Ret[]): number[] {
  const out = [100];
  for (const r of returns) out.push(out[out.length - 1]! * (1 + (r ?? 0)));
  return out;
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
