/**
 * Input contracts of the "forecast.when" and "forecast.howMany" computations, shared by the tRPC
 * router, the background tasks, the HTTP API and the CLI. Every message names the field and the
 * limit in plain English (field builders in forecast.fields.ts).
 */
import { z } from "zod";
import {
  FORECAST_LIMITS,
  OPTIONAL_CALENDAR_FIELDS,
  RUN_FIELDS,
  STRICT_INPUT,
  ZBacklog,
  ZSamples,
  backlogMax,
  checkCalendar,
  checkNotAllZero,
  fmt,
  nestedStrict,
  numberIn,
  precisionField,
  wholeIn,
  ZSplitTrials,
} from "./forecast.fields";

export { FORECAST_LIMITS } from "./forecast.fields";

const L = FORECAST_LIMITS;

const ZSplitRate = z
  .array(numberIn("each split rate", 0, L.maxSplitRate, { min: true }), {
    error: "splitRate must be a list of numbers",
  })
  .min(1, "splitRate must contain at least 1 value")
  .max(L.maxSplitRates, `splitRate must contain at most ${fmt(L.maxSplitRates)} values`);

const ZRisk = z
  .strictObject(
    {
      likelihood: numberIn("risk likelihood", 0, 1),
      low: wholeIn("risk low", 0, L.maxBacklog),
      mode: wholeIn("risk mode", 0, L.maxBacklog),
      high: wholeIn("risk high", 0, L.maxBacklog),
    },
    nestedStrict("each risk"),
  )
  .superRefine((r, ctx) => {
    if (r.low > r.mode)
      ctx.addIssue({ code: "custom", path: ["mode"], message: "risk mode must be at least risk low" });
    if (r.mode > r.high)
      ctx.addIssue({ code: "custom", path: ["high"], message: "risk high must be at least risk mode" });
  });

const ZRisks = z
  .array(ZRisk, { error: "risks must be a list" })
  .max(L.maxRisks, `risks must contain at most ${L.maxRisks} entries`);

const ZTeam = z.strictObject(
  { historical: wholeIn("team.historical", 1, L.maxTeam), current: wholeIn("team.current", 1, L.maxTeam) },
  nestedStrict("team"),
);

const ZSCurve = z
  .strictObject(
    {
      min: wholeIn("sCurve.min", 0, L.maxTeam),
      max: wholeIn("sCurve.max", 1, L.maxTeam),
      size: wholeIn("sCurve.size", 0, L.maxSCurveSize),
    },
    nestedStrict("sCurve"),
  )
  .refine((c) => c.min <= c.max, { message: "sCurve.min must be at most sCurve.max", path: ["min"] });

const ZLeadTimes = z
  .array(numberIn("each lead time", 0, L.maxLeadTimeDays), { error: "leadTimes must be a list of numbers (days)" })
  .min(1, "leadTimes must contain at least 1 value")
  .max(L.maxLeadTimes, `leadTimes must contain at most ${fmt(L.maxLeadTimes)} values`);

export const ZForecastWhenInput = z
  .strictObject(
    {
      samples: ZSamples,
      backlog: ZBacklog,
      ...RUN_FIELDS,
      ...OPTIONAL_CALENDAR_FIELDS,
      splitRate: ZSplitRate.optional(),
      risks: ZRisks.optional(),
      team: ZTeam.optional(),
      sCurve: ZSCurve.optional(),
      leadTimes: ZLeadTimes.optional(),
      precision: precisionField(["periods", "days"]),
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    checkCalendar(v, ctx);
    checkNotAllZero(v.samples, backlogMax(v.backlog) + (v.risks ?? []).reduce((a, r) => a + (r?.high ?? 0), 0), ctx);
  });

/**
 * The same input as the workers take it: up to 10^9 trials (a run above FORECAST_SPLIT_ABOVE_TRIALS is
 * cut into chunk runs; ZForecastWhenInput, the one-process bound of 10^7, stays the CLI's).
 */
export const ZForecastWhenRunInput = ZForecastWhenInput.safeExtend({ trials: ZSplitTrials });

/** What the form and the API submit: the forecast input, plus `fresh` to bypass an identical earlier result. */
export const ZStartForecastInput = ZForecastWhenRunInput.safeExtend({
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
export function withDefaults<I extends { seed?: number }>(input: I, randomSeed: () => number): I & { seed: number } {
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
export const ZForecastHowManyInput = z.strictObject(
  {
    samples: ZSamples,
    periods: wholeIn("periods", 1, L.maxMaxPeriods),
    ...RUN_FIELDS,
    /** "Stop when the L % chance of at least n items is known to ±within items." */
    precision: precisionField(["items"]),
  },
  STRICT_INPUT,
);
export type TForecastHowManyInput = z.output<typeof ZForecastHowManyInput>;
/** The same input as the workers take it: up to 10^9 trials (split into chunk runs when large; the CLI keeps 10^7). */
export const ZForecastHowManyRunInput = ZForecastHowManyInput.safeExtend({ trials: ZSplitTrials });
