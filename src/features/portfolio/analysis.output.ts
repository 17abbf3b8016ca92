/**
 * What the analysis tasks return (the types in ./analysis.types, as schemas). The executor checks a
 * run's result against its schema before storing it. Statistics accept NaN/±Infinity and null (see
 * ZStatistic); counts, weights and dates are strict. Client-safe: zod only.
 */
import { z } from "zod";
import { ZStatistic as S } from "@/runs/task-result";

const ZTickerReason = z.object({ ticker: z.string(), reason: z.string() });

export const ZMetrics = z.object({
  cumulativeReturn: S,
  annualReturn: S,
  annualVolatility: S,
  sharpe: S,
  sortino: S,
  downsideRisk: S,
  maxDrawdown: S,
  maxDrawdownPeak: z.string(),
  maxDrawdownTrough: z.string(),
  maxDrawdownRecovery: z.string().nullable(),
  calmar: S,
  var: S,
  cvar: S,
  parametricVar: S,
  beta: S.optional(),
  alpha: S.optional(),
  periods: z.number(),
  start: z.string(),
  end: z.string(),
});

const ZSeries = z.object({
  dates: z.array(z.string()),
  prices: z.array(S),
  normalised: z.array(S),
  drawdown: z.array(S),
  rollingVolatility: z.array(S),
  rollingSharpe: z.array(S),
  rollingWindow: z.number(),
});

export const ZCorrelation = z.object({ tickers: z.array(z.string()), matrix: z.array(z.array(S)) });

export const ZAssetAnalysis = z.object({
  kind: z.literal("asset"),
  ticker: z.string(),
  name: z.string().nullable(),
  currency: z.string(),
  source: z.string(),
  asOf: z.string(),
  computedAt: z.string(),
  metrics: ZMetrics,
  momentum: z.object({ m3: S, m6: S, m12: S }),
  high52w: z.object({ price: S, date: z.string(), drawdown: S }),
  series: ZSeries,
  fundamentals: z.object({
    sector: z.string().nullable(),
    lastPrice: S,
    priceEarnings: S,
    earningsPerShare: S,
    dividendYield: S,
    marketCap: S,
    fundamentalsAt: z.string().nullable(),
  }),
});

export const ZAssetSummary = z.object({
  kind: z.literal("assetSummary"),
  ticker: z.string(),
  name: z.string().nullable(),
  asOf: z.string(),
  metrics: ZMetrics,
});

/** analysis.assetChunk: a summary per asset of the chunk, in its order (null: failed, see `failed`). */
export const ZAssetChunkResult = z.object({
  summaries: z.array(ZAssetSummary.nullable()),
  failed: z.array(z.object({ ticker: z.string(), message: z.string() })),
});

/** analysis.asset: the full analysis, or its summary when a batch asks for `detail: "summary"`. */
export const ZAnalysisAssetResult = z.discriminatedUnion("kind", [ZAssetAnalysis, ZAssetSummary]);

export const ZComparison = z.object({
  kind: z.literal("compare"),
  tickers: z.array(z.string()),
  computedAt: z.string(),
  range: z.string(),
  start: z.string(),
  end: z.string(),
  metrics: z.record(z.string(), ZMetrics),
  series: z.object({
    dates: z.array(z.string()),
    normalised: z.record(z.string(), z.array(S)),
    drawdown: z.record(z.string(), z.array(S)),
  }),
  correlation: ZCorrelation,
});

const ZFrontierPoint = z.object({
  expectedReturn: S,
  volatility: S,
  sharpe: S,
  weights: z.record(z.string(), z.number()).optional(),
});

const ZAllocation = z.object({
  weights: z.record(z.string(), z.number()),
  expectedReturn: S,
  volatility: S,
  sharpe: S,
});

export const ZOptimisation = z.object({
  bounds: z.tuple([z.number(), z.number()]),
  riskFree: z.number(),
  expectedReturns: z.record(z.string(), S),
  frontier: z.array(ZFrontierPoint),
  current: ZFrontierPoint,
  minVolatility: ZAllocation,
  maxSharpe: ZAllocation.nullable(),
  maxSharpeUnavailable: z.string().nullable(),
  frontierUnavailable: z.string().nullable(),
});

export const ZPortfolioAnalysis = z.object({
  kind: z.literal("portfolio"),
  portfolio: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    benchmark: z.string().nullable(),
    riskFree: z.number(),
    holdings: z.array(z.object({ ticker: z.string(), name: z.string().nullable(), weight: z.number() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  computedAt: z.string(),
  start: z.string(),
  end: z.string(),
  method: z.literal("daily-rebalanced"),
  metrics: ZMetrics,
  benchmark: z.object({ ticker: z.string(), metrics: ZMetrics, normalised: z.array(S) }).nullable(),
  series: ZSeries,
  assets: z.array(z.object({ ticker: z.string(), name: z.string().nullable(), weight: z.number(), metrics: ZMetrics })),
  correlation: ZCorrelation,
  optimisation: ZOptimisation,
});

/** analysis.allPortfolios: how many were analysed, and the ones that could not be (first 200). */
export const ZAllPortfoliosResult = z.object({
  portfolios: z.number(),
  analysed: z.number(),
  failed: z.array(z.object({ id: z.string(), name: z.string(), message: z.string() })),
});

const ZTickerStat = <K extends string>(key: K) =>
  z.object({ ticker: z.string() }).extend({ [key]: S } as Record<K, typeof S>);

export const ZBatchSummary = z.object({
  kind: z.literal("batchSummary"),
  count: z.number(),
  analysed: z.array(z.string()),
  failed: z.array(z.string()),
  bestSharpe: ZTickerStat("sharpe").nullable(),
  worstSharpe: ZTickerStat("sharpe").nullable(),
  bestReturn: ZTickerStat("annualReturn").nullable(),
  worstDrawdown: ZTickerStat("maxDrawdown").nullable(),
  lowestVolatility: ZTickerStat("annualVolatility").nullable(),
  averages: z.object({ annualReturn: S, annualVolatility: S, sharpe: S }),
  rows: z.array(z.object({ ticker: z.string(), annualReturn: S, annualVolatility: S, sharpe: S, maxDrawdown: S })),
});

/** analysis.batch (and market.batchCollect): the workflow it started and its tickers. */
export const ZStartedBatch = z.object({ workflowRunId: z.string(), tickers: z.array(z.string()) });

const ZRuleId = z.enum(["drawdownFromHigh", "momentumLowVol", "valuationVsSector", "dividendYield", "lowVolatility"]);

export const ZOpportunitiesResult = z.object({
  kind: z.literal("opportunities"),
  computedAt: z.string(),
  rules: z.array(
    z.object({
      id: ZRuleId,
      title: z.string(),
      titleKey: z.string(),
      explanationKey: z.string(),
      explanation: z.string(),
      threshold: z.number(),
    }),
  ),
  screened: z.number(),
  skipped: z.array(ZTickerReason),
  opportunities: z.array(
    z.object({
      ticker: z.string(),
      name: z.string().nullable(),
      rule: ZRuleId,
      score: S,
      explanation: z.string(),
      explanationKey: z.string(),
      values: z.record(z.string(), z.union([S, z.string()])),
    }),
  ),
});

export const ZRankingsResult = z.object({
  kind: z.literal("rankings"),
  computedAt: z.string(),
  window: z.number(),
  rows: z.array(
    z.object({
      ticker: z.string(),
      name: z.string().nullable(),
      sector: z.string().nullable(),
      annualReturn: S,
      annualVolatility: S,
      sharpe: S,
      maxDrawdown: S,
      ranks: z.object({ sharpe: z.number(), return: z.number(), volatility: z.number(), drawdown: z.number() }),
    }),
  ),
  by: z.object({
    sharpe: z.array(z.string()),
    return: z.array(z.string()),
    volatility: z.array(z.string()),
    drawdown: z.array(z.string()),
  }),
  skipped: z.array(ZTickerReason),
});
