/**
 * Throughput from completion dates: one finished item per date, counted per period (weeks starting
 * Monday, or days), with the empty periods between the first and the last filled with 0.
 */
import { dayToIsoDate, isWeekend, mondayOf, nextPeriod, weekdayOf } from "./calendar";
import { fmt, PROJECT_LIMITS } from "./limits";
import { HistoryCsvError } from "./csv-reader";

export interface HistoryRow {
  /** First day of the period, "YYYY-MM-DD". */
  periodStart: string;
  /** Items finished in the period. */
  count: number;
}

export interface PeriodOptions {
  /** 7: weeks starting Monday; 1: days. */
  periodDays: 1 | 7;
  /** Daily periods only: Saturdays and Sundays are not periods. */
  skipWeekends?: boolean;
}

/** The period start of a day: its Monday for weeks; the day itself (or the next Monday on a weekend, when skipping weekends). */
export function periodOf(day: number, o: PeriodOptions): number {
  if (o.periodDays === 7) return mondayOf(day);
  if (o.skipWeekends && isWeekend(day)) return day + (7 - weekdayOf(day));
  return day;
}

/** Mondays to Fridays from `first` to `last`, both included. */
function workingDays(first: number, last: number): number {
  const n = last - first + 1;
  const weeks = Math.floor(n / 7);
  let c = weeks * 5;
  for (let d = first + weeks * 7; d <= last; d++) if (!isWeekend(d)) c++;
  return c;
}

/**
 * Every period from `first` to `last` (day numbers of period starts), each with its count from
 * `counts` or 0. Refuses more than the history limit before allocating them.
 */
export function fillPeriods(first: number, last: number, counts: Map<number, number>, o: PeriodOptions): HistoryRow[] {
  const skip = o.periodDays === 1 && !!o.skipWeekends;
  const span =
    o.periodDays === 7 ? Math.floor((last - first) / 7) + 1 : skip ? workingDays(first, last) : last - first + 1;
  if (span > PROJECT_LIMITS.maxHistoryRows) {
    const unit = o.periodDays === 7 ? "weeks" : skip ? "working days" : "days";
    throw new HistoryCsvError(
      null,
      null,
      `the dates span ${fmt(span)} ${unit} (${dayToIsoDate(first)} to ${dayToIsoDate(last)}); a history holds at most ${fmt(PROJECT_LIMITS.maxHistoryRows)} periods`,
    );
  }
  const rows: HistoryRow[] = [];
  for (let d = first; d <= last; d = nextPeriod(d, o.periodDays, skip))
    rows.push({ periodStart: dayToIsoDate(d), count: counts.get(d) ?? 0 });
  return rows;
}

/** Counts completion days (day numbers) per period; `movedFromWeekend` items were counted on the next Monday. */
export function bucketCompletionDays(
  days: readonly number[],
  o: PeriodOptions,
): { rows: HistoryRow[]; movedFromWeekend: number } {
  if (days.length === 0) return { rows: [], movedFromWeekend: 0 };
  const counts = new Map<number, number>();
  let first = Infinity;
  let last = -Infinity;
  let moved = 0;
  for (const day of days) {
    const p = periodOf(day, o);
    if (p !== day && o.periodDays === 1) moved++;
    counts.set(p, (counts.get(p) ?? 0) + 1);
    if (p < first) first = p;
    if (p > last) last = p;
  }
  for (const c of counts.values()) {
    if (c > PROJECT_LIMITS.maxCount)
      throw new HistoryCsvError(null, null, `more than ${fmt(PROJECT_LIMITS.maxCount)} items in one period`);
  }
  return { rows: fillPeriods(first, last, counts, o), movedFromWeekend: moved };
}
