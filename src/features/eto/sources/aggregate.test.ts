import { describe, expect, it } from "vitest";
import { windAt2m } from "@/domain/eto/weather";
import { aggregateMetNorway, type TMetForecast } from "./met-norway";
import { aggregateNws } from "./nws";
import { resetRateLimits, take } from "@/server/token-bucket";

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000", "");

describe("MET Norway days (UTC place, offset 0)", () => {
  // 2026-12-01: 24 hourly steps; 2026-12-02: four 6-hourly steps; a last instant-only step.
  const d1 = Date.parse("2026-12-01T00:00:00Z");
  const steps: TMetForecast["properties"]["timeseries"] = [];
  for (let h = 0; h < 24; h++)
    steps.push({
      time: iso(d1 + h * H),
      data: {
        instant: {
          details: {
            air_temperature: 10 + h / 2,
            relative_humidity: 90 - h,
            wind_speed: h < 12 ? 2 : 4,
            dew_point_temperature: 5,
          },
        },
        next_1_hours: { details: { precipitation_amount: 0.5 } },
        next_6_hours: { details: { air_temperature_max: 99, air_temperature_min: -99, precipitation_amount: 3 } },
      },
    });
  for (let k = 0; k < 4; k++)
    steps.push({
      time: iso(d1 + (24 + 6 * k) * H),
      data: {
        instant: { details: { air_temperature: 8 + k, relative_humidity: 70, wind_speed: k === 0 ? 6 : 3 } },
        next_6_hours: {
          details: { air_temperature_max: 12 + k, air_temperature_min: 6 + k, precipitation_amount: 1.2 },
        },
      },
    });
  steps.push({ time: iso(d1 + 48 * H), data: { instant: { details: { air_temperature: 7 } } } });
  const body: TMetForecast = {
    type: "Feature",
    geometry: { coordinates: [0, 51.5, 25] },
    properties: {
      meta: { updated_at: iso(d1), units: { air_temperature: "celsius", wind_speed: "m/s" } },
      timeseries: steps,
    },
  };
  const s = aggregateMetNorway(body, {
    latitude: 51.5,
    longitude: 0,
    start: "2026-12-01",
    end: "2026-12-03",
    utcOffsetMinutes: 0,
  });

  it("hourly day: extremes and means from the instants, 1-hour precipitation only", () => {
    const d = s.days[0]!;
    expect(d).toMatchObject({ date: "2026-12-01", tmaxC: 21.5, tminC: 10, rhmaxPct: 90, rhminPct: 67, tdewC: 5 });
    expect(d.tmeanC).toBeCloseTo(15.75, 2);
    expect(d.precipMm).toBe(12); // 24 × 0.5 (the overlapping 6-hour sums are not added)
    expect(d.wind2mMs).toBeCloseTo(windAt2m(3, 10), 2); // 12 h at 2 m/s and 12 h at 4 m/s
  });
  it("6-hourly day: each step weighs 6 h, 6-hour max/min count, precipitation summed", () => {
    const d = s.days[1]!;
    expect(d).toMatchObject({ date: "2026-12-02", tmaxC: 15, tminC: 6, precipMm: 4.8 });
    expect(d.wind2mMs).toBeCloseTo(windAt2m((6 + 3 + 3 + 3) / 4, 10), 2);
    expect(d.tmeanC).toBeCloseTo(9.5, 2);
  });
  it("leaves out a day it covers only in part", () => {
    expect(s.days.map((d) => d.date)).toEqual(["2026-12-01", "2026-12-02"]);
  });
  it("days follow the place's zone", () => {
    const tz = aggregateMetNorway(body, {
      latitude: 51.5,
      longitude: 0,
      start: "2026-11-30",
      end: "2026-12-03",
      timezone: "America/Sao_Paulo",
    });
    // UTC−3: local 2026-12-01 runs 03:00Z..03:00Z: hourly instants 03Z..23Z (11.5 … 21.5 °C) plus the
    // 00Z Dec 2 step (local 21:00, 8 °C); that step's 6-hour window (midpoint 03Z) belongs to Dec 2.
    expect(tz.days[0]!.date).toBe("2026-12-01");
    expect(tz.days[0]).toMatchObject({ tminC: 8, tmaxC: 21.5 });
  });
});

describe("NWS days", () => {
  const layer = (uom: string, values: [string, number | null][]) => ({
    uom,
    values: values.map(([validTime, value]) => ({ validTime, value })),
  });
  const g = {
    elevation: { unitCode: "wmoUnit:m" as const, value: 3.96 },
    temperature: layer("wmoUnit:degC", [
      ["2026-12-01T00:00:00+00:00/PT6H", 10],
      ["2026-12-01T06:00:00+00:00/PT13H", 20],
      ["2026-12-01T19:00:00+00:00/PT5H", 12],
      ["2026-12-02T00:00:00+00:00/P1DT6H", null],
    ]),
    maxTemperature: layer("wmoUnit:degC", [["2026-12-01T07:00:00+00:00/PT13H", 22]]),
    relativeHumidity: layer("wmoUnit:percent", [["2026-12-01T00:00:00+00:00/P1D", 60]]),
    windSpeed: layer("wmoUnit:km_h-1", [
      ["2026-12-01T00:00:00+00:00/PT12H", 18],
      ["2026-12-01T12:00:00+00:00/PT12H", 36],
    ]),
    quantitativePrecipitation: layer("wmoUnit:mm", [
      ["2026-12-01T00:00:00+00:00/PT6H", 3],
      ["2026-12-01T06:00:00+00:00/P1DT6H", 6],
    ]),
  };
  const s = aggregateNws(g, {
    latitude: 30,
    longitude: -85,
    start: "2026-12-01",
    end: "2026-12-02",
    utcOffsetMinutes: 0,
  });
  it("expands intervals to hours, km/h → m/s at 2 m, spreads amounts over their hours", () => {
    expect(s.days).toHaveLength(1);
    const d = s.days[0]!;
    expect(d).toMatchObject({ tmaxC: 22, tminC: 10, rhmeanPct: 60, rsMJm2: null });
    expect(d.tmeanC).toBeCloseTo((6 * 10 + 13 * 20 + 5 * 12) / 24, 2);
    // 18 km/h = 5 m/s, 36 km/h = 10 m/s, 12 h each
    expect(d.wind2mMs).toBeCloseTo(windAt2m(7.5, 10), 2);
    // 3 mm + 18 of the 30 hours of 6 mm
    expect(d.precipMm).toBeCloseTo(3 + (6 * 18) / 30, 2);
    expect(s.elevationM).toBe(3.96);
  });
});

describe("rate limit", () => {
  it("spaces requests at the configured rate", async () => {
    resetRateLimits();
    const t = Date.now();
    for (let i = 0; i < 4; i++) await take("test-source", 20);
    // burst 20 → no wait
    expect(Date.now() - t).toBeLessThan(50);
    resetRateLimits();
    const t3 = Date.now();
    await Promise.all([take("one", 1), take("one", 1)]); // burst 1: the second waits ~1 s
    expect(Date.now() - t3).toBeGreaterThanOrEqual(900);
  });
});
