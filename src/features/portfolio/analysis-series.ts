/**
 * The analyses' pure helpers (no I/O): periods and ranges, aligning series on common dates, the
 * metrics and chart series as their DTOs, 52-week high and momentum, a rebalanced portfolio's returns.
 */
import { isoDateIn, today, UTC } from "@/domain/shared/dates";
import { drawdownSeries, type Ret } from "@/domain/portfolio/returns";
import type { Metrics } from "@/domain/portfolio/metrics";
import { rollingSharpe, rollingVolatility } from "@/domain/portfolio/rolling";
import type { IsoDate, MetricsDto, SeriesDto } from "./analysis.types";
import type { AnalysisRange } from "./portfolio.schemas";

export const PERIODS_PER_YEAR = 252;
/** Rolling window of the chart series: 63 trading days ≈ 3 months. */
export const ROLLING_WINDOW = 63;

// ---------- dates and ranges ----------

/**
 * The analyses' today is UTC's, not São Paulo's (the product's default): the ranges' windows, and the
 * integration tests that recompute the metrics over them, count from the UTC date; a São Paulo day would
 * move every window by a day from 21:00 to 24:00 São Paulo time.
 */
export const todayUtc = (now = new Date()): IsoDate => today(now, UTC);

/** The first day of a history range ending `end`; undefined for "max". */
export function rangeStart(range: AnalysisRange, end: IsoDate = todayUtc()): IsoDate | undefined {
  if (range === "max") return undefined;
  const months = { "1mo": 1, "3mo": 3, "6mo": 6, "1y": 12, "2y": 24, "5y": 60, "10y": 120 }[range];
  const d = new Date(`${end}T00:00:00Z`);
  // Date's own month step (31 March − 1 month = 2 March), not addMonths' clamping: the windows stay as recorded.
  d.setUTCMonth(d.getUTCMonth() - months);
  return isoDateIn(d, UTC);
}

/** Annual risk-free rate → per period: (1+rf)^(1/A) − 1. */
export const perPeriodRate = (annual: number, periodsPerYear = PERIODS_PER_YEAR): number =>
  Math.pow(1 + annual, 1 / periodsPerYear) - 1;

/** Align price series on the dates every one of them has. */
export function alignOnCommonDates(list: readonly { date: IsoDate; adjClose: number }[][]): {
  dates: IsoDate[];
  prices: number[][];
} {
  if (!list.length) return { dates: [], prices: [] };
  const maps = list.map((bars) => new Map(bars.map((b) => [b.date, b.adjClose])));
  const dates = [...maps[0]!.keys()].filter((d) => maps.every((m) => m.has(d))).sort();
  return { dates, prices: maps.map((m) => dates.map((d) => m.get(d)!)) };
}

// ---------- metrics and series ----------

export function toMetricsDto(m: Metrics, dates: readonly IsoDate[]): MetricsDto {
  const at = (i: number) => dates[Math.min(Math.max(0, i), dates.length - 1)]!;
  return {
    cumulativeReturn: m.cumulativeReturn,
    annualReturn: m.annualReturn,
    annualVolatility: m.annualVolatility,
    sharpe: finiteOrNull(m.sharpe),
    sortino: finiteOrNull(m.sortino),
    downsideRisk: m.downsideRisk,
    maxDrawdown: m.maxDrawdown,
    maxDrawdownPeak: at(m.maxDrawdownPeak),
    maxDrawdownTrough: at(m.maxDrawdownTrough),
    maxDrawdownRecovery: m.maxDrawdownRecovery === null ? null : at(m.maxDrawdownRecovery),
    calmar: finiteOrNull(m.calmar),
    var: m.var,
    cvar: m.cvar,
    parametricVar: m.parametricVar,
    ...(m.beta !== undefined ? { beta: finiteOrNull(m.beta), alpha: finiteOrNull(m.alpha ?? null) } : {}),
    periods: m.periods,
    start: dates[0]!,
    end: dates[dates.length - 1]!,
  };
}

export function finiteOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

export function seriesOf(dates: readonly IsoDate[], values: readonly number[], returns: readonly Ret[]): SeriesDto {
  const first = values[0]!;
  return {
    dates: [...dates],
    prices: [...values],
    normalised: values.map((v) => (v / first) * 100),
    // From the running high; the returns are those of `values` (one fewer), so the first is 0.
    drawdown: drawdownSeries(returns),
    rollingVolatility: [null, ...rollingVolatility(returns, ROLLING_WINDOW, PERIODS_PER_YEAR)].map(finiteOrNull),
    rollingSharpe: [null, ...rollingSharpe(returns, ROLLING_WINDOW, PERIODS_PER_YEAR)].map(finiteOrNull),
    rollingWindow: ROLLING_WINDOW,
  };
}

const change = (prices: readonly number[], back: number): number | null =>
  prices.length > back ? prices[prices.length - 1]! / prices[prices.length - 1 - back]! - 1 : null;

export function highOf(dates: readonly IsoDate[], prices: readonly number[], window = PERIODS_PER_YEAR) {
  const from = Math.max(0, prices.length - window - 1);
  let hi = from;
  for (let i = from; i < prices.length; i++) if (prices[i]! >= prices[hi]!) hi = i;
  return { price: prices[hi]!, date: dates[hi]!, drawdown: prices[prices.length - 1]! / prices[hi]! - 1 };
}

export function momentumOf(prices: readonly number[]) {
  return { m3: change(prices, 63), m6: change(prices, 126), m12: change(prices, 252) };
}

/** Σ wᵢ·rᵢ per period: the returns of a portfolio rebalanced to its weights every day. */
export function weightedReturns(returns: readonly (readonly number[])[], weights: readonly number[]): number[] {
  const n = returns[0]?.length ?? 0;
  const out = new Array<number>(n).fill(0);
  returns.forEach((r, i) => {
    const w = weights[i]!;
    for (let t = 0; t < n; t++) out[t]! += w * r[t]!;
  });
  return out;
}

/** Value rebased to 100 on the first date from returns (a missing return compounds as 0, as in the metrics). */
export function rebased(returns: readonly Ret[]): number[] {
  const out = [100];
  for (const r of returns) out.push(out[out.length - 1]! * (1 + (r ?? 0)));
  return out;
}
