/**
 * Lead-time overhead (ProjectForecaster's `ltSamples`): each trial adds
 * round(average of k lead times drawn with replacement / periodDays) periods, with k uniform in
 * [ceil(0.1·n), max(1, floor(0.9·n))] for n lead-time samples.
 */

import { ForecastInputError } from "./errors";
import { formatNumber as fmt } from "./validate";

export const MAX_LEAD_TIMES = 10_000;
export const MAX_LEAD_TIME_DAYS = 3650;

/** Checks lead-time samples (days) and returns them. */
export function checkLeadTimes(v: unknown): Float64Array {
  if (!Array.isArray(v)) throw new ForecastInputError("leadTimes", "leadTimes must be a list of numbers (days)");
  if (v.length < 1 || v.length > MAX_LEAD_TIMES) {
    throw new ForecastInputError(
      "leadTimes",
      `leadTimes must contain 1 to ${fmt(MAX_LEAD_TIMES)} values, got ${fmt(v.length)}`,
    );
  }
  const out = new Float64Array(v.length);
  v.forEach((x: unknown, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > MAX_LEAD_TIME_DAYS) {
      throw new ForecastInputError(
        "leadTimes",
        `leadTimes[${i}] must be a number of days from 0 to ${fmt(MAX_LEAD_TIME_DAYS)}, got ${String(x)}`,
      );
    }
    out[i] = x;
  });
  return out;
}

/** The range of k (lead times averaged per trial) for n samples. */
export function leadTimeDrawRange(n: number): { kMin: number; kMax: number } {
  // Integer arithmetic: 0.1 * 30 is 3.0000000000000004 in floating point, and ceil would make it 4.
  const kMin = Math.max(1, Math.ceil(n / 10));
  const kMax = Math.max(1, Math.floor((9 * n) / 10));
  return { kMin: Math.min(kMin, kMax), kMax };
}
