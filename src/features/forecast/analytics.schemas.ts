/**
 * Input contracts of the forecast analytics: deadline risk, backtest and the multi-feature cut
 * line. Shared by the tRPC router, the background tasks, the HTTP API and the CLI.
 */
import { z } from "zod";
import {
  FORECAST_LIMITS as L,
  OPTIONAL_CALENDAR_FIELDS,
  RUN_FIELDS,
  ZSplitTrials,
  STRICT_INPUT,
  ZBacklog,
  ZMaxPeriods,
  ZPercentiles,
  ZPeriodDays,
  ZSamples,
  ZSeed,
  ZSkipWeekends,
  backlogField,
  backlogMax,
  calendarDate,
  checkCalendar,
  checkNotAllZero,
  fmt,
  nestedStrict,
  wholeIn,
} from "./forecast.fields";

/** Deadline risk: P(done by the deadline) and the scope reachable by it, optionally trend-aware. */
export const ZForecastDeadlineInput = z
  .strictObject(
    {
      samples: ZSamples,
      backlog: ZBacklog,
      startDate: calendarDate("startDate"),
      deadline: calendarDate("deadline"),
      periodDays: ZPeriodDays,
      skipWeekends: ZSkipWeekends,
      ...RUN_FIELDS,
      trend: z
        .enum(["none", "recent", "fitted"], { error: "trend must be one of none, recent, fitted" })
        .default("none"),
      halfLife: wholeIn("halfLife", 1, L.maxHalfLife).optional(),
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    checkCalendar(v, ctx, { deadlineRequired: true });
    checkNotAllZero(v.samples, backlogMax(v.backlog), ctx);
    if (v.trend === "fitted" && Array.isArray(v.samples) && v.samples.length < 3) {
      ctx.addIssue({ code: "custom", path: ["samples"], message: "a fitted trend needs at least 3 samples" });
    }
  });
export type TForecastDeadlineInput = z.output<typeof ZForecastDeadlineInput>;
/** The same input as the workers take it: up to 10^9 trials (split into chunk runs when large; the CLI keeps 10^7). */
export const ZForecastDeadlineRunInput = ZForecastDeadlineInput.safeExtend({ trials: ZSplitTrials });

/** Walk-forward backtest over a chronological throughput history. */
export const ZForecastBacktestInput = z
  .strictObject(
    {
      samples: ZSamples,
      backlog: wholeIn("backlog", 1, L.maxBacklog),
      minTrain: wholeIn("minTrain", 1, L.maxSamples).default(8),
      window: wholeIn("window", 1, L.maxSamples).nullable().optional(),
      step: wholeIn("step", 1, L.maxSamples).default(1),
      trials: wholeIn("trials", 1, L.maxBacktestTrials).default(L.defaultBacktestTrials),
      seed: ZSeed,
      percentiles: ZPercentiles,
      maxPeriods: ZMaxPeriods,
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    if (Array.isArray(v.samples) && typeof v.minTrain === "number" && v.samples.length <= v.minTrain) {
      ctx.addIssue({
        code: "custom",
        path: ["samples"],
        message: `samples must contain more than minTrain (${fmt(v.minTrain)}) values: the backtest needs history after the first cut-off`,
      });
    }
    if (typeof v.window === "number" && typeof v.minTrain === "number" && v.window > v.minTrain) {
      ctx.addIssue({
        code: "custom",
        path: ["window"],
        message: `window must be at most minTrain (${fmt(v.minTrain)})`,
      });
    }
  });
export type TForecastBacktestInput = z.output<typeof ZForecastBacktestInput>;

const ZFeature = z.strictObject(
  {
    name: z
      .string({ error: "each feature name must be text" })
      .trim()
      .min(1, "each feature name must not be empty")
      .max(L.maxFeatureName, `each feature name must be at most ${L.maxFeatureName} characters`),
    size: backlogField("feature size"),
  },
  nestedStrict("each feature"),
);

/** Multi-feature cut line: features in priority order, each with a size. */
export const ZForecastCutLineInput = z
  .strictObject(
    {
      samples: ZSamples,
      features: z
        .array(ZFeature, { error: required("features") })
        .min(1, "features must contain at least 1 feature")
        .max(L.maxFeatures, `features must contain at most ${L.maxFeatures} features`),
      ...RUN_FIELDS,
      ...OPTIONAL_CALENDAR_FIELDS,
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    checkCalendar(v, ctx);
    const total = Array.isArray(v.features) ? v.features.reduce((a, f) => a + backlogMax(f?.size), 0) : 0;
    if (total > L.maxBacklog) {
      ctx.addIssue({
        code: "custom",
        path: ["features"],
        message: `features must add up to at most ${fmt(L.maxBacklog)} items`,
      });
    }
    checkNotAllZero(v.samples, total, ctx);
  });
export type TForecastCutLineInput = z.output<typeof ZForecastCutLineInput>;

function required(what: string) {
  return (iss: { input?: unknown }) => (iss.input === undefined ? `${what} is required` : `${what} must be a list`);
}
