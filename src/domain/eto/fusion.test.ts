import { describe, expect, it } from "vitest";
import { describeDays, fuseDailyWeather, InsufficientWeatherError, type FusionOptions } from "./fusion";
import { forecastRegion, weightOf } from "./fusion-weights";
import { checkRow } from "./qc";
import { daysBetween, fillGaps } from "./gaps";
import { emptyRow, type DailyWeatherRow, type SourceSeries, type WeatherSource } from "./weather";

const SAO_PAULO = { latitude: -23.55, longitude: -46.63 };
const opts = (o: Partial<FusionOptions> = {}): FusionOptions => ({
  start: "2024-01-01",
  end: "2024-01-10",
  site: SAO_PAULO,
  ...o,
});

/** A source's series over the range, `f(i)` giving each day's values (null = the day is absent). */
function series(
  source: WeatherSource,
  f: (i: number, date: string) => Partial<DailyWeatherRow> | null,
  range = daysBetween("2024-01-01", "2024-01-10"),
): SourceSeries {
  const days = range.flatMap((date, i) => {
    const v = f(i, date);
    return v ? [{ ...emptyRow(date), ...v, date }] : [];
  });
  return { source, elevationM: null, days };
}
const full =
  (tmax: number, extra: Partial<DailyWeatherRow> = {}) =>
  () => ({
    tmaxC: tmax,
    tminC: tmax - 10,
    rhmaxPct: 90,
    rhminPct: 50,
    wind2mMs: 2,
    rsMJm2: 20,
    precipMm: 1,
    ...extra,
  });

describe("weights", () => {
  it("uses NASA POWER's calibrated share against Open-Meteo archive, per variable", () => {
    expect(weightOf("nasa-power", "tmaxC", SAO_PAULO)).toBe(0.58);
    expect(weightOf("open-meteo-archive", "rsMJm2", SAO_PAULO)).toBeCloseTo(0.08);
    expect(weightOf("nasa-power", "wind2mMs", SAO_PAULO)).toBe(0.2);
  });
  it("uses regional forecast weights", () => {
    expect(forecastRegion(40.7, -74)).toBe("usa");
    expect(forecastRegion(59.9, 10.7)).toBe("nordic");
    expect(forecastRegion(-23.5, -46.6)).toBe("global");
    expect(weightOf("nws", "tmaxC", { latitude: 40.7, longitude: -74 })).toBe(0.5);
    expect(weightOf("met-norway", "tmaxC", { latitude: 59.9, longitude: 10.7 })).toBe(0.8);
    expect(weightOf("open-meteo-forecast", "tmaxC", SAO_PAULO)).toBe(0.7);
  });
  it("takes a caller's override for one source or one variable", () => {
    expect(weightOf("nasa-power", "tmaxC", SAO_PAULO, { "nasa-power": 1 })).toBe(1);
    expect(weightOf("nasa-power", "tminC", SAO_PAULO, { "nasa-power": { tmaxC: 0.9 } })).toBe(0.52);
  });
});

describe("fuseDailyWeather", () => {
  it("is the per-variable weighted mean of the sources, with provenance", () => {
    const r = fuseDailyWeather(
      [series("nasa-power", full(30, { rsMJm2: 20 })), series("open-meteo-archive", full(32, { rsMJm2: 30 }))],
      opts(),
    );
    expect(r.sourcesUsed).toEqual(["nasa-power", "open-meteo-archive"]);
    const d = r.days[0]!;
    expect(d.values.tmaxC).toBeCloseTo(0.58 * 30 + 0.42 * 32, 10);
    expect(d.values.tminC).toBeCloseTo(0.52 * 20 + 0.48 * 22, 10);
    expect(d.values.rsMJm2).toBeCloseTo(0.92 * 20 + 0.08 * 30, 10);
    expect(d.provenance.tmaxC).toEqual({
      kind: "fused",
      sources: [
        { source: "nasa-power", weight: 0.58 },
        { source: "open-meteo-archive", weight: 0.42 },
      ],
    });
    expect(r.days).toHaveLength(10);
    expect(r.interpolatedDays).toBe(0);
  });

  it("renormalises the weights over the sources present that day", () => {
    const r = fuseDailyWeather(
      [
        series("nasa-power", (i) => (i === 4 ? { tmaxC: null, tminC: 20, wind2mMs: 2 } : full(30)())),
        series("open-meteo-archive", full(32)),
      ],
      opts(),
    );
    expect(r.days[4]!.values.tmaxC).toBe(32);
    expect(r.days[4]!.provenance.tmaxC).toEqual({
      kind: "fused",
      sources: [{ source: "open-meteo-archive", weight: 1 }],
    });
  });

  it("with one source down, fuses what remains and says so", () => {
    const down: SourceSeries = { source: "open-meteo-archive", elevationM: null, days: [] };
    const r = fuseDailyWeather([series("nasa-power", full(30)), down], opts());
    expect(r.sourcesUsed).toEqual(["nasa-power"]);
    expect(r.droppedSources).toMatchObject([{ source: "open-meteo-archive", reason: "no days in the range" }]);
    expect(r.days.every((d) => d.values.tmaxC === 30)).toBe(true);
  });

  it("uses forecast sources only to fill what no historical source has", () => {
    const r = fuseDailyWeather(
      [
        series("nasa-power", (i) => (i < 5 ? full(30)() : null)),
        series("open-meteo-forecast", full(34)),
        series("met-norway", full(24)),
      ],
      opts(),
    );
    expect(r.days[0]!.values.tmaxC).toBe(30);
    expect(r.days[7]!.values.tmaxC).toBeCloseTo(0.7 * 34 + 0.3 * 24, 10);
    expect(r.days[7]!.provenance.tmaxC).toMatchObject({
      kind: "fused",
      sources: [{ source: "open-meteo-forecast" }, { source: "met-norway" }],
    });
  });

  it("refuses physically impossible values (recorded, not clipped) and Tmin above Tmax", () => {
    const r = fuseDailyWeather(
      [
        series("nasa-power", (i) => full(30, i === 2 ? { rsMJm2: 250 } : i === 3 ? { tminC: 35 } : {})()),
        series("open-meteo-archive", full(32)),
      ],
      opts(),
    );
    expect(r.days[2]!.values.rsMJm2).toBe(20); // archive's 20 alone, not a clipped 45
    expect(r.days[3]!.values.tmaxC).toBe(32);
    expect(r.rejected).toEqual(
      expect.arrayContaining([
        { source: "nasa-power", date: "2024-01-03", variable: "rsMJm2", value: 250, reason: "out-of-range" },
        { source: "nasa-power", date: "2024-01-04", variable: "tminC", value: 35, reason: "tmin-above-tmax" },
        { source: "nasa-power", date: "2024-01-04", variable: "tmaxC", value: 30, reason: "tmin-above-tmax" },
      ]),
    );
    expect(r.rejectedCount).toBe(3);
  });

  it("checkRow refuses RH over 100, negative wind and non-finite values", () => {
    const { row, rejections } = checkRow("met-norway", {
      ...emptyRow("2024-01-01"),
      rhmaxPct: 101,
      wind2mMs: -1,
      tmaxC: Number.NaN,
    });
    expect(row.rhmaxPct).toBeNull();
    expect(rejections.map((x) => [x.variable, x.reason])).toEqual([
      ["tmaxC", "not-finite"],
      ["rhmaxPct", "out-of-range"],
      ["wind2mMs", "out-of-range"],
    ]);
  });

  it("drops a source by the circuit breaker when completeness × (1 − refused share) < 60 %", () => {
    // 5 of 10 days present within the source's own span → completeness 0.5.
    const patchy = series("open-meteo-archive", (i) => (i % 2 === 0 ? full(40)() : { tmaxC: null }));
    const r = fuseDailyWeather([series("nasa-power", full(30)), patchy], opts());
    expect(r.sourcesUsed).toEqual(["nasa-power"]);
    expect(r.droppedSources[0]).toMatchObject({ source: "open-meteo-archive", completeness: 0.5, score: 0.5 });
    expect(r.droppedSources[0]!.reason).toMatch(/quality 50 % < 60 %/);
    expect(r.days.every((d) => d.values.tmaxC === 30)).toBe(true);
  });

  it("does not count days outside a source's own span against it (a short forecast)", () => {
    const short = series("met-norway", (i) => (i >= 6 ? full(20)() : null));
    const r = fuseDailyWeather([series("open-meteo-forecast", full(30)), short], opts());
    expect(r.sourcesUsed).toEqual(["open-meteo-forecast", "met-norway"]);
  });

  it("interpolates gaps up to gapMaxDays and marks them", () => {
    const r = fuseDailyWeather(
      [series("nasa-power", (i) => (i >= 3 && i <= 5 ? { ...full(0)(), tmaxC: null, tminC: null } : full(30 + i)()))],
      opts(),
    );
    expect(r.days[4]!.values.tmaxC).toBeCloseTo(34, 10);
    expect(r.days[3]!.provenance.tmaxC).toEqual({ kind: "interpolated", between: ["2024-01-03", "2024-01-07"] });
    expect(r.interpolatedDays).toBe(3);
    expect(r.days[4]!.values.precipMm).toBe(1); // the row had precipitation; nothing interpolated there
  });

  it("refuses a gap longer than gapMaxDays, naming the variable and the days", () => {
    const gappy = series("nasa-power", (i) => (i >= 2 && i <= 5 ? { ...full(0)(), tmaxC: null } : full(30)()));
    expect(() => fuseDailyWeather([gappy], opts({ breakerThreshold: 0 }))).toThrow(
      /tmaxC is missing on 2024-01-03\.\.2024-01-06 \(4 days\)/,
    );
    expect(fuseDailyWeather([gappy], opts({ breakerThreshold: 0, gapMaxDays: 4 })).interpolatedDays).toBe(4);
  });

  it("never extrapolates at the ends of the range", () => {
    const late = series("nasa-power", (i) => (i === 0 ? { tmaxC: null, tminC: 20, wind2mMs: 2 } : full(30)()));
    expect(() => fuseDailyWeather([late], opts())).toThrow(/tmaxC is missing on 2024-01-01 \(1 day\)/);
  });

  it("fails loudly with every source down, naming the variable, the days and the dropped sources", () => {
    const empty = (source: WeatherSource): SourceSeries => ({ source, elevationM: null, days: [] });
    let err: unknown;
    try {
      fuseDailyWeather([empty("nasa-power"), empty("open-meteo-archive")], opts());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InsufficientWeatherError);
    const e = err as InsufficientWeatherError;
    expect(e.variable).toBe("tmaxC");
    expect(e.days).toHaveLength(10);
    expect(e.message).toMatch(/tmaxC is missing on 2024-01-01\.\.2024-01-10 \(10 days\)/);
    expect(e.message).toMatch(/dropped: nasa-power — no days in the range/);
    expect(e.message).toMatch(/no value is invented/);
  });

  it("requires wind unless the FAO default may stand in, and then marks it estimated", () => {
    const noWind = series("met-norway", full(30, { wind2mMs: null }));
    expect(() => fuseDailyWeather([noWind], opts())).toThrow(/wind2mMs is missing/);
    const r = fuseDailyWeather([noWind], opts({ allowDefaultWind: true }));
    expect(r.days[0]!.provenance.wind2mMs).toEqual({ kind: "estimated", method: "fao-default-wind" });
  });

  it("marks missing radiation and humidity as estimated by the engine's rules", () => {
    const bare = series("nws", () => ({ tmaxC: 30, tminC: 20, wind2mMs: 3 }));
    const d = fuseDailyWeather([bare], opts()).days[0]!;
    expect(d.values.rsMJm2).toBeNull();
    expect(d.provenance.rsMJm2).toEqual({ kind: "estimated", method: "hargreaves-rs" });
    expect(d.provenance.rhmaxPct).toEqual({ kind: "estimated", method: "ea-from-tmin" });
    expect(d.provenance.precipMm).toEqual({ kind: "missing" });
  });

  it("passes Open-Meteo's own ETo on for comparison", () => {
    const om = series("open-meteo-archive", full(30));
    om.referenceEtoMm = { "2024-01-01": 5.2 };
    const r = fuseDailyWeather([om], opts());
    expect(r.days[0]!.referenceEtoMm).toBe(5.2);
    expect(r.days[1]!.referenceEtoMm).toBeNull();
  });
});

describe("gaps", () => {
  it("fills interior runs only", () => {
    expect(fillGaps([1, null, 3, null, null, null, null, 8, null], 3)).toEqual({
      values: [1, 2, 3, null, null, null, null, 8, null],
      filled: [1],
    });
  });
  it("lists days across a month end and describes runs", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(describeDays(["2024-01-01", "2024-01-02", "2024-01-05"])).toBe(
      "2024-01-01..2024-01-02, 2024-01-05 (3 days)",
    );
  });
});
