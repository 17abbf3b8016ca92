/**
 * Daily FAO-56 Penman-Monteith reference evapotranspiration (Eq. 6) with every intermediate.
 * Missing data follow FAO-56 ch. 3: humidity in the preferred order Tdew > ea > RHmax/RHmin >
 * RHmax > RHmean > Tmin (Eq. 48); Rs measured > Angström from sunshine hours > Hargreaves.
 * Tmean for Δ and the aerodynamic term is (Tmax + Tmin)/2 (Eq. 9), not the mean of hourly values.
 */
import { CD_DAY, CN_DAY, ETO_LIMITS as L, KRS_COASTAL, KRS_INTERIOR, SIGMA_DAY, type EtoMethod } from "./constants";
import {
  dayRsRso,
  daySun,
  daylightHours,
  penmanMonteith,
  pressureKPa,
  psychrometricKPaC,
  rnlMJm2,
  rnsMJm2,
  rsAngstrom,
  rsHargreaves,
  rsoMJm2,
  satVapourKPa,
  slopeKPaC,
  tK4MeanDay,
} from "./equations";
import { EtoInputError } from "./errors";
import type { EtoIntermediates, EtoResult } from "./result";
import {
  RS_DAY_HINT,
  WIND_HINT,
  checkBoolean,
  checkDay,
  checkDayAir,
  checkMethod,
  checkOptional,
  checkOrder,
  checkRange,
  fmt,
  inputRecord,
} from "./validate";
import { windAt2m } from "./weather";

export interface EtoDailyInput {
  /** Degrees, north positive, south negative. */
  latitude: number;
  /** Metres above sea level. */
  elevation: number;
  /** YYYY-MM-DD, or give dayOfYear (exactly one of the two). */
  date?: string;
  dayOfYear?: number;
  /** Daily maximum and minimum air temperature at 2 m, °C. */
  tmax: number;
  tmin: number;
  /** Relative humidity, %. */
  rhmax?: number;
  rhmin?: number;
  rhmean?: number;
  /** Mean dew point, °C. */
  tdew?: number;
  /** Actual vapour pressure, kPa. */
  ea?: number;
  /** Mean wind speed, m/s, measured at windHeight (default 2 m). */
  windSpeed: number;
  windHeight?: number;
  /** Incoming solar radiation, MJ m⁻² d⁻¹ (not W/m²). */
  rs?: number;
  /** Actual sunshine duration n, h (Angström, Eq. 35) when rs is absent. */
  sunshineHours?: number;
  /** Coastal site: Hargreaves kRs 0.19 instead of 0.16 when Rs must be estimated from temperature. */
  coastal?: boolean;
  /** Soil heat flux G, MJ m⁻² d⁻¹ (default 0; for monthly steps, Eq. 43–44). */
  g?: number;
  method?: EtoMethod;
}

/** Which humidity data gave ea (FAO-56 preferred order). */
export type EaMethod = "tdew" | "ea" | "rhmax-rhmin" | "rhmax" | "rhmean" | "tmin";
/** Where Rs came from. */
export type RsMethod = "measured" | "angstrom" | "hargreaves";
/** How Rs/Rso in the long-wave term was obtained. */
export type RsRsoSource = "measured" | "polar-night-default";

export interface EtoDailyIntermediates extends EtoIntermediates {
  tmeanC: number;
  eaMethod: EaMethod;
  daylightHours: number;
  rsMethod: RsMethod;
  rsRsoSource: RsRsoSource;
}

/** Reference evapotranspiration, mm d⁻¹, with every intermediate. */
export type EtoDailyResult = EtoResult<"mm/d", EtoDailyIntermediates>;

/** Checked, resolved inputs of one day (what the series and the single-day API share). */
export interface DailyCore extends Pick<
  EtoDailyInput,
  "latitude" | "elevation" | "tmax" | "tmin" | "rhmax" | "rhmin" | "rhmean" | "tdew" | "ea" | "rs" | "sunshineHours"
> {
  /** Day of year. */
  j: number;
  /** Wind speed at 2 m, m/s. */
  u2: number;
  coastal: boolean;
  g: number;
  method: EtoMethod;
}

/** FAO-56 daily ETo for one day and place; throws EtoInputError naming the field for bad input. */
export function etoDaily(input: EtoDailyInput): EtoDailyResult {
  const i = inputRecord(input);
  const latitude = checkRange("latitude", i.latitude, L.latitude, "°");
  const elevation = checkRange("elevation", i.elevation, L.elevation, "m");
  const j = checkDay(i.date, i.dayOfYear);
  const air = checkDayAir(i);
  const rhmean = checkOptional("rhmean", i.rhmean, L.rh, "%");
  const tdew = checkOptional("tdew", i.tdew, L.temperature, "°C");
  checkOrder("tdew", tdew, "tmax", air.tmax);
  const ea = checkOptional("ea", i.ea, L.ea, "kPa");
  const windSpeed = checkRange("windSpeed", i.windSpeed, L.wind, "m/s", WIND_HINT);
  const windHeight = checkOptional("windHeight", i.windHeight, L.windHeight, "m") ?? 2;
  const rs = checkOptional("rs", i.rs, L.rsDay, "MJ m⁻² d⁻¹", RS_DAY_HINT);
  const sunshineHours = checkOptional("sunshineHours", i.sunshineHours, [0, 24], "h");
  const coastal = checkBoolean("coastal", i.coastal);
  const g = checkOptional("g", i.g, L.g, "MJ m⁻² d⁻¹") ?? 0;
  const method = checkMethod(i.method);
  return dailyFromCore({
    latitude,
    elevation,
    j,
    ...air,
    rhmean,
    tdew,
    ea,
    u2: windAt2m(windSpeed, windHeight),
    rs,
    sunshineHours,
    coastal,
    g,
    method,
  });
}

/** ea by the FAO-56 preferred order. */
function actualVapour(c: DailyCore, e0max: number, e0min: number, es: number): { ea: number; how: EaMethod } {
  if (c.tdew !== undefined) return { ea: satVapourKPa(c.tdew), how: "tdew" };
  if (c.ea !== undefined) return { ea: c.ea, how: "ea" };
  if (c.rhmax !== undefined && c.rhmin !== undefined)
    return { ea: ((e0min * c.rhmax) / 100 + (e0max * c.rhmin) / 100) / 2, how: "rhmax-rhmin" };
  if (c.rhmax !== undefined) return { ea: (e0min * c.rhmax) / 100, how: "rhmax" };
  if (c.rhmean !== undefined) return { ea: (c.rhmean / 100) * es, how: "rhmean" };
  return { ea: e0min, how: "tmin" };
}

/** The computation on checked inputs (radiation checks against Ra happen here, once Ra is known). */
/** `rsField` names rs in messages (the series calls it days[k].rsMJm2). */
export function dailyFromCore(c: DailyCore, rsField = "rs"): EtoDailyResult {
  const p = pressureKPa(c.elevation);
  const gamma = psychrometricKPaC(p);
  const tmean = (c.tmax + c.tmin) / 2;
  const e0max = satVapourKPa(c.tmax);
  const e0min = satVapourKPa(c.tmin);
  const es = (e0max + e0min) / 2;
  const delta = slopeKPaC(tmean);
  const { ea, how: eaMethod } = actualVapour(c, e0max, e0min, es);

  const { dr, decl, ws, ra } = daySun(c.latitude, c.j);
  const bigN = daylightHours(ws);

  let rs: number;
  let rsMethod: RsMethod;
  if (c.rs !== undefined) {
    if (c.rs > ra + L.rsOverRaDay) {
      throw new EtoInputError(
        rsField,
        `${rsField} must be at most ${fmt(Math.round((ra + L.rsOverRaDay) * 100) / 100)} MJ m⁻² d⁻¹ ` +
          `(the extraterrestrial radiation Ra here on day ${c.j} is ${fmt(Math.round(ra * 100) / 100)}), got ${fmt(c.rs)}; ${RS_DAY_HINT}`,
      );
    }
    rs = c.rs;
    rsMethod = "measured";
  } else if (c.sunshineHours !== undefined) {
    if (c.sunshineHours > bigN + L.sunshineOverN) {
      throw new EtoInputError(
        "sunshineHours",
        `sunshineHours must be at most the daylight hours N = ${fmt(Math.round(bigN * 100) / 100)} h ` +
          `for this latitude and day, got ${fmt(c.sunshineHours)}`,
      );
    }
    rs = rsAngstrom(Math.min(c.sunshineHours, bigN), bigN, ra);
    rsMethod = "angstrom";
  } else {
    rs = rsHargreaves(c.coastal ? KRS_COASTAL : KRS_INTERIOR, c.tmax, c.tmin, ra);
    rsMethod = "hargreaves";
  }

  const rso = rsoMJm2(c.elevation, ra);
  const ratio = dayRsRso(rs, rso);
  const rsRsoSource: RsRsoSource = rso > 0 ? "measured" : "polar-night-default";
  const rns = rnsMJm2(rs);
  const rnl = rnlMJm2(SIGMA_DAY, tK4MeanDay(c.tmax, c.tmin), ea, ratio);
  const rn = rns - rnl;
  const vpd = es - ea;
  const eto = penmanMonteith(delta, rn, c.g, gamma, tmean, c.u2, vpd, CN_DAY, CD_DAY);

  return {
    eto,
    unit: "mm/d",
    method: c.method,
    intermediates: {
      pressureKPa: p,
      gammaKPaC: gamma,
      tmeanC: tmean,
      esKPa: es,
      eaKPa: ea,
      eaMethod,
      deltaKPaC: delta,
      vpdKPa: vpd,
      dayOfYear: c.j,
      dr,
      declinationRad: decl,
      sunsetAngleRad: ws,
      raMJm2: ra,
      daylightHours: bigN,
      rsMJm2: rs,
      rsMethod,
      rsoMJm2: rso,
      rsRsoRatio: ratio,
      rsRsoSource,
      rnsMJm2: rns,
      rnlMJm2: rnl,
      rnMJm2: rn,
      gMJm2: c.g,
      u2Ms: c.u2,
    },
  };
}
