/**
 * Zone-less calendar arithmetic on "yyyy-MM-dd" dates and integer day numbers (days since
 * 1970-01-01): exact, allocation-light and free of dependencies, so the engines (and the kernel
 * threads that load them) import only this. The zone rules and zoned functions are in ./dates.ts,
 * which re-exports all of this.
 */

/** One day in milliseconds (for durations: TTLs, delays, ages). */
export const DAY_MS = 86_400_000;

/** A calendar date "yyyy-MM-dd" (zone-less). */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The error for a string that is not a real calendar date written yyyy-MM-dd. */
export class InvalidDateError extends RangeError {
  override readonly name = "InvalidDateError";
  constructor(readonly value: string) {
    super(`not a calendar date (YYYY-MM-DD): ${value}`);
  }
}

/** Days since 1970-01-01 for a real calendar date "yyyy-MM-dd", or null if it is not one (years 0000–9999). */
export function isoDateToDay(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, keeps years 0..99 as written
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return null; // e.g. 2023-02-29 rolled over into March
  }
  return Math.round(date.getTime() / DAY_MS);
}

/** The "yyyy-MM-dd" date of a day number (days since 1970-01-01). */
export function dayToIsoDate(day: number): IsoDate {
  const date = new Date(day * DAY_MS);
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  const yy = y < 0 ? `-${String(-y).padStart(4, "0")}` : String(y).padStart(4, "0");
  return `${yy}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** True when `s` is a real calendar date written "yyyy-MM-dd". */
export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === "string" && isoDateToDay(s) !== null;
}

/** The day number of `iso`; throws InvalidDateError if it is not a real calendar date. */
export function toDay(iso: string): number {
  const day = isoDateToDay(iso);
  if (day === null) throw new InvalidDateError(iso);
  return day;
}

/** `iso` plus `days` calendar days (negative: back). Throws InvalidDateError if `iso` is not a real date. */
export function addDays(iso: string, days: number): IsoDate {
  return dayToIsoDate(toDay(iso) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Throws on invalid dates. */
export function daysBetween(from: string, to: string): number {
  const a = isoDateToDay(from);
  const b = isoDateToDay(to);
  if (a === null || b === null) throw new InvalidDateError(a === null ? from : to);
  return b - a;
}

/** Every date from `start` to `end`, inclusive, ascending (empty when end < start). Throws on invalid dates. */
export function eachDay(start: string, end: string): IsoDate[] {
  const a = toDay(start);
  const b = toDay(end);
  const out: IsoDate[] = [];
  for (let d = a; d <= b; d++) out.push(dayToIsoDate(d));
  return out;
}
