/**
 * What the market tasks return. The executor checks a run's result against its schema before
 * storing it. Client-safe: zod only.
 */
import { z } from "zod";

const ZTickerFailure = z.object({ ticker: z.string(), message: z.string() });

/** market.collectAsset: one ticker's history stored. */
export const ZCollectAssetResult = z.object({
  ticker: z.string(),
  source: z.string(),
  bars: z.number(),
  inserted: z.number(),
  updated: z.number(),
  first: z.string(),
  last: z.string(),
  lastPrice: z.number().nullable(),
  fundamentals: z.boolean(),
  watched: z.boolean(),
  /** Bars of another source dropped first (the asset changed source). */
  replaced: z.number(),
  warnings: z.array(z.string()),
});

/** market.updatePrices: the latest bars of every provider-priced asset. */
export const ZUpdatePricesResult = z.object({
  assets: z.number(),
  bars: z.number(),
  inserted: z.number(),
  failed: z.array(ZTickerFailure),
});

/** market.updateFundamentals. */
export const ZUpdateFundamentalsResult = z.object({
  assets: z.number(),
  updated: z.number(),
  failed: z.array(ZTickerFailure),
});

/** market.updateNews: `note` says why nothing was fetched (no feeds configured). */
export const ZUpdateNewsResult = z.object({
  feeds: z.number(),
  fetched: z.number(),
  inserted: z.number(),
  failed: z.array(z.object({ feed: z.string(), message: z.string() })),
  note: z.string().optional(),
});

/** market.cleanup: rows deleted per kind, older than the cut-off. */
export const ZMarketCleanupResult = z.object({
  olderThanDays: z.number(),
  before: z.string(),
  deleted: z.object({ news: z.number(), snapshots: z.number() }),
  kept: z.string(),
});

/** market.batchCollect: the workflow it started and its tickers. */
export const ZBatchCollectResult = z.object({ workflowRunId: z.string(), tickers: z.array(z.string()) });

/** market.dailyChain: the workflow it started and its steps (task names). */
export const ZDailyChainResult = z.object({ workflowRunId: z.string(), steps: z.array(z.string()) });
