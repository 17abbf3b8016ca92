/** The forecast engine's public API: pure functions, randomness and progress injected. */
export { forecastWhen, DEFAULT_MAX_PERIODS, DEFAULT_PERIOD_DAYS } from "./monte-carlo";
export type { WhenInput, WhenResult } from "./monte-carlo";
export { forecastHowMany } from "./how-many";
export type { HowManyInput, HowManyResult } from "./how-many";
export type { ForecastOptions } from "./validate";
export { MAX_DRAWS } from "./validate";
export { ForecastInputError, ForecastCancelledError } from "./errors";
export { exactWhenCdf, exactHowManyPmf } from "./exact";
export { nearestRank, nearestRankFromCdf, nearestRankFromCounts, pctLinear, errorRate } from "./percentiles";
export { isIsoCalendarDate, addDays, daysBetween } from "./dates";
export { createRng, sfc32, uniformInt, type Rng } from "../shared/rng";
export { accuracyMetrics, ACCURACY_THRESHOLD_PCT, type AccuracyMetrics } from "./accuracy";
export { forecastDeadline, type DeadlineInput, type DeadlineResult, type DeadlineTrend, type DeadlineTrendInfo } from "./deadline";
export { backtest, CALIBRATION_LEVELS, type BacktestInput, type BacktestResult, type BacktestFold } from "./backtest";
export { forecastCutLine, MAX_FEATURES, type CutLineInput, type CutLineResult, type CutLineFeature, type CutLineFeatureResult } from "./cutline";
