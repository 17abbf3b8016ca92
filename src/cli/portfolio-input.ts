/**
 * What the portfolio computations' input contracts share (`fluxo compute` portfolio.metrics,
 * portfolio.compare and portfolio.optimize): strict objects that name an unknown field, numbers
 * whose message names the field, and a price series per ticker.
 */
import { STRICT_INPUT } from "@/runs/strict-input";
import { z } from "zod";
import { MAX_PERIODS_PER_YEAR } from "@/domain/portfolio/metrics";

/** Longest price or return series accepted per ticker: about 400 years of trading days. */
export const MAX_SERIES_LENGTH = 100_000;

export const fmt = (n: number) => n.toLocaleString("en-US");

/** Inputs are strict objects: an unknown field is named, a non-object says so. */
export { STRICT_INPUT };

/** A number whose messages name the field (required / not a number). */
export const num = (what: string) =>
  z.number({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a number`) });

export const ZPeriodsPerYear = num("periodsPerYear")
  .min(1, "periodsPerYear must be at least 1 (252 daily, 52 weekly, 12 monthly)")
  .max(MAX_PERIODS_PER_YEAR, `periodsPerYear must be at most ${fmt(MAX_PERIODS_PER_YEAR)} (hourly over a year)`);

export const ZPrice = z.number({ error: "must be a number (a price)" }).gt(0, "must be above 0 (a price)");

/** A key of `prices`: the ticker. */
export const ZTickerKey = z
  .string()
  .min(1, "a ticker must not be empty")
  .max(32, "a ticker must have at most 32 characters");

/** One ticker's prices in `prices`: at least 3 (2 returns). */
export const ZTickerPrices = z
  .array(ZPrice, { error: "must be a list of prices" })
  .min(3, "needs at least 3 prices (2 returns)")
  .max(MAX_SERIES_LENGTH, `must have at most ${fmt(MAX_SERIES_LENGTH)} prices`);
