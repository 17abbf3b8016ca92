/**
 * Small pure helpers shared by the analytic engines (deadline risk, backtest, cut line):
 * backlog ranges, the period calendar (optionally working days only), lower-tail quantiles,
 * derived seeds and normal draws. The "when" engine keeps its own copies in monte-carlo.ts.
 */

import type { Rng } from "../shared/rng";
import { addDays, addWorkingDays, daysBetween, isoDateToDay, workingDaysBetween } from "./dates";
import { ForecastInputError } from "./errors";
import { formatNumber as fmt } from "./validate";

/** Largest item count (backlog, feature size) the engines accept. */
export const MAX_ITEMS = 1_000_000_000;

/**
 * A whole number or an integer range { min, max } with min ≤ max, both in 0..MAX_ITEMS. Errors
 * carry `field`; messages name `label` (e.g. field "features", label "features[2].size").
 */
export function checkRange(field: string, value: unknown, label = field): { min: number; max: number } {
  const whole = (what: string, v: unknown) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > MAX_ITEMS) {
      throw new ForecastInputError(
        field,
        `${what} must be a whole number from 0 to ${fmt(MAX_ITEMS)}, got ${String(v)}`,
      );
    }
    return v;
  };
  if (typeof value === "number") {
    whole(label, value);
    return { min: value, max: value };
  }
  if (typeof value === "object" && value !== null && "min" in value && "max" in value) {
    const min = whole(`${label}.min`, value.min);
    const max = whole(`${label}.max`, value.max);
    if (min > max)
      throw new ForecastInputError(field, `${label}.min (${fmt(min)}) must be at most ${label}.max (${fmt(max)})`);
    return { min, max };
  }
  throw new ForecastInputError(field, `${label} must be a whole number or a range { min, max }`);
}

// ---------------------------------------------------------------------------------- calendar

export interface PeriodCalendar {
  startDate: string;
  /** The date after `periods` periods: startDate + periods·periodDays, or working days. */
  dateAfter(periods: number): string;
  /** Whole periods from startDate to `deadline` (largest P with dateAfter(P) ≤ deadline). */
  periodsTo(deadline: string): number;
}

/**
 * Checks the calendar fields shared by the engines and returns the period calendar, or null
 * without a startDate. With `skipWeekends` (daily periods only) periods are working days
 * Mon–Fri: the date after P periods is the P-th weekday strictly after startDate, the same
 * convention as forecastWhen (dates.ts addWorkingDays / workingDaysBetween).
 */
export function checkPeriodCalendar(input: {
  startDate?: unknown;
  deadline?: unknown;
  periodDays: number;
  skipWeekends?: unknown;
}): { calendar: PeriodCalendar | null; periodsToDeadline?: number } {
  const { startDate, deadline, periodDays } = input;
  const skip = input.skipWeekends ?? false;
  if (typeof skip !== "boolean") throw new ForecastInputError("skipWeekends", "skipWeekends must be true or false");
  if (skip && periodDays !== 1) {
    throw new ForecastInputError(
      "skipWeekends",
      `skipWeekends needs daily periods (periodDays 1), got periodDays ${periodDays}`,
    );
  }
  if (startDate === undefined) {
    if (deadline !== undefined)
      throw new ForecastInputError("startDate", "a deadline needs a startDate to count periods from");
    return { calendar: null };
  }
  if (typeof startDate !== "string" || isoDateToDay(startDate) === null) {
    throw new ForecastInputError(
      "startDate",
      `startDate must be a real calendar date (YYYY-MM-DD), got ${String(startDate)}`,
    );
  }
  const calendar: PeriodCalendar = skip
    ? {
        startDate,
        dateAfter: (p) => addWorkingDays(startDate, p),
        periodsTo: (d) => workingDaysBetween(startDate, d),
      }
    : {
        startDate,
        dateAfter: (p) => addDays(startDate, p * periodDays),
        periodsTo: (d) => Math.floor(daysBetween(startDate, d) / periodDays),
      };
  if (deadline === undefined) return { calendar };
  if (typeof deadline !== "string" || isoDateToDay(deadline) === null) {
    throw new ForecastInputError(
      "deadline",
      `deadline must be a real calendar date (YYYY-MM-DD), got ${String(deadline)}`,
    );
  }
  if (daysBetween(startDate, deadline) < 0) {
    throw new ForecastInputError("deadline", `deadline (${deadline}) must not be before startDate (${startDate})`);
  }
  return { calendar, periodsToDeadline: calendar.periodsTo(deadline) };
}

// ----------------------------------------------------------------------------- percentiles

/**
 * Lower tail of ascending-sorted whole totals: the largest n with P(total ≥ n) ≥ q ("q chance of
 * at least n"), i.e. the m-th largest total with m = ceil(q·N). q is a fraction in (0, 1).
 */
export function lowerTail(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const m = Math.min(n, Math.max(1, Math.ceil(q * n - 1e-9 * n)));
  return sorted[n - m]!;
}

// ----------------------------------------------------------------------------------- random

/**
 * A 32-bit seed derived from `seed` and a stream index: golden-ratio step, then the murmur3
 * finaliser. Both steps are bijections on 32-bit words, so for one seed every index below
 * 2^32 gets a different derived seed.
 */
export function deriveSeed(seed: number, index: number): number {
  let z = ((seed >>> 0) + Math.imul((index + 1) >>> 0, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A standard normal draw (Box–Muller, two uniforms). */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
