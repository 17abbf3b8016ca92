/**
 * "Stop at the precision asked" (issue 21): a forecast may say `precision: { percentile: 85, within:
 * 0.5 }` — stop once the 95 % confidence interval of P85, from the order statistics of the trials so
 * far (percentile-ci.ts), lies within P85 ± `within` (see halfWidthOf), or at `trials`, whichever
 * comes first. The rule is checked at fixed trial counts (every block of the sequential
 * run), so a seeded run always stops at the same trial count with the same result — the result of a
 * fixed run of that many trials. Pure: no clock, no RNG.
 */
import { ForecastInputError } from "./errors";
import { lowerTailsWithIntervals, percentilesWithIntervals, type PercentileEstimate } from "./percentile-ci";
import type { TotalsTally } from "./totals";

/** "periods" and "days" ("when": days through the period length), "items" ("how many"). */
export type PrecisionUnit = "periods" | "days" | "items";

export interface PrecisionInput {
  /** Whole percent 1..99: the level whose interval must shrink (e.g. 85). */
  percentile: number;
  /** The half-width asked, in `unit`: more than 0, at most MAX_PRECISION_WITHIN. */
  within: number;
  /** Default: the forecast's own unit (periods for "when", items for "how many"). */
  unit?: PrecisionUnit;
}

/** A checked precision target. */
export interface Precision {
  level: number;
  within: number;
  unit: PrecisionUnit;
  /** Asked units per unit of the tally (periodDays for "days", else 1). */
  scale: number;
}

/** Where a run stopped and why; with a precision target, how well the percentile is known there. */
export interface StoppedAt {
  trials: number;
  /** "precision": the target was met (at or before `trials`); "trials": every trial ran without meeting it. */
  reason: "precision" | "trials";
  precision?: {
    percentile: number;
    within: number;
    unit: PrecisionUnit;
    /** How far the 95 % interval reaches from the estimate, in `unit` (halfWidthOf); null when unknown. */
    halfWidth: number | null;
  };
}

/** Upper bound on `within` in any unit (a wider target is met by any run). */
export const MAX_PRECISION_WITHIN = 100_000;
/** Guards `halfWidth ≤ within` against rounding (e.g. 0.5 periods × 7 days). */
const EPS = 1e-9;

/** Checks `precision` (ForecastInputError naming the field and the limit); null when absent. */
export function checkPrecision(p: unknown, units: readonly PrecisionUnit[], periodDays = 1): Precision | null {
  if (p === undefined || p === null) return null;
  if (typeof p !== "object") throw new ForecastInputError("precision", "precision must be an object");
  const { percentile, within, unit = units[0] } = p as Partial<PrecisionInput>;
  if (typeof percentile !== "number" || !Number.isInteger(percentile) || percentile < 1 || percentile > 99)
    throw new ForecastInputError(
      "precision.percentile",
      `precision.percentile must be between 1 and 99 (a whole number), got ${String(percentile)}`,
    );
  if (typeof within !== "number" || !Number.isFinite(within) || within <= 0)
    throw new ForecastInputError("precision.within", `precision.within must be more than 0, got ${String(within)}`);
  if (within > MAX_PRECISION_WITHIN)
    throw new ForecastInputError(
      "precision.within",
      `precision.within must be at most ${MAX_PRECISION_WITHIN.toLocaleString("en-US")}, got ${within}`,
    );
  if (!units.includes(unit as PrecisionUnit))
    throw new ForecastInputError("precision.unit", `precision.unit must be one of ${units.join(", ")}`);
  return { level: percentile, within, unit: unit as PrecisionUnit, scale: unit === "days" ? periodDays : 1 };
}

/**
 * How well an estimate is known, in the asked unit: the farther of its interval's bounds from it,
 * max(value − lower, upper − value) — so "±within" means the whole 95 % interval lies within
 * value ± within, and the value is within `within` of the true percentile whenever the interval
 * covers it. (Half the interval's width would allow twice that: on whole periods an interval
 * [13, 14] has half-width 0.5 while the estimate may sit a whole period off.) Null when a bound
 * or the value is unknown (past the last finished trial).
 */
export function halfWidthOf(p: Precision, e: PercentileEstimate | undefined): number | null {
  if (!e || e.value === null || e.lower === null || e.upper === null) return null;
  return Math.max(e.value - e.lower, e.upper - e.value) * p.scale;
}

/** Is the target met by a half-width? */
export const precisionMet = (p: Precision, halfWidth: number | null) =>
  halfWidth !== null && halfWidth <= p.within + EPS;

/** "When": the half-width of the asked percentile of `trials` tallied in `counts` (periods). */
export function whenHalfWidth(p: Precision, counts: ArrayLike<number>, trials: number): number | null {
  return halfWidthOf(p, percentilesWithIntervals(counts, trials, [p.level])[String(p.level)]);
}

/** "How many": the half-width of "L % chance of at least n items" (the lower tail) of a tally. */
export function totalsHalfWidth(p: Precision, t: TotalsTally): number | null {
  return halfWidthOf(p, lowerTailsWithIntervals(t, [p.level])[String(p.level)]);
}

/** The result's `stoppedAt` for a run that ended after `trials` with `halfWidth` (ignored without a target). */
export function stoppedAt(p: Precision | null, trials: number, halfWidth: number | null): StoppedAt {
  if (!p) return { trials, reason: "trials" };
  return {
    trials,
    reason: precisionMet(p, halfWidth) ? "precision" : "trials",
    precision: { percentile: p.level, within: p.within, unit: p.unit, halfWidth },
  };
}
