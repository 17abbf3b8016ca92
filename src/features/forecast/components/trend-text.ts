import type { TDeadlineTrend } from "../forecast.output";

export type TrendDirection = "up" | "down" | "flat";

/** What the plain-words explanation of a deadline forecast's trend says, from the engine's numbers. */
export interface TrendExplanation {
  model: TDeadlineTrend["model"];
  /** "recent": a period this many periods old weighs half as much as the newest. */
  halfLife: number | null;
  direction: TrendDirection;
  /** |slope| in items per period, and its standard error. */
  slope: number | null;
  stdErr: number | null;
  /** A fitted slope within two standard errors of zero: not clearly a trend. */
  clear: boolean;
  recentMean: number | null;
  overallMean: number | null;
  periodsUsed: number;
  /** Compare the recent and overall averages (both known). */
  showMeans: boolean;
}

const finite = (x: number | undefined): x is number => typeof x === "number" && Number.isFinite(x);

export function explainTrend(trend: TDeadlineTrend): TrendExplanation {
  const s = trend.slopePerPeriod;
  const se = trend.slopeStdErr;
  const direction: TrendDirection = !finite(s) || Math.abs(s) < 1e-9 ? "flat" : s > 0 ? "up" : "down";
  const clear = finite(s) && direction !== "flat" && (!finite(se) || se === 0 || Math.abs(s) >= 2 * se);
  const recentMean = finite(trend.recentMean) ? trend.recentMean : null;
  const overallMean = finite(trend.overallMean) ? trend.overallMean : null;
  return {
    model: trend.model,
    halfLife: finite(trend.halfLife) ? trend.halfLife : null,
    direction,
    slope: finite(s) ? Math.abs(s) : null,
    stdErr: finite(se) ? se : null,
    clear,
    recentMean,
    overallMean,
    periodsUsed: trend.periodsUsed,
    showMeans: recentMean !== null && overallMean !== null,
  };
}
