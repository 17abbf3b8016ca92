/** Stored backtest and cut-line results as the views read them (see result-shape.ts). */
import { isNum, isRec, numOr, numRecord, rows, strRecord } from "./result-shape";

export interface AccuracyView {
  n: number;
  mae: number | null;
  rmse: number | null;
  mape: number | null;
  mpe: number | null;
  medianApe: number | null;
  r2: number | null;
  accuracyRate: number | null;
  over: number;
  under: number;
}
export interface BacktestView {
  folds: { cutoff: number; trainSize: number; forecast: Record<string, number | null>; actual: number | null }[];
  coverage: Record<string, { hits: number; total: number; rate: number | null }>;
  metrics: Record<string, AccuracyView>;
  calibration: { level: number; observed: number | null }[];
  censored: number;
  trials: number;
  seed: number;
}

const orNull = (x: unknown) => (isNum(x) ? x : null);

export function asBacktestResult(x: unknown): BacktestView | null {
  if (!isRec(x) || !isRec(x.coverage)) return null;
  const folds = rows(x.folds, (r) => {
    const forecast = numRecord(r.forecast, true);
    return isNum(r.cutoff) && forecast
      ? { cutoff: r.cutoff, trainSize: numOr(r.trainSize, 0), forecast, actual: orNull(r.actual) }
      : null;
  });
  const calibration = rows(x.calibration, (r) =>
    isNum(r.level) ? { level: r.level, observed: orNull(r.observed) } : null,
  );
  if (!folds || !calibration) return null;
  const coverage: BacktestView["coverage"] = {};
  for (const [k, v] of Object.entries(x.coverage)) {
    if (!isRec(v) || !isNum(v.hits) || !isNum(v.total)) return null;
    coverage[k] = { hits: v.hits, total: v.total, rate: orNull(v.rate) };
  }
  const metrics: BacktestView["metrics"] = {};
  for (const [k, v] of Object.entries(isRec(x.metrics) ? x.metrics : {})) {
    if (!isRec(v)) continue;
    metrics[k] = {
      n: numOr(v.n, 0),
      mae: orNull(v.mae),
      rmse: orNull(v.rmse),
      mape: orNull(v.mape),
      mpe: orNull(v.mpe),
      medianApe: orNull(v.medianApe),
      r2: orNull(v.r2),
      accuracyRate: orNull(v.accuracyRate),
      over: numOr(v.over, 0),
      under: numOr(v.under, 0),
    };
  }
  return {
    folds,
    coverage,
    metrics,
    calibration,
    censored: numOr(x.censored, 0),
    trials: numOr(x.trials, 0),
    seed: numOr(x.seed, 0),
  };
}

// -------------------------------------------------------------------------------------- cut line

export interface CutLineFeatureView {
  name: string;
  size: { min: number; max: number };
  percentiles: Record<string, number | null>;
  dates?: Record<string, string | null>;
  probabilityByDeadline?: number;
  fits?: Record<string, boolean>;
}
export interface CutLineView {
  features: CutLineFeatureView[];
  periodsToDeadline?: number;
  trials: number;
  seed: number;
  didNotFinish: number;
  maxPeriods: number;
}

export function asCutLineResult(x: unknown): CutLineView | null {
  if (!isRec(x)) return null;
  const features = rows(x.features, (r): CutLineFeatureView | null => {
    const percentiles = numRecord(r.percentiles, true);
    if (typeof r.name !== "string" || !percentiles) return null;
    const s = r.size;
    const size = isNum(s)
      ? { min: s, max: s }
      : isRec(s) && isNum(s.min) && isNum(s.max)
        ? { min: s.min, max: s.max }
        : { min: NaN, max: NaN };
    let fits: Record<string, boolean> | undefined;
    if (isRec(r.fits)) {
      fits = {};
      for (const [k, v] of Object.entries(r.fits)) if (typeof v === "boolean") fits[k] = v;
    }
    return {
      name: r.name,
      size,
      percentiles,
      dates: strRecord(r.dates),
      probabilityByDeadline: isNum(r.probabilityByDeadline) ? r.probabilityByDeadline : undefined,
      fits,
    };
  });
  if (!features) return null;
  return {
    features,
    periodsToDeadline: isNum(x.periodsToDeadline) ? x.periodsToDeadline : undefined,
    trials: numOr(x.trials, 0),
    seed: numOr(x.seed, 0),
    didNotFinish: numOr(x.didNotFinish, 0),
    maxPeriods: numOr(x.maxPeriods, 0),
  };
}
