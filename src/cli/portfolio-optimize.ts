/**
 * Input contract and runner of the "portfolio.optimize" computation (`fluxo compute`): minimum
 * volatility or maximum Sharpe within weight bounds (default long-only [0, 1]), from annual μ and Σ,
 * or from prices per ticker (μ = annualised CAGR, Σ = annualised sample covariance, PyPortfolioOpt's
 * defaults). Strict object; messages name the field and the limit. The engine (src/domain/portfolio)
 * checks the rest (Σ square, symmetric, positive semi-definite; μ length; bounds that can sum to 1;
 * aligned series) and throws PortfolioInputError with the field.
 */
import { z } from "zod";
import { expectedReturnsCagr, returnsMatrixFromPrices, sampleCovariance } from "@/domain/portfolio/estimates";
import { maxSharpe, minVolatility, type Allocation } from "@/domain/portfolio/optimize";
import { fmt, num, STRICT_INPUT, ZPeriodsPerYear, ZTickerKey, ZTickerPrices } from "./portfolio-input";

/** Most assets in one optimisation. */
export const MAX_OPTIMIZE_ASSETS = 500;
/** Most prices over all tickers (500 tickers × 10,000 days). */
export const MAX_OPTIMIZE_PRICES = 5_000_000;

const ZWeightBound = z
  .number({ error: "must be a number (a weight: 0.25 = 25 %)" })
  .min(-1, "must be at least -1 (a weight: -1 = short 100 %)")
  .max(1, "must be at most 1 (a weight: 1 = 100 %)");

export const ZPortfolioOptimizeInput = z
  .strictObject(
    {
      mu: z
        .array(z.number({ error: "must be a number (an annual expected return: 8 % = 0.08)" }), {
          error: "mu must be a list of annual expected returns",
        })
        .min(1, "mu needs at least 1 asset")
        .max(MAX_OPTIMIZE_ASSETS, `mu must have at most ${MAX_OPTIMIZE_ASSETS} assets`)
        .optional(),
      cov: z
        .array(
          z
            .array(z.number({ error: "must be a number (an annual covariance)" }), {
              error: "must be a row of numbers",
            })
            .max(MAX_OPTIMIZE_ASSETS, `must have at most ${MAX_OPTIMIZE_ASSETS} entries`),
          { error: "cov must be a square matrix (a list of rows) of annual covariances" },
        )
        .min(1, "cov needs at least 1 asset")
        .max(MAX_OPTIMIZE_ASSETS, `cov must have at most ${MAX_OPTIMIZE_ASSETS} rows (assets)`)
        .optional(),
      prices: z
        .record(ZTickerKey, ZTickerPrices, { error: "prices must be an object { ticker: [price, …] }" })
        .optional(),
      periodsPerYear: ZPeriodsPerYear.optional(),
      riskFree: num("riskFree")
        .gt(-1, "riskFree must be above -1 (an annual rate: 10.5 % = 0.105)")
        .lt(1, "riskFree must be below 1 (an annual rate: 10.5 % = 0.105)")
        .optional(),
      objective: z.enum(["min_volatility", "max_sharpe"], {
        error: 'objective must be "min_volatility" or "max_sharpe"',
      }),
      bounds: z
        .tuple([ZWeightBound, ZWeightBound], { error: "bounds must be [lower, upper] (weights, e.g. [0, 1])" })
        .optional(),
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    const fromPrices = v.prices !== undefined;
    if (fromPrices && (v.mu !== undefined || v.cov !== undefined))
      ctx.addIssue({
        code: "custom",
        path: ["prices"],
        message: "prices must not be given together with mu/cov: give prices, or mu and cov",
      });
    if (!fromPrices && v.cov === undefined)
      ctx.addIssue({ code: "custom", path: [], message: "prices, or cov (and mu), is required" });
    if (!fromPrices && v.objective === "max_sharpe" && v.mu === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["mu"],
        message: "mu is required for max_sharpe (annual expected returns, one per asset)",
      });
    if (!fromPrices && v.periodsPerYear !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["periodsPerYear"],
        message: "periodsPerYear applies to prices only (mu and cov are annual)",
      });
    if (v.prices) {
      const series = Object.values(v.prices);
      if (series.length === 0)
        ctx.addIssue({ code: "custom", path: ["prices"], message: "prices needs at least 1 ticker" });
      if (series.length > MAX_OPTIMIZE_ASSETS)
        ctx.addIssue({
          code: "custom",
          path: ["prices"],
          message: `prices must have at most ${MAX_OPTIMIZE_ASSETS} tickers, got ${series.length}`,
        });
      const total = series.reduce((s, p) => s + p.length, 0);
      if (total > MAX_OPTIMIZE_PRICES)
        ctx.addIssue({
          code: "custom",
          path: ["prices"],
          message: `prices must have at most ${fmt(MAX_OPTIMIZE_PRICES)} prices in all, got ${fmt(total)}`,
        });
    }
  });

export type TPortfolioOptimizeInput = z.output<typeof ZPortfolioOptimizeInput>;

export interface OptimizeOutput {
  weights: number[] | Record<string, number>;
  expectedReturn: number | null;
  volatility: number;
  sharpe: number | null;
}

export function runPortfolioOptimize(input: TPortfolioOptimizeInput): OptimizeOutput {
  const bounds = input.bounds ?? ([0, 1] as [number, number]);
  const riskFree = input.riskFree ?? 0;
  let mu = input.mu;
  let cov = input.cov!;
  let tickers: string[] | null = null;
  if (input.prices) {
    tickers = Object.keys(input.prices);
    const prices = Object.values(input.prices);
    const a = input.periodsPerYear ?? 252;
    mu = expectedReturnsCagr(prices, a, "prices", tickers);
    cov = sampleCovariance(returnsMatrixFromPrices(prices, "prices", tickers), a);
  }
  const r: Allocation =
    input.objective === "max_sharpe"
      ? maxSharpe(mu!, cov, { bounds, riskFree })
      : minVolatility(cov, { mu, bounds, riskFree });
  return {
    weights: tickers ? Object.fromEntries(tickers.map((t, i) => [t, r.weights[i]!])) : r.weights,
    expectedReturn: r.expectedReturn,
    volatility: r.volatility,
    sharpe: r.sharpe,
  };
}
