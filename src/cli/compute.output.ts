/**
 * What `fluxo compute` prints for the tasks that have no run of their own (single-day and single-hour
 * ETo, portfolio metrics, comparison and optimisation): checked before printing, like a run's result.
 * The forecast tasks use the runs' schemas (src/features/forecast/forecast.output.ts).
 */
import { z } from "zod";
import { ZStatistic as S } from "@/runs/task-result";
import { ZCorrelation, ZMetrics } from "@/features/portfolio/analysis.output";

const n = z.number();
const ZEtoMethod = z.enum(["fao56", "asce"]);

/** The intermediates both ETo engines report (src/domain/eto/result.ts's EtoIntermediates). */
const INTERMEDIATES = {
  pressureKPa: n,
  gammaKPaC: n,
  esKPa: n,
  eaKPa: n,
  deltaKPaC: n,
  vpdKPa: n,
  dayOfYear: n,
  dr: n,
  declinationRad: n,
  sunsetAngleRad: n,
  raMJm2: n,
  rsMJm2: n,
  rsoMJm2: n,
  rsRsoRatio: n,
  rnsMJm2: n,
  rnlMJm2: n,
  rnMJm2: n,
  gMJm2: n,
  u2Ms: n,
};

/** An ETo result: the value, its unit and method, the shared intermediates and the engine's own. */
const etoResult = <U extends string, X extends z.ZodRawShape>(unit: U, own: X) =>
  z.object({
    eto: n,
    unit: z.literal(unit),
    method: ZEtoMethod,
    intermediates: z.object({ ...INTERMEDIATES, ...own }),
  });

export const ZEtoDailyResult = etoResult("mm/d", {
  tmeanC: n,
  eaMethod: z.enum(["tdew", "ea", "rhmax-rhmin", "rhmax", "rhmean", "tmin"]),
  daylightHours: n,
  rsMethod: z.enum(["measured", "angstrom", "hargreaves"]),
  rsRsoSource: z.enum(["measured", "polar-night-default"]),
});

export const ZEtoHourlyResult = etoResult("mm/h", {
  tempC: n,
  solarTimeCorrectionH: n,
  lzDegWest: n,
  lmDegWest: n,
  hourAngleRad: n,
  omega1Rad: n,
  omega2Rad: n,
  isDaytime: z.boolean(),
  rsRsoSource: z.enum(["measured", "night-default", "low-sun-default"]),
  cd: n,
});

/**
 * portfolio.metrics (and each asset of portfolio.compare): the analysis runs' metrics without the
 * drawdown dates and the period count; statistics may be NaN or ±Infinity.
 */
export const ZMetricsOutput = ZMetrics.omit({
  maxDrawdownPeak: true,
  maxDrawdownTrough: true,
  maxDrawdownRecovery: true,
  periods: true,
  start: true,
  end: true,
});

export const ZCompareOutput = z.object({ assets: z.record(z.string(), ZMetricsOutput), correlation: ZCorrelation });

export const ZOptimizeOutput = z.object({
  weights: z.union([z.array(n), z.record(z.string(), n)]),
  expectedReturn: S,
  volatility: S,
  sharpe: S,
});
