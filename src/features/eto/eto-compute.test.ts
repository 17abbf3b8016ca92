/** The eto.compute pipeline with injected sources: failures recorded, insufficient data loud, CSV and sources by date. */
import { describe, expect, it } from "vitest";
import type { WeatherSource } from "@/domain/eto/weather";
import { computeEto, type ComputeDeps } from "./eto-compute";
import { etoBatchToCsv, etoResultToCsv } from "./eto-csv";
import { summerSeries } from "./eto.fixtures";
import { defaultSources, uncoveredDays } from "./eto-sources";
import { ZEtoComputeTaskInput, ZEtoStartInput, type TEtoComputeResolved } from "./eto-compute.schemas";
import { WeatherSourceError } from "./sources";
import { completeComputeInput, resolveQueued, toTaskInput } from "./eto-resolve";

const TODAY = "2026-11-26";
const input = (o: Partial<TEtoComputeResolved> = {}): TEtoComputeResolved => ({
  location: {
    id: null,
    name: "São Paulo",
    latitude: -23.55,
    longitude: -46.63,
    elevation: 760,
    elevationSource: "entered",
    timezone: null,
  },
  start: "2024-01-01",
  end: "2024-01-31",
  sources: ["nasa-power", "open-meteo-archive"],
  method: "fao56",
  gapMaxDays: 3,
  allowDefaultWind: false,
  ...o,
});

function deps(down: WeatherSource[] = []): ComputeDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    today: TODAY,
    lookupElevation: async () => 760,
    fetchDailyWeather: async (source, q) => {
      asked.push(`${source} ${q.start}..${q.end}`);
      if (down.includes(source)) throw new WeatherSourceError(source, "unavailable", "HTTP 500 after 3 attempts");
      return summerSeries(source, q.start, q.end);
    },
  };
}
const ctx = () => {
  const stages: string[] = [];
  const logs: string[] = [];
  return {
    stages,
    logs,
    signal: new AbortController().signal,
    progress: (_f: number, stage?: string) => void (stage && stages.push(stage)),
    log: async (m: string) => void logs.push(m),
  };
};

describe("computeEto", () => {
  it("fetches, fuses and computes a month with provenance, summary and the Open-Meteo comparison", async () => {
    const c = ctx();
    const r = await computeEto(input(), c, deps());
    expect(r.days).toHaveLength(31);
    for (const d of r.days) {
      expect(d.etoMm).toBeGreaterThan(2);
      expect(d.etoMm).toBeLessThan(7);
    }
    expect(r.days[0]!.provenance.tmaxC).toEqual({
      kind: "fused",
      sources: [
        { source: "nasa-power", weight: 0.58 },
        { source: "open-meteo-archive", weight: 0.42 },
      ],
    });
    expect(r.summary).toMatchObject({ days: 31, sourcesUsed: ["nasa-power", "open-meteo-archive"], failedSources: [] });
    expect(r.comparison).toMatchObject({ days: 31 });
    expect(c.stages).toEqual(
      expect.arrayContaining(["fetch:nasa-power", "fetch:open-meteo-archive", "fusion", "qc", "eto"]),
    );
    expect(JSON.stringify(r).length).toBeLessThan(64_000); // a month stays small
  });

  it("goes on without a failing source and records it", async () => {
    const c = ctx();
    const r = await computeEto(input(), c, deps(["open-meteo-archive"]));
    expect(r.summary.sourcesUsed).toEqual(["nasa-power"]);
    expect(r.summary.failedSources).toEqual([
      { source: "open-meteo-archive", kind: "unavailable", message: "open-meteo-archive: HTTP 500 after 3 attempts" },
    ]);
    expect(r.days[3]!.provenance.tmaxC).toEqual({ kind: "fused", sources: [{ source: "nasa-power", weight: 1 }] });
    expect(r.comparison).toBeNull();
    expect(c.logs[0]).toMatch(/open-meteo-archive failed/);
  });

  it("fails without retry, naming the variable and the days, when every source is down", async () => {
    await expect(computeEto(input(), ctx(), deps(["nasa-power", "open-meteo-archive"]))).rejects.toMatchObject({
      name: "NonRetriableError",
      message: expect.stringMatching(
        /tmaxC is missing on 2024-01-01\.\.2024-01-31 \(31 days\).*Failed sources: nasa-power/,
      ),
    });
  });

  it("looks the elevation up when not given, and asks only for what a source serves", async () => {
    const d = deps();
    const r = await computeEto(
      input({
        location: { ...input().location, elevation: null, elevationSource: null },
        start: "2026-11-10",
        end: "2026-11-25",
        sources: ["nasa-power", "open-meteo-forecast"],
      }),
      ctx(),
      d,
    );
    expect(r.location).toMatchObject({ elevation: 760, elevationSource: "lookup" });
    expect(d.asked.sort()).toEqual(["nasa-power 2026-11-10..2026-11-24", "open-meteo-forecast 2026-11-10..2026-11-25"]);
    expect(r.days.at(-1)!.provenance.tmaxC).toMatchObject({ sources: [{ source: "open-meteo-forecast" }] });
  });

  it("exports a CSV row per day with the inputs and their sources", async () => {
    const csv = etoResultToCsv(await computeEto(input(), ctx(), deps()));
    const lines = csv.trim().split("\n");
    expect(lines).toHaveLength(32);
    expect(lines[0]).toMatch(/^date,eto_mm,reference_eto_mm,tmax_c,tmin_c,.*,tmax_c_source,/);
    expect(lines[1]).toMatch(/^2024-01-01,\d\.\d+,4\.5,/);
    expect(lines[1]).toContain("nasa-power 0.58; open-meteo-archive 0.42");
  });

  it("exports a batch's places: the place's number and location, then each day's columns of its own CSV", async () => {
    const one = await computeEto(input(), ctx(), deps());
    const csv = etoBatchToCsv([
      { index: 2, result: one },
      { index: 6, result: { ...one, location: { ...one.location, name: "Campinas" } } },
    ]);
    const lines = csv.trim().split("\n");
    const single = etoResultToCsv(one).trim().split("\n");
    expect(lines).toHaveLength(1 + 2 * 31);
    expect(lines[0]).toBe(`place,location_id,name,latitude,longitude,${single[0]}`);
    expect(lines[1]).toBe(`3,,São Paulo,-23.55,-46.63,${single[1]}`);
    expect(lines[32]).toBe(`7,,Campinas,-23.55,-46.63,${single[1]}`);
  });
});

describe("sources by date", () => {
  const sp = { latitude: -23.55, longitude: -46.63 };
  it("defaults to the historical pair for the past and the forecasts for the future", () => {
    expect(defaultSources("2024-01-01", "2024-01-31", sp, TODAY)).toEqual(["nasa-power", "open-meteo-archive"]);
    expect(defaultSources("2026-11-27", "2026-12-03", sp, TODAY)).toEqual(["open-meteo-forecast", "met-norway"]);
    expect(defaultSources("2026-11-27", "2026-12-03", { latitude: 40.7, longitude: -74 }, TODAY)).toContain("nws");
  });
  it("names the days no chosen source serves", () => {
    expect(uncoveredDays(["nasa-power"], "2026-11-23", "2026-11-26", TODAY)).toEqual(["2026-11-25", "2026-11-26"]);
  });
});

describe("schemas", () => {
  it("names the field and the limit", () => {
    const r = ZEtoStartInput.safeParse({ latitude: 91, longitude: 0, start: "2024-01-01", end: "2024-01-02" });
    expect(r.error?.issues[0]).toMatchObject({ path: ["latitude"], message: "latitude must be within -90..90 °" });
    const span = ZEtoStartInput.safeParse({ latitude: 1, longitude: 0, start: "2023-01-01", end: "2024-01-02" });
    expect(span.error?.issues[0]?.message).toMatch(/start\.\.end spans 367 days; at most 366/);
    expect(ZEtoStartInput.safeParse({ start: "2024-01-01", end: "2024-01-02" }).error?.issues[0]?.path).toEqual([
      "latitude",
    ]);
    expect(ZEtoComputeTaskInput.safeParse(input()).success).toBe(true);
  });
});

describe("completeComputeInput (schedules, POST /api/v1/runs)", () => {
  it("resolves a point in the eto.start form, passes the queued form, refuses a saved location", () => {
    const done = completeComputeInput({ latitude: -23.55, longitude: -46.63, start: "2024-01-01", end: "2024-01-31" });
    expect(ZEtoComputeTaskInput.parse(done)).toMatchObject({
      location: { latitude: -23.55, elevation: null, elevationSource: null },
      sources: ["nasa-power", "open-meteo-archive"],
      method: "fao56",
      gapMaxDays: 3,
    });
    expect(completeComputeInput(input())).toEqual(input());
    expect(() =>
      completeComputeInput({
        locationId: "00000000-0000-4000-8000-000000000000",
        start: "2024-01-01",
        end: "2024-01-02",
      }),
    ).toThrow(/locationId: a saved location is resolved by eto.start/);
  });
});

describe("relative dates (lastDays, period)", () => {
  const NOW = new Date("2026-11-26T02:30:00Z"); // the 25th in São Paulo
  const point = { latitude: -23.55, longitude: -46.63, elevation: 760 };
  const issue = (v: unknown) => ZEtoStartInput.safeParse(v).error?.issues[0];

  it("accepts exactly one form of the days, naming the field", () => {
    expect(ZEtoStartInput.safeParse({ ...point, lastDays: 7 }).success).toBe(true);
    expect(ZEtoStartInput.safeParse({ ...point, period: "last-month" }).success).toBe(true);
    expect(issue({ ...point })).toMatchObject({
      path: ["start"],
      message: expect.stringMatching(/lastDays or period/),
    });
    expect(issue({ ...point, start: "2024-01-01", end: "2024-01-02", lastDays: 3 })).toMatchObject({
      path: ["lastDays"],
      message: "give the days one way only: start + end, lastDays, or period",
    });
    expect(issue({ ...point, lastDays: 3, period: "this-month" })?.path).toEqual(["period"]);
    expect(issue({ ...point, start: "2024-01-01" })).toMatchObject({
      path: ["end"],
      message: "end is required with start",
    });
    expect(issue({ ...point, lastDays: 367 })).toMatchObject({
      path: ["lastDays"],
      message: "lastDays must be a whole number of days 1..366",
    });
    expect(issue({ ...point, lastDays: 2.5 })?.path).toEqual(["lastDays"]);
    expect(issue({ ...point, period: "last-year" })).toMatchObject({
      path: ["period"],
      message: "period must be one of last-month, this-month, next-7-days",
    });
  });

  it("eto.start resolves the days in the place's zone and records what was asked", () => {
    const form = ZEtoStartInput.parse({ ...point, lastDays: 7 });
    const loc = { ...input().location, timezone: null };
    const t = toTaskInput(form, loc, NOW);
    expect(t).toMatchObject({ start: "2026-11-18", end: "2026-11-24", relative: { lastDays: 7 } });
    expect(t.sources).toEqual(["nasa-power", "open-meteo-archive", "open-meteo-forecast"]);
    const tokyo = toTaskInput(form, { ...loc, timezone: "Asia/Tokyo" }, NOW);
    expect(tokyo).toMatchObject({ start: "2026-11-19", end: "2026-11-25" });
    const next = toTaskInput(ZEtoStartInput.parse({ ...point, period: "next-7-days" }), loc, NOW);
    expect(next).toMatchObject({ start: "2026-11-25", end: "2026-12-01", relative: { period: "next-7-days" } });
  });

  it("refuses a relative range no chosen source serves, naming lastDays", () => {
    const form = ZEtoStartInput.parse({ ...point, lastDays: 30, sources: ["met-norway"] });
    expect(() => toTaskInput(form, input().location, NOW)).toThrow(
      /lastDays \(2026-10-26\.\.2026-11-24\): no chosen source/,
    );
  });

  it("a schedule keeps the range relative; each run resolves it at its own clock", () => {
    const queued = ZEtoComputeTaskInput.parse(completeComputeInput({ ...point, lastDays: 7 }, NOW));
    expect(queued).toMatchObject({ relative: { lastDays: 7 }, location: { latitude: -23.55 } });
    expect(queued.start).toBeUndefined();
    expect(queued.sources).toBeUndefined();
    const tonight = resolveQueued(queued, NOW);
    expect(tonight).toMatchObject({ start: "2026-11-18", end: "2026-11-24", gapMaxDays: 3, method: "fao56" });
    const nextWeek = resolveQueued(queued, new Date("2026-12-03T02:30:00Z"));
    expect(nextWeek).toMatchObject({ start: "2026-11-25", end: "2026-12-01", relative: { lastDays: 7 } });
    // A fixed range passes through as it was queued.
    expect(resolveQueued(input(), NOW)).toEqual(input());
  });

  it("the run result carries the resolved days and what was asked", async () => {
    const r = await computeEto(
      input({ start: "2024-01-01", end: "2024-01-07", relative: { lastDays: 7 } }),
      ctx(),
      deps(),
    );
    expect(r.range).toEqual({ start: "2024-01-01", end: "2024-01-07", relative: { lastDays: 7 } });
  });
});
