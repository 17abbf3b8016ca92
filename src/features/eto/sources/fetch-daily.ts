/** `fetchDailyWeather`: check the range, then the source's client through the cache. */
import type { SourceSeries, WeatherSource } from "@/domain/eto/weather";
import { cache } from "@/server/cache";
import { checkRange } from "./coverage";
import { assertTimezone } from "./dates";
import { WeatherSourceError } from "./errors";
import { fetchMetNorway } from "./met-norway";
import { fetchNasaPower } from "./nasa-power";
import { fetchNws } from "./nws";
import { fetchOpenMeteo } from "./open-meteo";
import type { FetchOptions, WeatherQuery } from "./types";

const HOUR = 3_600_000;
/** How long an answer stays fresh: past data barely changes, forecasts are reissued every few hours. */
export const SOURCE_TTL_MS: Record<WeatherSource, number> = {
  "nasa-power": 24 * HOUR,
  "open-meteo-archive": 7 * 24 * HOUR,
  "open-meteo-forecast": 1 * HOUR,
  "met-norway": 0.5 * HOUR,
  nws: 1 * HOUR,
};

export interface FetchDailyOptions extends FetchOptions {
  /** The clock for the coverage check (tests). */
  now?: Date;
}

function checkQuery(source: WeatherSource, q: WeatherQuery): void {
  if (!(Math.abs(q.latitude) <= 90))
    throw new WeatherSourceError(source, "out-of-range", `latitude must be within ±90°, got ${q.latitude}`, {
      field: "latitude",
    });
  if (!(Math.abs(q.longitude) <= 180))
    throw new WeatherSourceError(source, "out-of-range", `longitude must be within ±180°, got ${q.longitude}`, {
      field: "longitude",
    });
  if (q.timezone !== undefined) {
    try {
      assertTimezone(q.timezone);
    } catch {
      throw new WeatherSourceError(source, "out-of-range", `timezone "${q.timezone}" is not an IANA zone`, {
        field: "timezone",
      });
    }
  }
}

export async function fetchDailyWeather(
  source: WeatherSource,
  q: WeatherQuery,
  o: FetchDailyOptions = {},
): Promise<SourceSeries> {
  checkQuery(source, q);
  checkRange(source, q.start, q.end, o.now);
  const key = {
    lat: Math.round(q.latitude * 1e4) / 1e4,
    lon: Math.round(q.longitude * 1e4) / 1e4,
    start: q.start,
    end: q.end,
    elev: q.elevationM === undefined ? null : Math.round(q.elevationM),
    tz: q.timezone ?? q.utcOffsetMinutes ?? null,
  };
  const query = { ...q, latitude: key.lat, longitude: key.lon };
  return cache().getOrCompute(`weather-${source}`, key, { ttlMs: SOURCE_TTL_MS[source] }, () => {
    switch (source) {
      case "nasa-power":
        return fetchNasaPower(query, o);
      case "open-meteo-archive":
      case "open-meteo-forecast":
        return fetchOpenMeteo(source, query, o);
      case "met-norway":
        return fetchMetNorway(query, o);
      case "nws":
        return fetchNws(query, o);
    }
  });
}
