/**
 * Input contracts of the "eto.daily" and "eto.hourly" computations (the CLI's `fluxo compute`),
 * as the engine (src/domain/eto) takes them. Strict objects; every message names the field and
 * the limit, with the unit, in plain English. The engine checks the same limits again, plus the
 * ones that need the sun's position (rs against Ra, sunshine hours against N).
 */
import { STRICT_INPUT } from "@/runs/strict-input";
import { z } from "zod";
import { dayOfYearOf, ETO_LIMITS as L, ETO_METHODS } from "@/domain/eto";

const fmt = (n: number) => n.toLocaleString("en-US");

const num = (what: string) =>
  z.number({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a number`) });

/** A number in [min, max] with its unit in the message; `hint` is added when above max. */
const numberIn = (what: string, [min, max]: readonly [number, number], unit: string, hint?: string) =>
  num(what)
    .refine((v) => v >= min, `${what} must be at least ${fmt(min)} ${unit}`.trim())
    .refine((v) => v <= max, `${what} must be at most ${fmt(max)} ${unit}${hint ? `; ${hint}` : ""}`.trim());

const RS_DAY_HINT = "radiation is in MJ m⁻² d⁻¹ (from W/m² multiply by 0.0864)";
const RS_HOUR_HINT = "hourly radiation is in MJ m⁻² h⁻¹ (from W/m² multiply by 0.0036)";
const WIND_HINT = "wind is in m/s (from km/h divide by 3.6)";

const ZDate = z
  .string({ error: "date must be a date written YYYY-MM-DD" })
  .refine((d) => dayOfYearOf(d) !== null, "date must be a real calendar date written YYYY-MM-DD");
const ZDayOfYear = num("dayOfYear")
  .refine(Number.isInteger, "dayOfYear must be a whole number")
  .refine((v) => v >= 1 && v <= 366, "dayOfYear must be from 1 to 366");
const ZMethod = z.enum(ETO_METHODS, { error: `method must be one of ${ETO_METHODS.join(", ")}` }).optional();
const ZWindHeight = numberIn("windHeight", L.windHeight, "m").optional();

/** Exactly one of date / dayOfYear. */
function oneDay(v: { date?: string; dayOfYear?: number }, ctx: z.RefinementCtx): void {
  if (v.date === undefined && v.dayOfYear === undefined)
    ctx.addIssue({ code: "custom", path: ["date"], message: "date (YYYY-MM-DD) or dayOfYear (1–366) is required" });
  if (v.date !== undefined && v.dayOfYear !== undefined)
    ctx.addIssue({
      code: "custom",
      path: ["dayOfYear"],
      message: "dayOfYear must not be given together with date: give one of them",
    });
}

export const ZEtoDailyInput = z
  .strictObject(
    {
      latitude: numberIn("latitude", L.latitude, "°"),
      elevation: numberIn("elevation", L.elevation, "m"),
      date: ZDate.optional(),
      dayOfYear: ZDayOfYear.optional(),
      tmax: numberIn("tmax", L.temperature, "°C"),
      tmin: numberIn("tmin", L.temperature, "°C"),
      rhmax: numberIn("rhmax", L.rh, "%").optional(),
      rhmin: numberIn("rhmin", L.rh, "%").optional(),
      rhmean: numberIn("rhmean", L.rh, "%").optional(),
      tdew: numberIn("tdew", L.temperature, "°C").optional(),
      ea: numberIn("ea", L.ea, "kPa").optional(),
      windSpeed: numberIn("windSpeed", L.wind, "m/s", WIND_HINT),
      windHeight: ZWindHeight,
      rs: numberIn("rs", L.rsDay, "MJ m⁻² d⁻¹", RS_DAY_HINT).optional(),
      sunshineHours: numberIn("sunshineHours", [0, 24], "h").optional(),
      coastal: z.boolean({ error: "coastal must be true or false" }).optional(),
      g: numberIn("g", L.g, "MJ m⁻² d⁻¹").optional(),
      method: ZMethod,
    },
    STRICT_INPUT,
  )
  .superRefine((v, ctx) => {
    oneDay(v, ctx);
    if (v.tmin > v.tmax) ctx.addIssue({ code: "custom", path: ["tmin"], message: "tmin must be at most tmax" });
    if (v.rhmin !== undefined && v.rhmax !== undefined && v.rhmin > v.rhmax)
      ctx.addIssue({ code: "custom", path: ["rhmin"], message: "rhmin must be at most rhmax" });
    if (v.tdew !== undefined && v.tdew > v.tmax)
      ctx.addIssue({ code: "custom", path: ["tdew"], message: "tdew must be at most tmax" });
  });

export const ZEtoHourlyInput = z
  .strictObject(
    {
      latitude: numberIn("latitude", L.latitude, "°"),
      longitude: numberIn("longitude", L.longitude, "° east (west negative)"),
      timezoneMeridian: numberIn("timezoneMeridian", L.longitude, "° east (e.g. −45 for UTC−3)"),
      elevation: numberIn("elevation", L.elevation, "m"),
      date: ZDate.optional(),
      dayOfYear: ZDayOfYear.optional(),
      hour: num("hour")
        .refine(Number.isInteger, "hour must be a whole number (start of the hour, local standard time)")
        .refine((v) => v >= 0 && v <= 23, "hour must be from 0 to 23 (start of the hour, local standard time)"),
      temperature: numberIn("temperature", L.temperature, "°C"),
      rh: numberIn("rh", L.rh, "%"),
      windSpeed: numberIn("windSpeed", L.wind, "m/s", WIND_HINT),
      windHeight: ZWindHeight,
      rs: numberIn("rs", L.rsHour, "MJ m⁻² h⁻¹", RS_HOUR_HINT),
      nightRsRso: numberIn("nightRsRso", L.nightRsRso, "").optional(),
      method: ZMethod,
    },
    STRICT_INPUT,
  )
  .superRefine(oneDay);
