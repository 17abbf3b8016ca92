/**
 * Daily weather as the ETo pipeline passes it around: what one source said for one place and
 * day, in FAO-56 units, before fusion. Sources convert their own units (km/h, W/m², kWh) into these
 * at parse time; wind keeps the height it was measured at (the engine brings it to 2 m, Eq. 47).
 */

/** The weather sources Fluxo reads. */
export const WEATHER_SOURCES = [
  "nasa-power",
  "open-meteo-archive",
  "open-meteo-forecast",
  "met-norway",
  "nws",
] as const;
export type WeatherSource = (typeof WEATHER_SOURCES)[number];

/** The daily variables fusion works on (units in the comment; all optional: a source may lack any). */
export const DAILY_VARIABLES = [
  "tmaxC", // maximum air temperature at 2 m, °C
  "tminC", // minimum air temperature at 2 m, °C
  "tmeanC", // mean air temperature at 2 m, °C (informative; FAO-56 daily uses (Tmax+Tmin)/2)
  "rhmaxPct", // maximum relative humidity, %
  "rhminPct", // minimum relative humidity, %
  "rhmeanPct", // mean relative humidity, %
  "tdewC", // mean dew point, °C
  "wind2mMs", // mean wind speed at 2 m, m/s (converted from the source's height by Eq. 47)
  "rsMJm2", // incoming shortwave radiation, MJ m⁻² d⁻¹
  "precipMm", // precipitation, mm d⁻¹
] as const;
export type DailyVariable = (typeof DAILY_VARIABLES)[number];

/** One day of one source: `date` is the local calendar day YYYY-MM-DD; a missing value is null. */
export type DailyWeatherRow = { date: string } & { [V in DailyVariable]: number | null };

/** What one source returned for one location and date range. */
export interface SourceSeries {
  source: WeatherSource;
  /** The source's own grid/model elevation, m, when it says (not necessarily the site's). */
  elevationM: number | null;
  /** One row per day, ascending, no duplicates; days the source does not cover are absent. */
  days: DailyWeatherRow[];
  /** The source's own FAO-56 ETo per day (Open-Meteo's et0_fao_evapotranspiration), mm, for comparison. */
  referenceEtoMm?: Record<string, number | null>;
}

/** An empty row for `date` (every variable null). */
export function emptyRow(date: string): DailyWeatherRow {
  const row = { date } as DailyWeatherRow;
  for (const v of DAILY_VARIABLES) row[v] = null;
  return row;
}

/** Wind speed at 2 m from a measurement at `heightM` (FAO-56 Eq. 47: u₂ = u_z·4.87/ln(67.8 z − 5.42)). */
export function windAt2m(speedMs: number, heightM: number): number {
  if (!(heightM > 0.1)) throw new RangeError(`wind height must be above 0.1 m, got ${heightM}`);
  if (heightM === 2) return speedMs;
  return (speedMs * 4.87) / Math.log(67.8 * heightM - 5.42);
}
