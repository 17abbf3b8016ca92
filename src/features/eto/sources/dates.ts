/**
 * Local-time helpers for the sources: a place's offset from UTC and its local day. Calendar dates
 * and day arithmetic are src/domain/shared/dates.ts's (isIsoDate, addDays, eachDay, isoDateIn).
 */
import { assertTimeZone, isoDateIn, offsetMinutesIn, UTC } from "@/domain/shared/dates";

/** "2024-01-31" → "20240131" and back. */
export const compact = (d: string) => d.replaceAll("-", "");
/** How a place's local day is found: an IANA zone, a fixed offset, or longitude/15 h. */
export interface LocalTime {
  timezone?: string;
  utcOffsetMinutes?: number;
  longitude: number;
}

/** A function from a UTC instant (ms) to the offset (minutes east of UTC) in force there. */
export function offsetResolver(t: LocalTime): (utcMs: number) => number {
  const zone = t.timezone;
  if (zone) {
    assertTimeZone(zone);
    return (ms) => offsetMinutesIn(zone, ms);
  }
  const fixed = t.utcOffsetMinutes ?? Math.round(t.longitude / 15) * 60;
  return () => fixed;
}

/** Throws RangeError for a zone name Intl does not know. */
export const assertTimezone = (tz: string): void => assertTimeZone(tz);

/** The local calendar day of a UTC instant. */
export function localDate(utcMs: number, offset: (ms: number) => number): string {
  return isoDateIn(utcMs + offset(utcMs) * 60_000, UTC);
}
