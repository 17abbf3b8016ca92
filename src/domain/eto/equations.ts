/**
 * The FAO-56 sub-equations (Allen et al., 1998, ch. 3), one small function each, numbered as in
 * the text. Pure: numbers in, numbers out; validation lives in validate.ts.
 */
import { ALBEDO, ANGSTROM_AS, ANGSTROM_BS, GSC, KELVIN_RNL, MIN_RS_RSO, POLAR_NIGHT_RS_RSO } from "./constants";

/** Atmospheric pressure P, kPa, from elevation z, m (Eq. 7). */
export const pressureKPa = (z: number): number => 101.3 * Math.pow((293 - 0.0065 * z) / 293, 5.26);

/** Psychrometric constant γ, kPa °C⁻¹ (Eq. 8, λ = 2.45 MJ kg⁻¹). */
export const psychrometricKPaC = (pKPa: number): number => 0.000665 * pKPa;

/** Saturation vapour pressure e°(T), kPa (Eq. 11). */
export const satVapourKPa = (tC: number): number => 0.6108 * Math.exp((17.27 * tC) / (tC + 237.3));

/** Slope of the saturation vapour pressure curve Δ at T, kPa °C⁻¹ (Eq. 13). */
export const slopeKPaC = (tC: number): number => (4098 * satVapourKPa(tC)) / ((tC + 237.3) * (tC + 237.3));

/** Inverse relative Earth-Sun distance dr (Eq. 23). */
export const inverseDistance = (j: number): number => 1 + 0.033 * Math.cos(((2 * Math.PI) / 365) * j);

/** Solar declination δ, rad (Eq. 24). */
export const declinationRad = (j: number): number => 0.409 * Math.sin(((2 * Math.PI) / 365) * j - 1.39);

/** Sunset hour angle ωs, rad (Eq. 25), the argument clipped to [−1, 1] for polar day (π) and night (0). */
export function sunsetAngleRad(latRad: number, declRad: number): number {
  const x = -Math.tan(latRad) * Math.tan(declRad);
  return Math.acos(x < -1 ? -1 : x > 1 ? 1 : x);
}

/** Daily extraterrestrial radiation Ra, MJ m⁻² d⁻¹ (Eq. 21). */
export function raDayMJm2(latRad: number, dr: number, declRad: number, ws: number): number {
  const ra =
    ((24 * 60) / Math.PI) *
    GSC *
    dr *
    (ws * Math.sin(latRad) * Math.sin(declRad) + Math.cos(latRad) * Math.cos(declRad) * Math.sin(ws));
  return ra > 0 ? ra : 0; // −1e-15 at polar night
}

/** Daylight hours N (Eq. 34). */
/** The day's sun at a latitude in degrees: dr (Eq. 23), δ (Eq. 24), ωs (Eq. 25) and Ra (Eq. 21). */
export function daySun(latitudeDeg: number, j: number): { dr: number; decl: number; ws: number; ra: number } {
  const phi = rad(latitudeDeg);
  const dr = inverseDistance(j);
  const decl = declinationRad(j);
  const ws = sunsetAngleRad(phi, decl);
  return { dr, decl, ws, ra: raDayMJm2(phi, dr, decl, ws) };
}

export const daylightHours = (ws: number): number => (24 / Math.PI) * ws;

/** Solar radiation by the Angström formula, MJ m⁻² d⁻¹ (Eq. 35), from sunshine hours n of N. */
export const rsAngstrom = (n: number, bigN: number, ra: number): number =>
  (ANGSTROM_AS + (bigN > 0 ? (ANGSTROM_BS * n) / bigN : 0)) * ra;

/** Solar radiation by Hargreaves' formula, MJ m⁻² d⁻¹ (Eq. 50). */
export const rsHargreaves = (krs: number, tmax: number, tmin: number, ra: number): number =>
  krs * Math.sqrt(Math.max(0, tmax - tmin)) * ra;

/** Clear-sky solar radiation Rso, MJ m⁻² per period (Eq. 37). */
export const rsoMJm2 = (z: number, ra: number): number => (0.75 + 2e-5 * z) * ra;

/** Net shortwave radiation Rns (Eq. 38, albedo 0.23). */
/** Rs/Rso for Eq. 39 bounded to [MIN_RS_RSO, 1]. */
export function boundRsRso(ratio: number): number {
  if (ratio > 1) return 1;
  return ratio < MIN_RS_RSO ? MIN_RS_RSO : ratio;
}

/** Daily Rs/Rso for Eq. 39: bounded, or POLAR_NIGHT_RS_RSO when Rso is not positive (polar night). */
export const dayRsRso = (rs: number, rso: number): number => (rso > 0 ? boundRsRso(rs / rso) : POLAR_NIGHT_RS_RSO);

export const rnsMJm2 = (rs: number): number => (1 - ALBEDO) * rs;

/**
 * Net longwave radiation Rnl (Eq. 39): σ·mean(T_K⁴)·(0.34 − 0.14√ea)·(1.35·ratio − 0.35), where
 * `ratio` is Rs/Rso already bounded by the caller (FAO: ≤ 1.0) — never Rs/Ra.
 */
export function rnlMJm2(sigma: number, tK4Mean: number, ea: number, ratio: number): number {
  return sigma * tK4Mean * (0.34 - 0.14 * Math.sqrt(ea)) * (1.35 * ratio - 0.35);
}

/** Mean of T_K⁴ over Tmax and Tmin, T_K = T + 273.16 (Eq. 39). */
export function tK4MeanDay(tmax: number, tmin: number): number {
  const a = tmax + KELVIN_RNL;
  const b = tmin + KELVIN_RNL;
  return (a * a * a * a + b * b * b * b) / 2;
}

/**
 * Penman-Monteith (Eq. 6 daily with cn 900, Eq. 53 hourly with cn 37): ETo in mm per period.
 * `tC` is the mean air temperature of the period, `cd` the denominator constant.
 */
export function penmanMonteith(
  delta: number,
  rn: number,
  g: number,
  gamma: number,
  tC: number,
  u2: number,
  vpd: number,
  cn: number,
  cd: number,
): number {
  return (0.408 * delta * (rn - g) + ((gamma * cn) / (tC + 273)) * u2 * vpd) / (delta + gamma * (1 + cd * u2));
}

/** Seasonal correction for solar time Sc, h (Eq. 32–33). */
export function solarTimeCorrectionH(j: number): number {
  const b = (2 * Math.PI * (j - 81)) / 364;
  return 0.1645 * Math.sin(2 * b) - 0.1255 * Math.cos(b) - 0.025 * Math.sin(b);
}

/**
 * Solar time angle ω at the midpoint of the period, rad (Eq. 31), wrapped into [−π, π].
 * `tMid` is standard clock time at the midpoint (e.g. 14.5 for 14:00–15:00); Lz and Lm in degrees WEST.
 */
export function hourAngleRad(tMid: number, lzWest: number, lmWest: number, sc: number): number {
  let w = (Math.PI / 12) * (tMid + 0.06667 * (lzWest - lmWest) + sc - 12);
  while (w > Math.PI) w -= 2 * Math.PI;
  while (w < -Math.PI) w += 2 * Math.PI;
  return w;
}

/**
 * Extraterrestrial radiation for a period of `hours` centred on ω, MJ m⁻² per period (Eq. 28–30),
 * the period's ends clipped to the hours of sunlight [−ωs, ωs].
 */
export function raPeriodMJm2(
  latRad: number,
  dr: number,
  declRad: number,
  ws: number,
  w: number,
  hours: number,
): { ra: number; w1: number; w2: number } {
  const half = (Math.PI * hours) / 24;
  let w1 = w - half;
  let w2 = w + half;
  if (w1 < -ws) w1 = -ws;
  if (w2 < -ws) w2 = -ws;
  if (w1 > ws) w1 = ws;
  if (w2 > ws) w2 = ws;
  if (w1 > w2) w1 = w2;
  const ra =
    ((12 * 60) / Math.PI) *
    GSC *
    dr *
    ((w2 - w1) * Math.sin(latRad) * Math.sin(declRad) +
      Math.cos(latRad) * Math.cos(declRad) * (Math.sin(w2) - Math.sin(w1)));
  return { ra: ra > 0 ? ra : 0, w1, w2 };
}

/** Solar altitude β at hour angle ω, rad. */
export function solarAltitudeRad(latRad: number, declRad: number, w: number): number {
  const s = Math.sin(latRad) * Math.sin(declRad) + Math.cos(latRad) * Math.cos(declRad) * Math.cos(w);
  return Math.asin(s < -1 ? -1 : s > 1 ? 1 : s);
}

/** Degrees to radians. */
export const rad = (deg: number): number => (deg * Math.PI) / 180;
