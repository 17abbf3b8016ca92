/**
 * Calendar dates and "today": the product's one date module, on date-fns and @date-fns/tz. Pure: the
 * clock is always an argument (`now`), never read here.
 *
 * The product's zone rules:
 *  - An ISO calendar date "yyyy-MM-dd" is zone-less: a day on the calendar, not an instant. Arithmetic
 *    on it (addDays, addMonths, daysBetween, day numbers) never consults a zone, the host's included,
 *    so daylight-saving changes can never shift a date.
 *  - Server-side "today" and schedules are São Paulo's: DEFAULT_TIME_ZONE (America/Sao_Paulo), unless
 *    the caller names another zone — a place's own, or UTC where a recorded behaviour depends on it
 *    (each such call says why).
 *  - The browser's zone is for display and for the default dates in forms: `isoDateIn(now)` with no
 *    zone reads the host's zone, which in a browser is the viewer's (never call it so on the server).
 *
 * Day arithmetic (./calendar.ts, re-exported here) runs on integer day numbers (days since
 * 1970-01-01), exact and free of dependencies: the engines import ./calendar.ts alone.
 */
// Subpath imports: the package root loads every date-fns function (~110 ms here), these two ~30 ms.
import { addMonths as fnsAddMonths } from "date-fns/addMonths";
import { format } from "date-fns/format";
import { tz, tzOffset } from "@date-fns/tz";
import { DAY_MS, dayToIsoDate, toDay, type IsoDate } from "./calendar";

export {
  DAY_MS,
  dayToIsoDate,
  daysBetween,
  eachDay,
  InvalidDateError,
  isIsoDate,
  isoDateToDay,
  toDay,
  addDays,
  type IsoDate,
} from "./calendar";

/** São Paulo: the zone of server-side "today" and of schedules. */
export const DEFAULT_TIME_ZONE = "America/Sao_Paulo";
export const UTC = "UTC";

/**
 * `iso` plus `months` calendar months, clamped to the target month's last day (2024-03-31 − 1 month
 * = 2024-02-29). Throws InvalidDateError if `iso` is not a real date.
 */
export function addMonths(iso: string, months: number): IsoDate {
  toDay(iso);
  const utc = tz(UTC);
  return format(fnsAddMonths(utc(`${iso}T00:00:00Z`), months, { in: utc }), "yyyy-MM-dd");
}

/**
 * The calendar date at instant `at` (a Date or epoch milliseconds) in `timeZone` (IANA). Without a
 * zone, the host's: in a browser that is the viewer's zone (forms' default dates); on the server pass
 * one (DEFAULT_TIME_ZONE for "today"). Throws RangeError for an invalid instant or an unknown zone.
 */
export function isoDateIn(at: Date | number, timeZone?: string): IsoDate {
  const t = typeof at === "number" ? at : at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${String(at)}`);
  if (timeZone === undefined) return format(t, "yyyy-MM-dd");
  if (timeZone === UTC) return dayToIsoDate(Math.floor(t / DAY_MS));
  assertTimeZone(timeZone);
  return format(t, "yyyy-MM-dd", { in: tz(timeZone) });
}

/** The offset from UTC (minutes east, −180 for São Paulo today) in force in `timeZone` at instant `at`. */
export function offsetMinutesIn(timeZone: string, at: Date | number): number {
  assertTimeZone(timeZone);
  return tzOffset(timeZone, new Date(at));
}

/** Today at `now` in `timeZone` — São Paulo unless told (the product's server-side "today"). */
export function today(now: Date | number, timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
  return isoDateIn(now, timeZone);
}

const knownZones = new Set<string>([UTC, DEFAULT_TIME_ZONE]);

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (knownZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    return false;
  }
  knownZones.add(timeZone);
  return true;
}

/** Throws RangeError for a zone name this runtime does not know. */
export function assertTimeZone(timeZone: string): void {
  if (!isTimeZone(timeZone)) throw new RangeError(`not an IANA time zone: ${timeZone}`);
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The wall-clock time at instant `t` in `timeZone`, as if it were UTC (ms, whole seconds). */
const wallClockMs = (t: number, timeZone: string): number =>
  Math.floor(t / 1000) * 1000 + offsetMinutesIn(timeZone, t) * 60_000;

/**
 * A wall-clock time "yyyy-MM-ddTHH:mm[:ss]" in `timeZone` as an instant (ms), or null when it is not
 * a real date and time or the zone is unknown. Like Temporal's "compatible": a time the clocks skip
 * (spring forward) moves forward by the gap; a time that happens twice (fall back) is the first.
 * (@date-fns/tz's TZDate picks the second of a repeated time in some zones, so the choice is made here.)
 */
export function zonedToInstant(local: string, timeZone: string): number | null {
  const m = LOCAL_TIME.exec(local);
  if (!m || !isTimeZone(timeZone)) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(wall);
  if (y < 1 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23)
    return null; // 2026-02-30, 24:00…
  const before = wallClockMs(wall - DAY_MS, timeZone) - (wall - DAY_MS);
  const after = wallClockMs(wall + DAY_MS, timeZone) - (wall + DAY_MS);
  const fits = [wall - before, wall - after].filter((t) => wallClockMs(t, timeZone) === wall);
  if (fits.length) return Math.min(...fits);
  return wall - before; // in a gap: the offset before the change puts it after the gap
}

/** The instant `t` (ms) as "yyyy-MM-ddTHH:mm" in `timeZone` (a datetime-local input's value). */
export function instantToZoned(t: number, timeZone: string): string {
  return format(t, "yyyy-MM-dd'T'HH:mm", { in: tz(timeZone) });
}
