/**
 * The results of the analysis slice, as plain JSON-able objects (no Date, no Map, no BigInt): what
 * the analysis.* runs return, what AnalysisSnapshot.data holds, and what reports (H6) and the UI
 * (H7) read. Dates are ISO calendar days ("YYYY-MM-DD", exchange-local); timestamps are ISO strings.
 * Ratios are fractions (0.12 = 12 %); annual figures assume 252 trading days a year.
 */

import type { Metrics } from "@/domain/portfolio/metrics";

/** An ISO calendar day, "YYYY-MM-DD". */
export type IsoDate = string;

/**
 * The metrics of one return series: the engine's `Metrics` (daily, 252 a year, VaR at the 5 % cutoff;
 * beta and alpha when a benchmark was available), with the drawdown indices turned into dates.
 */
export interface MetricsDto extends Omit<Metrics, "maxDrawdownPeak" | "maxDrawdownTrough" | "maxDrawdownRecovery"> {
  /** Day of the peak before the deepest fall, the trough, and the day the peak was regained (null = not yet). */
  maxDrawdownPeak: IsoDate;
  maxDrawdownTrough: IsoDate;
  maxDrawdownRecovery: IsoDate | null;
  /** First and last day of the price series the metrics come from. */
  start: IsoDate;
  end: IsoDate;
}

/** Chart series of one asset or portfolio; every array has `dates.length` entries. */
export interface SeriesDto {
  dates: IsoDate[];
  /** Adjusted closes (for a portfolio: its value, starting at 1). */
  prices: number[];
  /** Value rebased to 100 on the first date. */
  normalised: number[];
  /** Drawdown from the running peak, ≤ 0 (first entry 0). */
  drawdown: number[];
  /** Annualised rolling volatility over `rollingWindow` returns; null until the window fills. */
  rollingVolatility: (number | null)[];
  /** Annualised rolling Sharpe (rf = 0) over `rollingWindow` returns; null until the window fills. */
  rollingSharpe: (number | null)[];
  /** Window of the rolling series in trading days (63 ≈ 3 months). */
  rollingWindow: number;
}

export interface FundamentalsDto {
  sector: string | null;
  lastPrice: number | null;
  priceEarnings: number | null;
  earningsPerShare: number | null;
  /** Fraction (0.06 = 6 %). */
  dividendYield: number | null;
  marketCap: number | null;
  /** When the fundamentals were fetched (ISO timestamp), null if never. */
  fundamentalsAt: string | null;
}

export interface AssetAnalysis {
  kind: "asset";
  ticker: string;
  name: string | null;
  currency: string;
  /** Where its prices came from ("demo" = generated, not real prices). */
  source: string;
  /** Last price date. */
  asOf: IsoDate;
  /** When this analysis was computed (ISO timestamp). */
  computedAt: string;
  metrics: MetricsDto;
  /** Change over trailing windows (fraction), null when the history is shorter. */
  momentum: { m3: number | null; m6: number | null; m12: number | null };
  /** Highest adjusted close over the last 252 trading days and the current fall from it (≤ 0). */
  high52w: { price: number; date: IsoDate; drawdown: number };
  series: SeriesDto;
  fundamentals: FundamentalsDto;
}

/** analysis.asset's result when a batch asks for `detail: "summary"` (the full analysis is still saved as the snapshot). */
export interface AssetSummary {
  kind: "assetSummary";
  ticker: string;
  name: string | null;
  asOf: IsoDate;
  metrics: MetricsDto;
}

export interface CorrelationDto {
  tickers: string[];
  /** Pearson correlation of daily returns on common dates; matrix[i][j] for tickers[i], tickers[j]; null where undefined (a series that does not vary). */
  matrix: (number | null)[][];
}

export interface Comparison {
  kind: "compare";
  tickers: string[];
  computedAt: string;
  /** The range asked for ("1y", "5y", "max", …). */
  range: string;
  /** Common dates of every asset: the series below are aligned on them. */
  start: IsoDate;
  end: IsoDate;
  metrics: Record<string, MetricsDto>;
  series: {
    dates: IsoDate[];
    /** Per ticker, value rebased to 100 on the first common date. */
    normalised: Record<string, number[]>;
    drawdown: Record<string, number[]>;
  };
  correlation: CorrelationDto;
}

export interface HoldingDto {
  ticker: string;
  name: string | null;
  /** Target weight (fraction; the weights sum to 1). */
  weight: number;
}

export interface PortfolioDto {
  id: string;
  name: string;
  description: string | null;
  benchmark: string | null;
  /** Annual risk-free rate (fraction). */
  riskFree: number;
  holdings: HoldingDto[];
  createdAt: string;
  updatedAt: string;
}

/** A point of the efficient frontier, or a portfolio on the same axes (annual expected return and volatility). */
export interface FrontierPointDto {
  expectedReturn: number;
  volatility: number;
  sharpe: number | null;
  /** Weights by ticker (absent for the current point: see holdings). */
  weights?: Record<string, number>;
}

export interface SuggestedAllocation {
  weights: Record<string, number>;
  expectedReturn: number | null;
  volatility: number;
  sharpe: number | null;
}

export interface Optimisation {
  /** Weight bounds applied to every asset (long-only default [0, 1]). */
  bounds: [number, number];
  /** Annual risk-free rate used by the optimiser. */
  riskFree: number;
  /** Annualised CAGR of each asset over the common dates (the optimiser's μ). */
  expectedReturns: Record<string, number>;
  frontier: FrontierPointDto[];
  /** The portfolio's own weights on the same axes. */
  current: FrontierPointDto;
  minVolatility: SuggestedAllocation;
  /** null with `maxSharpeUnavailable` saying why (e.g. no asset's expected return beats the risk-free rate). */
  maxSharpe: SuggestedAllocation | null;
  maxSharpeUnavailable: string | null;
  /** Set when the frontier could not be drawn (e.g. a single asset); the suggestions may still be there. */
  frontierUnavailable: string | null;
}

export interface PortfolioAnalysis {
  kind: "portfolio";
  portfolio: PortfolioDto;
  computedAt: string;
  /** Common dates of every holding (and the benchmark when it is not shorter). */
  start: IsoDate;
  end: IsoDate;
  /**
   * How the portfolio's returns are built: daily returns Σ wᵢ·rᵢ with the target weights, i.e. a
   * portfolio rebalanced to its weights every day.
   */
  method: "daily-rebalanced";
  /** Metrics of the portfolio returns; Sharpe uses the per-period risk-free (1+rf)^(1/252)−1. beta/alpha vs the benchmark when there is one. */
  metrics: MetricsDto;
  /** The benchmark on the portfolio's dates: its metrics and its value rebased to 100 (one entry per date). */
  benchmark: { ticker: string; metrics: MetricsDto; normalised: number[] } | null;
  series: SeriesDto;
  assets: { ticker: string; name: string | null; weight: number; metrics: MetricsDto }[];
  correlation: CorrelationDto;
  optimisation: Optimisation;
}

/** The synchronous optimise preview (no run): the optimisation block for the current holdings. */
export type OptimizePreview = Optimisation & { start: IsoDate; end: IsoDate; tickers: string[] };

export type OpportunityRuleId =
  "drawdownFromHigh" | "momentumLowVol" | "valuationVsSector" | "dividendYield" | "lowVolatility";

export interface OpportunityRuleDto {
  id: OpportunityRuleId;
  title: string;
  /** i18n key (namespace "analysis") for the title/explanation in en and pt-BR. */
  titleKey: string;
  explanationKey: string;
  /** English explanation of what the rule looks for (with its threshold). */
  explanation: string;
  threshold: number;
}

export interface Opportunity {
  ticker: string;
  name: string | null;
  rule: OpportunityRuleId;
  /** Larger = stronger signal (rule-specific, comparable within a rule). */
  score: number;
  /** English sentence with the values (the UI may rebuild it from explanationKey + values). */
  explanation: string;
  explanationKey: string;
  values: Record<string, number | string | null>;
}

export interface OpportunitiesResult {
  kind: "opportunities";
  computedAt: string;
  rules: OpportunityRuleDto[];
  /** Assets screened (with enough history). */
  screened: number;
  /** Assets left out (too short a history), with the reason. */
  skipped: { ticker: string; reason: string }[];
  opportunities: Opportunity[];
}

export interface RankingRow {
  ticker: string;
  name: string | null;
  sector: string | null;
  annualReturn: number;
  annualVolatility: number;
  sharpe: number | null;
  maxDrawdown: number;
  /** 1 = best: highest Sharpe / return, lowest volatility, shallowest drawdown. */
  ranks: { sharpe: number; return: number; volatility: number; drawdown: number };
}

export interface RankingsResult {
  kind: "rankings";
  computedAt: string;
  /** Trailing window used (trading days). */
  window: number;
  rows: RankingRow[];
  /** Tickers in order, per criterion. */
  by: { sharpe: string[]; return: string[]; volatility: string[]; drawdown: string[] };
  skipped: { ticker: string; reason: string }[];
}

/** analysis.batchSummary's result: the chord callback over N analysis.asset results. */
export interface BatchSummary {
  kind: "batchSummary";
  count: number;
  analysed: string[];
  failed: string[];
  bestSharpe: { ticker: string; sharpe: number | null } | null;
  worstSharpe: { ticker: string; sharpe: number | null } | null;
  bestReturn: { ticker: string; annualReturn: number } | null;
  worstDrawdown: { ticker: string; maxDrawdown: number } | null;
  lowestVolatility: { ticker: string; annualVolatility: number } | null;
  averages: { annualReturn: number; annualVolatility: number; sharpe: number | null };
  rows: {
    ticker: string;
    annualReturn: number;
    annualVolatility: number;
    sharpe: number | null;
    maxDrawdown: number;
  }[];
}

export type SnapshotKind = "asset" | "portfolio" | "opportunities" | "rankings";

export interface SnapshotDto<T = unknown> {
  kind: SnapshotKind;
  key: string;
  runId: string;
  createdAt: string;
  data: T;
}
