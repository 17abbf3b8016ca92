/**
 * `fetchDailyWeather`: check the range, then read it as calendar-month chunks through the cache and
 * trim to the days asked for. A chunk is the month clipped to the source's coverage today, so the
 * nightly prefetch of the last days warms exactly the chunks a later run over any range in those
 * months reads (the key holds the place and the chunk, not the caller's range).
 */
import type { DailyWeatherRow, SourceSeries, WeatherSource } from "@/domain/eto/weather";
import { cache } from "@/server/cache";
import { sourcesConfig } from "./config";
import { addDays } from "@/domain/shared/dates";
import { checkRange, coverageOn, coverageToday } from "./coverage";
import { assertTimezone } from "./dates";
import { WeatherSourceError } from "./errors";
import { fetchMetNorway } from "./met-norway";
import { fetchNasaPower } from "./nasa-power";
import { fetchNws } from "./nws";
import { fetchOpenMeteo } from "./open-meteo";
import type { FetchOptions, WeatherQuery } from "./types";

const HOUR = 3_600_000;
/**
 * How long a chunk stays fresh. `recent`: a chunk holding any of the last RECENT_DAYS days (NASA's
 * radiation lags and is revised, ERA5 is provisional, forecasts are reissued every few hours);
 * `settled`: older months, which barely change.
 */
export const SOURCE_TTL_MS: Record<WeatherSource, { recent: number; settled: number }> = {
  "nasa-power": { recent: 6 * HOUR, settled: 30 * 24 * HOUR },
  "open-meteo-archive": { recent: 12 * HOUR, settled: 30 * 24 * HOUR },
  "open-meteo-forecast": { recent: 1 * HOUR, settled: 24 * HOUR },
  "met-norway": { recent: 0.5 * HOUR, settled: 0.5 * HOUR },
  nws: { recent: 1 * HOUR, settled: 1 * HOUR },
};
/** Days before today that still count as recent for the TTL. */
export const RECENT_DAYS = 10;
/** Sources whose one answer is their whole forecast: read as one chunk, the window they serve today. */
const WHOLE_WINDOW: ReadonlySet<WeatherSource> = new Set(["met-norway", "nws"]);
/** Chunks fetched at once for one call. */
export const CHUNK_CONCURRENCY = 3;

/** The cache namespace of a source's daily answers (eto.cacheCleanup clears by it). */
export const weatherCacheNamespace = (source: WeatherSource) => `weather-${source}`;

export interface FetchDailyOptions extends FetchOptions {
  /** The clock for the coverage check, the chunks' clipping and their TTL (tests). */
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

export interface MonthChunk {
  /** "YYYY-MM" */
  month: string;
  start: string;
  end: string;
}

/** The calendar months touching start..end, each clipped to `from..to` (the source's coverage today). */
export function monthChunks(start: string, end: string, from: string, to: string): MonthChunk[] {
  const out: MonthChunk[] = [];
  for (let first = `${start.slice(0, 7)}-01`; first <= end;) {
    const next = addDays(first, 32).slice(0, 7) + "-01";
    const last = addDays(next, -1);
    const s = first > from ? first : from;
    const e = last < to ? last : to;
    if (s <= e) out.push({ month: first.slice(0, 7), start: s, end: e });
    first = next;
  }
  return out;
}

/** Run `fn` over `items`, at most `limit` at a time, results in input order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function fetchSource(source: WeatherSource, q: WeatherQuery, o: FetchOptions): Promise<SourceSeries> {
  switch (source) {
    case "nasa-power":
      return fetchNasaPower(q, o);
    case "open-meteo-archive":
    case "open-meteo-forecast":
      return fetchOpenMeteo(source, q, o);
    case "met-norway":
      return fetchMetNorway(q, o);
    case "nws":
      return fetchNws(q, o);
  }
}

/** The URL a source is read from (part of its cache key). */
function endpointOf(source: WeatherSource): string {
  const u = sourcesConfig().urls;
  switch (source) {
    case "nasa-power":
      return u.nasaPower;
    case "open-meteo-archive":
      return u.openMeteoArchive;
    case "open-meteo-forecast":
      return u.openMeteoForecast;
    case "met-norway":
      return u.metNorway;
    case "nws":
      return u.nws;
  }
}

export async function fetchDailyWeather(
  source: WeatherSource,
  q: WeatherQuery,
  o: FetchDailyOptions = {},
): Promise<SourceSeries> {
  checkQuery(source, q);
  const now = o.now ?? new Date();
  checkRange(source, q.start, q.end, now);
  const today = coverageToday(now);
  const cov = coverageOn(source, today);
  const place = {
    lat: Math.round(q.latitude * 1e4) / 1e4,
    lon: Math.round(q.longitude * 1e4) / 1e4,
    elev: q.elevationM === undefined ? null : Math.round(q.elevationM),
    tz: q.timezone ?? q.utcOffsetMinutes ?? null,
  };
  const query = { ...q, latitude: place.lat, longitude: place.lon };
  const recentFrom = addDays(today, -RECENT_DAYS);
  const chunks = WHOLE_WINDOW.has(source)
    ? [{ month: "window", start: cov.from, end: cov.to }]
    : monthChunks(q.start, q.end, cov.from, cov.to);
  const parts = await mapBounded(chunks, CHUNK_CONCURRENCY, (c) =>
    cache().getOrCompute(
      weatherCacheNamespace(source),
      // The clipped bounds are in the key: a month cut short by today's coverage is refetched once
      // the coverage moves on (the same day, every caller clips it alike). So is the endpoint: a
      // mirror, or a test's replay server on its own port, never shares answers with another.
      { ...place, endpoint: endpointOf(source), month: c.month, start: c.start, end: c.end },
      { ttlMs: c.end >= recentFrom ? SOURCE_TTL_MS[source].recent : SOURCE_TTL_MS[source].settled },
      () => fetchSource(source, { ...query, start: c.start, end: c.end }, o),
    ),
  );
  const inRange = (d: string) => d >= q.start && d <= q.end;
  const days: DailyWeatherRow[] = [];
  const seen = new Set<string>();
  let referenceEtoMm: Record<string, number | null> | undefined;
  for (const p of parts) {
    for (const d of p.days)
      if (inRange(d.date) && !seen.has(d.date)) {
        seen.add(d.date);
        days.push(d);
      }
    if (p.referenceEtoMm) {
      referenceEtoMm ??= {};
      for (const [d, v] of Object.entries(p.referenceEtoMm)) if (inRange(d)) referenceEtoMm[d] = v;
    }
  }
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    source,
    elevationM: parts.find((p) => p.elevationM !== null)?.elevationM ?? null,
    days,
    ...(referenceEtoMm ? { referenceEtoMm } : {}),
  };
}
