/**
 * Zod field builders shared by the forecast input schemas (when, how many, deadline risk,
 * backtest, cut line). Every message names the field and the limit in plain English.
 */
import { STRICT_INPUT } from "@/runs/strict-input";
import { z } from "zod";
import { isIsoCalendarDate } from "@/domain/forecast";

export const FORECAST_LIMITS = {
  maxSamples: 10_000,
  maxSampleValue: 1_000_000,
  maxBacklog: 1_000_000,
  maxTrials: 10_000_000,
  /** A forecast.when run by the workers may be this large: above FORECAST_SPLIT_ABOVE_TRIALS it is cut into chunk runs. */
  maxSplitTrials: 1_000_000_000,
  defaultTrials: 10_000,
  maxSeed: 4_294_967_295,
  maxPercentiles: 20,
  defaultPercentiles: [50, 70, 85, 95] as number[],
  maxPeriodDays: 31,
  defaultPeriodDays: 7,
  maxMaxPeriods: 5_200,
  maxSplitRates: 1_000,
  maxSplitRate: 10,
  maxRisks: 50,
  maxTeam: 1_000,
  maxSCurveSize: 50,
  maxLeadTimes: 10_000,
  maxLeadTimeDays: 3_650,
  maxFeatures: 100,
  maxFeatureName: 120,
  maxHalfLife: 1_000,
  /** Backtests run one forecast per fold: fewer trials each. */
  maxBacktestTrials: 100_000,
  defaultBacktestTrials: 2_000,
} as const;

export const fmt = (n: number) => n.toLocaleString("en-US");
export const required = (what: string, otherwise: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? `${what} is required` : otherwise;

/** A number with a type message; integer checks are refinements so unions keep the message. */
export const num = (what: string) =>
  z.number({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a number`) });

export const wholeIn = (what: string, min: number, max: number) =>
  num(what)
    .refine(Number.isInteger, `${what} must be a whole number`)
    .refine((v) => v >= min, `${what} must be at least ${fmt(min)}`)
    .refine((v) => v <= max, `${what} must be at most ${fmt(max)}`);

/** A number in [min, max] (inclusive ends unless `open` says otherwise). */
export const numberIn = (what: string, min: number, max: number, open: { min?: boolean } = {}) =>
  num(what)
    .refine(
      (v) => (open.min ? v > min : v >= min),
      `${what} must be ${open.min ? "greater than" : "at least"} ${fmt(min)}`,
    )
    .refine((v) => v <= max, `${what} must be at most ${fmt(max)}`);

export const calendarDate = (what: string) =>
  z
    .string({ error: `${what} must be a date written YYYY-MM-DD` })
    .refine(isIsoCalendarDate, `${what} must be a real calendar date written YYYY-MM-DD`);

const ZSample = num("each sample")
  .min(0, "each sample must be at least 0")
  .max(FORECAST_LIMITS.maxSampleValue, `each sample must be at most ${fmt(FORECAST_LIMITS.maxSampleValue)}`);

export const ZSamples = z
  .array(ZSample, { error: required("samples", "samples must be a list of numbers") })
  .min(1, "samples must contain at least 1 value")
  .max(FORECAST_LIMITS.maxSamples, `samples must contain at most ${fmt(FORECAST_LIMITS.maxSamples)} values`);

const ZBacklogCount = (what: string) => wholeIn(what, 0, FORECAST_LIMITS.maxBacklog);
const rangeMessage = (what: string) => `${what} must be a whole number or a range { min, max } of whole numbers`;

/** A whole number of items, or a range { min, max } drawn uniformly per trial. */
export const backlogField = (what: string) =>
  z
    .union(
      [
        ZBacklogCount(what),
        z.strictObject(
          { min: ZBacklogCount(`${what}.min`), max: ZBacklogCount(`${what}.max`) },
          { error: rangeMessage(what) },
        ),
      ],
      { error: required(what, rangeMessage(what)) },
    )
    .refine((b) => typeof b === "number" || b.min <= b.max, {
      message: `${what}.min must be at most ${what}.max`,
      path: ["min"],
    });
export const ZBacklog = backlogField("backlog");

const ZPercentile = num("each percentile").refine(
  (p) => p > 0 && p < 100,
  "each percentile must be greater than 0 and less than 100",
);

export const ZPercentiles = z
  .array(ZPercentile, { error: "percentiles must be a list of numbers" })
  .min(1, "percentiles must contain at least 1 value")
  .max(FORECAST_LIMITS.maxPercentiles, `percentiles must contain at most ${FORECAST_LIMITS.maxPercentiles} values`)
  .default(() => [...FORECAST_LIMITS.defaultPercentiles]);

export const ZFocus = num("focus")
  .refine((f) => f > 0 && f <= 1, "focus must be greater than 0 and at most 1")
  .optional();

export const ZTrials = wholeIn("trials", 1, FORECAST_LIMITS.maxTrials).default(FORECAST_LIMITS.defaultTrials);
/** Trials of a forecast the workers run (split into chunk runs when large); the CLI keeps ZTrials. */
export const ZSplitTrials = wholeIn("trials", 1, FORECAST_LIMITS.maxSplitTrials).default(FORECAST_LIMITS.defaultTrials);
export const ZSeed = wholeIn("seed", 0, FORECAST_LIMITS.maxSeed).optional();
export const ZPeriodDays = wholeIn("periodDays", 1, FORECAST_LIMITS.maxPeriodDays).default(
  FORECAST_LIMITS.defaultPeriodDays,
);
export const ZMaxPeriods = wholeIn("maxPeriods", 1, FORECAST_LIMITS.maxMaxPeriods).optional();
export const ZSkipWeekends = z.boolean({ error: "skipWeekends must be true or false" }).optional();

/** Upper bound on precision.within in any unit (the engine's MAX_PRECISION_WITHIN). */
const MAX_WITHIN = 100_000;

/**
 * "Stop when P`percentile` is known to ±`within` `unit`" (at 95 %), or at `trials`: `units` are the
 * forecast's own (the first is the default) — periods or days for "when", items for "how many".
 */
export const precisionField = <U extends string>(units: readonly [U, ...U[]]) =>
  z
    .strictObject(
      {
        percentile: num("precision.percentile").refine(
          (v) => Number.isInteger(v) && v >= 1 && v <= 99,
          "precision.percentile must be between 1 and 99 (a whole number)",
        ),
        within: num("precision.within")
          .refine((v) => v > 0, "precision.within must be more than 0")
          .refine((v) => v <= MAX_WITHIN, `precision.within must be at most ${fmt(MAX_WITHIN)}`),
        unit: z.enum(units, { error: `precision.unit must be one of ${units.join(", ")}` }).optional(),
      },
      nestedStrict("precision"),
    )
    .optional();

/** A Monte Carlo forecast's run settings: trials, seed, the confidence levels and the focus factor. */
export const RUN_FIELDS = { trials: ZTrials, seed: ZSeed, percentiles: ZPercentiles, focus: ZFocus };

/** An optional calendar (start, period length, weekends, deadline) and the cap on simulated periods. */
export const OPTIONAL_CALENDAR_FIELDS = {
  startDate: calendarDate("startDate").optional(),
  periodDays: ZPeriodDays,
  skipWeekends: ZSkipWeekends,
  deadline: calendarDate("deadline").optional(),
  maxPeriods: ZMaxPeriods,
};

/** Inputs are strict objects: an unknown field is named, a non-object says so. */
export { STRICT_INPUT };

/** A nested strict object: unknown keys are named, a non-object names the field. */
export const nestedStrict = (what: string) => ({
  error: (iss: { code?: string; keys?: string[] }) => {
    if (iss.code === "unrecognized_keys")
      return `unknown field${(iss.keys?.length ?? 0) > 1 ? "s" : ""} in ${what}: ${iss.keys?.join(", ")}`;
    if (iss.code === "invalid_type") return `${what} must be an object`;
    return undefined;
  },
});

type Ctx = z.RefinementCtx;

/** Shared cross-field rules: a deadline needs a start before it; skipping weekends needs daily periods. */
export function checkCalendar(
  v: { startDate?: string; deadline?: string; periodDays?: number; skipWeekends?: boolean },
  ctx: Ctx,
  o: { deadlineRequired?: boolean } = {},
): void {
  if (o.deadlineRequired && v.startDate === undefined) {
    ctx.addIssue({ code: "custom", path: ["startDate"], message: "startDate is required" });
  }
  if (v.deadline !== undefined && v.startDate === undefined) {
    if (!o.deadlineRequired)
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "deadline needs a startDate" });
  } else if (v.deadline !== undefined && v.startDate !== undefined && v.deadline <= v.startDate) {
    ctx.addIssue({ code: "custom", path: ["deadline"], message: "deadline must be after startDate" });
  }
  if (v.skipWeekends && v.periodDays !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["skipWeekends"],
      message: "skipWeekends needs daily periods (periodDays 1)",
    });
  }
}

/** All-zero throughput can never finish a non-empty backlog. */
export function checkNotAllZero(samples: unknown, work: number, ctx: Ctx, path = "samples"): void {
  if (Array.isArray(samples) && samples.length > 0 && samples.every((s) => s === 0) && work > 0) {
    ctx.addIssue({
      code: "custom",
      path: [path],
      message: `${path} must not all be zero: the backlog would never be finished`,
    });
  }
}

/** The largest backlog of a number-or-range, or 0 when it did not parse. */
export const backlogMax = (b: unknown): number =>
  typeof b === "number"
    ? b
    : typeof b === "object" && b !== null && typeof (b as { max?: unknown }).max === "number"
      ? (b as { max: number }).max
      : 0;
