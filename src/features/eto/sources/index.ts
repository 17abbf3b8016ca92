/** Weather sources for ETo: clients, the cached dispatcher, coverage and the error they throw. */
export {
  fetchDailyWeather,
  monthChunks,
  weatherCacheNamespace,
  SOURCE_TTL_MS,
  RECENT_DAYS,
  type FetchDailyOptions,
} from "./fetch-daily";
export { lookupElevation, fetchOpenMeteo, OPEN_METEO_DAILY } from "./open-meteo";
export { fetchNasaPower, NASA_PARAMETERS } from "./nasa-power";
export { fetchMetNorway, aggregateMetNorway, metNorwayUrl, resetMetNorwayStore } from "./met-norway";
export { fetchNws, aggregateNws } from "./nws";
export { SOURCE_COVERAGE, coverageOn, checkRange, type Coverage } from "./coverage";
export { WeatherSourceError, type WeatherSourceErrorKind, type SourceName } from "./errors";
export { durationHours, parseInterval, expandToHours } from "./iso-duration";
export { resetRateLimits } from "@/server/token-bucket";
export type { WeatherQuery, FetchOptions } from "./types";
