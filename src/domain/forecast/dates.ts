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

/** 1970-01-05 (day 4) was a Monday. */
const MONDAY_EPOCH = 4;

/** True when `day` (days since 1970-01-01) is a Saturday or a Sunday. */
function isWeekendDay(day: number): boolean {
  const dow = (((day - MONDAY_EPOCH) % 7) + 7) % 7; // 0 = Monday … 6 = Sunday
  return dow >= 5;
}

/** True when `iso` is a Saturday or a Sunday. Throws RangeError if it is not a real date. */
export function isWeekend(iso: string): boolean {
  const day = isoDateToDay(iso);
  if (day === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  return isWeekendDay(day);
}

/** Weekdays (Mon–Fri) on or before `day`, counted from an arbitrary origin (differences count weekdays). */
function weekdaysThrough(day: number): number {
  const k = day - MONDAY_EPOCH;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(5, k - weeks * 7 + 1);
}

/**
 * Working periods (daily throughput, weekends skipped), the working-day twin of
 * `addDays(start, n)`: the n-th weekday strictly after `iso` (n = 0 gives `iso` itself). From
 * Monday 2024-01-01, 10 working days end on 2024-01-15 as 10 calendar days end on 2024-01-11. Same
 * convention as the analytic engines' calendar (analytics-common.ts).
 */
export function addWorkingDays(iso: string, n: number): string {
  const start = isoDateToDay(iso);
  if (start === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a whole number ≥ 0, got ${n}`);
  if (n === 0) return iso;
  const fullWeeks = Math.floor((n - 1) / 5);
  let day = start + 7 * fullWeeks; // any 7 consecutive days hold exactly 5 weekdays
  for (let left = n - 5 * fullWeeks; left > 0;) {
    day++;
    if (!isWeekendDay(day)) left--;
  }
  return dayToIsoDate(day);
}

/**
 * Weekdays d with from < d ≤ to (0 when `to` is not after `from`): the whole working periods from
 * `from` to a deadline `to`, i.e. the largest P with addWorkingDays(from, P) ≤ to.
 */
export function workingDaysBetween(from: string, to: string): number {
  const a = isoDateToDay(from);
  const b = isoDateToDay(to);
  if (a === null || b === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${a === null ? from : to}`);
  return b <= a ? 0 : weekdaysThrough(b) - weekdaysThrough(a);
}
