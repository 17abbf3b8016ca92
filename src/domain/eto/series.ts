/**
 * ETo for a fused daily series at one site: one result per day, same engine as etoDaily. Missing
 * humidity and radiation follow FAO-56's procedures (declared per day in eaMethod / rsMethod).
 * Missing wind becomes FAO-56's default u₂ = 2 m/s ONLY when the caller allows it, and the day is
 * flagged; otherwise the day is refused naming it. Missing Tmax or Tmin is always refused.
 */
import { ETO_LIMITS as L, type EtoMethod } from "./constants";
import { dailyFromCore, type EtoDailyResult } from "./daily";
import { EtoInputError } from "./errors";
import { checkBoolean, checkDayAir, checkMethod, checkRange, dayOfYearOf } from "./validate";

/** One day as fusion hands it over (DailyWeatherRow names; wind already at 2 m). */
export interface EtoSeriesDay {
  date: string;
  tmaxC: number | null;
  tminC: number | null;
  rhmaxPct?: number | null;
  rhminPct?: number | null;
  rhmeanPct?: number | null;
  tdewC?: number | null;
  wind2mMs?: number | null;
  rsMJm2?: number | null;
}

export interface EtoSeriesOptions {
  /** Use FAO-56's u₂ = 2 m/s on days without wind (flagged "wind-default"). Default false: refuse. */
  allowDefaultWind?: boolean;
  /** Coastal site (Hargreaves kRs 0.19) for days without radiation. */
  coastal?: boolean;
}

export type EtoSeriesFlag = "wind-default";

export interface EtoSeriesDayResult extends EtoDailyResult {
  date: string;
  flags: EtoSeriesFlag[];
}

/** FAO-56 wind default when no wind data exist (ch. 3, "Missing wind speed data"), m/s. */
export const DEFAULT_WIND_2M = 2;

/** The series' names of the fields checkDayAir reads. */
const AIR_KEYS = { tmax: "tmaxC", tmin: "tminC", rhmax: "rhmaxPct", rhmin: "rhminPct" };

const opt = (field: string, v: number | null | undefined, lim: readonly [number, number], unit: string) =>
  v === null || v === undefined ? undefined : checkRange(field, v, lim, unit);

export function etoDailySeries(
  days: readonly EtoSeriesDay[],
  site: { latitude: number; elevation: number },
  method: EtoMethod = "fao56",
  o: EtoSeriesOptions = {},
): EtoSeriesDayResult[] {
  if (!Array.isArray(days)) throw new EtoInputError("days", "days must be a list");
  const latitude = checkRange("latitude", site?.latitude, L.latitude, "°");
  const elevation = checkRange("elevation", site?.elevation, L.elevation, "m");
  const m = checkMethod(method);
  const coastal = checkBoolean("coastal", o.coastal);
  return days.map((d, k) => {
    const at = `days[${k}]`;
    const j = typeof d?.date === "string" ? dayOfYearOf(d.date) : null;
    if (j === null) throw new EtoInputError(`${at}.date`, `${at}.date must be a real calendar date written YYYY-MM-DD`);
    for (const v of ["tmaxC", "tminC"] as const) {
      if (d[v] === null || d[v] === undefined) {
        throw new EtoInputError(`${at}.${v}`, `${at} (${d.date}) has no ${v}: ETo needs both Tmax and Tmin`);
      }
    }
    const air = checkDayAir(d, AIR_KEYS, `${at}.`);
    const flags: EtoSeriesFlag[] = [];
    let u2 = opt(`${at}.wind2mMs`, d.wind2mMs, L.wind, "m/s");
    if (u2 === undefined) {
      if (!o.allowDefaultWind) {
        throw new EtoInputError(
          `${at}.wind2mMs`,
          `${at} (${d.date}) has no wind2mMs; allow FAO-56's default of 2 m/s explicitly or supply wind`,
        );
      }
      u2 = DEFAULT_WIND_2M;
      flags.push("wind-default");
    }
    const r = dailyFromCore(
      {
        latitude,
        elevation,
        j,
        ...air,
        rhmean: opt(`${at}.rhmeanPct`, d.rhmeanPct, L.rh, "%"),
        tdew: opt(`${at}.tdewC`, d.tdewC, L.temperature, "°C"),
        u2,
        rs: opt(`${at}.rsMJm2`, d.rsMJm2, L.rsDay, "MJ m⁻² d⁻¹"),
        coastal,
        g: 0,
        method: m,
      },
      `${at}.rsMJm2`,
    );
    return { date: d.date, ...r, flags };
  });
}
