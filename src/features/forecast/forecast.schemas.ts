/**
 * Input contract of the "forecast.when" computation, shared by the tRPC router, the background
 * task and the CLI. Every message names the field and the limit in plain English.
 */
import { z } from "zod";
import { isIsoCalendarDate } from "@/domain/forecast";

export const FORECAST_LIMITS = {
  maxSamples: 10_000,
  maxSampleValue: 1_000_000,
  maxBacklog: 1_000_000,
  maxTrials: 10_000_000,
  defaultTrials: 10_000,
  maxSeed: 4_294_967_295,
  maxPercentiles: 20,
  defaultPercentiles: [50, 70, 85, 95] as number[],
  maxPeriodDays: 31,
  defaultPeriodDays: 7,
  maxMaxPeriods: 5_200,
} as const;

const fmt = (n: number) => n.toLocaleString("en-US");
const required = (what: string, otherwise: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? `${what} is required` : otherwise;

/** A number with a type message; integer checks are refinements so unions keep the message. */
const num = (what: string) =>
  z.number({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a number`) });

const wholeIn = (what: string, min: number, max: number) =>
  num(what)
    .refine(Number.isInteger, `${what} must be a whole number`)
    .refine((v) => v >= min, `${what} must be at least ${fmt(min)}`)
    .refine((v) => v <= max, `${what} must be at most ${fmt(max)}`);

const calendarDate = (what: string) =>
  z
    .string({ error: `${what} must be a date written YYYY-MM-DD` })
    .refine(isIsoCalendarDate, `${what} must be a real calendar date written YYYY-MM-DD`);

const ZSample = num("each sample")
  .min(0, "each sample must be at least 0")
  .max(FORECAST_LIMITS.maxSampleValue, `each sample must be at most ${fmt(FORECAST_LIMITS.maxSampleValue)}`);

const ZBacklogCount = wholeIn("backlog", 0, FORECAST_LIMITS.maxBacklog);
const ZBacklogRange = z.strictObject(
  {
    min: wholeIn("backlog.min", 0, FORECAST_LIMITS.maxBacklog),
    max: wholeIn("backlog.max", 0, FORECAST_LIMITS.maxBacklog),
  },
  { error: "backlog must be a whole number or a range { min, max } of whole numbers" },
);
const ZBacklog = z
  .union([ZBacklogCount, ZBacklogRange], {
    error: required("backlog", "backlog must be a whole number or a range { min, max } of whole numbers"),
  })
  .refine((b) => typeof b === "number" || b.min <= b.max, {
    message: "backlog.min must be at most backlog.max",
    path: ["min"],
  });

const ZPercentile = num("each percentile").refine(
  (p) => p > 0 && p < 100,
  "each percentile must be greater than 0 and less than 100",
);

const ZSamples = z
  .array(ZSample, { error: required("samples", "samples must be a list of numbers") })
  .min(1, "samples must contain at least 1 value")
  .max(FORECAST_LIMITS.maxSamples, `samples must contain at most ${fmt(FORECAST_LIMITS.maxSamples)} values`);

const ZPercentiles = z
  .array(ZPercentile, { error: "percentiles must be a list of numbers" })
  .min(1, "percentiles must contain at least 1 value")
  .max(FORECAST_LIMITS.maxPercentiles, `percentiles must contain at most ${FORECAST_LIMITS.maxPercentiles} values`)
  .default(() => [...FORECAST_LIMITS.defaultPercentiles]);

const ZFocus = num("focus")
  .refine((f) => f > 0 && f <= 1, "focus must be greater than 0 and at most 1")
  .optional();

/** Inputs are strict objects: an unknown field is named, a non-object says so. */
const STRICT_INPUT = {
  error: (iss: { code?: string; keys?: string[] }) => {
    if (iss.code === "unrecognized_keys") return `unknown field${(iss.keys?.length ?? 0) > 1 ? "s" : ""}: ${iss.keys?.join(", ")}`;
    if (iss.code === "invalid_type") return "input must be a JSON object";
    return undefined;
  },
};

export const ZForecastWhenInput = z
  .strictObject(
    {
      samples: ZSamples,
      backlog: ZBacklog,
      trials: wholeIn("trials", 1, FORECAST_LIMITS.maxTrials).default(FORECAST_LIMITS.defaultTrials),
      seed: wholeIn("seed", 0, FORECAST_LIMITS.maxSeed).optional(),
      percentiles: ZPercentiles,
      focus: ZFocus,
      startDate: calendarDate("startDate").optional(),
      periodDays: wholeIn("periodDays", 1, FORECAST_LIMITS.maxPeriodDays).default(FORECAST_LIMITS.defaultPeriodDays),
      deadline: calendarDate("deadline").optional(),
      maxPeriods: wholeIn("maxPeriods", 1, FORECAST_LIMITS.maxMaxPeriods).optional(),
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    if (v.deadline !== undefined && v.startDate === undefined) {
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "deadline needs a startDate" });
    } else if (v.deadline !== undefined && v.startDate !== undefined && v.deadline <= v.startDate) {
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "deadline must be after startDate" });
    }
    const maxBacklog = typeof v.backlog === "number" ? v.backlog : v.backlog?.max;
    if (Array.isArray(v.samples) && v.samples.length > 0 && v.samples.every((s) => s === 0) && (maxBacklog ?? 0) > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["samples"],
        message: "samples must not all be zero: the backlog would never be finished",
      });
    }
  });

/** What the form and the API submit: the forecast input, plus `fresh` to bypass an identical earlier result. */
export const ZStartForecastInput = ZForecastWhenInput.safeExtend({
  fresh: z.boolean({ error: "fresh must be true or false" }).optional(),
});

/** Parsed input (defaults applied); `seed` may still be absent. */
export type TForecastWhenInput = z.output<typeof ZForecastWhenInput>;
/** Input as a caller writes it (defaults optional). */
export type TForecastWhenInputRaw = z.input<typeof ZForecastWhenInput>;
/** Input with every default filled, ready for the engine. */
export type TForecastWhenResolved = TForecastWhenInput & { seed: number };

/**
 * Fills the seed when the caller left it out, so a run can always be replayed. `randomSeed`
 * must return an integer in 0..2^32-1 (e.g. from node:crypto `randomInt(0, 2 ** 32)`).
 */
export function withDefaults(input: TForecastWhenInput, randomSeed: () => number): TForecastWhenResolved {
  if (input.seed !== undefined) return { ...input, seed: input.seed };
  const seed = randomSeed();
  if (!Number.isInteger(seed) || seed < 0 || seed > FORECAST_LIMITS.maxSeed) {
    throw new RangeError(
      `randomSeed must return a whole number from 0 to ${fmt(FORECAST_LIMITS.maxSeed)}, got ${seed}`,
    );
  }
  return { ...input, seed };
}

/** "How many items by a date?": `periods` whole periods of throughput drawn from `samples`. */
export const ZForecastHowManyInput = z
  .strictObject(
    {
      samples: ZSamples,
      periods: wholeIn("periods", 1, FORECAST_LIMITS.maxMaxPeriods),
      trials: wholeIn("trials", 1, FORECAST_LIMITS.maxTrials).default(FORECAST_LIMITS.defaultTrials),
      seed: wholeIn("seed", 0, FORECAST_LIMITS.maxSeed).optional(),
      percentiles: ZPercentiles,
      focus: ZFocus,
    },
    STRICT_INPUT,
  );
export type TForecastHowManyInput = z.output<typeof ZForecastHowManyInput>;
