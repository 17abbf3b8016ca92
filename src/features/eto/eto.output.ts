/**
 * What the ETo tasks return. The executor checks a run's result against its schema before storing
 * it; the dashboard reads a stored eto.compute result with ZEtoComputeResult. Client-safe: zod and
 * the pure domain's constants only.
 */
import { z } from "zod";
import { DAILY_VARIABLES, WEATHER_SOURCES } from "@/domain/eto/weather";
import { RESULT_INPUTS, type ResultInput } from "./eto-result";

const ZSource = z.enum(WEATHER_SOURCES);

/** Any number, NaN and ±Infinity included (a refused value may be one): JSON stores those as null. */
const ZAnyNumber = z.custom<number>((v) => typeof v === "number", "expected a number").nullable();

const byInput = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(RESULT_INPUTS.map((v) => [v, value])) as Record<ResultInput, T>);

export const ZVariableProvenance = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fused"), sources: z.array(z.object({ source: ZSource, weight: z.number() })) }),
  z.object({ kind: z.literal("interpolated"), between: z.tuple([z.string(), z.string()]) }),
  z.object({ kind: z.literal("estimated"), method: z.enum(["hargreaves-rs", "ea-from-tmin", "fao-default-wind"]) }),
  z.object({ kind: z.literal("missing") }),
]);

export const ZEtoResultDay = z.object({
  date: z.string(),
  etoMm: z.number(),
  inputs: byInput(z.number().nullable()),
  provenance: byInput(ZVariableProvenance),
  referenceEtoMm: z.number().nullable(),
  intermediates: z.object({
    raMJm2: z.number(),
    rsMJm2: z.number(),
    rsMethod: z.string(),
    rnMJm2: z.number(),
    eaKPa: z.number(),
    eaMethod: z.string(),
    vpdKPa: z.number(),
    u2Ms: z.number(),
  }),
  flags: z.array(z.string()),
});

export const ZEtoSummary = z.object({
  days: z.number(),
  totalMm: z.number(),
  meanMm: z.number(),
  minMm: z.number(),
  maxMm: z.number(),
  sourcesUsed: z.array(ZSource),
  droppedSources: z.array(
    z.object({
      source: ZSource,
      reason: z.string(),
      completeness: z.number(),
      outlierShare: z.number(),
      score: z.number(),
    }),
  ),
  failedSources: z.array(z.object({ source: ZSource, kind: z.string(), message: z.string() })),
  interpolatedDays: z.number(),
  rejectedValues: z.number(),
  estimatedDays: z.object({ radiation: z.number(), humidity: z.number(), wind: z.number() }),
});

export const ZEtoComparison = z.object({
  reference: z.string(),
  days: z.number(),
  meanDifferenceMm: z.number(),
  maeMm: z.number(),
  r: z.number().nullable(),
});

/** eto.compute: the place, the days, the per-day ETo with its inputs and provenance, the summary. */
export const ZEtoComputeResult = z.object({
  location: z.object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    latitude: z.number(),
    longitude: z.number(),
    elevation: z.number(),
    elevationSource: z.enum(["lookup", "entered"]).nullable(),
    timezone: z.string().nullable(),
  }),
  range: z.object({
    start: z.string(),
    end: z.string(),
    relative: z.union([z.object({ lastDays: z.number() }), z.object({ period: z.string() })]).optional(),
  }),
  method: z.enum(["fao56", "asce"]),
  sources: z.array(ZSource),
  days: z.array(ZEtoResultDay),
  summary: ZEtoSummary,
  comparison: ZEtoComparison.nullable(),
  /** Optional: results stored before QC details were kept lack it. */
  qc: z
    .object({
      rejected: z.array(
        z.object({
          source: ZSource,
          date: z.string(),
          variable: z.enum(DAILY_VARIABLES),
          value: ZAnyNumber,
          reason: z.enum(["out-of-range", "tmin-above-tmax", "rhmin-above-rhmax", "not-finite"]),
        }),
      ),
      rejectedCount: z.number(),
    })
    .optional(),
});

/** A place of a batch that did not succeed: its number in the batch (from 0), its name, why. */
const ZEtoPlaceFailure = z.object({ index: z.number(), name: z.string().nullable(), message: z.string() });

/** eto.computeChunk: one row per place of the chunk, in its order (null: failed, see `failed`). */
export const ZEtoChunkResult = z.object({
  rows: z.array(ZEtoComputeResult.nullable()),
  failed: z.array(ZEtoPlaceFailure),
});
export type TEtoChunkResult = z.infer<typeof ZEtoChunkResult>;

/** eto.mergeBatch (and so the batch's parent run): every place's eto.compute result, in the order given. */
export const ZEtoBatchResult = z.array(ZEtoComputeResult);

/** eto.prefetch: the days fetched for every saved location, and the fetches that failed (first 100). */
export const ZEtoPrefetchResult = z.object({
  range: z.object({ start: z.string(), end: z.string() }),
  locations: z.number(),
  fetched: z.number(),
  failed: z.array(z.object({ locationId: z.string(), source: ZSource, message: z.string() })),
});

/** eto.cacheCleanup: live in-memory entries per weather namespace, and the entries cleared per namespace. */
export const ZEtoCacheCleanupResult = z.object({
  liveEntries: z.record(z.string(), z.number()),
  cleared: z.record(z.string(), z.number()),
});
export type TEtoResultDay = z.infer<typeof ZEtoResultDay>;
export type TVariableProvenance = z.infer<typeof ZVariableProvenance>;
