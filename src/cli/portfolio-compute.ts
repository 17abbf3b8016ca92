/**
 * Input contracts and runners of the "portfolio.metrics" and "portfolio.compare" computations
 * (`fluxo compute`), over the pure engine in src/domain/portfolio. Strict objects; every message names
 * the field and the limit. The engine checks the same things again (and what needs the data: enough
 * non-missing returns, aligned lengths), throwing PortfolioInputError with the field.
 */
import { z } from "zod";
import { computeMetrics, type Metrics, type MetricsOptions } from "@/domain/portfolio/metrics";
import { correlationMatrix } from "@/domain/portfolio/correlation";
import { simpleReturns, type Ret } from "@/domain/portfolio/returns";
import {
  fmt,
  MAX_SERIES_LENGTH,
  num,
  STRICT_INPUT,
  ZPeriodsPerYear,
  ZPrice,
  ZTickerKey,
  ZTickerPrices,
} from "./portfolio-input";

/** Most tickers in one comparison. */
export const MAX_COMPARE_TICKERS = 500;
/** Most prices in one comparison, over all tickers (500 tickers × 10,000 days). */
export const MAX_COMPARE_PRICES = 5_000_000;

/** One period's return: a number ≥ −1 (a fraction: 1 % = 0.01), or null for a missing period. */
const ZRet = z
  .number({ error: "must be a number (a fraction: 1 % = 0.01) or null for a missing period" })
  .min(-1, "must be at least -1 (a loss of 100 %); returns are fractions (1 % = 0.01)")
  .nullable();

const series = <T extends z.ZodType>(what: string, item: T, min: number, unit: string) =>
  z
    .array(item, { error: `${what} must be a list of ${unit}` })
    .min(min, `${what} needs at least ${min} ${unit}`)
    .max(MAX_SERIES_LENGTH, `${what} must have at most ${fmt(MAX_SERIES_LENGTH)} ${unit}`);

const rate = (what: string) =>
  num(what)
    .gt(-1, `${what} must be above -1 (a per-period rate: 0.0004 ≈ 10 % a year over 252 days)`)
    .lt(1, `${what} must be below 1 (a per-period rate: 0.0004 ≈ 10 % a year over 252 days)`);

export const ZPortfolioMetricsInput = z
  .strictObject(
    {
      returns: series("returns", ZRet, 2, "returns").optional(),
      prices: series("prices", ZPrice, 3, "prices (2 returns)").optional(),
      periodsPerYear: ZPeriodsPerYear.optional(),
      riskFree: z
        .union([rate("riskFree"), series("riskFree", ZRet, 1, "rates")], {
          error: "riskFree must be a per-period rate, or a list of them (one per period, null = missing)",
        })
        .optional(),
      mar: rate("mar").optional(),
      cutoff: num("cutoff")
        .gt(0, "cutoff must be above 0 (0.05 = the worst 5 % of periods)")
        .lt(1, "cutoff must be below 1 (0.05 = the worst 5 % of periods)")
        .optional(),
      benchmark: series("benchmark", ZRet, 1, "returns").optional(),
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    if (v.returns === undefined && v.prices === undefined)
      ctx.addIssue({ code: "custom", path: [], message: "returns (per-period returns) or prices is required" });
    if (v.returns !== undefined && v.prices !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["prices"],
        message: "prices must not be given together with returns: give one of them",
      });
    const n = v.returns?.length ?? (v.prices ? v.prices.length - 1 : undefined);
    for (const f of ["benchmark", "riskFree"] as const) {
      const s = v[f];
      if (n !== undefined && Array.isArray(s) && s.length !== n)
        ctx.addIssue({
          code: "custom",
          path: [f],
          message: `${f} must have one value per period of returns (${n}${v.prices ? `, from ${v.prices.length} prices` : ""}), got ${s.length}`,
        });
    }
  });

export const ZPortfolioCompareInput = z
  .strictObject(
    {
      prices: z
        .record(ZTickerKey, ZTickerPrices, {
          error: (iss) =>
            iss.code === "invalid_type"
              ? 'prices must be an object of price lists by ticker, e.g. { "PETR4": [30.1, 30.4, …] }'
              : iss.code === "invalid_key"
                ? "a ticker must have from 1 to 32 characters"
                : undefined,
        })
        .refine((p) => Object.keys(p).length >= 1, "prices needs at least 1 ticker")
        .refine(
          (p) => Object.keys(p).length <= MAX_COMPARE_TICKERS,
          `prices must have at most ${MAX_COMPARE_TICKERS} tickers`,
        )
        .refine(
          (p) => Object.values(p).reduce((s, a) => s + a.length, 0) <= MAX_COMPARE_PRICES,
          `prices must hold at most ${fmt(MAX_COMPARE_PRICES)} prices in all`,
        ),
      periodsPerYear: ZPeriodsPerYear.optional(),
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    const entries = Object.entries(v.prices);
    const [first, a] = entries[0] ?? [];
    if (!a) return;
    for (const [t, p] of entries.slice(1)) {
      if (p.length !== a.length)
        ctx.addIssue({
          code: "custom",
          path: ["prices", t],
          message: `has ${p.length} prices but prices.${first} has ${a.length}: the series must cover the same dates`,
        });
    }
  });

export type TPortfolioMetricsInput = z.output<typeof ZPortfolioMetricsInput>;
export type TPortfolioCompareInput = z.output<typeof ZPortfolioCompareInput>;

/** The metrics as the CLI prints them (the issue's shape: no drawdown dates or period count). */
export type MetricsOutput = Omit<Metrics, "maxDrawdownPeak" | "maxDrawdownTrough" | "maxDrawdownRecovery" | "periods">;

function toOutput(m: Metrics): MetricsOutput {
  const out: MetricsOutput = {
    cumulativeReturn: m.cumulativeReturn,
    annualReturn: m.annualReturn,
    annualVolatility: m.annualVolatility,
    sharpe: m.sharpe,
    sortino: m.sortino,
    downsideRisk: m.downsideRisk,
    maxDrawdown: m.maxDrawdown,
    calmar: m.calmar,
    var: m.var,
    cvar: m.cvar,
    parametricVar: m.parametricVar,
  };
  if ("beta" in m) {
    out.beta = m.beta ?? null;
    out.alpha = m.alpha ?? null;
  }
  return out;
}

export function runPortfolioMetrics(input: TPortfolioMetricsInput): MetricsOutput {
  const returns: readonly Ret[] = input.returns ?? simpleReturns(input.prices!, "prices");
  const o: MetricsOptions = {};
  if (input.periodsPerYear !== undefined) o.periodsPerYear = input.periodsPerYear;
  if (input.riskFree !== undefined) o.riskFree = input.riskFree;
  if (input.mar !== undefined) o.mar = input.mar;
  if (input.cutoff !== undefined) o.cutoff = input.cutoff;
  if (input.benchmark !== undefined) o.benchmark = input.benchmark;
  return toOutput(computeMetrics(returns, o));
}

export function runPortfolioCompare(input: TPortfolioCompareInput): {
  assets: Record<string, MetricsOutput>;
  correlation: { tickers: string[]; matrix: (number | null)[][] };
} {
  const tickers = Object.keys(input.prices);
  const assets: Record<string, MetricsOutput> = {};
  const returns: number[][] = [];
  for (const t of tickers) {
    const r = simpleReturns(input.prices[t]!, `prices.${t}`);
    returns.push(r);
    assets[t] = toOutput(computeMetrics(r, { periodsPerYear: input.periodsPerYear ?? 252 }));
  }
  return { assets, correlation: { tickers, matrix: correlationMatrix(returns, "prices") } };
}
