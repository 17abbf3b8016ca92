/**
 * Input checks shared by the engine's entry points. The zod schemas in src/features/eto give the
 * same messages first; these guards keep the pure engine safe on its own (never NaN, never a
 * silently wrong unit). Each throws an EtoInputError naming the field and the limit.
 */
import { isoDateToDay } from "../shared/calendar";
import { ETO_LIMITS, ETO_METHODS, type EtoMethod } from "./constants";
import { EtoInputError } from "./errors";

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 4 });

/** Appended to an out-of-range wind speed's or radiation's message (the usual unit mistakes). */
export const WIND_HINT = "wind is in m/s (from km/h divide by 3.6)";
export const RS_DAY_HINT = "radiation is in MJ m⁻² d⁻¹ (from W/m² multiply by 0.0864)";
export const RS_HOUR_HINT = "hourly radiation is in MJ m⁻² h⁻¹ (from W/m² multiply by 0.0036)";

/** The input as a record for the checks; refuses anything that is not an object. */
export function inputRecord(input: unknown): Record<string, unknown> {
  if (typeof input !== "object" || input === null) throw new EtoInputError("", "input must be an object");
  return input as Record<string, unknown>;
}

/** A finite number in [min, max]; `unit` is appended to the limits ("°C", "m/s"); `hint` to the message. */
export function checkRange(
  field: string,
  v: unknown,
  [min, max]: readonly [number, number],
  unit = "",
  hint = "",
): number {
  const u = unit ? ` ${unit}` : "";
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new EtoInputError(field, `${field} must be a number${u ? ` (${u.trim()})` : ""}, got ${String(v)}`);
  }
  if (v < min || v > max) {
    throw new EtoInputError(
      field,
      `${field} must be from ${fmt(min)} to ${fmt(max)}${u}, got ${fmt(v)}${hint && v > max ? `; ${hint}` : ""}`,
    );
  }
  return v;
}

/** As checkRange, but absent (undefined or null) is allowed and returned as undefined. */
export function checkOptional(
  field: string,
  v: unknown,
  limits: readonly [number, number],
  unit = "",
  hint = "",
): number | undefined {
  return v === undefined || v === null ? undefined : checkRange(field, v, limits, unit, hint);
}

export function checkMethod(v: unknown): EtoMethod {
  if (v === undefined) return "fao56";
  if (typeof v !== "string" || !(ETO_METHODS as readonly string[]).includes(v)) {
    throw new EtoInputError("method", `method must be one of ${ETO_METHODS.join(", ")}, got ${String(v)}`);
  }
  return v as EtoMethod;
}

export function checkBoolean(field: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new EtoInputError(field, `${field} must be true or false, got ${String(v)}`);
  return v;
}

/**
 * Day of year (1–366) of a calendar date written YYYY-MM-DD, or null when it is not a real date
 * (years 0000–0099 included: the engine has always refused them).
 */
export function dayOfYearOf(date: string): number | null {
  const day = isoDateToDay(date);
  if (day === null || date < "0100") return null;
  return day - isoDateToDay(`${date.slice(0, 4)}-01-01`)! + 1;
}

/** Exactly one of `date` (YYYY-MM-DD) or `dayOfYear` (1–366): returns J. */
export function checkDay(date: unknown, dayOfYear: unknown): number {
  const hasDate = date !== undefined && date !== null;
  const hasDoy = dayOfYear !== undefined && dayOfYear !== null;
  if (hasDate === hasDoy) {
    throw new EtoInputError(
      hasDate ? "dayOfYear" : "date",
      hasDate
        ? "dayOfYear must not be given together with date: give one of them"
        : "date (YYYY-MM-DD) or dayOfYear (1–366) is required",
    );
  }
  if (hasDate) {
    const j = typeof date === "string" ? dayOfYearOf(date) : null;
    if (j === null)
      throw new EtoInputError("date", `date must be a real calendar date written YYYY-MM-DD, got ${String(date)}`);
    return j;
  }
  if (typeof dayOfYear !== "number" || !Number.isInteger(dayOfYear) || dayOfYear < 1 || dayOfYear > 366) {
    throw new EtoInputError("dayOfYear", `dayOfYear must be a whole number from 1 to 366, got ${String(dayOfYear)}`);
  }
  return dayOfYear;
}

type AirField = "tmax" | "tmin" | "rhmax" | "rhmin";

/**
 * One day's Tmax and Tmin (Tmin ≤ Tmax) and optional RHmax and RHmin (RHmin ≤ RHmax), read from
 * `record[keys[f]]` and named `${prefix}${keys[f]}` in messages.
 */
export function checkDayAir(
  record: object,
  keys: Readonly<Record<AirField, string>> = DAY_AIR_KEYS,
  prefix = "",
): { tmax: number; tmin: number; rhmax?: number; rhmin?: number } {
  const r = record as Record<string, unknown>;
  // The field names, as errors name them: no string is built per call without a prefix (the
  // single-day API is called per day in loops).
  const n = prefix
    ? { tmax: prefix + keys.tmax, tmin: prefix + keys.tmin, rhmax: prefix + keys.rhmax, rhmin: prefix + keys.rhmin }
    : keys;
  const tmax = checkRange(n.tmax, r[keys.tmax], ETO_LIMITS.temperature, "°C");
  const tmin = checkRange(n.tmin, r[keys.tmin], ETO_LIMITS.temperature, "°C");
  checkOrder(n.tmin, tmin, n.tmax, tmax);
  const rhmax = checkOptional(n.rhmax, r[keys.rhmax], ETO_LIMITS.rh, "%");
  const rhmin = checkOptional(n.rhmin, r[keys.rhmin], ETO_LIMITS.rh, "%");
  checkOrder(n.rhmin, rhmin, n.rhmax, rhmax);
  return { tmax, tmin, rhmax, rhmin };
}

const DAY_AIR_KEYS: Readonly<Record<AirField, string>> = { tmax: "tmax", tmin: "tmin", rhmax: "rhmax", rhmin: "rhmin" };

/** Both present and ordered: `low` ≤ `high` (e.g. tmin ≤ tmax). */
export function checkOrder(
  lowField: string,
  low: number | undefined,
  highField: string,
  high: number | undefined,
): void {
  if (low !== undefined && high !== undefined && low > high) {
    throw new EtoInputError(lowField, `${lowField} (${fmt(low)}) must be at most ${highField} (${fmt(high)})`);
  }
}

export { fmt };
