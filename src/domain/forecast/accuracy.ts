/**
 * Forecast-accuracy summary (the seed system's `accuracy_metrics.py`, reference case A-P8),
 * comparing forecasts with the actuals they predicted, pair by pair.
 *
 * Conventions (pinned by tests):
 * - error e = forecast − actual, so a positive error is an over-forecast (for durations: the
 *   forecast said it would take longer than it did).
 * - Percentage errors are relative to the actual and in percent: APE = 100·|e| / actual,
 *   PE = 100·e / actual. Actuals must therefore be greater than 0.
 * - MPE (bias) is the mean signed PE: positive means forecasts run high on average.
 * - medianApe is the median of the APEs (mean of the two middle values for an even count).
 * - accuracyRate is the share of pairs with APE ≤ 20 %, in percent (0..100).
 * - r2 = 1 − SS_res / SS_tot with SS_tot = Σ(actual − mean actual)². When every actual is the
 *   same, SS_tot = 0 and R² is undefined: r2 is **null** (the seed returned 0, which reads as
 *   "no skill" although the forecasts may be perfect).
 */

import { medianSorted } from "../shared/stats";
import { ForecastInputError } from "./errors";

export interface AccuracyMetrics {
  /** Pairs compared. */
  n: number;
  /** Mean absolute error, in the unit of the values (periods). */
  mae: number;
  /** Root mean squared error, same unit. */
  rmse: number;
  /** Mean absolute percentage error, in percent. */
  mape: number;
  /** Mean percentage error (bias), in percent; positive = forecasts too high. */
  mpe: number;
  /** Median absolute percentage error, in percent. */
  medianApe: number;
  /** Coefficient of determination; null when all actuals are equal (SS_tot = 0). */
  r2: number | null;
  /** Share of pairs with an absolute percentage error of at most 20 %, in percent. */
  accuracyRate: number;
  /** Pairs with forecast > actual. */
  over: number;
  /** Pairs with forecast < actual. */
  under: number;
}

/** The APE at or below which a forecast counts as accurate, in percent. */
export const ACCURACY_THRESHOLD_PCT = 20;

/**
 * Summarises forecasts against actuals (same length, at least one pair, actuals > 0).
 * Throws ForecastInputError on empty, mismatched or non-finite input.
 */
export function accuracyMetrics(forecasts: readonly number[], actuals: readonly number[]): AccuracyMetrics {
  if (!Array.isArray(forecasts) || !Array.isArray(actuals)) {
    throw new ForecastInputError("forecasts", "forecasts and actuals must be lists of numbers");
  }
  const n = actuals.length;
  if (n === 0) throw new ForecastInputError("actuals", "actuals must contain at least 1 value");
  if (forecasts.length !== n) {
    throw new ForecastInputError(
      "forecasts",
      `forecasts must have as many values as actuals (${n}), got ${forecasts.length}`,
    );
  }
  forecasts.forEach((f, i) => {
    if (typeof f !== "number" || !Number.isFinite(f)) {
      throw new ForecastInputError("forecasts", `forecasts[${i}] must be a finite number, got ${String(f)}`);
    }
  });
  actuals.forEach((a, i) => {
    if (typeof a !== "number" || !Number.isFinite(a) || a <= 0) {
      throw new ForecastInputError("actuals", `actuals[${i}] must be a number greater than 0, got ${String(a)}`);
    }
  });

  let absSum = 0;
  let sqSum = 0;
  let peSum = 0;
  let apeSum = 0;
  let accurate = 0;
  let over = 0;
  let under = 0;
  let actualSum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const apes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = actuals[i]!;
    const e = forecasts[i]! - a;
    absSum += Math.abs(e);
    sqSum += e * e;
    peSum += (100 * e) / a;
    const ape = (100 * Math.abs(e)) / a;
    apes[i] = ape;
    apeSum += ape;
    // |e| ≤ 20 % of a, compared without the rounding of 100·|e|/a (2/10·100 = 20.000000000000004).
    if (Math.abs(e) * 100 <= ACCURACY_THRESHOLD_PCT * a * (1 + 1e-12)) accurate++;
    if (e > 0) over++;
    else if (e < 0) under++;
    actualSum += a;
    lo = Math.min(lo, a);
    hi = Math.max(hi, a);
  }
  const mean = actualSum / n;
  let ssTot = 0;
  for (let i = 0; i < n; i++) ssTot += (actuals[i]! - mean) ** 2;
  apes.sort();
  const medianApe = medianSorted(apes);

  return {
    n,
    mae: absSum / n,
    rmse: Math.sqrt(sqSum / n),
    mape: apeSum / n,
    mpe: peSum / n,
    medianApe,
    // Equal actuals are tested directly: their float mean can leave a tiny non-zero SS_tot.
    r2: lo === hi || ssTot === 0 ? null : 1 - sqSum / ssTot,
    accuracyRate: (100 * accurate) / n,
    over,
    under,
  };
}
