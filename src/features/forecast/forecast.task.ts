/**
 * The forecast tasks: each runs a pure engine in a worker thread (progress and cancel through the
 * thread's stop flag) and is memoised, because a seeded forecast is a pure function of its input.
 * A huge forecast.when is cut into chunk runs spread over every worker (forecast-split.ts).
 */
import { defineTask } from "@/runs/define-task";
import { ZForecastHowManyRunInput, ZForecastWhenRunInput } from "./forecast.schemas";
import { ZForecastBacktestInput, ZForecastCutLineInput, ZForecastDeadlineRunInput } from "./analytics.schemas";
import {
  ZForecastBacktestResult,
  ZForecastCutLineResult,
  ZForecastDeadlineResult,
  ZForecastHowManyResult,
  ZForecastWhenResult,
} from "./forecast.output";
import { completeWith, inThread, seeded } from "./forecast-run";
import { FORECAST_ENGINE_VERSIONS } from "./engine-versions";
import {
  backtestMetrics,
  cutLineMetrics,
  deadlineMetrics,
  howManyMetrics,
  partialMetricsOf,
  whenMetrics,
} from "./forecast.compare";
import {
  forecastDeadlineChunkTask,
  forecastDeadlineRun,
  forecastHowManyChunkTask,
  forecastHowManyRun,
  forecastWhenChunkTask,
  forecastWhenRun,
  ZForecastDeadlineTaskInput,
  ZForecastHowManyTaskInput,
  ZForecastWhenTaskInput,
} from "./forecast-split";
import { forecastSensitivityMergeTask } from "./sensitivity.task";

const common = {
  queue: "analysis" as const,
  retry: { attempts: 2, backoffMs: 1000 },
  timeout: { softMs: 10 * 60_000, hardMs: 10 * 60_000 + 30_000 },
  resultTtlMs: 30 * 24 * 3600_000,
  // Pure and seeded: an identical forecast within a day is answered from the earlier run.
  memoize: { ttlMs: 24 * 3600_000 },
};

/**
 * The splittable three: a run split into chunk runs waits for them, so its own limit is longer (up to
 * 10^12 draws in all: about 35 min of this machine's two cores); in one process they stay at seconds.
 */
const splittable = { ...common, timeout: { softMs: 60 * 60_000, hardMs: 60 * 60_000 + 30_000 } };

export const forecastWhenTask = defineTask({
  ...splittable,
  name: "forecast.when",
  engineVersion: FORECAST_ENGINE_VERSIONS["forecast.when"],
  input: ZForecastWhenTaskInput,
  output: ZForecastWhenResult,
  compareMetrics: whenMetrics,
  comparePartialMetrics: partialMetricsOf("when"),
  complete: completeWith(ZForecastWhenRunInput),
  handler: forecastWhenRun,
});

export const forecastHowManyTask = defineTask({
  ...splittable,
  name: "forecast.howMany",
  engineVersion: FORECAST_ENGINE_VERSIONS["forecast.howMany"],
  input: ZForecastHowManyTaskInput,
  output: ZForecastHowManyResult,
  compareMetrics: howManyMetrics,
  comparePartialMetrics: partialMetricsOf("howMany"),
  complete: completeWith(ZForecastHowManyRunInput),
  handler: forecastHowManyRun,
});

export const forecastDeadlineTask = defineTask({
  ...splittable,
  name: "forecast.deadline",
  engineVersion: FORECAST_ENGINE_VERSIONS["forecast.deadline"],
  input: ZForecastDeadlineTaskInput,
  output: ZForecastDeadlineResult,
  compareMetrics: deadlineMetrics,
  comparePartialMetrics: partialMetricsOf("deadline"),
  complete: completeWith(ZForecastDeadlineRunInput),
  handler: forecastDeadlineRun,
});

export const forecastBacktestTask = defineTask({
  ...common,
  name: "forecast.backtest",
  engineVersion: FORECAST_ENGINE_VERSIONS["forecast.backtest"],
  input: seeded(ZForecastBacktestInput),
  output: ZForecastBacktestResult,
  compareMetrics: backtestMetrics,
  complete: completeWith(ZForecastBacktestInput),
  handler: inThread("forecast.backtest"),
});

export const forecastCutLineTask = defineTask({
  ...common,
  name: "forecast.cutLine",
  engineVersion: FORECAST_ENGINE_VERSIONS["forecast.cutLine"],
  input: seeded(ZForecastCutLineInput),
  output: ZForecastCutLineResult,
  compareMetrics: cutLineMetrics,
  complete: completeWith(ZForecastCutLineInput),
  handler: inThread("forecast.cutLine"),
});

/** Every forecast task, for the worker's task list and the run views. */
export const forecastTasks = [
  forecastWhenTask,
  forecastHowManyTask,
  forecastDeadlineTask,
  forecastBacktestTask,
  forecastCutLineTask,
  forecastWhenChunkTask,
  forecastHowManyChunkTask,
  forecastDeadlineChunkTask,
  forecastSensitivityMergeTask,
] as const;
