/**
 * S-curve of contributors (from ProjectForecaster's `calculateContributorsDistribution`): a team
 * ramps up from `min` to `max` people over the first `size` % of the work, stays at `max`, and
 * ramps down over the last `size` %. Rounding is JavaScript's `Math.round` (half up), pinned by
 * reference case A-P5: min 2, max 5, size 20 → 2×5, 3×10, 4×5, 5×60, 4×6, 3×10, 2×4 (sum 422).
 */

import { ForecastInputError } from "./errors";
import { checkInt } from "./validate";
import { pctLinear } from "./percentiles";

export interface SCurve {
  /** People at the very start and end of the work (whole, 0..1000; 0 means nobody works then). */
  min: number;
  /** People at full speed (whole, 1..1000, at least `min`). */
  max: number;
  /** Percent of the work spent ramping up, and again ramping down (whole, 0..50). */
  size: number;
}

export const MAX_TEAM = 1000;
export const MAX_SCURVE_SIZE = 50;

/** Checks an S-curve and returns it. */
export function checkSCurve(s: unknown): SCurve {
  if (typeof s !== "object" || s === null) {
    throw new ForecastInputError("sCurve", "sCurve must be an object { min, max, size }");
  }
  const o = s as Record<string, unknown>;
  const min = checkInt("sCurve.min", o.min, 0, MAX_TEAM);
  const max = checkInt("sCurve.max", o.max, 1, MAX_TEAM);
  const size = checkInt("sCurve.size", o.size, 0, MAX_SCURVE_SIZE);
  if (min > max) throw new ForecastInputError("sCurve.min", `sCurve.min (${min}) must be at most sCurve.max (${max})`);
  return { min, max, size };
}

/**
 * Contributors at each whole percent of the work done, 0..99 (100 entries). With
 * range = [min, min+1, …, max−1] and cs = size: entry i < cs is round(pctLinear(range, i/cs)),
 * entry i ≥ 100 − cs is round(pctLinear(range, (100 − i)/cs)), the rest are `max`; every entry is
 * clamped to [min, max] (an empty range, min = max, gives min).
 */
export function contributorsDistribution({ min, max, size }: SCurve): number[] {
  const range = Array.from({ length: Math.max(0, max - min) }, (_, k) => min + k);
  const cs = Math.min(MAX_SCURVE_SIZE, Math.max(0, size));
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  const out: number[] = [];
  for (let i = 0; i < 100; i++) {
    if (i < cs) out.push(clamp(Math.round(pctLinear(range, i / cs))));
    else if (i < 100 - cs) out.push(max);
    else out.push(clamp(Math.round(pctLinear(range, (100 - i) / cs))));
  }
  return out;
}
