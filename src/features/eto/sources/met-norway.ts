/**
 * MET Norway Locationforecast 2.0 /complete. An identifying User-Agent is mandatory; the answer is
 * kept with its Last-Modified/Expires: before Expires it is reused as is, after it the request
 * carries If-Modified-Since and a 304 reuses the kept body. The series is hourly for ~2.5 days,
 * then 6-hourly; each step stands for the hours until the next one. Wind at 10 m; no radiation.
 */
import { z } from "zod";
import { windAt2m, type SourceSeries } from "@/domain/eto/weather";
import { DailyAccumulator } from "./aggregate";
import { sourcesConfig } from "./config";
import { offsetResolver } from "./dates";
import { WeatherSourceError } from "./errors";
import { httpGet, parseJson } from "./http";
import type { FetchOptions, WeatherQuery } from "./types";

const num = z.number().optional();
const ZStep = z.object({
  time: z.string().datetime({ offset: true }),
  data: z.object({
    instant: z.object({
      details: z
        .object({ air_temperature: num, relative_humidity: num, wind_speed: num, dew_point_temperature: num })
        .passthrough(),
    }),
    next_1_hours: z
      .object({ details: z.object({ precipitation_amount: num }).passthrough().optional() })
      .passthrough()
      .optional(),
    next_6_hours: z
      .object({
        details: z
          .object({ precipitation_amount: num, air_temperature_max: num, air_temperature_min: num })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .optional(),
  }),
});
const ZMetForecast = z.object({
  type: z.literal("Feature"),
  geometry: z.object({ coordinates: z.array(z.number()).min(2).max(3) }),
  properties: z.object({
    meta: z.object({
      updated_at: z.string(),
      units: z.object({ air_temperature: z.literal("celsius"), wind_speed: z.literal("m/s") }).passthrough(),
    }),
    timeseries: z.array(ZStep).min(1),
  }),
});
export type TMetForecast = z.infer<typeof ZMetForecast>;

interface Kept {
  text: string;
  lastModified: string | null;
  expiresMs: number;
}
const kept = new Map<string, Kept>();

/** Forget kept answers (tests). */
export function resetMetNorwayStore(): void {
  kept.clear();
}

/** The request URL: ≤ 4 decimals, integer altitude (MET Norway's terms). */
export function metNorwayUrl(base: string, q: Pick<WeatherQuery, "latitude" | "longitude" | "elevationM">): string {
  const u = new URL(base);
  const p = new URLSearchParams({
    lat: q.latitude.toFixed(4).replace(/\.?0+$/, ""),
    lon: q.longitude.toFixed(4).replace(/\.?0+$/, ""),
  });
  if (q.elevationM !== undefined) p.set("altitude", String(Math.round(q.elevationM)));
  u.search = p.toString();
  return u.toString();
}

async function getForecastText(url: string, signal?: AbortSignal): Promise<string> {
  const prior = kept.get(url);
  if (prior && Date.now() < prior.expiresMs) return prior.text;
  const headers: Record<string, string> = {};
  if (prior?.lastModified) headers["If-Modified-Since"] = prior.lastModified;
  const r = await httpGet({ source: "met-norway", url, headers, signal, pass: [304] });
  const expires = Date.parse(r.headers.get("expires") ?? "");
  if (r.status === 304) {
    if (!prior)
      throw new WeatherSourceError("met-norway", "bad-response", "HTTP 304 for a request that was not conditional");
    prior.expiresMs = Number.isNaN(expires) ? 0 : expires;
    return prior.text;
  }
  kept.set(url, {
    text: r.text,
    lastModified: r.headers.get("last-modified"),
    expiresMs: Number.isNaN(expires) ? 0 : expires,
  });
  return r.text;
}

/** Aggregate a parsed forecast to local days in [start, end]. */
export function aggregateMetNorway(body: TMetForecast, q: WeatherQuery): SourceSeries {
  const acc = new DailyAccumulator(offsetResolver(q));
  const steps = body.properties.timeseries.map((s) => ({ t: Date.parse(s.time), d: s.data }));
  steps.forEach((s, i) => {
    const next = steps[i + 1];
    const prev = steps[i - 1];
    const hours = Math.max(
      1,
      Math.round(((next ? next.t - s.t : prev ? s.t - prev.t : 3_600_000) as number) / 3_600_000),
    );
    const inst = s.d.instant.details;
    acc.addState(
      s.t,
      hours,
      {
        tempC: inst.air_temperature,
        rhPct: inst.relative_humidity,
        tdewC: inst.dew_point_temperature,
        wind2mMs: inst.wind_speed === undefined ? undefined : windAt2m(inst.wind_speed, 10),
      },
      "start",
    );
    const six = s.d.next_6_hours?.details;
    if (hours === 1) acc.addAmount(s.t, 1, s.d.next_1_hours?.details?.precipitation_amount);
    else if (hours === 6 && six) {
      acc.addAmount(s.t, 6, six.precipitation_amount);
      acc.addExtreme(s.t, 6, { maxC: six.air_temperature_max, minC: six.air_temperature_min });
    }
  });
  const alt = body.geometry.coordinates[2];
  return { source: "met-norway", elevationM: alt ?? null, days: acc.rows(q.start, q.end) };
}

export async function fetchMetNorway(q: WeatherQuery, o: FetchOptions = {}): Promise<SourceSeries> {
  const url = metNorwayUrl(sourcesConfig().urls.metNorway, q);
  const text = await getForecastText(url, o.signal);
  return aggregateMetNorway(parseJson("met-norway", text, ZMetForecast, "locationforecast"), q);
}
