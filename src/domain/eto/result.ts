/** The shape of what the daily and hourly engines return (each adds its own intermediates). */
import type { EtoMethod } from "./constants";

/** ETo in `unit` (may be slightly negative: dew, night; never clamped) with every intermediate. */
export interface EtoResult<Unit extends string, Intermediates extends EtoIntermediates> {
  eto: number;
  unit: Unit;
  method: EtoMethod;
  intermediates: Intermediates;
}

/** The intermediates both engines report (kPa, °C, MJ m⁻² per step, m/s, rad). */
export interface EtoIntermediates {
  pressureKPa: number;
  gammaKPaC: number;
  esKPa: number;
  eaKPa: number;
  deltaKPaC: number;
  vpdKPa: number;
  dayOfYear: number;
  dr: number;
  declinationRad: number;
  sunsetAngleRad: number;
  raMJm2: number;
  rsMJm2: number;
  rsoMJm2: number;
  /** Rs/Rso as used in the long-wave term, bounded to [0.3, 1.0] when measured. */
  rsRsoRatio: number;
  rnsMJm2: number;
  rnlMJm2: number;
  rnMJm2: number;
  gMJm2: number;
  u2Ms: number;
}
