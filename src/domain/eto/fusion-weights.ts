/**
 * Default fusion weights, per source and variable, and how a caller's overrides replace them.
 *
 * Two tiers. Historical sources (NASA POWER, Open-Meteo archive) are fused with each other; the
 * forecast sources (Open-Meteo forecast, MET Norway, NWS) are fused with each other and fill a day's
 * variable only when no historical source has it (the seed system used Open-Meteo forecast as a
 * gap-filler in historical mode, too). Weights are renormalised over the sources that have a value.
 *
 * - Historical: NASA POWER's share per variable as the seed system calibrated it against BR-DWGD
 *   (17 Brazilian sites): Tmax 0.58, Tmin 0.52, Tmean 0.60, RH 0.35 (also used for dew point),
 *   wind 0.20, radiation 0.92; precipitation a plain mean (0.5). Open-Meteo archive has 1 − that.
 * - Forecast, by region: USA NWS 0.5 / Open-Meteo 0.3 / MET 0.2; Nordic box (lon 4–32°E,
 *   lat 54–71.5°N) MET 0.8 / Open-Meteo 0.2; elsewhere Open-Meteo 0.7 / MET 0.3 (NWS serves the USA
 *   only; should it appear elsewhere it gets 0.5).
 */
import type { DailyVariable, WeatherSource } from "./weather";

export const HISTORICAL_SOURCES: readonly WeatherSource[] = ["nasa-power", "open-meteo-archive"];
export const FORECAST_SOURCES: readonly WeatherSource[] = ["open-meteo-forecast", "met-norway", "nws"];

/** NASA POWER's share against Open-Meteo archive, per variable. */
export const NASA_POWER_SHARE: Readonly<Record<DailyVariable, number>> = {
  tmaxC: 0.58,
  tminC: 0.52,
  tmeanC: 0.6,
  rhmaxPct: 0.35,
  rhminPct: 0.35,
  rhmeanPct: 0.35,
  tdewC: 0.35,
  wind2mMs: 0.2,
  rsMJm2: 0.92,
  precipMm: 0.5,
};

export type ForecastRegion = "usa" | "nordic" | "global";

export const FORECAST_WEIGHTS: Readonly<Record<ForecastRegion, Partial<Record<WeatherSource, number>>>> = {
  usa: { nws: 0.5, "open-meteo-forecast": 0.3, "met-norway": 0.2 },
  nordic: { "met-norway": 0.8, "open-meteo-forecast": 0.2 },
  global: { "open-meteo-forecast": 0.7, "met-norway": 0.3, nws: 0.5 },
};

/** The forecast region of a site (the contiguous USA, Alaska and Hawaii as boxes). */
export function forecastRegion(latitude: number, longitude: number): ForecastRegion {
  if (longitude >= 4 && longitude <= 32 && latitude >= 54 && latitude <= 71.5) return "nordic";
  const contiguous = latitude >= 24 && latitude <= 50 && longitude >= -125 && longitude <= -66;
  const alaska = latitude >= 51 && latitude <= 72 && longitude >= -170 && longitude <= -129;
  const hawaii = latitude >= 18 && latitude <= 23 && longitude >= -161 && longitude <= -154;
  return contiguous || alaska || hawaii ? "usa" : "global";
}

/** A caller's weight for a source: one number for every variable, or per variable. */
export type SourceWeight = number | Partial<Record<DailyVariable, number>>;
export type WeightOverrides = Partial<Record<WeatherSource, SourceWeight>>;

/** Weight of `source` for `variable` at a site, a caller's override first. */
export function weightOf(
  source: WeatherSource,
  variable: DailyVariable,
  site: { latitude: number; longitude: number },
  overrides?: WeightOverrides,
): number {
  const o = overrides?.[source];
  if (typeof o === "number") return o;
  if (o && typeof o[variable] === "number") return o[variable];
  if (source === "nasa-power") return NASA_POWER_SHARE[variable];
  if (source === "open-meteo-archive") return 1 - NASA_POWER_SHARE[variable];
  return FORECAST_WEIGHTS[forecastRegion(site.latitude, site.longitude)][source] ?? 0.5;
}
