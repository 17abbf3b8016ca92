/**
 * Pure shaping of analysis results for the views: the correlation heat map's cells, the suggested
 * weights table (current vs min-vol vs max-Sharpe), rankings sorting, opportunities grouping, and
 * run results (`unknown` on the client) read with their tasks' output schemas.
 */
import type { z } from "zod";
import type {
  Comparison,
  CorrelationDto,
  Opportunity,
  OpportunitiesResult,
  Optimisation,
  PortfolioAnalysis,
  RankingRow,
  RankingsResult,
} from "../analysis.types";
import { ZComparison, ZOpportunitiesResult, ZPortfolioAnalysis, ZRankingsResult } from "../analysis.output";

/** [x, y, value] cells for an echarts heatmap; y runs top-down (row 0 drawn at the top). */
export function heatmapCells(c: CorrelationDto): [number, number, number | null][] {
  const n = c.tickers.length;
  const out: [number, number, number | null][] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = c.matrix[i]?.[j];
      out.push([j, n - 1 - i, typeof v === "number" && Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null]);
    }
  return out;
}

export interface SuggestedRow {
  ticker: string;
  current: number | null;
  minVolatility: number | null;
  maxSharpe: number | null;
}

/** One row per ticker (holdings first, then any other the optimiser named), weights as fractions. */
export function suggestedRows(
  holdings: readonly { ticker: string; weight: number }[],
  o: Optimisation,
): SuggestedRow[] {
  const tickers = [...holdings.map((h) => h.ticker)];
  for (const t of [...Object.keys(o.minVolatility.weights), ...Object.keys(o.maxSharpe?.weights ?? {})])
    if (!tickers.includes(t)) tickers.push(t);
  const cur = new Map(holdings.map((h) => [h.ticker, h.weight]));
  return tickers.map((ticker) => ({
    ticker,
    current: cur.get(ticker) ?? null,
    minVolatility: o.minVolatility.weights[ticker] ?? null,
    maxSharpe: o.maxSharpe ? (o.maxSharpe.weights[ticker] ?? 0) : null,
  }));
}

export type RankingKey = "ticker" | "annualReturn" | "annualVolatility" | "sharpe" | "maxDrawdown";
export type SortDir = "asc" | "desc";

/** The natural first direction of a column: best first (high return/Sharpe, low volatility, shallow drawdown). */
export const defaultDir = (k: RankingKey): SortDir => (k === "annualVolatility" || k === "ticker" ? "asc" : "desc");

/** Rows sorted by a column; nulls always last; ties by ticker. */
export function sortRankings(rows: readonly RankingRow[], key: RankingKey, dir: SortDir): RankingRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === "ticker") return sign * a.ticker.localeCompare(b.ticker);
    const x = a[key];
    const y = b[key];
    if (x === null || !Number.isFinite(x))
      return y === null || !Number.isFinite(y) ? a.ticker.localeCompare(b.ticker) : 1;
    if (y === null || !Number.isFinite(y)) return -1;
    return x === y ? a.ticker.localeCompare(b.ticker) : sign * (x - y);
  });
}

/** Opportunities by rule (in the rules' declared order), strongest first within a rule. */
export function groupOpportunities(
  r: OpportunitiesResult,
): { rule: OpportunitiesResult["rules"][number]; items: Opportunity[] }[] {
  return r.rules.map((rule) => ({
    rule,
    items: r.opportunities.filter((o) => o.rule === rule.id).sort((a, b) => b.score - a.score),
  }));
}

const RESULT_SCHEMAS: Record<string, z.ZodType> = {
  portfolio: ZPortfolioAnalysis,
  compare: ZComparison,
  opportunities: ZOpportunitiesResult,
  rankings: ZRankingsResult,
};

/** A run's result (or a snapshot's data) as the analysis type it claims to be, checked with its output schema; or null. */
export function readResult(x: unknown, kind: "portfolio"): PortfolioAnalysis | null;
export function readResult(x: unknown, kind: "compare"): Comparison | null;
export function readResult(x: unknown, kind: "opportunities"): OpportunitiesResult | null;
export function readResult(x: unknown, kind: "rankings"): RankingsResult | null;
export function readResult(x: unknown, kind: string): unknown {
  return RESULT_SCHEMAS[kind]?.safeParse(x).success ? x : null;
}

/** Every ticker's normalised series for a line chart: [dates, { ticker → values }], thinned to at most `max` points. */
export function thinSeries<T>(dates: readonly string[], series: Record<string, readonly T[]>, max = 600) {
  const n = dates.length;
  if (n <= max)
    return { dates: [...dates], series: Object.fromEntries(Object.entries(series).map(([k, v]) => [k, [...v]])) };
  const step = (n - 1) / (max - 1);
  const idx = Array.from({ length: max }, (_, i) => Math.round(i * step));
  return {
    dates: idx.map((i) => dates[i]!),
    series: Object.fromEntries(Object.entries(series).map(([k, v]) => [k, idx.map((i) => v[i] as T)])),
  };
}

type Fmt = {
  pct: (n: number | null | undefined, digits?: number) => string;
  ratio: (n: number | null | undefined, digits?: number) => string;
  num: (n: number | null | undefined, digits?: number) => string;
  money: (n: number | null | undefined, currency?: string) => string;
  day: (iso: string | null | undefined) => string;
};

/** How each screening value is shown: a fraction as %, a price as money, a P/E as a ratio, a count, a day or text. */
const VALUE_KIND: Record<string, "pct" | "absPct" | "money" | "ratio" | "count" | "day" | "text"> = {
  drawdown: "absPct",
  high: "money",
  highDate: "day",
  last: "money",
  m6: "pct",
  m12: "pct",
  volatility: "pct",
  medianVolatility: "pct",
  priceEarnings: "ratio",
  sectorMedian: "ratio",
  sector: "text",
  peers: "count",
  dividendYield: "pct",
  quintile: "pct",
  screened: "count",
};

/** An opportunity's values formatted for the active locale (unknown keys: numbers as numbers, text as is). */
export function formatOpportunityValues(values: Opportunity["values"], fmt: Fmt): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === null) out[k] = "—";
    else if (typeof v === "string") out[k] = VALUE_KIND[k] === "day" ? fmt.day(v) : v;
    else
      switch (VALUE_KIND[k]) {
        case "pct":
          out[k] = fmt.pct(v, 1);
          break;
        case "absPct":
          out[k] = fmt.pct(Math.abs(v), 1);
          break;
        case "money":
          out[k] = fmt.money(v);
          break;
        case "ratio":
          out[k] = fmt.ratio(v, 1);
          break;
        case "count":
          out[k] = fmt.num(v, 0);
          break;
        default:
          out[k] = fmt.num(v, 4);
      }
  }
  return out;
}

/** The values each rule's sentence needs (the UI falls back to the English explanation when one is missing). */
export const RULE_VALUES: Record<Opportunity["rule"], readonly string[]> = {
  drawdownFromHigh: ["drawdown", "high", "highDate", "last"],
  momentumLowVol: ["m6", "m12", "volatility", "medianVolatility"],
  valuationVsSector: ["priceEarnings", "sectorMedian", "sector", "peers"],
  dividendYield: ["dividendYield"],
  lowVolatility: ["volatility", "quintile", "screened"],
};
