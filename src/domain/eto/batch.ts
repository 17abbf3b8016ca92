/**
 * The daily engine over typed arrays, for many locations × days at once (the bench, bulk
 * recomputation). Same equations and the same floating-point operations as etoDaily with
 * RHmax/RHmin humidity and measured Rs, wind already at 2 m; per-location constants (P, γ) and
 * per-day-of-year radiation terms (Ra, Rso) are computed once. Inputs are checked in the loop
 * (the first bad value throws an EtoInputError naming the array and the index).
 */
import { CD_DAY, CN_DAY, ETO_LIMITS as L, SIGMA_DAY, type EtoMethod } from "./constants";
import {
  dayRsRso,
  daySun,
  penmanMonteith,
  pressureKPa,
  psychrometricKPaC,
  rnlMJm2,
  rnsMJm2,
  rsoMJm2,
  satVapourKPa,
  slopeKPaC,
  tK4MeanDay,
} from "./equations";
import { EtoInputError } from "./errors";
import { checkMethod, checkRange } from "./validate";

export interface EtoBatchInput {
  /** Per location (length nLocations): degrees north, metres. */
  latitude: Float64Array;
  elevation: Float64Array;
  /** Day of year of each day (length nDays); every location shares this calendar. */
  dayOfYear: Int32Array | Uint16Array;
  /** Location-major values (length nLocations × nDays; index = location·nDays + day). */
  tmaxC: Float64Array;
  tminC: Float64Array;
  rhmaxPct: Float64Array;
  rhminPct: Float64Array;
  wind2mMs: Float64Array;
  rsMJm2: Float64Array;
  method?: EtoMethod;
}

/** ETo, mm d⁻¹, per location and day (same layout as the inputs); writes into `out` when given. */
export function etoDailyBatch(b: EtoBatchInput, out?: Float64Array): Float64Array {
  const nLoc = b.latitude.length;
  const nDays = b.dayOfYear.length;
  const n = nLoc * nDays;
  if (b.elevation.length !== nLoc) throw new EtoInputError("elevation", "elevation must have one value per location");
  for (const k of ["tmaxC", "tminC", "rhmaxPct", "rhminPct", "wind2mMs", "rsMJm2"] as const) {
    if (b[k].length !== n)
      throw new EtoInputError(k, `${k} must have locations × days = ${n} values, got ${b[k].length}`);
  }
  checkMethod(b.method); // daily short grass: same equations for fao56 and asce
  const result = out ?? new Float64Array(n);
  if (result.length !== n) throw new EtoInputError("out", `out must have ${n} values`);
  for (let d = 0; d < nDays; d++) {
    const j = b.dayOfYear[d]!;
    if (!(j >= 1 && j <= 366))
      throw new EtoInputError(`dayOfYear[${d}]`, `dayOfYear[${d}] must be from 1 to 366, got ${j}`);
  }
  const raTab = new Float64Array(367);
  const rsoTab = new Float64Array(367);
  const tMin = L.temperature[0];
  const tMax = L.temperature[1];

  for (let loc = 0; loc < nLoc; loc++) {
    const lat = checkRange(`latitude[${loc}]`, b.latitude[loc], L.latitude, "°");
    const z = checkRange(`elevation[${loc}]`, b.elevation[loc], L.elevation, "m");
    const gamma = psychrometricKPaC(pressureKPa(z));
    for (let j = 1; j <= 366; j++) {
      const ra = daySun(lat, j).ra;
      raTab[j] = ra;
      rsoTab[j] = rsoMJm2(z, ra);
    }
    const base = loc * nDays;
    for (let d = 0; d < nDays; d++) {
      const i = base + d;
      const tmax = b.tmaxC[i]!;
      const tmin = b.tminC[i]!;
      const rhmax = b.rhmaxPct[i]!;
      const rhmin = b.rhminPct[i]!;
      const u2 = b.wind2mMs[i]!;
      const rs = b.rsMJm2[i]!;
      const j = b.dayOfYear[d]!;
      const ra = raTab[j]!;
      if (
        !(tmin >= tMin && tmax <= tMax && tmin <= tmax) ||
        !(rhmin >= 0 && rhmax <= 100 && rhmin <= rhmax) ||
        !(u2 >= 0 && u2 <= L.wind[1]) ||
        !(rs >= 0 && rs <= L.rsDay[1] && rs <= ra + L.rsOverRaDay)
      ) {
        throw badValue(b, i, ra);
      }
      const tmean = (tmax + tmin) / 2;
      const e0max = satVapourKPa(tmax);
      const e0min = satVapourKPa(tmin);
      const es = (e0max + e0min) / 2;
      const ea = ((e0min * rhmax) / 100 + (e0max * rhmin) / 100) / 2;
      const ratio = dayRsRso(rs, rsoTab[j]!);
      const rn = rnsMJm2(rs) - rnlMJm2(SIGMA_DAY, tK4MeanDay(tmax, tmin), ea, ratio);
      result[i] = penmanMonteith(slopeKPaC(tmean), rn, 0, gamma, tmean, u2, es - ea, CN_DAY, CD_DAY);
    }
  }
  return result;
}

/** The error for the first bad value at flat index i (which array, which limit). */
function badValue(b: EtoBatchInput, i: number, ra: number): EtoInputError {
  const at = (k: string) => `${k}[${i}]`;
  const t = L.temperature;
  checkRange(at("tmaxC"), b.tmaxC[i], t, "°C");
  checkRange(at("tminC"), b.tminC[i], t, "°C");
  if (b.tminC[i]! > b.tmaxC[i]!) return new EtoInputError(at("tminC"), `${at("tminC")} must be at most ${at("tmaxC")}`);
  checkRange(at("rhmaxPct"), b.rhmaxPct[i], L.rh, "%");
  checkRange(at("rhminPct"), b.rhminPct[i], L.rh, "%");
  if (b.rhminPct[i]! > b.rhmaxPct[i]!)
    return new EtoInputError(at("rhminPct"), `${at("rhminPct")} must be at most ${at("rhmaxPct")}`);
  checkRange(at("wind2mMs"), b.wind2mMs[i], L.wind, "m/s");
  checkRange(at("rsMJm2"), b.rsMJm2[i], [0, Math.min(L.rsDay[1], ra + L.rsOverRaDay)], "MJ m⁻² d⁻¹");
  return new EtoInputError(at("tmaxC"), `${at("tmaxC")}: invalid value`);
}
