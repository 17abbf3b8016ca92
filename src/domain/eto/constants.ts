/**
 * FAO-56 (Allen et al., 1998) and ASCE-EWRI (2005) constants, and the plausibility limits the
 * engine checks inputs against. Units are in the names or the comments.
 */

/** The two declared methods. "fao56" is the default; "asce" is the ASCE-EWRI standardized short-grass form. */
export const ETO_METHODS = ["fao56", "asce"] as const;
export type EtoMethod = (typeof ETO_METHODS)[number];

/** Solar constant Gsc, MJ m⁻² min⁻¹ (Eq. 21). */
export const GSC = 0.082;
/** Stefan-Boltzmann constant, MJ K⁻⁴ m⁻² d⁻¹ (Eq. 39). */
export const SIGMA_DAY = 4.903e-9;
/** FAO-56 hourly Stefan-Boltzmann constant, MJ K⁻⁴ m⁻² h⁻¹ (Eq. 53 worked example). */
export const SIGMA_HOUR_FAO = 2.043e-10;
/** ASCE-EWRI hourly Stefan-Boltzmann constant, MJ K⁻⁴ m⁻² h⁻¹ (ASCE 2005, Eq. 44). */
export const SIGMA_HOUR_ASCE = 2.042e-10;
/** Kelvin offset FAO-56 uses in Eq. 39 (T_K = T + 273.16). */
export const KELVIN_RNL = 273.16;
/** Grass albedo (Eq. 38). */
export const ALBEDO = 0.23;
/** Angström coefficients as, bs when not calibrated (Eq. 35). */
export const ANGSTROM_AS = 0.25;
export const ANGSTROM_BS = 0.5;
/** Hargreaves radiation adjustment kRs, °C^-0.5: interior and coastal locations (Eq. 50). */
export const KRS_INTERIOR = 0.16;
export const KRS_COASTAL = 0.19;
/** Numerator constant Cn: daily 900, hourly 37 (Eq. 6 and Eq. 53); short grass, FAO and ASCE alike. */
export const CN_DAY = 900;
export const CN_HOUR = 37;
/** Denominator constant Cd: daily 0.34 (both); hourly FAO 0.34, ASCE 0.24 by day / 0.96 at night. */
export const CD_DAY = 0.34;
export const CD_HOUR_FAO = 0.34;
export const CD_HOUR_ASCE_DAY = 0.24;
export const CD_HOUR_ASCE_NIGHT = 0.96;
/** Rs/Rso assumed at night for the hourly long-wave term (FAO-56 Example 19 uses 0.8). */
export const NIGHT_RS_RSO_DEFAULT = 0.8;
/**
 * Rs/Rso assumed on a polar-night day (Ra = Rso = 0: the ratio is undefined). FAO-56 has no rule;
 * we reuse the night value of Example 19 and flag the day (`rsRsoSource: "polar-night-default"`).
 */
export const POLAR_NIGHT_RS_RSO = NIGHT_RS_RSO_DEFAULT;
/**
 * Lower bound on Rs/Rso in Eq. 39. FAO-56 states only the upper bound (1.0); with a very dark
 * measured day Rs/Rso < 0.26 would make Rnl negative (net long-wave GAIN). ASCE-EWRI bounds the
 * ratio to [0.3, 1.0] (fcd ≥ 0.05); both methods use that bound here. No FAO-56 example reaches it
 * (Angström's minimum is 0.25/0.75 = 0.33).
 */
export const MIN_RS_RSO = 0.3;
/** Below this solar altitude (rad) an hour's Rs/Rso is unreliable: ASCE uses β > 0.3 rad. */
export const LOW_SUN_RAD = 0.3;

/** Plausibility limits checked on every input (messages name the field and the limit). */
export const ETO_LIMITS = {
  latitude: [-90, 90],
  longitude: [-180, 180],
  /** m above sea level: the Dead Sea shore (−430 m) to above Everest's base camps. */
  elevation: [-500, 9000],
  /** Air and dew-point temperatures, °C. */
  temperature: [-90, 60],
  rh: [0, 100],
  /** Actual vapour pressure, kPa (e°(60 °C) ≈ 19.9). */
  ea: [0, 20],
  /** Wind speed, m/s (100 m/s is far above any recorded daily or hourly mean). */
  wind: [0, 100],
  /** Anemometer height, m. */
  windHeight: [0.5, 100],
  /** Daily solar radiation, MJ m⁻² d⁻¹: Ra never exceeds ~44 at the surface's top of atmosphere. */
  rsDay: [0, 45],
  /** Hourly solar radiation, MJ m⁻² h⁻¹ (Gsc·60 ≈ 4.92 at the top of the atmosphere). */
  rsHour: [0, 5],
  /** Soil heat flux, MJ m⁻² d⁻¹ (monthly steps give a few tenths at most). */
  g: [-10, 10],
  /** Rs may exceed the computed Ra (daily) by at most this much (twilight, rounding), MJ m⁻² d⁻¹. */
  rsOverRaDay: 1,
  /** … and the hourly Ra by at most this much (sunrise/sunset hours, clock slips), MJ m⁻² h⁻¹. */
  rsOverRaHour: 0.5,
  /** Sunshine hours may exceed N by this much (N given rounded), h. */
  sunshineOverN: 0.1,
  /** |longitude − timezoneMeridian| above this is almost surely a sign or convention error, °. */
  meridianGap: 50,
  nightRsRso: [0.2, 1],
} as const;
