/** The forecast engine's public API: pure functions, randomness and progress injected. */
export { forecastWhen, DEFAULT_MAX_PERIODS, DEFAULT_PERIOD_DAYS } from "./monte-carlo";
export type { WhenInput, WhenResult } from "./monte-carlo";
export { simulateWhenRange, forecastWhenFromTallies } from "./monte-carlo";
export { planWhen, type WhenPlan } from "./when-plan";
export { simulateWhenBlocks, mergeWhenTallies, whenBlockCount, WHEN_BLOCK_TRIALS, type WhenTally } from "./when-sim";
export { finishWhen } from "./when-summary";
export { whenPartial, type WhenPartial } from "./when-partial";
export {
  checkPrecision,
  MAX_PRECISION_WITHIN,
  type Precision,
  type PrecisionInput,
  type PrecisionUnit,
  type StoppedAt,
} from "./precision";
export {
  chunkRanges,
  simulateWhenChunk,
  forecastWhenFromChunks,
  tallyToJson,
  type BlockRange,
  type WhenTallyJson,
} from "./when-chunks";
export { riskSummary, type Risk, type RiskSummaryRow } from "./risks";
export { contributorsDistribution, type SCurve } from "./scurve";
export { forecastHowMany, planHowMany, simulateHowManyRange, howManyFromTallies } from "./how-many";
export type { TotalsTally } from "./totals";
export { mergeTotals } from "./totals";
export type { HowManyInput, HowManyResult } from "./how-many";
export type { ForecastOptions } from "./validate";
export { MAX_DRAWS, SINGLE_LIMITS, SPLIT_LIMITS } from "./validate";
export { ForecastInputError, ForecastCancelledError } from "./errors";
export { exactWhenCdf, exactHowManyPmf } from "./exact";
export { nearestRank, nearestRankFromCdf, nearestRankFromCounts, pctLinear, errorRate } from "./percentiles";
export {
  binomialQuantile,
  compactCdf,
  lowerTailsWithIntervals,
  percentileRanks,
  percentilesWithIntervals,
  valueAtRank,
  type PercentileEstimate,
} from "./percentile-ci";
export { isIsoCalendarDate, addDays, daysBetween, addWorkingDays, workingDaysBetween, isWeekend } from "./dates";
export { createRng, sfc32, uniformInt, streamState, streamRng, rngFromState, type Rng } from "../shared/rng";
export { accuracyMetrics, ACCURACY_THRESHOLD_PCT, type AccuracyMetrics } from "./accuracy";
export {
  forecastDeadline,
  planDeadline,
  simulateDeadlineRange,
  deadlineFromTallies,
  type DeadlineTally,
  type DeadlineInput,
  type DeadlineResult,
  type DeadlineTrend,
  type DeadlineTrendInfo,
} from "./deadline";
export { backtest, CALIBRATION_LEVELS, type BacktestInput, type BacktestResult, type BacktestFold } from "./backtest";
export {
  forecastCutLine,
  MAX_FEATURES,
  type CutLineInput,
  type CutLineResult,
  type CutLineFeature,
  type CutLineFeatureResult,
} from "./cutline";
