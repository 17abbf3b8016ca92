/**
 * Returns from prices, and the engine's shared input checks on return series.
 * Conventions (empyrical, ../shared/reference/portfolio.md B.2): a missing return (null, or NaN from
 * a typed array) still counts as a period and compounds as 0.
 */
import { PortfolioInputError } from "./errors";

/** A period's simple return; null = a missing period (counted, compounds as 0, left out of means). */
export type Ret = number | null;

const fmt = (n: number) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: 12 }) : String(n));

/** Throws unless `prices` has at least 2 entries, each a finite number above 0 ("prices[3]" names the bad one). */
export function checkPrices(prices: ArrayLike<number>, field = "prices"): void {
  if (!prices || typeof prices.length !== "number") {
    throw new PortfolioInputError(field, `${field} must be a list of prices`);
  }
  if (prices.length < 2) {
    throw new PortfolioInputError(field, `${field} needs at least 2 prices to give a return, got ${prices.length}`);
  }
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i];
    if (typeof p !== "number" || !Number.isFinite(p)) {
      throw new PortfolioInputError(`${field}[${i}]`, `${field}[${i}] must be a finite number, got ${String(p)}`);
    }
    if (p <= 0) {
      throw new PortfolioInputError(`${field}[${i}]`, `${field}[${i}] must be above 0, got ${fmt(p)}`);
    }
  }
}

/** p_t / p_{t−1} − 1; length n − 1. Throws on fewer than 2 prices, a non-finite price, or one ≤ 0. */
export function simpleReturns(prices: readonly number[], field = "prices"): number[] {
  checkPrices(prices, field);
  const out = new Array<number>(prices.length - 1);
  for (let i = 1; i < prices.length; i++) out[i - 1] = prices[i]! / prices[i - 1]! - 1;
  return out;
}

/** ln(p_t / p_{t−1}); length n − 1. Same checks as simpleReturns. */
export function logReturns(prices: readonly number[], field = "prices"): number[] {
  checkPrices(prices, field);
  const out = new Array<number>(prices.length - 1);
  for (let i = 1; i < prices.length; i++) out[i - 1] = Math.log(prices[i]! / prices[i - 1]!);
  return out;
}

/** True for a missing period: null, undefined or NaN. */
export const isMissing = (v: unknown): boolean => v === null || v === undefined || v !== v;

/**
 * Checks a return series: a list; each entry missing (null/NaN) or a finite number ≥ −1 (a return below
 * −100 % is not a return of a long position). `minPresent` non-missing values are required.
 */
export function checkReturns(returns: ArrayLike<Ret>, field = "returns", minPresent = 0): number {
  if (!returns || typeof returns.length !== "number") {
    throw new PortfolioInputError(field, `${field} must be a list of returns`);
  }
  let present = 0;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i];
    if (isMissing(v)) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new PortfolioInputError(
        `${field}[${i}]`,
        `${field}[${i}] must be a finite number or null (missing), got ${String(v)}`,
      );
    }
    if (v < -1) {
      throw new PortfolioInputError(
        `${field}[${i}]`,
        `${field}[${i}] must be at least -1 (a loss of 100 %), got ${fmt(v)}; returns are fractions (1 % = 0.01)`,
      );
    }
    present++;
  }
  if (present < minPresent) {
    throw new PortfolioInputError(
      field,
      `${field} needs at least ${minPresent} values that are not missing, got ${present}${
        returns.length !== present ? ` (of ${returns.length} periods)` : ""
      }`,
    );
  }
  return present;
}

/** Cumulative return after each period, compounding from 0 (missing = 0); same length as `returns`. */
export function cumulativeReturns(returns: ArrayLike<Ret>, field = "returns"): number[] {
  checkReturns(returns, field);
  const out = new Array<number>(returns.length);
  let w = 1;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i];
    if (!isMissing(v)) w *= 1 + (v as number);
    out[i] = w - 1;
  }
  return out;
}

/**
 * Drawdown from the running high after each period, on wealth starting at 1.0: length n + 1, first 0
 * (the start), every value ≤ 0 (−0.25 = 25 % below the high).
 */
export function drawdownSeries(returns: ArrayLike<Ret>, field = "returns"): number[] {
  checkReturns(returns, field);
  const out = new Array<number>(returns.length + 1);
  out[0] = 0;
  let w = 1;
  let peak = 1;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i];
    if (!isMissing(v)) w *= 1 + (v as number);
    if (w > peak) peak = w;
    out[i + 1] = w / peak - 1;
  }
  return out;
}
