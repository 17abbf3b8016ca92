import { describe, expect, it } from "vitest";
import { etoDaily, etoHourly } from "@/domain/eto";
import { ZEtoDailyInput, ZEtoHourlyInput } from "./eto.schemas";

const daily = { latitude: 50.8, elevation: 100, date: "2025-07-06", tmax: 21.5, tmin: 12.3, windSpeed: 2 };
const hourly = {
  latitude: 16.2,
  longitude: -16.25,
  timezoneMeridian: -15,
  elevation: 8,
  dayOfYear: 274,
  hour: 14,
  temperature: 38,
  rh: 52,
  windSpeed: 3.3,
  rs: 2.45,
};

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);

describe("eto.daily / eto.hourly input schemas", () => {
  it("accept the issue's shapes and the engine computes from the parsed values", () => {
    expect(etoDaily(ZEtoDailyInput.parse({ ...daily, rhmax: 84, rhmin: 63, method: "asce" })).method).toBe("asce");
    expect(etoHourly(ZEtoHourlyInput.parse(hourly)).unit).toBe("mm/h");
  });

  it.each([
    [{ latitude: 95 }, "latitude: latitude must be at most 90 °"],
    [{ rs: 300 }, "rs: rs must be at most 45 MJ m⁻² d⁻¹; radiation is in MJ m⁻² d⁻¹ (from W/m² multiply by 0.0864)"],
    [{ windSpeed: -1 }, "windSpeed: windSpeed must be at least 0 m/s"],
    [{ rhmax: 50, rhmin: 60 }, "rhmin: rhmin must be at most rhmax"],
    [{ tmin: 30 }, "tmin: tmin must be at most tmax"],
    [{ dayOfYear: 3 }, "dayOfYear: dayOfYear must not be given together with date: give one of them"],
    [{ date: "2025-02-29" }, "date: date must be a real calendar date written YYYY-MM-DD"],
    [{ extra: 1 }, ": unknown field: extra"],
    [{ method: "penman" }, "method: method must be one of fao56, asce"],
  ])("daily %o → %s", (patch, message) => {
    expect(messages(ZEtoDailyInput.safeParse({ ...daily, ...patch }))).toContain(message);
  });

  it.each([
    [
      { rs: 800 },
      "rs: rs must be at most 5 MJ m⁻² h⁻¹; hourly radiation is in MJ m⁻² h⁻¹ (from W/m² multiply by 0.0036)",
    ],
    [{ hour: 24 }, "hour: hour must be from 0 to 23 (start of the hour, local standard time)"],
    [{ rh: 101 }, "rh: rh must be at most 100 %"],
    [{ dayOfYear: undefined }, "date: date (YYYY-MM-DD) or dayOfYear (1–366) is required"],
    [{ nightRsRso: 0 }, "nightRsRso: nightRsRso must be at least 0.2"],
  ])("hourly %o → %s", (patch, message) => {
    expect(messages(ZEtoHourlyInput.safeParse({ ...hourly, ...patch }))).toContain(message);
  });
});
