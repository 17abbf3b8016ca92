import { describe, expect, it } from "vitest";
import { etoDaily, etoDailyBatch, etoDailySeries, EtoInputError, dayOfYearOf } from "./index";

const site = { latitude: -22.7, elevation: 546 };
const days = [
  { date: "2025-01-10", tmaxC: 31, tminC: 19, rhmaxPct: 95, rhminPct: 48, wind2mMs: 1.8, rsMJm2: 24 },
  { date: "2025-01-11", tmaxC: 29, tminC: 20, rhmeanPct: 75, wind2mMs: null, rsMJm2: null },
  { date: "2025-01-12", tmaxC: 30, tminC: 18.5, tdewC: 17, wind2mMs: 2.4, rsMJm2: 21 },
];

describe("etoDailySeries", () => {
  it("one result per day, the same as etoDaily; missing wind refused unless allowed, then flagged", () => {
    expect(() => etoDailySeries(days, site)).toThrow(
      expect.objectContaining({ field: "days[1].wind2mMs", message: expect.stringMatching(/2025-01-11/) }),
    );
    const out = etoDailySeries(days, site, "fao56", { allowDefaultWind: true });
    expect(out.map((d) => d.date)).toEqual(days.map((d) => d.date));
    expect(out[1]!.flags).toEqual(["wind-default"]);
    expect(out[1]!.intermediates).toMatchObject({ u2Ms: 2, eaMethod: "rhmean", rsMethod: "hargreaves" });
    expect(out[0]!.flags).toEqual([]);
    const single = etoDaily({
      ...site,
      date: "2025-01-10",
      tmax: 31,
      tmin: 19,
      rhmax: 95,
      rhmin: 48,
      windSpeed: 1.8,
      rs: 24,
    });
    expect(out[0]!.eto).toBe(single.eto);
    expect(out[2]!.intermediates.eaMethod).toBe("tdew");
  });

  it("a day without Tmax, or with radiation in W/m², is refused naming the day and the field", () => {
    expect(() => etoDailySeries([{ ...days[0]!, tmaxC: null }], site)).toThrow(
      expect.objectContaining({ field: "days[0].tmaxC" }),
    );
    expect(() => etoDailySeries([{ ...days[0]!, rsMJm2: 280 }], site)).toThrow(
      expect.objectContaining({ field: "days[0].rsMJm2" }),
    );
    expect(() => etoDailySeries([{ ...days[0]!, date: "2025-13-01" }], site)).toThrow(EtoInputError);
  });
});

describe("etoDailyBatch", () => {
  it("gives exactly etoDaily's value for every location and day", () => {
    const lats = [-33.9, 0.5, 52.1];
    const elevs = [20, 1500, 60];
    const dates = ["2025-01-15", "2025-04-15", "2025-07-15", "2025-10-15"];
    const n = lats.length * dates.length;
    const arr = () => new Float64Array(n);
    const b = {
      latitude: Float64Array.from(lats),
      elevation: Float64Array.from(elevs),
      dayOfYear: Int32Array.from(dates.map((d) => dayOfYearOf(d)!)),
      tmaxC: arr(),
      tminC: arr(),
      rhmaxPct: arr(),
      rhminPct: arr(),
      wind2mMs: arr(),
      rsMJm2: arr(),
    };
    for (let i = 0; i < n; i++) {
      b.tmaxC[i] = 18 + (i % 7) * 2;
      b.tminC[i] = 6 + (i % 5);
      b.rhmaxPct[i] = 80 + (i % 4) * 5;
      b.rhminPct[i] = 30 + (i % 6) * 5;
      b.wind2mMs[i] = 0.5 + (i % 3);
      b.rsMJm2[i] = 4 + (i % 4);
    }
    const out = etoDailyBatch(b);
    lats.forEach((latitude, l) =>
      dates.forEach((date, d) => {
        const i = l * dates.length + d;
        const one = etoDaily({
          latitude,
          elevation: elevs[l]!,
          date,
          tmax: b.tmaxC[i]!,
          tmin: b.tminC[i]!,
          rhmax: b.rhmaxPct[i]!,
          rhmin: b.rhminPct[i]!,
          windSpeed: b.wind2mMs[i]!,
          rs: b.rsMJm2[i]!,
        });
        expect(out[i]).toBe(one.eto);
      }),
    );
    b.tminC[5] = 40;
    expect(() => etoDailyBatch(b)).toThrow(expect.objectContaining({ field: "tminC[5]" }));
    b.tminC[5] = 6;
    b.rsMJm2[7] = 250;
    expect(() => etoDailyBatch(b)).toThrow(expect.objectContaining({ field: "rsMJm2[7]" }));
  });
});
