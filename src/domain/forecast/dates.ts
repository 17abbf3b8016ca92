/**
 * Calendar-date helpers for "YYYY-MM-DD" strings. All arithmetic is on UTC day numbers, so the
 * host time zone and daylight-saving changes can never shift a date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a real calendar date "YYYY-MM-DD", or null if it is not one. */
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
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** True when `iso` is a real calendar date written "YYYY-MM-DD". */
export function isIsoCalendarDate(iso: string): boolean {
  return isoDateToDay(iso) !== null;
}

/** The "YYYY-MM-DD" string for a UTC day number (days since 1970-01-01). */
export function dayToIsoDate(day: number): string {
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  const yy = y < 0 ? `-${String(-y).padStart(4, "0")}` : String(y).padStart(4, "0");
  return `${yy}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** `iso` plus `days` calendar days. Throws RangeError if `iso` is not a real date. */
export function addDays(iso: string, days: number): string {
  const day = isoDateToDay(iso);
  if (day === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  return dayToIsoDate(day + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Throws on invalid dates. */
export function daysBetween(from: string, to: string): number {
  const a = isoDateToDay(from);
  const b = isoDateToDay(to);
  if (a === null || b === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${a === null ? from : to}`);
  return b - a;
}
