/**
 * Risks that may add work: each trial, a risk happens with probability `likelihood` and then adds
 * round(triangular(low, mode, high)) items. `riskSummary` is the seed system's deterministic
 * pre-simulation view of the same list.
 */

import { ForecastInputError } from "./errors";
import { formatNumber as fmt } from "./validate";

export interface Risk {
  /** Probability in [0, 1] that the risk happens in a trial. */
  likelihood: number;
  /** Items added when it happens: whole numbers 0 ≤ low ≤ mode ≤ high ≤ 1,000,000. */
  low: number;
  mode: number;
  high: number;
}

export interface RiskSummaryRow {
  /** Position of the risk in the input list. */
  index: number;
  /** likelihood × (low + mode + high) / 3: the expected items added (mean of the triangle). */
  expected: number;
  /** likelihood × (mode + 0.85 × (high − mode)): the seed system's heuristic, not a true quantile. */
  p85: number;
  rank: "HIGH" | "MEDIUM" | "LOW";
}

export const MAX_RISKS = 50;
export const MAX_RISK_ITEMS = 1_000_000;

/** Checks a risk list (at most 50 risks) and returns it. */
export function checkRisks(risks: unknown): Risk[] {
  if (!Array.isArray(risks))
    throw new ForecastInputError("risks", "risks must be a list of { likelihood, low, mode, high }");
  if (risks.length > MAX_RISKS) {
    throw new ForecastInputError("risks", `risks must contain at most ${MAX_RISKS} risks, got ${fmt(risks.length)}`);
  }
  return risks.map((r: unknown, i) => {
    const at = `risks[${i}]`;
    if (typeof r !== "object" || r === null)
      throw new ForecastInputError(at, `${at} must be an object { likelihood, low, mode, high }`);
    const o = r as Record<string, unknown>;
    const lk = o.likelihood;
    if (typeof lk !== "number" || !Number.isFinite(lk) || lk < 0 || lk > 1) {
      throw new ForecastInputError(
        `${at}.likelihood`,
        `${at}.likelihood must be a number from 0 to 1, got ${String(lk)}`,
      );
    }
    const item = (k: "low" | "mode" | "high") => {
      const v = o[k];
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > MAX_RISK_ITEMS) {
        throw new ForecastInputError(
          `${at}.${k}`,
          `${at}.${k} must be a whole number from 0 to ${fmt(MAX_RISK_ITEMS)}, got ${String(v)}`,
        );
      }
      return v;
    };
    const low = item("low");
    const mode = item("mode");
    const high = item("high");
    if (low > mode || mode > high) {
      throw new ForecastInputError(`${at}.mode`, `${at} needs low ≤ mode ≤ high, got ${low}, ${mode}, ${high}`);
    }
    return { likelihood: lk, low, mode, high };
  });
}

/** Inverse CDF of the triangular distribution on [low, high] with peak `mode`, at u in [0, 1). */
export function triangular(u: number, low: number, mode: number, high: number): number {
  const span = high - low;
  if (span <= 0) return low;
  const cut = (mode - low) / span;
  return u < cut ? low + Math.sqrt(u * span * (mode - low)) : high - Math.sqrt((1 - u) * span * (high - mode));
}

/**
 * Ranks risks by expected items added (ties: higher p85, then earlier in the list). The first
 * ceil(30 %) of the list is HIGH, the rest of the first ceil(70 %) MEDIUM, the remainder LOW; a risk
 * that adds nothing in expectation (likelihood 0 or high 0) is always LOW. Rows come in rank order.
 */
export function riskSummary(risks: readonly Risk[]): RiskSummaryRow[] {
  const rows = risks.map((r, index) => ({
    index,
    expected: (r.likelihood * (r.low + r.mode + r.high)) / 3,
    p85: r.likelihood * (r.mode + 0.85 * (r.high - r.mode)),
  }));
  rows.sort((a, b) => b.expected - a.expected || b.p85 - a.p85 || a.index - b.index);
  const high = Math.ceil(0.3 * rows.length);
  const medium = Math.ceil(0.7 * rows.length);
  return rows.map((r, i) => ({
    ...r,
    rank: r.expected <= 0 ? "LOW" : i < high ? "HIGH" : i < medium ? "MEDIUM" : "LOW",
  }));
}
