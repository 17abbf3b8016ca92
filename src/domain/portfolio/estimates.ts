/**
 * Estimates for the optimiser from aligned price series (PyPortfolioOpt defaults):
 * expected returns as annualised CAGR, (p_last/p_first)^(A/(n−1)) − 1 = (∏(1+r))^(A/count) − 1,
 * and the annualised sample covariance of simple returns, cov(ddof = 1)·A. A = periods per year
 * (252 daily). Prices are given per asset (one array per asset, all the same length, aligned on
 * the same dates), finite and > 0.
 */
import { PortfolioInputError } from "./errors";

const DEFAULT_PERIODS = 252;

function checkPeriods(a: number): number {
  if (!Number.isFinite(a) || a <= 0)
    throw new PortfolioInputError("periodsPerYear", `periodsPerYear must be a positive number, got ${String(a)}`);
  return a;
}

/** "prices[2]" or, with labels, "prices.PETR4". */
const where = (field: string, i: number, labels?: readonly string[]) =>
  labels?.[i] !== undefined ? `${field}.${labels[i]}` : `${field}[${i}]`;

/** Checks aligned price series: ≥ 1 asset, each ≥ 2 prices, equal lengths, finite and > 0. */
export function checkPrices(
  prices: readonly (readonly number[])[],
  field = "prices",
  labels?: readonly string[],
): void {
  if (!Array.isArray(prices) || prices.length === 0)
    throw new PortfolioInputError(field, `${field} must hold at least one asset's prices`);
  const len = prices[0]?.length ?? 0;
  prices.forEach((series, i) => {
    const f = where(field, i, labels);
    if (!Array.isArray(series) || series.length < 2)
      throw new PortfolioInputError(
        f,
        `${f} needs at least 2 prices, got ${Array.isArray(series) ? series.length : 0}`,
      );
    if (series.length !== len)
      throw new PortfolioInputError(
        f,
        `${f} has ${series.length} prices but ${where(field, 0, labels)} has ${len}: the series must be aligned on the same dates`,
      );
    series.forEach((p, t) => {
      if (typeof p !== "number" || !Number.isFinite(p) || p <= 0)
        throw new PortfolioInputError(`${f}[${t}]`, `${f}[${t}] must be a finite price above 0, got ${String(p)}`);
    });
  });
}

/** Simple returns p_t/p_{t−1} − 1 of each asset (n − 1 per asset). */
export function returnsMatrixFromPrices(
  prices: readonly (readonly number[])[],
  field = "prices",
  labels?: readonly string[],
): number[][] {
  checkPrices(prices, field, labels);
  return prices.map((series) => {
    const out = new Array<number>(series.length - 1);
    for (let t = 1; t < series.length; t++) out[t - 1] = series[t]! / series[t - 1]! - 1;
    return out;
  });
}

/** Annualised CAGR of each asset: (p_last/p_first)^(A/(n−1)) − 1. */
export function expectedReturnsCagr(
  prices: readonly (readonly number[])[],
  periodsPerYear = DEFAULT_PERIODS,
  field = "prices",
  labels?: readonly string[],
): number[] {
  const a = checkPeriods(periodsPerYear);
  checkPrices(prices, field, labels);
  return prices.map((s) => (s[s.length - 1]! / s[0]!) ** (a / (s.length - 1)) - 1);
}

/** Annualised sample covariance of per-asset returns: Σ_ij = A·Σ_t (r_it − r̄_i)(r_jt − r̄_j)/(T − 1). */
export function sampleCovariance(
  returns: readonly (readonly number[])[],
  periodsPerYear = DEFAULT_PERIODS,
  field = "returns",
): number[][] {
  const a = checkPeriods(periodsPerYear);
  if (!Array.isArray(returns) || returns.length === 0)
    throw new PortfolioInputError(field, `${field} must hold at least one asset's returns`);
  const t = returns[0]?.length ?? 0;
  returns.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== t)
      throw new PortfolioInputError(
        `${field}[${i}]`,
        `${field}[${i}] has ${Array.isArray(r) ? r.length : 0} returns, expected ${t} (aligned series)`,
      );
    r.forEach((v, k) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new PortfolioInputError(
          `${field}[${i}][${k}]`,
          `${field}[${i}][${k}] must be a finite number, got ${String(v)}`,
        );
    });
  });
  if (t < 2)
    throw new PortfolioInputError(field, `${field} needs at least 2 periods for a sample covariance, got ${t}`);
  const n = returns.length;
  const centred = returns.map((r) => {
    let mean = 0;
    for (const v of r) mean += v;
    mean /= t;
    return Float64Array.from(r, (v: number) => v - mean);
  });
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(n));
  const f = a / (t - 1);
  for (let i = 0; i < n; i++) {
    const ci = centred[i]!;
    for (let j = i; j < n; j++) {
      const cj = centred[j]!;
      let s = 0;
      for (let k = 0; k < t; k++) s += ci[k]! * cj[k]!;
      out[i]![j] = out[j]![i] = s * f;
    }
  }
  return out;
}
