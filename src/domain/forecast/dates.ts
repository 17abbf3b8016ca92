/**
 * Working-day helpers for "YYYY-MM-DD" strings (weekends skipped), on the integer day numbers of
 * src/domain/shared/dates.ts, so the host time zone and daylight-saving changes can never shift a date.
 */

import { addDays, dayToIsoDate, daysBetween, isIsoDate, isoDateToDay, toDay } from "../shared/calendar";

// The zone-less calendar arithmetic lives in src/domain/shared/dates.ts; re-exported for the engine's callers.
export { addDays, dayToIsoDate, daysBetween, isoDateToDay };

/** True when `iso` is a real calendar date written "YYYY-MM-DD". */
export const isIsoCalendarDate = (iso: string): boolean => isIsoDate(iso);

/** 1970-01-05 (day 4) was a Monday. */
const MONDAY_EPOCH = 4;

/** True when `day` (days since 1970-01-01) is a Saturday or a Sunday. */
function isWeekendDay(day: number): boolean {
  const dow = (((day - MONDAY_EPOCH) % 7) + 7) % 7; // 0 = Monday … 6 = Sunday
  return dow >= 5;
}

/** True when `iso` is a Saturday or a Sunday. Throws RangeError if it is not a real date. */
export function isWeekend(iso: string): boolean {
  return isWeekendDay(toDay(iso));
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
  const start = toDay(iso);
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
  const a = toDay(from);
  const b = toDay(to);
  return b <= a ? 0 : weekdaysThrough(b) - weekdaysThrough(a);
}
