/**
 * Open-Meteo archive and forecast (daily, wind_speed_unit=ms, timezone=auto or the caller's zone)
 * and the elevation API. Days come back local; `null` marks values past the model's horizon.
 * Errors are HTTP 400 {"error":true,"reason":"…"}. Wind is at 10 m: brought to 2 m here.
 */
import { z } from "zod";
import { emptyRow, windAt2m, type DailyWeatherRow, type SourceSeries } from "@/domain/eto/weather";
import { sourcesConfig } from "./config";
import { WeatherSourceError, type SourceName } from "./errors";
import { httpGet, parseJson } from "./http";
import type { FetchOptions, WeatherQuery } from "./types";

export const OPEN_METEO_DAILY = [
  "temperature_2m_max",
  "temperature_2m_min",
  "temperature_2m_mean",
  "relative_humidity_2m_max",
  "relative_humidity_2m_min",
  "relative_humidity_2m_mean",
  "wind_speed_10m_mean",
  "shortwave_radiation_sum",
  "precipitation_sum",
  "et0_fao_evapotranspiration",
] as const;
type DailyName = (typeof OPEN_METEO_DAILY)[number];

const series = z.array(z.number().nullable());
const ZOpenMeteoDaily = z.object({
  latitude: z.number(),
  longitude: z.number(),
  elevation: z.number().nullable().optional(),
  utc_offset_seconds: z.number().optional(),
  timezone: z.string().optional(),
  daily_units: z.record(z.string(), z.string()),
  daily: z
    .object({ time: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")) })
    .extend(Object.fromEntries(OPEN_METEO_DAILY.map((n) => [n, series])) as Record<DailyName, typeof series>),
});
const ZOpenMeteoError = z.object({ error: z.literal(true), reason: z.string() });
const ZElevation = z.object({ elevation: z.array(z.number()).min(1) });

/** Throws the error an Open-Meteo 400 body describes. */
function refuse(source: SourceName, text: string, status: number): never {
  const e = parseJson(source, text, ZOpenMeteoError, "error body");
  const kind = /range|date|latitude|longitude|elevation/i.test(e.reason) ? "out-of-range" : "bad-response";
  throw new WeatherSourceError(source, kind, `refused the request: ${e.reason}`, { status });
}

/** Units Open-Meteo may answer in, and the factor to ours. */
function factor(source: SourceName, units: Record<string, string>, name: DailyName): number {
  const u = units[name];
  const accepted: Record<string, Record<string, number>> = {
    temperature: { "°C": 1 },
    relative: { "%": 1 },
    wind: { "m/s": 1, "km/h": 1 / 3.6 },
    shortwave: { "MJ/m²": 1 },
    precipitation: { mm: 1 },
    et0: { mm: 1 },
  };
  const table = accepted[name.split("_")[0]!]!;
  if (u === undefined || !(u in table))
    throw new WeatherSourceError(
      source,
      "bad-response",
      `daily_units.${name} is "${u}", expected ${Object.keys(table).join(" or ")}`,
      {
        path: `daily_units.${name}`,
      },
    );
  return table[u]!;
}

export async function fetchOpenMeteo(
  source: "open-meteo-archive" | "open-meteo-forecast",
  q: WeatherQuery,
  o: FetchOptions = {},
): Promise<SourceSeries> {
  const { urls } = sourcesConfig();
  const u = new URL(source === "open-meteo-archive" ? urls.openMeteoArchive : urls.openMeteoForecast);
  const params = new URLSearchParams({
    latitude: String(q.latitude),
    longitude: String(q.longitude),
    start_date: q.start,
    end_date: q.end,
    daily: OPEN_METEO_DAILY.join(","),
    timezone: q.timezone ?? "auto",
    wind_speed_unit: "ms",
  });
  if (q.elevationM !== undefined) params.set("elevation", String(q.elevationM));
  u.search = params.toString();
  const r = await httpGet({ source, url: u.toString(), signal: o.signal, pass: [400] });
  if (r.status === 400) refuse(source, r.text, 400);
  const body = parseJson(source, r.text, ZOpenMeteoDaily, "daily response");
  const { daily, daily_units: units } = body;
  const n = daily.time.length;
  for (const name of OPEN_METEO_DAILY)
    if (daily[name].length !== n)
      throw new WeatherSourceError(
        source,
        "bad-response",
        `daily.${name} has ${daily[name].length} values for ${n} days`,
        {
          path: `daily.${name}`,
        },
      );
  const f = Object.fromEntries(OPEN_METEO_DAILY.map((name) => [name, factor(source, units, name)])) as Record<
    DailyName,
    number
  >;
  const days: DailyWeatherRow[] = [];
  const referenceEtoMm: Record<string, number | null> = {};
  const at = (name: DailyName, i: number) => {
    const x = daily[name][i];
    return x == null ? null : x * f[name];
  };
  daily.time.forEach((date, i) => {
    if (date < q.start || date > q.end) return;
    const row = emptyRow(date);
    row.tmaxC = at("temperature_2m_max", i);
    row.tminC = at("temperature_2m_min", i);
    row.tmeanC = at("temperature_2m_mean", i);
    row.rhmaxPct = at("relative_humidity_2m_max", i);
    row.rhminPct = at("relative_humidity_2m_min", i);
    row.rhmeanPct = at("relative_humidity_2m_mean", i);
    const w10 = at("wind_speed_10m_mean", i);
    row.wind2mMs = w10 === null ? null : Math.round(windAt2m(w10, 10) * 1000) / 1000;
    row.rsMJm2 = at("shortwave_radiation_sum", i);
    row.precipMm = at("precipitation_sum", i);
    days.push(row);
    referenceEtoMm[date] = at("et0_fao_evapotranspiration", i);
  });
  return { source, elevationM: body.elevation ?? null, days, referenceEtoMm };
}

/** The ground elevation (m, Copernicus DEM 90 m) at a point, from the Open-Meteo elevation API. */
export async function lookupElevation(latitude: number, longitude: number, o: FetchOptions = {}): Promise<number> {
  const source = "open-meteo-elevation";
  if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180))
    throw new WeatherSourceError(
      source,
      "out-of-range",
      `latitude must be within ±90 and longitude within ±180, got ${latitude}, ${longitude}`,
      {
        field: Math.abs(latitude) <= 90 ? "longitude" : "latitude",
      },
    );
  const u = new URL(sourcesConfig().urls.openMeteoElevation);
  u.search = new URLSearchParams({ latitude: String(latitude), longitude: String(longitude) }).toString();
  const r = await httpGet({ source, url: u.toString(), signal: o.signal, pass: [400] });
  if (r.status === 400) refuse(source, r.text, 400);
  const body = parseJson(source, r.text, ZElevation, "elevation response");
  return body.elevation[0]!;
}
