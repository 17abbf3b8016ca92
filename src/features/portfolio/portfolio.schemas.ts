/** Inputs of portfolios and the analysis runs; every message names the field and the limit. */
import { z } from "zod";

export const PORTFOLIO_LIMITS = {
  maxName: 100,
  maxDescription: 1000,
  maxHoldings: 50,
  /** Portfolios per account. */
  maxPortfolios: 100,
  /** Tolerance on Σ weights = 1. */
  weightTolerance: 1e-6,
  /** Annual risk-free rate bounds (fraction). */
  riskFree: [-0.5, 1] as const,
  compareTickers: [2, 20] as const,
  /** Assets of analysis.batch. */
  batchTickers: [1, 1000] as const,
  /**
   * Assets per chunk run of a batch, at most: 50 by default makes 1,000 assets 20 runs (not one giant
   * run, not 1,000 tiny ones); at most 100 so a chunk's analyses finish well inside its time limit.
   */
  batchChunkSize: [1, 100] as const,
  defaultBatchChunkSize: 50,
  /** Chunk runs per batch: a workflow has at most 500 steps (MAX_WORKFLOW_STEPS), one the summary. */
  maxBatchChunks: 499,
  /** Frontier points of a preview / a saved analysis. */
  maxFrontierPoints: 100,
  defaultFrontierPoints: 30,
  /** Fewest prices (common dates) an analysis needs. */
  minPrices: 20,
} as const;
const L = PORTFOLIO_LIMITS;

export const HISTORY_RANGES = ["1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "max"] as const;
export type AnalysisRange = (typeof HISTORY_RANGES)[number];

/** "petr4.sa" → "PETR4"; indices keep their caret ("^BVSP"). */
export function canonicalTicker(s: string): string {
  return s.trim().toUpperCase().replace(/\.SA$/, "");
}
export const TICKER_RE = /^\^?[A-Z0-9][A-Z0-9.-]{0,14}$/;

export const ticker = (what: string) =>
  z
    .string({ error: `${what} must be a ticker such as PETR4` })
    .transform(canonicalTicker)
    .refine((t) => TICKER_RE.test(t), {
      message: `${what} must be a ticker such as PETR4 or ^BVSP (letters and digits, at most 15 characters)`,
    });

export const uuid = (what: string) => z.uuid({ error: `${what} must be an id (UUID)` });
const text = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} must be at most ${max} characters`);
const riskFree = z
  .number({ error: "riskFree must be a number (annual rate as a fraction, e.g. 0.1065)" })
  .refine(
    (v) => Number.isFinite(v) && v >= L.riskFree[0] && v <= L.riskFree[1],
    `riskFree must be within ${L.riskFree[0]}..${L.riskFree[1]} (annual rate as a fraction, e.g. 0.1065 for 10.65 %)`,
  );
const range = z.enum(HISTORY_RANGES, { error: `range must be one of ${HISTORY_RANGES.join(", ")}` });

function uniqueTickers(what: string) {
  return (list: string[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      if (seen.has(t)) ctx.addIssue({ code: "custom", path: [i], message: `${what}[${i}]: ${t} is listed twice` });
      seen.add(t);
    });
  };
}

const holding = z.object({
  ticker: ticker("holdings[].ticker"),
  weight: z
    .number({ error: "holdings[].weight must be a number (a fraction of the portfolio)" })
    .refine((v) => Number.isFinite(v) && v >= 0 && v <= 1, "holdings[].weight must be within 0..1"),
});

/** Holdings: 1..50, no ticker twice, weights ≥ 0 summing to 1 ± 1e-6 — or scaled to 1 when `normalise` is set. */
const holdings = z
  .array(holding, { error: "holdings must be a list of { ticker, weight }" })
  .min(1, "holdings must have at least 1 asset")
  .max(L.maxHoldings, `holdings must have at most ${L.maxHoldings} assets`);

function checkHoldings(
  v: { holdings?: { ticker: string; weight: number }[]; normalise?: boolean },
  ctx: z.RefinementCtx,
): void {
  const list = v.holdings;
  if (!list) return;
  const seen = new Set<string>();
  list.forEach((h, i) => {
    if (seen.has(h.ticker))
      ctx.addIssue({
        code: "custom",
        path: ["holdings", i, "ticker"],
        message: `holdings[${i}].ticker: ${h.ticker} is listed twice`,
      });
    seen.add(h.ticker);
  });
  const sum = list.reduce((s, h) => s + h.weight, 0);
  if (v.normalise) {
    if (!(sum > 0))
      ctx.addIssue({
        code: "custom",
        path: ["holdings"],
        message: "holdings: the weights sum to 0 and cannot be normalised",
      });
  } else if (Math.abs(sum - 1) > L.weightTolerance) {
    ctx.addIssue({
      code: "custom",
      path: ["holdings"],
      message: `holdings: the weights must sum to 1 (±${L.weightTolerance}); they sum to ${+sum.toFixed(8)} — fix them or ask to normalise`,
    });
  }
}

/** Scale the weights to sum to 1 (when asked); otherwise as given. */
export function normalisedHoldings<T extends { weight: number }>(
  list: readonly T[],
  normalise: boolean | undefined,
): T[] {
  if (!normalise) return [...list];
  const sum = list.reduce((s, h) => s + h.weight, 0);
  return list.map((h) => ({ ...h, weight: h.weight / sum }));
}

export const ZPortfolioId = z.object({ id: uuid("id") });

export const ZCreatePortfolio = z
  .object({
    name: text("name", L.maxName),
    description: z
      .string({ error: "description must be text" })
      .max(L.maxDescription, `description must be at most ${L.maxDescription} characters`)
      .nullish(),
    benchmark: ticker("benchmark").nullish(),
    riskFree: riskFree.default(0),
    holdings: holdings.optional(),
    normalise: z.boolean({ error: "normalise must be true or false" }).optional(),
  })
  .superRefine(checkHoldings);
export type TCreatePortfolio = z.output<typeof ZCreatePortfolio>;

export const ZUpdatePortfolio = z.object({
  id: uuid("id"),
  name: text("name", L.maxName).optional(),
  description: z
    .string({ error: "description must be text" })
    .max(L.maxDescription, `description must be at most ${L.maxDescription} characters`)
    .nullish(),
  benchmark: ticker("benchmark").nullish(),
  riskFree: riskFree.optional(),
});
export type TUpdatePortfolio = z.output<typeof ZUpdatePortfolio>;

export const ZSetHoldings = z
  .object({
    id: uuid("id"),
    holdings,
    normalise: z.boolean({ error: "normalise must be true or false" }).optional(),
  })
  .superRefine(checkHoldings);
export type TSetHoldings = z.output<typeof ZSetHoldings>;

/** The body of PUT /api/v1/portfolios/{id}/holdings (the id is in the path). */
export const ZHoldingsBody = z
  .object({
    holdings,
    normalise: z.boolean({ error: "normalise must be true or false" }).optional(),
  })
  .superRefine(checkHoldings);

const bounds = z
  .tuple(
    [
      z
        .number({ error: "bounds[0] must be a number" })
        .min(0, "bounds[0] must be within 0..1")
        .max(1, "bounds[0] must be within 0..1"),
      z
        .number({ error: "bounds[1] must be a number" })
        .min(0, "bounds[1] must be within 0..1")
        .max(1, "bounds[1] must be within 0..1"),
    ],
    { error: "bounds must be [lower, upper] weights, e.g. [0, 1]" },
  )
  .refine(([lo, hi]) => lo <= hi, "bounds: lower must not exceed upper");

const points = z
  .number({ error: "points must be a number" })
  .int("points must be a whole number")
  .min(2, "points must be within 2..100")
  .max(L.maxFrontierPoints, `points must be within 2..${L.maxFrontierPoints}`);

export const ZOptimizePreview = z.object({
  id: uuid("id"),
  bounds: bounds.optional(),
  points: points.default(L.defaultFrontierPoints),
  range: range.default("2y"),
});
export type TOptimizePreview = z.output<typeof ZOptimizePreview>;

/** portfolio.analyze: the portfolio, its history range and optional weight bounds. */
export const ZAnalyzePortfolio = ZPortfolioId.extend({
  range: ZOptimizePreview.shape.range,
  bounds: ZOptimizePreview.shape.bounds,
});
// ---- analysis runs (task inputs) ----

export const ZAnalysisAssetInput = z.object({
  ticker: ticker("ticker"),
  range: range.default("2y"),
});
export type TAnalysisAssetInput = z.output<typeof ZAnalysisAssetInput>;

export const ZAnalysisCompareInput = z.object({
  tickers: z
    .array(ticker("tickers[]"), { error: "tickers must be a list of tickers" })
    .min(L.compareTickers[0], `tickers must have at least ${L.compareTickers[0]} assets to compare`)
    .max(L.compareTickers[1], `tickers must have at most ${L.compareTickers[1]} assets`)
    .superRefine(uniqueTickers("tickers")),
  range: range.default("1y"),
});
export type TAnalysisCompareInput = z.output<typeof ZAnalysisCompareInput>;

export const ZAnalysisPortfolioInput = z.object({
  portfolioId: uuid("portfolioId"),
  bounds: bounds.optional(),
  range: range.default("2y"),
});
const [MIN_CHUNK, MAX_CHUNK] = L.batchChunkSize;
export const ZAnalysisBatchInput = z
  .object({
    tickers: z
      .array(ticker("tickers[]"), { error: "tickers must be a list of tickers" })
      .min(L.batchTickers[0], `tickers must have at least ${L.batchTickers[0]} asset`)
      .max(L.batchTickers[1], `tickers must have at most ${L.batchTickers[1]} assets`)
      .superRefine(uniqueTickers("tickers")),
    range: range.default("2y"),
    /** Assets per chunk run, at most (the tickers are cut into chunks of near-equal size). */
    chunkSize: z
      .number({ error: "chunkSize must be a number of assets" })
      .refine(
        (n) => Number.isInteger(n) && n >= MIN_CHUNK && n <= MAX_CHUNK,
        `chunkSize must be a whole number within ${MIN_CHUNK}..${MAX_CHUNK}`,
      )
      .default(L.defaultBatchChunkSize),
  })
  .superRefine((v, ctx) => {
    const chunks = Math.ceil((v.tickers?.length ?? 0) / v.chunkSize);
    if (Number.isInteger(v.chunkSize) && chunks > L.maxBatchChunks)
      ctx.addIssue({
        code: "custom",
        path: ["chunkSize"],
        message: `chunkSize: ${v.tickers.length} assets in chunks of at most ${v.chunkSize} make ${chunks} runs; at most ${L.maxBatchChunks} per batch (chunkSize ${Math.ceil(v.tickers.length / L.maxBatchChunks)} or more)`,
      });
  });
export type TAnalysisBatchInput = z.output<typeof ZAnalysisBatchInput>;
/** Inputs of the schedule-run tasks: `{}` from a system schedule. */
export const ZAllPortfoliosInput = z.object({ range: range.default("2y") }).default({ range: "2y" });
export const ZOpportunitiesInput = z
  .object({ maxAssets: z.number().int().min(1).max(2000, "maxAssets must be within 1..2000").default(500) })
  .default({ maxAssets: 500 });
export const ZRankingsInput = z
  .object({
    window: z
      .number({ error: "window must be a number of trading days" })
      .int("window must be a whole number")
      .min(20, "window must be within 20..2520 trading days")
      .max(2520, "window must be within 20..2520 trading days")
      .default(252),
    maxAssets: z.number().int().min(1).max(2000, "maxAssets must be within 1..2000").default(500),
  })
  .default({ window: 252, maxAssets: 500 });
