/**
 * A real HTTP server on 127.0.0.1 (port 0) answering like NASA POWER, Open-Meteo (archive, forecast,
 * elevation), MET Norway and NWS, with deterministic synthetic weather for any place and dates
 * (src/features/eto/sources/fixtures/), injectable faults per source and a request log. Point the
 * app at it with `env` (the *_URL variables).
 */
import { DAY_MS } from "@/domain/shared/dates";
import type http from "node:http";
import { startReplayServer, type Answer, type ReplayFault } from "./replay-server";
import type { SourceName } from "@/features/eto/sources/errors";
import {
  metNorwayBody,
  nasaPowerBody,
  nwsGridBody,
  nwsZone,
  openMeteoBody,
} from "@/features/eto/sources/fixtures/synthetic-bodies";
import { syntheticElevation } from "@/features/eto/sources/fixtures/synthetic-climate";

export type { ReplayFault };

export interface ReplayRequest {
  source: SourceName | "unknown";
  path: string;
  query: Record<string, string>;
  userAgent: string | undefined;
  ifModifiedSince: string | undefined;
  status: number;
}

export interface WeatherReplay {
  url: string;
  env: Record<string, string>;
  setFault(source: SourceName, fault: ReplayFault | null): void;
  requests: ReplayRequest[];
  close(): Promise<void>;
}

export interface ReplayOptions {
  /** The clock for coverage and for forecast series (default: real now). */
  now?: () => Date;
}

const ROUTES: [string, SourceName][] = [
  ["/nasa-power/", "nasa-power"],
  ["/open-meteo-archive/", "open-meteo-archive"],
  ["/open-meteo/v1/forecast", "open-meteo-forecast"],
  ["/open-meteo/v1/elevation", "open-meteo-elevation"],
  ["/met-norway/", "met-norway"],
  ["/nws/", "nws"],
];
const DAY = DAY_MS;
const day = (d: Date, n = 0) => new Date(d.getTime() + n * DAY).toISOString().slice(0, 10);

export async function startWeatherReplay(o: ReplayOptions = {}): Promise<WeatherReplay> {
  const now = o.now ?? (() => new Date());
  const replay = await startReplayServer<SourceName, ReplayRequest>({
    contentType: "application/json",
    route: (u) => ROUTES.find(([p]) => u.pathname.startsWith(p))?.[1],
    logEntry: (req, u, source) => ({
      source: source ?? "unknown",
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      userAgent: req.headers["user-agent"],
      ifModifiedSince: req.headers["if-modified-since"],
      status: 0,
    }),
    errorBody: (reason) => ({ error: true, reason }),
    rateLimited: (_, retryAfterSec) => [
      429,
      { error: true, reason: "Too many requests" },
      { "Retry-After": String(retryAfterSec) },
    ],
    malformed: () => [200, '{"type":"Feature","properties":{"parameter":{"T2M":{"2024'],
    answer: (source, u, req) => answer(source, u, req.headers, now()),
  });
  const { url } = replay;
  return {
    ...replay,
    env: {
      NASA_POWER_URL: `${url}/nasa-power/api/temporal/daily/point`,
      OPEN_METEO_ARCHIVE_URL: `${url}/open-meteo-archive/v1/archive`,
      OPEN_METEO_FORECAST_URL: `${url}/open-meteo/v1/forecast`,
      OPEN_METEO_ELEVATION_URL: `${url}/open-meteo/v1/elevation`,
      MET_NORWAY_URL: `${url}/met-norway/weatherapi/locationforecast/2.0/complete`,
      NWS_URL: `${url}/nws`,
    },
  };
}

const num = (u: URL, k: string) => Number(u.searchParams.get(k));
const omError = (reason: string): Answer => [400, { reason, error: true }];

function answer(source: SourceName, u: URL, h: http.IncomingHttpHeaders, now: Date): Answer {
  switch (source) {
    case "nasa-power": {
      const start = u.searchParams.get("start") ?? "";
      const end = u.searchParams.get("end") ?? "";
      const msgs: string[] = [];
      if (!/^\d{8}$/.test(start) || !/^\d{8}$/.test(end)) msgs.push("start and end must be YYYYMMDD");
      else if (start > end) msgs.push("The start date must be before the end date");
      else if (start < "19810101") msgs.push("The start date is before the earliest date available (19810101)");
      if (u.searchParams.get("community") !== "AG" && u.searchParams.get("community") !== "ag")
        msgs.push("community must be AG for this replay");
      if (msgs.length) return [422, { header: "Validation error", messages: msgs }];
      const params = (u.searchParams.get("parameters") ?? "").split(",").filter(Boolean);
      return [200, nasaPowerBody(num(u, "latitude"), num(u, "longitude"), start, end, params, now)];
    }
    case "open-meteo-archive":
    case "open-meteo-forecast": {
      const start = u.searchParams.get("start_date") ?? "";
      const end = u.searchParams.get("end_date") ?? "";
      const [from, to] = source === "open-meteo-archive" ? ["1940-01-01", day(now, -2)] : [day(now, -92), day(now, 15)];
      for (const [k, v] of [
        ["start_date", start],
        ["end_date", end],
      ])
        if (!(v! >= from && v! <= to)) return omError(`Parameter '${k}' is out of allowed range from ${from} to ${to}`);
      if (start > end) return omError("End-date must be larger or equal than start-date");
      const daily = (u.searchParams.get("daily") ?? "").split(",").filter(Boolean);
      const bad = daily.find(
        (d) =>
          !/^(temperature_2m_(max|min|mean)|relative_humidity_2m_(max|min|mean)|wind_speed_10m_mean|shortwave_radiation_sum|precipitation_sum|et0_fao_evapotranspiration)$/.test(
            d,
          ),
      );
      if (bad) return omError(`Cannot initialize WeatherVariable from invalid String value ${bad} for key daily`);
      const ms = u.searchParams.get("wind_speed_unit") === "ms";
      const horizon = source === "open-meteo-forecast" ? day(now, 15) : undefined;
      return [200, openMeteoBody(num(u, "latitude"), num(u, "longitude"), start, end, daily, ms, horizon)];
    }
    case "open-meteo-elevation": {
      const lats = (u.searchParams.get("latitude") ?? "").split(",").map(Number);
      const lons = (u.searchParams.get("longitude") ?? "").split(",").map(Number);
      if (lats.length !== lons.length || lats.some((x) => !(Math.abs(x) <= 90)))
        return omError("Latitude must be in range of -90 to 90°. Given: " + lats.join(","));
      return [200, { elevation: lats.map((la, i) => syntheticElevation(la, lons[i]!)) }];
    }
    case "met-norway": {
      const ua = h["user-agent"] ?? "";
      if (!/[a-z].*\/.*(\(|@|http)/i.test(ua) || /^(node|undici|curl|python)/i.test(ua))
        return [403, "<html><body>403 Forbidden: identify your app in User-Agent</body></html>"];
      const lat = u.searchParams.get("lat") ?? "";
      const lon = u.searchParams.get("lon") ?? "";
      if (/\.\d{5,}/.test(lat) || /\.\d{5,}/.test(lon)) return [403, "<html>403: at most 4 decimals</html>"];
      const alt = u.searchParams.get("altitude");
      if (alt !== null && !/^-?\d+$/.test(alt)) return [400, "<html>400: altitude must be an integer</html>"];
      const lastModified = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000).toUTCString();
      // Expires already passed (real clock): every call revalidates with If-Modified-Since.
      const headers = { "Last-Modified": lastModified, Expires: new Date(Date.now() - 1000).toUTCString() };
      const ims = Date.parse(String(h["if-modified-since"] ?? ""));
      if (!Number.isNaN(ims) && ims >= Date.parse(lastModified)) return [304, "", headers];
      return [200, metNorwayBody(Number(lat), Number(lon), alt === null ? null : Number(alt), now), headers];
    }
    case "nws": {
      if (!h["user-agent"]) return [403, { title: "Forbidden", status: 403, detail: "A User-Agent is required" }];
      const p = /^\/nws\/points\/(-?[\d.]+),(-?[\d.]+)$/.exec(u.pathname);
      if (p) {
        const lat = Number(p[1]);
        const lon = Number(p[2]);
        if (!(lat >= 17 && lat <= 72 && lon >= -180 && lon <= -64))
          return [
            404,
            {
              correlationId: "0",
              title: "Data Unavailable For Requested Point",
              type: "https://api.weather.gov/problems/InvalidPoint",
              status: 404,
              detail: `Unable to provide data for requested point ${lat},${lon}`,
            },
          ];
        const z = nwsZone(lon);
        const x = Math.round((lon + 180) * 100);
        const y = Math.round(lat * 100);
        const grid = `${u.origin}/nws/gridpoints/${z.gridId}/${x},${y}`;
        return [
          200,
          {
            type: "Feature",
            geometry: { type: "Point", coordinates: [lon, lat] },
            properties: {
              gridId: z.gridId,
              gridX: x,
              gridY: y,
              forecast: `${grid}/forecast`,
              forecastHourly: `${grid}/forecast/hourly`,
              forecastGridData: grid,
              timeZone: z.tz,
            },
          },
        ];
      }
      const g = /^\/nws\/gridpoints\/([A-Z]{3})\/(\d+),(\d+)$/.exec(u.pathname);
      if (!g) return [404, { title: "Not Found", status: 404 }];
      const lat = Number(g[3]) / 100;
      const lon = Number(g[2]) / 100 - 180;
      const off = Math.round(lon / 15);
      const body = nwsGridBody(lat, lon, now, off);
      return [200, { ...body, properties: { ...body.properties, gridId: g[1], gridX: g[2], gridY: g[3] } }];
    }
  }
}
