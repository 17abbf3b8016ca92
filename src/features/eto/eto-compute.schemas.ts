/** Inputs of the ETo runs and saved locations; every message names the field and the limit. */
import { z } from "zod";
import { DAILY_VARIABLES, WEATHER_SOURCES } from "@/domain/eto/weather";
import { dayNumber } from "@/domain/eto/gaps";
import { isTimeZone } from "@/domain/shared/dates";
import { ZLastDays, ZPeriod, ZRelativeRange } from "./eto-dates";

export const ETO_LIMITS = {
  /** Saved locations per account. */
  maxLocations: 100,
  maxName: 120,
  /** Longest date range of one eto.compute, days. */
  maxSpanDays: 366,
  maxGapDays: 10,
  maxWeight: 10,
  /** Days eto.prefetch may reach back. */
  maxPrefetchDays: 92,
  /** Elevation bounds, m (the Dead Sea shore to above Everest). */
  elevation: [-450, 9000] as const,
} as const;
const L = ETO_LIMITS;

export const uuid = (what: string) => z.uuid({ error: `${what} must be an id (UUID)` });
const num = (what: string, lo: number, hi: number, unit: string) =>
  z
    .number({ error: (i) => (i.input === undefined ? `${what} is required` : `${what} must be a number`) })
    .refine((v) => v >= lo && v <= hi, `${what} must be within ${lo}..${hi} ${unit}`);
const text = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} must be at most ${max} characters`);
const date = (what: string) =>
  z
    .string({ error: `${what} must be a date written YYYY-MM-DD` })
    .refine(
      (s) => Number.isFinite(dayNumber(s)) && s >= "1900-01-01" && s <= "2200-12-31",
      `${what} must be a real calendar date written YYYY-MM-DD`,
    );
const timezone = z
  .string({ error: "timezone must be an IANA time zone name" })
  .max(64, "timezone must be at most 64 characters")
  .refine(isTimeZone, "timezone must be an IANA time zone name such as America/Sao_Paulo");

const latitude = num("latitude", -90, 90, "°");
const longitude = num("longitude", -180, 180, "°");
const elevation = num("elevation", L.elevation[0], L.elevation[1], "m");

export const ZLocationId = z.object({ id: uuid("id") });

export const ZCreateLocation = z.object({
  name: text("name", L.maxName),
  latitude,
  longitude,
  /** Leave out to look it up (Open-Meteo elevation API). */
  elevation: elevation.optional(),
  timezone: timezone.optional(),
});
export type TCreateLocation = z.output<typeof ZCreateLocation>;

export const ZUpdateLocation = z.object({
  id: uuid("id"),
  name: text("name", L.maxName).optional(),
  latitude: latitude.optional(),
  longitude: longitude.optional(),
  /** A number: entered; null: look it up again (also done when lat/lon move and elevation was looked up). */
  elevation: elevation.nullable().optional(),
  timezone: timezone.nullable().optional(),
});
export type TUpdateLocation = z.output<typeof ZUpdateLocation>;

export const ZEtoMethod = z.enum(["fao56", "asce"], { error: 'method must be "fao56" or "asce"' });
const ZSource = z.enum(WEATHER_SOURCES, { error: `sources must be among ${WEATHER_SOURCES.join(", ")}` });
const weight = num("weights", 0, L.maxWeight, "");
export const ZWeights = z.partialRecord(
  z.enum(WEATHER_SOURCES, { error: `weights are keyed by source: ${WEATHER_SOURCES.join(", ")}` }),
  z.union([weight, z.partialRecord(z.enum(DAILY_VARIABLES, { error: "weights: unknown variable" }), weight)], {
    error: "weights must give a number per source, or per source and variable",
  }),
  { error: "weights must be an object keyed by source" },
);

const spanCheck = (v: { start?: string; end?: string }, ctx: z.RefinementCtx) => {
  if (v.start === undefined || v.end === undefined) return;
  const span = dayNumber(v.end) - dayNumber(v.start) + 1;
  if (span < 1) ctx.addIssue({ code: "custom", path: ["end"], message: `end ${v.end} is before start ${v.start}` });
  else if (span > L.maxSpanDays)
    ctx.addIssue({
      code: "custom",
      path: ["end"],
      message: `start..end spans ${span} days; at most ${L.maxSpanDays} days per run`,
    });
};

/** Exactly one way of giving the days: start + end, lastDays, or period. */
const rangeFormCheck = (
  v: { start?: string; end?: string; lastDays?: number; period?: string },
  ctx: z.RefinementCtx,
) => {
  const forms = [v.start !== undefined || v.end !== undefined, v.lastDays !== undefined, v.period !== undefined];
  const n = forms.filter(Boolean).length;
  if (n === 0)
    ctx.addIssue({
      code: "custom",
      path: ["start"],
      message: "start is required (with end), unless lastDays or period gives the days",
    });
  else if (n > 1)
    ctx.addIssue({
      code: "custom",
      path: [forms[0] ? (v.lastDays !== undefined ? "lastDays" : "period") : "period"],
      message: "give the days one way only: start + end, lastDays, or period",
    });
  else if (forms[0])
    for (const f of ["start", "end"] as const)
      if (v[f] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [f],
          message: `${f} is required with ${f === "start" ? "end" : "start"}`,
        });
};

/**
 * What a person asks for: a saved location or a point, the days (start + end; or `lastDays`, the N
 * full days ending yesterday in the place's zone; or a `period`), sources, method.
 */
/** The point fields of a start (also one point of a batch). */
export const pointFields = {
  latitude,
  longitude,
  elevation: elevation.optional(),
  name: text("name", L.maxName).optional(),
};

/** The days, sources and method of a start (shared with eto.startBatch). */
export const rangeFields = {
  start: date("start").optional(),
  end: date("end").optional(),
  lastDays: ZLastDays.optional(),
  period: ZPeriod.optional(),
  /** Default by date: past → NASA POWER + Open-Meteo archive; future → Open-Meteo forecast + MET Norway (+ NWS in the USA). */
  sources: z
    .array(ZSource, { error: "sources must be a list of sources" })
    .min(1, "sources must name at least one source")
    .max(WEATHER_SOURCES.length, `sources: at most ${WEATHER_SOURCES.length}`)
    .optional(),
  method: ZEtoMethod.default("fao56"),
  gapMaxDays: z
    .number({ error: "gapMaxDays must be a number" })
    .refine(
      (n) => Number.isInteger(n) && n >= 0 && n <= L.maxGapDays,
      `gapMaxDays must be a whole number 0..${L.maxGapDays}`,
    )
    .optional(),
  weights: ZWeights.optional(),
  allowDefaultWind: z.boolean({ error: "allowDefaultWind must be true or false" }).optional(),
};

/** Checks of the range fields: one form of the days, and the span. */
export const checkRangeFields = (
  v: { start?: string; end?: string; lastDays?: number; period?: string },
  ctx: z.RefinementCtx,
) => {
  rangeFormCheck(v, ctx);
  spanCheck(v, ctx);
};

export const ZEtoStartInput = z
  .object({
    locationId: uuid("locationId").optional(),
    latitude: latitude.optional(),
    longitude: longitude.optional(),
    elevation: pointFields.elevation,
    name: pointFields.name,
    ...rangeFields,
  })
  .superRefine((v, ctx) => {
    if (v.locationId === undefined && (v.latitude === undefined || v.longitude === undefined))
      ctx.addIssue({
        code: "custom",
        path: [v.latitude === undefined ? "latitude" : "longitude"],
        message: "latitude and longitude are required unless locationId names a saved location",
      });
    checkRangeFields(v, ctx);
  });
export type TEtoStartInput = z.output<typeof ZEtoStartInput>;

/**
 * What a queued eto.compute carries: the place resolved, and either the days and sources fixed at
 * submit time (eto.start; `relative` then only records what was asked), or — a schedule's input —
 * only `relative`, the days (and default sources) resolved when each run starts.
 */
export const ZEtoComputeTaskInput = z
  .object({
    location: z.object({
      id: uuid("location.id").nullable(),
      name: z.string().max(L.maxName).nullable(),
      latitude,
      longitude,
      elevation: elevation.nullable(),
      elevationSource: z.enum(["lookup", "entered"]).nullable(),
      timezone: z.string().max(64).nullable(),
    }),
    start: date("start").optional(),
    end: date("end").optional(),
    relative: ZRelativeRange.optional(),
    sources: z.array(ZSource).min(1, "sources must name at least one source").optional(),
    method: ZEtoMethod,
    gapMaxDays: z.number().int().min(0).max(L.maxGapDays),
    weights: ZWeights.optional(),
    allowDefaultWind: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.start === undefined || v.end === undefined) {
      if (!v.relative)
        ctx.addIssue({
          code: "custom",
          path: ["start"],
          message: "start and end are required unless relative is given",
        });
    } else if (!v.sources)
      ctx.addIssue({ code: "custom", path: ["sources"], message: "sources are required with start and end" });
    spanCheck(v, ctx);
  });
export type TEtoComputeTaskInput = z.output<typeof ZEtoComputeTaskInput>;
/** A queued input with its days and sources settled (what the pipeline computes). */
export type TEtoComputeResolved = TEtoComputeTaskInput & {
  start: string;
  end: string;
  sources: NonNullable<TEtoComputeTaskInput["sources"]>;
};

export const ZEtoPrefetchInput = z.object({
  days: z
    .number({ error: "days must be a number" })
    .refine(
      (n) => Number.isInteger(n) && n >= 1 && n <= L.maxPrefetchDays,
      `days must be a whole number 1..${L.maxPrefetchDays}`,
    )
    .default(14),
});

export const ZEtoCacheCleanupInput = z.object({
  /** Sources whose cached answers are dropped outright (e.g. after a parser fix); expired entries always go. */
  clear: z.array(ZSource, { error: "clear must be a list of sources" }).max(WEATHER_SOURCES.length).default([]),
});

export const ZSourcesQuery = z.object({ latitude: latitude.optional(), longitude: longitude.optional() }).optional();
