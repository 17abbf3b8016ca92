/** The sources' settings, read from env() (src/env.ts) on each call so tests can switch them. */
import { env } from "@/env";
import type { SourceName } from "./errors";

export interface SourcesConfig {
  urls: {
    nasaPower: string;
    openMeteoArchive: string;
    openMeteoForecast: string;
    openMeteoElevation: string;
    metNorway: string;
    nws: string;
  };
  userAgent: string;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryAfterMaxMs: number;
  /** Requests per second per source. */
  ratePerSecond: Record<SourceName, number>;
}

/** Default requests per second: well inside each service's published or polite limit. */
export const DEFAULT_RATE_PER_SECOND: Record<SourceName, number> = {
  "nasa-power": 1,
  "open-meteo-archive": 5,
  "open-meteo-forecast": 5,
  "open-meteo-elevation": 5,
  "met-norway": 5,
  nws: 2,
};

export function sourcesConfig(): SourcesConfig {
  const e = env();
  return {
    urls: {
      nasaPower: e.NASA_POWER_URL,
      openMeteoArchive: e.OPEN_METEO_ARCHIVE_URL,
      openMeteoForecast: e.OPEN_METEO_FORECAST_URL,
      openMeteoElevation: e.OPEN_METEO_ELEVATION_URL,
      metNorway: e.MET_NORWAY_URL,
      nws: e.NWS_URL.replace(/\/+$/, ""),
    },
    userAgent: e.WEATHER_USER_AGENT,
    timeoutMs: e.WEATHER_TIMEOUT_MS,
    retries: e.WEATHER_RETRIES,
    retryBaseMs: e.WEATHER_RETRY_BASE_MS,
    retryAfterMaxMs: e.WEATHER_RETRY_AFTER_MAX_MS,
    ratePerSecond: { ...DEFAULT_RATE_PER_SECOND, ...e.WEATHER_RATE_LIMITS },
  };
}
