/**
 * Rolling metrics for charts: entry i covers the `window` periods ending at returns[i] (so the first
 * window − 1 entries are null). Within a window, missing periods are left out; an entry is null when
 * fewer than 2 values are left or the ratio has a zero denominator. Each window is computed afresh
 * (two passes, O(n·window)): exact, with no drift from running sums, and cheap for chart series.
 */
import { PortfolioInputError } from "./errors";
import { checkPeriodsPerYear } from "./metrics";
import { checkReturns, isMissing, type Ret } from "./returns";

function checkWindow(window: number): void {
  if (typeof window !== "number" || !Number.isInteger(window) || window < 2) {
    throw new PortfolioInputError(
      "window",
      `window must be a whole number of periods, at least 2, got ${String(window)}`,
    );
  }
}

/** Mean and sample std (0 when constant) of the non-missing values in [from, to]; null with < 2. */
function windowStats(x: Float64Array, from: number, to: number): { mean: number; std: number } | null {
  let c = 0;
  let s = 0;
  for (let i = from; i <= to; i++) {
    const v = x[i]!;
    if (v === v) {
      s += v;
      c++;
    }
  }
  if (c < 2) return null;
  const mean = s / c;
  let ss = 0;
  let first = NaN;
  let same = true;
  for (let i = from; i <= to; i++) {
    const v = x[i]!;
    if (v !== v) continue;
    if (first !== first) first = v;
    else if (v !== first) same = false;
    ss += (v - mean) * (v - mean);
  }
  return { mean, std: same ? 0 : Math.sqrt(ss / (c - 1)) };
}

function toNaN(returns: readonly Ret[]): Float64Array {
  const x = new Float64Array(returns.length);
  for (let i = 0; i < returns.length; i++) x[i] = isMissing(returns[i]) ? NaN : (returns[i] as number);
  return x;
}

/** Each window's statistic from its mean and std and √A (null before the first full window). */
function rollingStat(
  returns: readonly Ret[],
  window: number,
  periodsPerYear: number,
  stat: (st: { mean: number; std: number }, sqrtA: number) => number | null,
): (number | null)[] {
  checkReturns(returns);
  checkWindow(window);
  const sqrtA = Math.sqrt(checkPeriodsPerYear(periodsPerYear));
  const x = toNaN(returns);
  const out = new Array<number | null>(x.length).fill(null);
  for (let i = window - 1; i < x.length; i++) {
    const st = windowStats(x, i - window + 1, i);
    out[i] = st ? stat(st, sqrtA) : null;
  }
  return out;
}

/** Rolling annualised volatility, std(ddof 1)·√A over each window. */
export function rollingVolatility(returns: readonly Ret[], window: number, periodsPerYear = 252): (number | null)[] {
  return rollingStat(returns, window, periodsPerYear, (st, sqrtA) => st.std * sqrtA);
}

/** Rolling Sharpe ratio (risk-free 0), mean/std·√A over each window; null where the returns do not vary. */
export function rollingSharpe(returns: readonly Ret[], window: number, periodsPerYear = 252): (number | null)[] {
  return rollingStat(returns, window, periodsPerYear, (st, sqrtA) => (st.std > 0 ? (st.mean / st.std) * sqrtA : null));
}

/** Rolling beta against `benchmark` over the periods of each window where both are present. */
export function rollingBeta(returns: readonly Ret[], benchmark: readonly Ret[], window: number): (number | null)[] {
  checkReturns(returns);
  checkReturns(benchmark, "benchmark");
  if (benchmark.length !== returns.length) {
    throw new PortfolioInputError(
      "benchmark",
      `benchmark must have one value per period of returns (${returns.length}), got ${benchmark.length}`,
    );
  }
  checkWindow(window);
  const y = toNaN(returns);
  const x = toNaN(benchmark);
  const out = new Array<number | null>(y.length).fill(null);
  for (let i = window - 1; i < y.length; i++) {
    let c = 0;
    let sx = 0;
    let sy = 0;
    for (let j = i - window + 1; j <= i; j++) {
      if (x[j] !== x[j] || y[j] !== y[j]) continue;
      sx += x[j]!;
      sy += y[j]!;
      c++;
    }
    if (c < 2) continue;
    const mx = sx / c;
    const my = sy / c;
    let sxy = 0;
    let sxx = 0;
    let first = NaN;
    let same = true;
    for (let j = i - window + 1; j <= i; j++) {
      if (x[j] !== x[j] || y[j] !== y[j]) continue;
      if (first !== first) first = x[j]!;
      else if (x[j] !== first) same = false;
      const dx = x[j]! - mx;
      sxy += dx * (y[j]! - my);
      sxx += dx * dx;
    }
    out[i] = same || sxx === 0 ? null : sxy / sxx;
  }
  return out;
}
