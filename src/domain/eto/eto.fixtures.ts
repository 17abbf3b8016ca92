/** FAO-56 reference inputs and assertions shared by the ETo tests and the CLI's (test-only). */
import { thrown } from "../shared/thrown.fixtures";
import { expect } from "vitest";
import { EtoInputError, type EtoDailyInput, type EtoHourlyInput } from "./index";

/** |actual − expected| ≤ tol, naming both in the failure. */
export const close = (actual: number, expected: number, tol: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tol}`).toBeLessThanOrEqual(tol);

/** FAO-56 Example 18 (Brussels, 6 July): u₁₀ = 10 km/h, n = 9.25 h. */
export const EX18: EtoDailyInput = {
  latitude: 50 + 48 / 60,
  elevation: 100,
  date: "2025-07-06",
  tmax: 21.5,
  tmin: 12.3,
  rhmax: 84,
  rhmin: 63,
  windSpeed: 10 / 3.6,
  windHeight: 10,
  sunshineHours: 9.25,
};

/**
 * FAO-56 Example 19, N'Diaye (Senegal), 1 October: 16°13'N, 16°15'W, z = 8 m, Lz = 15° west.
 * Published: 14:00–15:00 (T 38 °C, RH 52 %, u₂ 3.3 m/s, Rs 2.450 MJ m⁻² h⁻¹) ETo 0.63 mm/h with
 * ω 0.682, Ra 3.543, Rso 2.658, Rn 1.749, G 0.175; 02:00–03:00 (T 28, RH 90, u₂ 1.9, Rs 0) ETo 0.0
 * with Rs/Rso 0.8, Rnl 0.100, Rn −0.100, G −0.050.
 */
const NDIAYE = {
  latitude: 16 + 13 / 60,
  longitude: -(16 + 15 / 60),
  timezoneMeridian: -15,
  elevation: 8,
  date: "2025-10-01",
};
/** Example 19 at 14:00–15:00. */
export const EX19_DAY: EtoHourlyInput = { ...NDIAYE, hour: 14, temperature: 38, rh: 52, windSpeed: 3.3, rs: 2.45 };
/** Example 19 at 02:00–03:00. */
export const EX19_NIGHT: EtoHourlyInput = { ...NDIAYE, hour: 2, temperature: 28, rh: 90, windSpeed: 1.9, rs: 0 };

/** The EtoInputError `f` throws (failing when it throws none or another error). */
export const inputError = (f: () => unknown): EtoInputError => thrown(EtoInputError, f);
