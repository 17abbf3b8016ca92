/** Which days each source can serve, relative to today (UTC), and the check that refuses the rest. */
import type { WeatherSource } from "@/domain/eto/weather";
import { addDays, isIsoDate, today, UTC } from "@/domain/shared/dates";
import { WeatherSourceError } from "./errors";

/**
 * The sources' "today" is UTC's, not São Paulo's (the product's default for server-side "today"): the
 * providers count their windows (NASA's lag, ERA5's delay, the forecast horizons) in UTC days, and the
 * cache keys, the "last month" chunks and the recorded fixtures were made so. A São Paulo day would move
 * every window back by one day from 21:00 to 24:00 São Paulo time.
 */
export const COVERAGE_TIME_ZONE = UTC;

/** The sources' today at `now` (UTC: see COVERAGE_TIME_ZONE). */
export const coverageToday = (now: Date = new Date()): string => today(now, COVERAGE_TIME_ZONE);

export interface Coverage {
  /** Earliest day: a fixed date, or days relative to today. */
  earliest: string | number;
  /** Latest day, days relative to today. */
  latestDays: number;
  note: string;
}

export const SOURCE_COVERAGE: Record<WeatherSource, Coverage> = {
  "nasa-power": { earliest: "1981-01-01", latestDays: -2, note: "daily since 1981; radiation lags a few days" },
  "open-meteo-archive": { earliest: "1940-01-01", latestDays: -5, note: "ERA5 reanalysis since 1940, ~5 days behind" },
  "open-meteo-forecast": { earliest: -92, latestDays: 15, note: "92 past days to 16 forecast days" },
  // ±1 day: "today" in the place's own zone may be yesterday or tomorrow in UTC.
  "met-norway": { earliest: -1, latestDays: 9, note: "from now to ~9 days ahead" },
  nws: { earliest: -1, latestDays: 7, note: "from now to ~7 days ahead, US only" },
};

/** The range a source serves on `today` ("YYYY-MM-DD" bounds). */
export function coverageOn(source: WeatherSource, today: string): { from: string; to: string } {
  const c = SOURCE_COVERAGE[source];
  return {
    from: typeof c.earliest === "string" ? c.earliest : addDays(today, c.earliest),
    to: addDays(today, c.latestDays),
  };
}

/** Refuse dates a source cannot serve, naming the field and the source's range. */
export function checkRange(source: WeatherSource, start: string, end: string, now: Date = new Date()): void {
  for (const [field, v] of [
    ["start", start],
    ["end", end],
  ] as const)
    if (!isIsoDate(v))
      throw new WeatherSourceError(source, "out-of-range", `${field} must be a date YYYY-MM-DD, got "${v}"`, { field });
  if (start > end)
    throw new WeatherSourceError(source, "out-of-range", `start ${start} is after end ${end}`, { field: "start" });
  const { from, to } = coverageOn(source, coverageToday(now));
  const range = `${source} serves ${from} .. ${to} (${SOURCE_COVERAGE[source].note})`;
  if (start < from)
    throw new WeatherSourceError(source, "out-of-range", `start ${start} is before the range: ${range}`, {
      field: "start",
    });
  if (end > to)
    throw new WeatherSourceError(source, "out-of-range", `end ${end} is after the range: ${range}`, { field: "end" });
}
