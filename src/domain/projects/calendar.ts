/**
 * Calendar helpers for project histories: day numbers (days since 1970-01-01, UTC), the weekday,
 * the Monday of a week, and the date forms people write in CSV files (ISO and dd/mm/yyyy).
 */
import { dayToIsoDate, isoDateToDay } from "../forecast/dates";

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

export { dayToIsoDate, isoDateToDay };

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export const isWeekend = (day: number): boolean => weekdayOf(day) >= 5;

/** The Monday starting the week of `day`. */
export const mondayOf = (day: number): number => day - weekdayOf(day);

/** The working day after `day` (Friday → Monday). */
export function nextWorkingDay(day: number): number {
  let d = day + 1;
  while (isWeekend(d)) d++;
  return d;
}

/** The day that starts the period after `day`: +7 for weeks, +1 for days (skipping Sat/Sun if asked). */
export function nextPeriod(day: number, periodDays: number, skipWeekends: boolean): number {
  if (periodDays === 1 && skipWeekends) return nextWorkingDay(day);
  return day + periodDays;
}

/** True for a real calendar date "YYYY-MM-DD" from 1900 to 2200. */
export function isHistoryDate(iso: string): boolean {
  const day = isoDateToDay(iso);
  if (day === null) return false;
  const y = Number(iso.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

const pad = (n: string) => n.padStart(2, "0");
const TIME = String.raw`(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?`;
const YMD = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME}$`);
const DMY = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME}$`);

export type DateCell = { ok: true; iso: string; day: number } | { ok: false; reason: "format" | "calendar" | "range" };

/**
 * Reads a date as written in a spreadsheet: 2024-03-18, 2024/03/18, 18/03/2024, 18.03.2024 or
 * 18-03-2024 (day first, as Brazilians write it), optionally followed by a time, which is ignored.
 */
export function parseDateCell(raw: string): DateCell {
  const s = raw.trim();
  let y: string, m: string, d: string;
  const a = YMD.exec(s);
  if (a) [, y, m, d] = a as unknown as [string, string, string, string];
  else {
    const b = DMY.exec(s);
    if (!b) return { ok: false, reason: "format" };
    [, d, m, y] = b as unknown as [string, string, string, string];
  }
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  const day = isoDateToDay(iso);
  if (day === null) return { ok: false, reason: "calendar" };
  const year = Number(y);
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: "range" };
  return { ok: true, iso, day };
}
