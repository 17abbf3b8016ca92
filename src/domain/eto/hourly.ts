/**
 * Hourly reference evapotranspiration: FAO-56 Eq. 53 (Cn 37, Cd 0.34) or the ASCE-EWRI
 * standardized short-grass form (Cn 37, Cd 0.24 by day / 0.96 at night), declared in the result.
 * G = 0.1·Rn by day and 0.5·Rn at night. Ra for the hour uses the solar time angle at the hour's
 * midpoint with the seasonal correction Sc (Eq. 28–33). Day or night: the midpoint's ω against ±ωs.
 * At night (or with the sun under 0.3 rad, where Rs/Rso is unreliable) Rs/Rso in the long-wave
 * term is `nightRsRso` (default 0.8, as FAO-56 Example 19).
 */
import {
  CD_HOUR_ASCE_DAY,
  CD_HOUR_ASCE_NIGHT,
  CD_HOUR_FAO,
  CN_HOUR,
  ETO_LIMITS as L,
  KELVIN_RNL,
  LOW_SUN_RAD,
  NIGHT_RS_RSO_DEFAULT,
  SIGMA_HOUR_ASCE,
  SIGMA_HOUR_FAO,
  type EtoMethod,
} from "./constants";
import {
  boundRsRso,
  declinationRad,
  hourAngleRad,
  inverseDistance,
  penmanMonteith,
  pressureKPa,
  psychrometricKPaC,
  rad,
  raPeriodMJm2,
  rnlMJm2,
  rnsMJm2,
  rsoMJm2,
  satVapourKPa,
  slopeKPaC,
  solarAltitudeRad,
  solarTimeCorrectionH,
  sunsetAngleRad,
} from "./equations";
import { EtoInputError } from "./errors";
import type { EtoIntermediates, EtoResult } from "./result";
import {
  RS_HOUR_HINT,
  WIND_HINT,
  checkDay,
  checkMethod,
  checkOptional,
  checkRange,
  fmt,
  inputRecord,
} from "./validate";
import { windAt2m } from "./weather";

export interface EtoHourlyInput {
  /** Degrees, north positive. */
  latitude: number;
  /** Degrees EAST of Greenwich (west negative). */
  longitude: number;
  /** Longitude of the centre of the local standard-time zone, degrees EAST (e.g. −45 for UTC−3). */
  timezoneMeridian: number;
  /** Metres above sea level. */
  elevation: number;
  date?: string;
  dayOfYear?: number;
  /** Start of the hour, local standard time (0–23): 14 means 14:00–15:00. */
  hour: number;
  /** Mean air temperature of the hour, °C. */
  temperature: number;
  /** Mean relative humidity of the hour, %. */
  rh: number;
  /** Mean wind speed, m/s, at windHeight (default 2 m). */
  windSpeed: number;
  windHeight?: number;
  /** Solar radiation of the hour, MJ m⁻² h⁻¹ (not W/m²). */
  rs: number;
  /** Rs/Rso used at night (default 0.8). */
  nightRsRso?: number;
  method?: EtoMethod;
}

export type HourRsRsoSource = "measured" | "night-default" | "low-sun-default";

export interface EtoHourlyIntermediates extends EtoIntermediates {
  tempC: number;
  /** Seasonal correction for solar time, h. */
  solarTimeCorrectionH: number;
  /** Lz and Lm as FAO-56 writes them, degrees WEST of Greenwich. */
  lzDegWest: number;
  lmDegWest: number;
  /** Solar time angle at the hour's midpoint, and the hour's ends (clipped to sunlight), rad. */
  hourAngleRad: number;
  omega1Rad: number;
  omega2Rad: number;
  isDaytime: boolean;
  rsRsoSource: HourRsRsoSource;
  /** The denominator constant used (FAO 0.34; ASCE 0.24 day / 0.96 night). */
  cd: number;
}

/** Reference evapotranspiration, mm h⁻¹, with every intermediate. */
export type EtoHourlyResult = EtoResult<"mm/h", EtoHourlyIntermediates>;

/** Hourly ETo for one hour and place; throws EtoInputError naming the field for bad input. */
export function etoHourly(input: EtoHourlyInput): EtoHourlyResult {
  const i = inputRecord(input);
  const latitude = checkRange("latitude", i.latitude, L.latitude, "°");
  const longitude = checkRange("longitude", i.longitude, L.longitude, "° east");
  const meridian = checkRange("timezoneMeridian", i.timezoneMeridian, L.longitude, "° east");
  if (Math.abs(angleGap(longitude, meridian)) > L.meridianGap) {
    throw new EtoInputError(
      "timezoneMeridian",
      `timezoneMeridian must be within ${L.meridianGap}° of longitude (both in degrees east, e.g. −45 for UTC−3), ` +
        `got ${fmt(meridian)} for longitude ${fmt(longitude)}`,
    );
  }
  const elevation = checkRange("elevation", i.elevation, L.elevation, "m");
  const j = checkDay(i.date, i.dayOfYear);
  if (typeof i.hour !== "number" || !Number.isInteger(i.hour) || i.hour < 0 || i.hour > 23) {
    throw new EtoInputError(
      "hour",
      `hour must be a whole number from 0 to 23 (start of the hour), got ${String(i.hour)}`,
    );
  }
  const hour = i.hour;
  const t = checkRange("temperature", i.temperature, L.temperature, "°C");
  const rh = checkRange("rh", i.rh, L.rh, "%");
  const windSpeed = checkRange("windSpeed", i.windSpeed, L.wind, "m/s", WIND_HINT);
  const windHeight = checkOptional("windHeight", i.windHeight, L.windHeight, "m") ?? 2;
  const rs = checkRange("rs", i.rs, L.rsHour, "MJ m⁻² h⁻¹", RS_HOUR_HINT);
  const nightRsRso = checkOptional("nightRsRso", i.nightRsRso, L.nightRsRso) ?? NIGHT_RS_RSO_DEFAULT;
  const method = checkMethod(i.method);

  const p = pressureKPa(elevation);
  const gamma = psychrometricKPaC(p);
  const es = satVapourKPa(t);
  const ea = (es * rh) / 100;
  const delta = slopeKPaC(t);
  const u2 = windAt2m(windSpeed, windHeight);

  const phi = rad(latitude);
  const dr = inverseDistance(j);
  const decl = declinationRad(j);
  const ws = sunsetAngleRad(phi, decl);
  const sc = solarTimeCorrectionH(j);
  const lz = -meridian; // degrees west
  const lm = -longitude;
  const w = hourAngleRad(hour + 0.5, lz, lm, sc);
  const { ra, w1, w2 } = raPeriodMJm2(phi, dr, decl, ws, w, 1);
  const isDaytime = w >= -ws && w <= ws && ws > 0;

  if (rs > ra + L.rsOverRaHour) {
    throw new EtoInputError(
      "rs",
      `rs must be at most ${fmt(Math.round((ra + L.rsOverRaHour) * 1000) / 1000)} MJ m⁻² h⁻¹ for this hour ` +
        `(its extraterrestrial radiation Ra is ${fmt(Math.round(ra * 1000) / 1000)}), got ${fmt(rs)}; ` +
        `check hour (local standard time), longitude and timezoneMeridian (degrees east); ${RS_HOUR_HINT}`,
    );
  }

  const rso = rsoMJm2(elevation, ra);
  let ratio: number;
  let source: HourRsRsoSource;
  if (!isDaytime || rso <= 0) {
    ratio = nightRsRso;
    source = "night-default";
  } else if (solarAltitudeRad(phi, decl, w) < LOW_SUN_RAD) {
    ratio = nightRsRso;
    source = "low-sun-default";
  } else {
    ratio = boundRsRso(rs / rso);
    source = "measured";
  }
  const tk = t + KELVIN_RNL;
  const rns = rnsMJm2(rs);
  const rnl = rnlMJm2(method === "asce" ? SIGMA_HOUR_ASCE : SIGMA_HOUR_FAO, tk * tk * tk * tk, ea, ratio);
  const rn = rns - rnl;
  const g = (isDaytime ? 0.1 : 0.5) * rn;
  const cd = method === "asce" ? (isDaytime ? CD_HOUR_ASCE_DAY : CD_HOUR_ASCE_NIGHT) : CD_HOUR_FAO;
  const vpd = es - ea;
  const eto = penmanMonteith(delta, rn, g, gamma, t, u2, vpd, CN_HOUR, cd);

  return {
    eto,
    unit: "mm/h",
    method,
    intermediates: {
      pressureKPa: p,
      gammaKPaC: gamma,
      tempC: t,
      esKPa: es,
      eaKPa: ea,
      deltaKPaC: delta,
      vpdKPa: vpd,
      dayOfYear: j,
      dr,
      declinationRad: decl,
      sunsetAngleRad: ws,
      solarTimeCorrectionH: sc,
      lzDegWest: lz,
      lmDegWest: lm,
      hourAngleRad: w,
      omega1Rad: w1,
      omega2Rad: w2,
      isDaytime,
      raMJm2: ra,
      rsMJm2: rs,
      rsoMJm2: rso,
      rsRsoRatio: ratio,
      rsRsoSource: source,
      rnsMJm2: rns,
      rnlMJm2: rnl,
      rnMJm2: rn,
      gMJm2: g,
      u2Ms: u2,
      cd,
    },
  };
}

/** a − b in degrees, wrapped into (−180, 180]. */
function angleGap(a: number, b: number): number {
  let d = (a - b) % 360;
  if (d > 180) d -= 360;
  if (d <= -180) d += 360;
  return d;
}
