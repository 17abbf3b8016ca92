/**
 * Pure helpers of the portfolio forms: decimal text (a point or a decimal comma) → numbers, the
 * holdings editor's checks (tickers, weights in % that must sum to 100 %) and normalisation, and
 * the risk-free rate field. Messages are codes with values; the components word them per locale.
 */

import { canonicalTicker, PORTFOLIO_LIMITS, TICKER_RE } from "../portfolio.schemas";

/** Weights may be off 100 % by this much (in percentage points) — rounding of two decimals. */
export const SUM_TOLERANCE_PCT = 0.01;
export const MAX_HOLDINGS = PORTFOLIO_LIMITS.maxHoldings;
export const [MIN_COMPARE, MAX_COMPARE] = PORTFOLIO_LIMITS.compareTickers;
/** The annual risk-free rate's bounds in percent. */
export const RISK_FREE_PCT = [PORTFOLIO_LIMITS.riskFree[0] * 100, PORTFOLIO_LIMITS.riskFree[1] * 100] as const;
export { TICKER_RE };

/**
 * "12,5" / "12.5" / " 12,5 % " → 12.5; "1.234,5" → 1234.5; "1,234.5" → 1234.5; "" → undefined;
 * anything else → NaN. The last of "," and "." is the decimal separator when both appear.
 */
export function parseDecimal(text: string | null | undefined): number | undefined {
  let s = (text ?? "").replace(/[\s\u00a0%]/g, "");
  if (s === "") return undefined;
  const comma = s.lastIndexOf(",");
  const dot = s.lastIndexOf(".");
  if (comma >= 0 && dot >= 0) {
    s = comma > dot ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  } else if (comma >= 0) {
    if (s.indexOf(",") !== comma) return NaN; // "1,2,3"
    s = s.replace(",", ".");
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return NaN;
  return Number(s);
}

/** A ticker as the server stores it: upper case, without the ".SA" suffix. */
export const cleanTicker = canonicalTicker;

export interface HoldingDraft {
  ticker: string;
  /** Weight in percent as typed ("25", "12,5"). */
  weight: string;
}

export type RowIssue =
  | { code: "tickerRequired" }
  | { code: "tickerInvalid"; ticker: string }
  | { code: "tickerDuplicate"; ticker: string }
  | { code: "weightRequired" }
  | { code: "weightNotNumber" }
  | { code: "weightRange" };

export type TotalIssue = { code: "empty" } | { code: "tooMany"; max: number } | { code: "sum"; total: number };

export type HoldingsCheck =
  | { ok: true; holdings: { ticker: string; weight: number }[]; totalPct: number }
  | { ok: false; rows: Record<number, { ticker?: RowIssue; weight?: RowIssue }>; total?: TotalIssue; totalPct: number };

/** The weights' sum in percent, ignoring fields that are not numbers. */
export function totalPercent(drafts: readonly HoldingDraft[]): number {
  let sum = 0;
  for (const d of drafts) {
    const w = parseDecimal(d.weight);
    if (w !== undefined && Number.isFinite(w)) sum += w;
  }
  return Math.round(sum * 1e6) / 1e6;
}

/**
 * Every row's ticker and weight (0 ≤ w ≤ 100 %), no ticker twice, 1..MAX_HOLDINGS rows, and the
 * weights summing to 100 % (± SUM_TOLERANCE_PCT). Weights come back as fractions summing to 1.
 */
export function checkHoldings(drafts: readonly HoldingDraft[], max: number = MAX_HOLDINGS): HoldingsCheck {
  const rows: Record<number, { ticker?: RowIssue; weight?: RowIssue }> = {};
  const seen = new Set<string>();
  const holdings: { ticker: string; weight: number }[] = [];
  const totalPct = totalPercent(drafts);
  drafts.forEach((d, i) => {
    const r: { ticker?: RowIssue; weight?: RowIssue } = {};
    const ticker = cleanTicker(d.ticker);
    if (!ticker) r.ticker = { code: "tickerRequired" };
    else if (!TICKER_RE.test(ticker)) r.ticker = { code: "tickerInvalid", ticker };
    else if (seen.has(ticker)) r.ticker = { code: "tickerDuplicate", ticker };
    seen.add(ticker);
    const w = parseDecimal(d.weight);
    if (w === undefined) r.weight = { code: "weightRequired" };
    else if (!Number.isFinite(w)) r.weight = { code: "weightNotNumber" };
    else if (w < 0 || w > 100) r.weight = { code: "weightRange" };
    if (r.ticker || r.weight) rows[i] = r;
    else holdings.push({ ticker, weight: w! / 100 });
  });
  let total: TotalIssue | undefined;
  if (drafts.length === 0) total = { code: "empty" };
  else if (drafts.length > max) total = { code: "tooMany", max };
  else if (Math.abs(totalPct - 100) > SUM_TOLERANCE_PCT + 1e-9) total = { code: "sum", total: totalPct };
  if (total || Object.keys(rows).length) return { ok: false, rows, total, totalPct };
  // Exactly 1: the tolerance lets two-decimal rounding through; the server wants the true sum.
  const s = holdings.reduce((a, h) => a + h.weight, 0);
  return { ok: true, holdings: holdings.map((h) => ({ ...h, weight: s > 0 ? h.weight / s : h.weight })), totalPct };
}

/**
 * Scales the rows' weights to sum to 100 %, rounded to `digits` decimals with the rounding
 * remainder given to the largest weights (largest remainder), so the shown total is exactly 100.
 * Rows whose weight is not a positive number are left as typed. Uses `decimal` as the separator.
 */
export function normaliseWeights(
  drafts: readonly HoldingDraft[],
  decimal: "," | "." = ".",
  digits = 2,
): HoldingDraft[] {
  const values = drafts.map((d) => {
    const w = parseDecimal(d.weight);
    return w !== undefined && Number.isFinite(w) && w > 0 ? w : null;
  });
  const sum = values.reduce<number>((a, v) => a + (v ?? 0), 0);
  if (sum <= 0) return drafts.map((d) => ({ ...d }));
  const unit = 10 ** digits;
  const target = 100 * unit;
  const raw = values.map((v) => (v === null ? null : (v / sum) * target));
  const floors = raw.map((r) => (r === null ? null : Math.floor(r + 1e-9)));
  let left = target - floors.reduce<number>((a, f) => a + (f ?? 0), 0);
  const order = raw
    .map((r, i) => ({ i, frac: r === null ? -1 : r - floors[i]! }))
    .filter((x) => x.frac >= 0)
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  return drafts.map((d, i) => {
    const f = floors[i];
    if (f === null || f === undefined) return { ...d };
    return { ...d, weight: trimNumber(f / unit, digits, decimal) };
  });
}

/** Equal weights for every row (the last takes the rounding remainder). */
export function equalWeights(drafts: readonly HoldingDraft[], decimal: "," | "." = ".", digits = 2): HoldingDraft[] {
  return normaliseWeights(
    drafts.map((d) => ({ ...d, weight: "1" })),
    decimal,
    digits,
  );
}

/** 12.5 → "12.5" / "12,5"; no trailing zeros. */
export function trimNumber(n: number, digits: number, decimal: "," | "."): string {
  const s = String(Number(n.toFixed(digits)));
  return decimal === "," ? s.replace(".", ",") : s;
}

/** A stored fraction (0.125) as the editor's percent text ("12.5" / "12,5"). */
export function fractionToPercentText(w: number, decimal: "," | "." = ".", digits = 4): string {
  return trimNumber(w * 100, digits, decimal);
}

/** The decimal separator of a locale ("pt-BR" → ","). */
export function decimalSeparator(locale: string): "," | "." {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal");
  return part?.value === "," ? "," : ".";
}

export type RateCheck = { ok: true; value: number } | { ok: false; code: "notNumber" | "range" };

/** The annual risk-free rate in % ("10,75") → a fraction (0.1075); empty → 0; within RISK_FREE_PCT. */
export function checkRiskFreePercent(text: string): RateCheck {
  const v = parseDecimal(text);
  if (v === undefined) return { ok: true, value: 0 };
  if (!Number.isFinite(v)) return { ok: false, code: "notNumber" };
  if (v < RISK_FREE_PCT[0] || v > RISK_FREE_PCT[1]) return { ok: false, code: "range" };
  return { ok: true, value: Math.round(v * 1e6) / 1e8 };
}

export type TickerListCheck =
  | { ok: true; tickers: string[] }
  | { ok: false; code: "tooFew" | "tooMany"; min: number; max: number }
  | { ok: false; code: "invalid"; ticker: string; min: number; max: number };

/** The compare page's picks: MIN_COMPARE..MAX_COMPARE distinct valid tickers (duplicates dropped). */
export function checkTickerList(
  input: readonly string[],
  min: number = MIN_COMPARE,
  max: number = MAX_COMPARE,
): TickerListCheck {
  const tickers = [...new Set(input.map(cleanTicker).filter(Boolean))];
  const bad = tickers.find((t) => !TICKER_RE.test(t));
  if (bad) return { ok: false, code: "invalid", ticker: bad, min, max };
  if (tickers.length < min) return { ok: false, code: "tooFew", min, max };
  if (tickers.length > max) return { ok: false, code: "tooMany", min, max };
  return { ok: true, tickers };
}
