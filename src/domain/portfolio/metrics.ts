/**
 * Performance and risk metrics of one return series, with empyrical's conventions
 * (../shared/reference/portfolio.md B.2):
 *  - a missing return (null, or NaN in a typed array) counts as a period (n includes it) and compounds
 *    as 0, but is left out of means, standard deviations and percentiles;
 *  - sample standard deviation (ddof 1); periodsPerYear (A) default 252; riskFree and mar per period;
 *  - max drawdown on wealth starting at 1.0, so a first negative return is a drawdown.
 * Ratios with a zero denominator (constant returns, no downside, no drawdown, a constant benchmark)
 * are null rather than Infinity or NaN.
 *
 * computeMetrics is the bench's hot path: two passes over a Float64Array of the non-missing values
 * plus a quickselect for the percentile; no sort, no intermediate arrays.
 */
import { PortfolioInputError } from "./errors";
import { checkReturns, isMissing, type Ret } from "./returns";
import { normalInv } from "./normal";
import { checkCutoff, meanAtOrBelow, quantileInPlace } from "./var";

export type { Ret } from "./returns";

export interface MetricsOptions {
  /** Periods per year, the annualisation factor A: 252 daily (default), 52 weekly, 12 monthly. */
  periodsPerYear?: number;
  /** Risk-free return per period (a number, or one per period; null = missing period). Default 0. */
  riskFree?: number | readonly Ret[];
  /** Minimum acceptable return per period for downside risk and Sortino. Default 0. */
  mar?: number;
  /** VaR/CVaR tail, in (0, 1). Default 0.05. */
  cutoff?: number;
  /** Benchmark returns, one per period (null = missing): adds beta and alpha. */
  benchmark?: readonly Ret[];
}

export interface Metrics {
  /** ∏(1 + r) − 1. */
  cumulativeReturn: number;
  /** (∏(1 + r))^(A/n) − 1, n counting missing periods. */
  annualReturn: number;
  /** std(r, ddof 1)·√A. */
  annualVolatility: number;
  /** mean(r − rf) / std(r − rf)·√A; null when the excess returns do not vary. */
  sharpe: number | null;
  /** mean(r − mar)·A / downsideRisk; null when there is no downside. */
  sortino: number | null;
  /** √(mean(min(r − mar, 0)²))·√A. */
  downsideRisk: number;
  /** min(wealth / running high − 1), ≤ 0. */
  maxDrawdown: number;
  /** Index (into the wealth series, 0 = the starting 1.0, i = after returns[i − 1]) of the high before the max drawdown. */
  maxDrawdownPeak: number;
  /** Index of the bottom of the max drawdown (equal to the peak when there is no drawdown). */
  maxDrawdownTrough: number;
  /** First index after the trough back at the peak's wealth; null if not recovered; the trough when there is no drawdown. */
  maxDrawdownRecovery: number | null;
  /** annualReturn / |maxDrawdown|; null without a drawdown. */
  calmar: number | null;
  /** Historical VaR: the cutoff percentile of the returns (numpy linear interpolation). */
  var: number;
  /** CVaR / expected shortfall: the mean of the returns ≤ var. */
  cvar: number;
  /** Normal VaR: mean + std·Φ⁻¹(cutoff). */
  parametricVar: number;
  /** β of (r − rf) on (benchmark − rf) over the periods both have; null if the benchmark does not vary. */
  beta?: number | null;
  /** Annualised Jensen's alpha (1 + mean(r − rf − β(b − rf)))^A − 1; null with beta. */
  alpha?: number | null;
  /** n: periods, missing ones included. */
  periods: number;
}

/** Largest periodsPerYear accepted: hourly data over a whole year. */
export const MAX_PERIODS_PER_YEAR = 8760;

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 12 });

/** Throws unless A is a finite number from 1 to MAX_PERIODS_PER_YEAR. */
export function checkPeriodsPerYear(a: unknown, field = "periodsPerYear"): number {
  if (typeof a !== "number" || !Number.isFinite(a) || a < 1 || a > MAX_PERIODS_PER_YEAR) {
    throw new PortfolioInputError(
      field,
      `${field} must be a number from 1 to ${fmt(MAX_PERIODS_PER_YEAR)} (252 daily, 52 weekly, 12 monthly), got ${String(a)}`,
    );
  }
  return a;
}

/** A per-period rate (riskFree, mar): a finite number above −1 and below 1. */
function checkRate(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= -1 || v >= 1) {
    throw new PortfolioInputError(
      field,
      `${field} must be a per-period rate above -1 and below 1 (0.0004 ≈ 10 % a year over 252 days), got ${String(v)}`,
    );
  }
  return v;
}

function checkAligned(series: readonly Ret[], n: number, field: string): void {
  if (!Array.isArray(series) && !ArrayBuffer.isView(series)) {
    throw new PortfolioInputError(field, `${field} must be a list with one value per period`);
  }
  if (series.length !== n) {
    throw new PortfolioInputError(
      field,
      `${field} must have one value per period of returns (${n}), got ${series.length}`,
    );
  }
}

/** Every metric of `returns` (see Metrics). Throws PortfolioInputError naming the field on bad input. */
export function computeMetrics(returns: ArrayLike<Ret>, o: MetricsOptions = {}): Metrics {
  if (!returns || typeof returns.length !== "number") {
    throw new PortfolioInputError("returns", "returns must be a list of returns");
  }
  const n = returns.length;
  const A = o.periodsPerYear === undefined ? 252 : checkPeriodsPerYear(o.periodsPerYear);
  const mar = o.mar === undefined ? 0 : checkRate(o.mar, "mar");
  const cutoff = o.cutoff === undefined ? 0.05 : checkCutoff(o.cutoff, "cutoff", true);
  let rfScalar = 0;
  let rfSeries: readonly Ret[] | null = null;
  if (typeof o.riskFree === "number" || o.riskFree === undefined) {
    rfScalar = o.riskFree === undefined ? 0 : checkRate(o.riskFree, "riskFree");
  } else {
    rfSeries = o.riskFree;
    checkAligned(rfSeries, n, "riskFree");
    for (let i = 0; i < n; i++) if (!isMissing(rfSeries[i])) checkRate(rfSeries[i], `riskFree[${i}]`);
  }
  if (o.benchmark !== undefined) {
    checkAligned(o.benchmark, n, "benchmark");
    checkReturns(o.benchmark, "benchmark");
  }

  // Pass 1 over the input: the checks, compounding and drawdown (missing = 0), sum, min/max, downside,
  // and the non-missing values into a Float64Array.
  const all = new Float64Array(n);
  let k = 0;
  let wealth = 1;
  let high = 1;
  let highIdx = 0;
  let maxDd = 0;
  let ddPeak = 0;
  let ddTrough = 0;
  let recovery: number | null = 0;
  let target = Infinity; // the wealth of the max drawdown's peak, until recovered
  let shift = NaN; // the first value: sums are of r − shift, so a constant series has its mean exactly
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let down2 = 0;
  for (let i = 0; i < n; i++) {
    const v = returns[i];
    if (v !== null && v === v) {
      if (typeof v !== "number" || !(v >= -1 && v < Infinity)) checkReturns(returns); // throws, naming returns[i]
      const r = v as number;
      if (k === 0) shift = r;
      all[k++] = r;
      sum += r - shift;
      if (r < lo) lo = r;
      if (r > hi) hi = r;
      const d = r - mar;
      if (d < 0) down2 += d * d;
      wealth *= 1 + r;
    }
    if (wealth >= high) {
      high = wealth;
      highIdx = i + 1;
      if (wealth >= target) {
        recovery = i + 1;
        target = Infinity;
      }
    } else {
      const dd = wealth / high - 1;
      if (dd < maxDd) {
        maxDd = dd;
        ddPeak = highIdx;
        ddTrough = i + 1;
        recovery = null;
        target = high;
      }
    }
  }
  const m = k;
  if (m < 2) checkReturns(returns, "returns", 2); // throws: too few values
  const vals = all.subarray(0, m);
  const mean = shift + sum / m;

  // Pass 2 over the values: squared deviations (exactly 0 for a constant series).
  let ss = 0;
  if (hi > lo) {
    for (let i = 0; i < m; i++) {
      const d = vals[i]! - mean;
      ss += d * d;
    }
  }
  const std = Math.sqrt(ss / (m - 1));
  const sqrtA = Math.sqrt(A);

  let sharpe: number | null;
  if (rfSeries === null) sharpe = std > 0 ? ((mean - rfScalar) / std) * sqrtA : null;
  else sharpe = excessSharpe(returns, rfSeries, sqrtA);

  const downsideRisk = Math.sqrt(down2 / m) * sqrtA;
  const sortino = downsideRisk > 0 ? ((mean - mar) * A) / downsideRisk : null;
  const annualReturn = wealth ** (A / n) - 1;

  // Percentiles reorder vals: after the passes that need them in any order.
  const parametricVar = mean + std * normalInv(cutoff, "cutoff");
  const hvar = quantileInPlace(vals, cutoff);
  const cvar = meanAtOrBelow(vals, hvar);

  const out: Metrics = {
    cumulativeReturn: wealth - 1,
    annualReturn,
    annualVolatility: std * sqrtA,
    sharpe,
    sortino,
    downsideRisk,
    maxDrawdown: maxDd,
    maxDrawdownPeak: maxDd < 0 ? ddPeak : 0,
    maxDrawdownTrough: maxDd < 0 ? ddTrough : 0,
    maxDrawdownRecovery: maxDd < 0 ? recovery : 0,
    calmar: maxDd < 0 ? annualReturn / -maxDd : null,
    var: hvar,
    cvar,
    parametricVar,
    periods: n,
  };
  if (o.benchmark !== undefined) {
    const ab = betaAlpha(returns, o.benchmark, rfSeries ?? rfScalar, A);
    out.beta = ab.beta;
    out.alpha = ab.alpha;
  }
  return out;
}

/** Sharpe of r − rf_t over the periods where both are present; null if fewer than 2 or constant. */
function excessSharpe(returns: ArrayLike<Ret>, rf: readonly Ret[], sqrtA: number): number | null {
  const n = returns.length;
  const x = new Float64Array(n);
  let c = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    const f = rf[i];
    if (isMissing(r) || isMissing(f)) continue;
    const e = (r as number) - (f as number);
    x[c++] = e;
    s += e;
  }
  if (c < 2) return null;
  const mean = s / c;
  let ss = 0;
  let same = true;
  for (let i = 0; i < c; i++) {
    const d = x[i]! - mean;
    ss += d * d;
    if (x[i] !== x[0]) same = false;
  }
  if (same || ss === 0) return null;
  return (mean / Math.sqrt(ss / (c - 1))) * sqrtA;
}

/**
 * Beta and annualised alpha of `returns` against `benchmark` (empyrical alpha_beta): on the periods where
 * the return, the benchmark and the risk-free rate are all present, with y = r − rf and x = b − rf,
 * β = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², α = (1 + mean(y − βx))^A − 1. Both null with fewer than 2 such
 * periods or a benchmark that does not vary.
 */
export function betaAlpha(
  returns: ArrayLike<Ret>,
  benchmark: ArrayLike<Ret>,
  riskFree: number | readonly Ret[] = 0,
  periodsPerYear = 252,
): { beta: number | null; alpha: number | null } {
  const n = returns.length;
  if (benchmark.length !== n) {
    throw new PortfolioInputError(
      "benchmark",
      `benchmark must have one value per period of returns (${n}), got ${benchmark.length}`,
    );
  }
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let c = 0;
  let sx = 0;
  let sy = 0;
  let xlo = Infinity;
  let xhi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    const b = benchmark[i];
    const f = typeof riskFree === "number" ? riskFree : riskFree[i];
    if (isMissing(r) || isMissing(b) || isMissing(f)) continue;
    const x = (b as number) - (f as number);
    const y = (r as number) - (f as number);
    xs[c] = x;
    ys[c] = y;
    c++;
    sx += x;
    sy += y;
    if (x < xlo) xlo = x;
    if (x > xhi) xhi = x;
  }
  if (c < 2 || !(xhi > xlo)) return { beta: null, alpha: null };
  const mx = sx / c;
  const my = sy / c;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < c; i++) {
    const dx = xs[i]! - mx;
    sxy += dx * (ys[i]! - my);
    sxx += dx * dx;
  }
  if (sxx === 0) return { beta: null, alpha: null }; // differences too small to square (subnormal)
  const beta = sxy / sxx;
  const alpha = (1 + (my - beta * mx)) ** periodsPerYear - 1;
  return { beta, alpha };
}
