/**
 * What the forecast tasks return: one output schema per engine result (src/domain/forecast). The
 * executor checks a run's result against it before storing it; the views read a stored result with
 * it. Keys are listed in the order the engines write them, so a parsed result stays byte-identical
 * to the engine's. Client-safe: zod only.
 */
import { z } from "zod";

/** Periods to finish keyed by level ("85"); null when not reached within maxPeriods. */
const ZPeriodsByLevel = z.record(z.string(), z.number().nullable());
/** A date ("YYYY-MM-DD") per level; null when not reached. */
const ZDatesByLevel = z.record(z.string(), z.string().nullable());
const ZRange = z.object({ min: z.number(), max: z.number() });
/**
 * Where the run stopped and why ("precision": the target asked was met; "trials": every trial ran);
 * with a target, how far its interval reaches from the estimate (null: unknown). Optional: results
 * stored before it was added lack it.
 */
export const ZStoppedAt = z.object({
  trials: z.number(),
  reason: z.enum(["precision", "trials"]),
  precision: z
    .object({
      percentile: z.number(),
      within: z.number(),
      unit: z.enum(["periods", "days", "items"]),
      halfWidth: z.number().nullable(),
    })
    .optional(),
});

export const ZRiskSummaryRow = z.object({
  index: z.number(),
  expected: z.number(),
  p85: z.number(),
  rank: z.enum(["HIGH", "MEDIUM", "LOW"]),
});

export const ZForecastWhenResult = z.object({
  percentiles: ZPeriodsByLevel,
  mean: z.number().nullable(),
  cdf: z.array(z.object({ periods: z.number(), p: z.number() })),
  histogram: z.array(z.object({ periods: z.number(), count: z.number() })),
  /** Optional: results stored before the burn-up was added lack it (and the backlog). */
  burnUp: z.array(z.object({ period: z.number(), p15: z.number(), p50: z.number(), p85: z.number() })).optional(),
  backlog: ZRange.optional(),
  trials: z.number(),
  seed: z.number(),
  didNotFinish: z.number(),
  maxPeriods: z.number(),
  stoppedAt: ZStoppedAt.optional(),
  riskSummary: z.array(ZRiskSummaryRow).optional(),
  dates: ZDatesByLevel.optional(),
  periodsToDeadline: z.number().optional(),
  probabilityByDeadline: z.number().optional(),
});

export const ZForecastHowManyResult = z.object({
  percentiles: z.record(z.string(), z.number()),
  mean: z.number(),
  histogram: z.array(z.object({ items: z.number(), count: z.number() })),
  binWidth: z.number(),
  trials: z.number(),
  seed: z.number(),
  periods: z.number(),
  stoppedAt: ZStoppedAt.optional(),
});

export const ZDeadlineTrend = z.object({
  model: z.enum(["none", "recent", "fitted"]),
  recentMean: z.number(),
  overallMean: z.number(),
  periodsUsed: z.number(),
  halfLife: z.number().optional(),
  slopePerPeriod: z.number().optional(),
  slopeStdErr: z.number().optional(),
});

const ZScopeByLevel = z.record(z.string(), z.number());

export const ZForecastDeadlineResult = z.object({
  periodsToDeadline: z.number(),
  probability: z.number(),
  scope: ZScopeByLevel,
  scopeShare: ZScopeByLevel,
  trend: ZDeadlineTrend,
  baseline: z.object({ probability: z.number(), scope: ZScopeByLevel }),
  trials: z.number(),
  seed: z.number(),
});

export const ZAccuracyMetrics = z.object({
  n: z.number(),
  mae: z.number(),
  rmse: z.number(),
  mape: z.number(),
  mpe: z.number(),
  medianApe: z.number(),
  r2: z.number().nullable(),
  accuracyRate: z.number(),
  over: z.number(),
  under: z.number(),
});

export const ZForecastBacktestResult = z.object({
  folds: z.array(
    z.object({
      cutoff: z.number(),
      trainSize: z.number(),
      forecast: ZPeriodsByLevel,
      actual: z.number().nullable(),
    }),
  ),
  coverage: z.record(z.string(), z.object({ hits: z.number(), total: z.number(), rate: z.number().nullable() })),
  /** Null for a level when no fold has both an actual and a forecast. */
  metrics: z.record(z.string(), ZAccuracyMetrics.nullable()),
  calibration: z.array(z.object({ level: z.number(), observed: z.number().nullable() })),
  censored: z.number(),
  trials: z.number(),
  seed: z.number(),
  maxPeriods: z.number(),
});

export const ZCutLineFeatureResult = z.object({
  name: z.string(),
  size: ZRange,
  percentiles: ZPeriodsByLevel,
  dates: ZDatesByLevel.optional(),
  probabilityByDeadline: z.number().optional(),
  fits: z.record(z.string(), z.boolean()).optional(),
});

export const ZForecastCutLineResult = z.object({
  features: z.array(ZCutLineFeatureResult),
  trials: z.number(),
  seed: z.number(),
  didNotFinish: z.number(),
  maxPeriods: z.number(),
  periodsToDeadline: z.number().optional(),
});

export type TForecastWhenResult = z.infer<typeof ZForecastWhenResult>;
export type TStoppedAt = z.infer<typeof ZStoppedAt>;
export type TRiskSummaryRow = z.infer<typeof ZRiskSummaryRow>;
export type TForecastHowManyResult = z.infer<typeof ZForecastHowManyResult>;
export type TDeadlineTrend = z.infer<typeof ZDeadlineTrend>;
export type TForecastBacktestResult = z.infer<typeof ZForecastBacktestResult>;
export type TForecastCutLineResult = z.infer<typeof ZForecastCutLineResult>;
