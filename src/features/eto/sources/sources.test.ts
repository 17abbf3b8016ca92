/** The weather clients against the replay server (src/test/weather-replay-server.ts). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { startWeatherReplay, type WeatherReplay } from "@/test/weather-replay-server";
import fill from "./fixtures/nasa-power-ag-fill.json";
import omError from "./fixtures/open-meteo-error.json";
import horizon from "./fixtures/open-meteo-forecast-horizon.json";
import { syntheticDay } from "./fixtures/synthetic-climate";
import {
  fetchDailyWeather,
  fetchMetNorway,
  fetchNasaPower,
  fetchNws,
  fetchOpenMeteo,
  lookupElevation,
  monthChunks,
  resetMetNorwayStore,
  resetRateLimits,
  WeatherSourceError,
} from "./index";

const NOW = new Date("2026-11-26T12:00:00Z");
const SP = { latitude: -22.72, longitude: -47.63 };
let replay: WeatherReplay;
const saved = { ...process.env };

beforeAll(async () => {
  replay = await startWeatherReplay({ now: () => NOW });
  Object.assign(process.env, replay.env, {
    WEATHER_TIMEOUT_MS: "300",
    WEATHER_RETRIES: "2",
    WEATHER_RETRY_BASE_MS: "5",
    WEATHER_RETRY_AFTER_MAX_MS: "5000",
    WEATHER_RATE_LIMITS: "nasa-power=1000,open-meteo-archive=1000,open-meteo-forecast=1000,met-norway=1000,nws=1000",
  });
  resetEnvCache();
});
afterAll(async () => {
  await replay.close();
  process.env = saved;
  resetEnvCache();
});
beforeEach(() => {
  replay.requests.length = 0;
  resetRateLimits();
  resetMetNorwayStore();
});

const fails = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WeatherSourceError);
  return e as WeatherSourceError;
};

describe("NASA POWER", () => {
  it("reads properties.parameter by YYYYMMDD, AG units, WS2M as 2 m wind, grid-cell elevation", async () => {
    const s = await fetchNasaPower({ ...SP, start: "2025-01-01", end: "2025-01-31" });
    expect(s.days).toHaveLength(31);
    const want = syntheticDay(SP.latitude, SP.longitude, "2025-01-15");
    const row = s.days[14]!;
    expect(row).toMatchObject({ date: "2025-01-15", tmaxC: want.tmaxC, tminC: want.tminC, wind2mMs: want.wind2mMs });
    expect(row.rsMJm2).toBe(want.rsMJm2);
    expect(row.rsMJm2!).toBeGreaterThan(12);
    expect(row.tmaxC!).toBeGreaterThan(24);
    expect(s.elevationM).toBeGreaterThan(0);
    const q = replay.requests[0]!.query;
    expect(q).toMatchObject({ community: "AG", start: "20250101", end: "20250131", format: "JSON" });
    expect(replay.requests[0]!.userAgent).toMatch(/^Fluxo\//);
  });
  it("turns −999 into null", async () => {
    replay.setFault("nasa-power", { kind: "fixture", body: fill, times: 1 });
    const s = await fetchNasaPower({ ...SP, start: "2025-01-10", end: "2025-01-11" });
    expect(s.days[1]).toMatchObject({ date: "2025-01-11", tminC: null, rsMJm2: null, precipMm: 14.62 });
    expect(s.days[0]).toMatchObject({ tminC: 19.05, rsMJm2: 22.37, rhmeanPct: 74.19, tdewC: 19.6 });
  });
  it("converts kWh m⁻² d⁻¹ to MJ (×3.6) when the answer says so", async () => {
    const body = structuredClone(fill);
    body.parameters.ALLSKY_SFC_SW_DWN.units = "kW-hr/m^2/day";
    replay.setFault("nasa-power", { kind: "fixture", body, times: 1 });
    const s = await fetchNasaPower({ ...SP, start: "2025-01-10", end: "2025-01-11" });
    expect(s.days[0]!.rsMJm2).toBeCloseTo(22.37 * 3.6, 10);
  });
  it("retries after a 500 and succeeds", async () => {
    replay.setFault("nasa-power", { kind: "status", status: 500, times: 1 });
    const s = await fetchNasaPower({ ...SP, start: "2025-02-01", end: "2025-02-02" });
    expect(s.days).toHaveLength(2);
    expect(replay.requests.map((r) => r.status)).toEqual([500, 200]);
  });
  it("gives up as unavailable after the retries", async () => {
    replay.setFault("nasa-power", { kind: "status", status: 503 });
    const e = await fails(fetchNasaPower({ ...SP, start: "2025-02-01", end: "2025-02-02" }));
    replay.setFault("nasa-power", null);
    expect(e.kind).toBe("unavailable");
    expect(e.message).toMatch(/HTTP 503.*after 3 attempts/);
  });
  it("honours Retry-After on 429", async () => {
    replay.setFault("nasa-power", { kind: "rate-limit", retryAfterSec: 1, times: 1 });
    const t = Date.now();
    await fetchNasaPower({ ...SP, start: "2025-02-01", end: "2025-02-01" });
    expect(Date.now() - t).toBeGreaterThanOrEqual(950);
    expect(replay.requests.map((r) => r.status)).toEqual([429, 200]);
  });
  it("fails at once as rate-limited when Retry-After is over the bound", async () => {
    replay.setFault("nasa-power", { kind: "rate-limit", retryAfterSec: 3600, times: 1 });
    const e = await fails(fetchNasaPower({ ...SP, start: "2025-02-01", end: "2025-02-01" }));
    expect(e.kind).toBe("rate-limited");
    expect(replay.requests).toHaveLength(1);
  });
  it("times out a hanging answer", async () => {
    replay.setFault("nasa-power", { kind: "hang" });
    const e = await fails(fetchNasaPower({ ...SP, start: "2025-02-01", end: "2025-02-01" }));
    replay.setFault("nasa-power", null);
    expect(e.kind).toBe("unavailable");
    expect(e.message).toMatch(/within 300 ms/);
    expect(replay.requests).toHaveLength(3);
  });
  it("refuses malformed JSON and a wrong shape, naming source and path", async () => {
    replay.setFault("nasa-power", { kind: "malformed", times: 1 });
    let e = await fails(fetchNasaPower({ ...SP, start: "2025-02-01", end: "2025-02-01" }));
    expect(e).toMatchObject({ kind: "bad-response" });
    expect(e.message).toMatch(/^nasa-power: .*not JSON/);
    const body = structuredClone(fill) as unknown as { properties: { parameter: Record<string, unknown> } };
    body.properties.parameter.T2M_MAX = { "20250110": "31.4" };
    replay.setFault("nasa-power", { kind: "fixture", body, times: 1 });
    e = await fails(fetchNasaPower({ ...SP, start: "2025-01-10", end: "2025-01-10" }));
    expect(e.message).toMatch(
      /nasa-power: unexpected daily point response at properties\.parameter\.T2M_MAX\.20250110/,
    );
  });
  it("does not retry a 4xx", async () => {
    replay.setFault("nasa-power", { kind: "status", status: 403, times: 3 });
    const e = await fails(fetchNasaPower({ ...SP, start: "2025-02-01", end: "2025-02-01" }));
    replay.setFault("nasa-power", null);
    expect(e).toMatchObject({ kind: "bad-response", status: 403 });
    expect(replay.requests).toHaveLength(1);
  });
});

describe("Open-Meteo", () => {
  it("archive: local days, m/s wind brought to 2 m, its own ETo", async () => {
    const s = await fetchOpenMeteo("open-meteo-archive", { ...SP, start: "2024-12-01", end: "2024-12-31" });
    expect(s.days).toHaveLength(31);
    const want = syntheticDay(SP.latitude, SP.longitude, "2024-12-25");
    expect(s.days[24]!.wind2mMs).toBeCloseTo((want.wind10mMs * 4.87) / Math.log(67.8 * 10 - 5.42), 2);
    expect(s.referenceEtoMm!["2024-12-25"]).toBe(want.etoMm);
    expect(replay.requests[0]!.query).toMatchObject({ wind_speed_unit: "ms", timezone: "auto" });
  });
  it("forecast: km/h converted, nulls at the horizon kept as null", async () => {
    replay.setFault("open-meteo-forecast", { kind: "fixture", body: horizon, times: 1 });
    const s = await fetchOpenMeteo("open-meteo-forecast", { ...SP, start: "2026-12-10", end: "2026-12-11" });
    // 10.8 km/h = 3 m/s at 10 m → 3 · 4.87 / ln(672.58) = 2.244 m/s at 2 m
    expect(s.days[0]!.wind2mMs).toBeCloseTo(2.244, 3);
    expect(s.days[1]).toMatchObject({ tmaxC: null, wind2mMs: null, rsMJm2: null });
    expect(s.referenceEtoMm).toEqual({ "2026-12-10": 5.12, "2026-12-11": null });
    expect(s.elevationM).toBe(566);
  });
  it("HTTP 400 {error, reason} becomes out-of-range with the reason", async () => {
    replay.setFault("open-meteo-archive", { kind: "status", status: 400, body: omError, times: 1 });
    const e = await fails(fetchOpenMeteo("open-meteo-archive", { ...SP, start: "2024-01-01", end: "2024-01-02" }));
    expect(e.kind).toBe("out-of-range");
    expect(e.message).toMatch(/start_date' is out of allowed range/);
  });
  it("looks up elevation", async () => {
    const m = await lookupElevation(SP.latitude, SP.longitude);
    expect(m).toBeGreaterThan(0);
    expect(replay.requests[0]!.path).toBe("/open-meteo/v1/elevation");
  });
});

describe("MET Norway", () => {
  const q = { latitude: -22.723456, longitude: -47.63, elevationM: 571.6, start: "2026-11-27", end: "2026-12-04" };
  it("aggregates hourly then 6-hourly steps to whole local days; no radiation", async () => {
    const s = await fetchMetNorway(q);
    expect(s.days.map((d) => d.date)).toEqual([
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
    ]);
    for (const d of s.days) {
      expect(d.rsMJm2).toBeNull();
      expect(d.tmaxC!).toBeGreaterThan(d.tminC!);
      expect(d.precipMm).not.toBeNull();
    }
    const r = replay.requests[0]!;
    expect(r.query).toEqual({ lat: "-22.7235", lon: "-47.63", altitude: "572" });
    expect(r.userAgent).toMatch(/Fluxo\/.*\(/);
  });
  it("sends If-Modified-Since and reuses the kept body on 304", async () => {
    const a = await fetchMetNorway(q);
    const b = await fetchMetNorway(q);
    expect(b).toEqual(a);
    expect(replay.requests.map((r) => r.status)).toEqual([200, 304]);
    expect(replay.requests[1]!.ifModifiedSince).toBe(new Date("2026-11-26T12:00:00Z").toUTCString());
  });
});

describe("NWS", () => {
  it("refuses a point outside the US as out-of-range", async () => {
    const e = await fails(fetchNws({ ...SP, start: "2026-11-27", end: "2026-11-28" }));
    expect(e.kind).toBe("out-of-range");
    expect(e.message).toMatch(/United States/);
  });
  it("points → gridpoints, durations expanded, km/h → m/s, days in the point's zone", async () => {
    const s = await fetchNws({ latitude: 30, longitude: -85, start: "2026-11-27", end: "2026-12-01" });
    expect(replay.requests.map((r) => r.path)).toEqual([
      "/nws/points/30,-85",
      expect.stringMatching(/^\/nws\/gridpoints\/TAE\/\d+,\d+$/),
    ]);
    expect(s.days).toHaveLength(5);
    for (const d of s.days) {
      expect(d.wind2mMs!).toBeGreaterThan(0.5);
      expect(d.wind2mMs!).toBeLessThan(4);
      expect(d.rsMJm2).toBeNull();
    }
  });
});

describe("fetchDailyWeather", () => {
  it("refuses dates a source cannot serve, naming the field and the range", async () => {
    let e = await fails(
      fetchDailyWeather("nasa-power", { ...SP, start: "1975-01-01", end: "1975-01-31" }, { now: NOW }),
    );
    expect(e).toMatchObject({ kind: "out-of-range" });
    expect(e.extra.field).toBe("start");
    expect(e.message).toMatch(/start 1975-01-01 .* nasa-power serves 1981-01-01 \.\. 2026-11-24/);
    e = await fails(fetchDailyWeather("met-norway", { ...SP, start: "2026-11-27", end: "2026-12-20" }, { now: NOW }));
    expect(e.extra.field).toBe("end");
    expect(e.message).toMatch(/2026-11-25 \.\. 2026-12-05/);
    expect(replay.requests).toHaveLength(0);
  });
  it("serves the second call from the cache", async () => {
    const q = { ...SP, start: "2025-03-01", end: "2025-03-10" };
    const a = await fetchDailyWeather("open-meteo-archive", q, { now: NOW });
    const b = await fetchDailyWeather("open-meteo-archive", q, { now: NOW });
    expect(b).toEqual(a);
    expect(replay.requests).toHaveLength(1);
  });
  it("cuts a range into calendar months clipped to the coverage", () => {
    expect(monthChunks("2025-01-25", "2025-03-02", "1981-01-01", "2026-11-24")).toEqual([
      { month: "2025-01", start: "2025-01-01", end: "2025-01-31" },
      { month: "2025-02", start: "2025-02-01", end: "2025-02-28" },
      { month: "2025-03", start: "2025-03-01", end: "2025-03-31" },
    ]);
    expect(monthChunks("2026-10-20", "2026-11-24", "1981-01-01", "2026-11-24")).toEqual([
      { month: "2026-10", start: "2026-10-01", end: "2026-10-31" },
      { month: "2026-11", start: "2026-11-01", end: "2026-11-24" },
    ]);
    expect(monthChunks("2024-02-10", "2024-02-10", "2024-02-05", "2024-02-20")).toEqual([
      { month: "2024-02", start: "2024-02-05", end: "2024-02-20" },
    ]);
  });
  it("across a month boundary gives exactly the days asked for, one request per month", async () => {
    const q = { latitude: -5.09, longitude: -42.8, start: "2025-01-25", end: "2025-02-03" };
    for (const source of ["nasa-power", "open-meteo-archive"] as const) {
      replay.requests.length = 0;
      const s = await fetchDailyWeather(source, q, { now: NOW });
      expect(s.days.map((d) => d.date)).toEqual([
        ...["25", "26", "27", "28", "29", "30", "31"].map((d) => `2025-01-${d}`),
        "2025-02-01",
        "2025-02-02",
        "2025-02-03",
      ]);
      expect(replay.requests.filter((r) => r.source === source)).toHaveLength(2);
      if (source === "open-meteo-archive") expect(Object.keys(s.referenceEtoMm ?? {})).toHaveLength(10);
    }
  });
  it("a prefetch of the last 14 days serves a later run over another range in those months", async () => {
    const place = { latitude: -15.6, longitude: -56.1, elevationM: 165, timezone: "America/Cuiaba" };
    // eto.prefetch: yesterday and the 13 days before, each source clipped to what it serves today.
    await fetchDailyWeather("nasa-power", { ...place, start: "2026-11-12", end: "2026-11-24" }, { now: NOW });
    await fetchDailyWeather("open-meteo-archive", { ...place, start: "2026-11-12", end: "2026-11-21" }, { now: NOW });
    const warmed = replay.requests.length;
    expect(warmed).toBe(2);
    const nasa = await fetchDailyWeather(
      "nasa-power",
      { ...place, start: "2026-11-03", end: "2026-11-20" },
      { now: NOW },
    );
    const archive = await fetchDailyWeather(
      "open-meteo-archive",
      { ...place, start: "2026-11-01", end: "2026-11-09" },
      { now: NOW },
    );
    expect(replay.requests).toHaveLength(warmed);
    expect(nasa.days).toHaveLength(18);
    expect(nasa.days[0]!.date).toBe("2026-11-03");
    expect(archive.days.map((d) => d.date).at(-1)).toBe("2026-11-09");
    expect(archive.days).toHaveLength(9);
  });
});
