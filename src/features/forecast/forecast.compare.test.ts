import { describe, expect, it } from "vitest";
import { metricRows } from "@/domain/shared/run-metrics";
import { deadlineMetrics, howManyMetrics, partialMetricsOf, whenMetrics } from "./forecast.compare";

const when = (p85: number, date: string) =>
  ({
    percentiles: { "85": p85, "50": p85 - 3 },
    dates: { "50": "2026-12-01", "85": date },
    mean: p85 - 2,
    cdf: [],
    histogram: [],
    trials: 1000,
    seed: 1,
    didNotFinish: 0,
    maxPeriods: 100,
  }) as never;

describe("forecast numbers compared", () => {
  it("when: each percentile in levels' order with its date, the mean, and deltas in periods and days", () => {
    const a = whenMetrics(when(12, "2026-12-28"));
    expect(a.map((m) => m.key)).toEqual([
      "periods.P50",
      "date.P50",
      "periods.P85",
      "date.P85",
      "mean",
      "didNotFinish",
      "trials",
    ]);
    const rows = metricRows([a, whenMetrics(when(14, "2027-01-11"))]);
    expect(rows.find((r) => r.key === "periods.P85")).toMatchObject({ values: [12, 14], deltas: [null, 2] });
    expect(rows.find((r) => r.key === "date.P85")).toMatchObject({
      kind: "date",
      values: ["2026-12-28", "2027-01-11"],
      deltas: [null, 14],
    });
  });

  it("how many and deadline: items per level and the chance, as a fraction", () => {
    const h = howManyMetrics({ percentiles: { "85": 20 }, mean: 25, trials: 10 } as never);
    expect(h.map((m) => [m.key, m.value])).toEqual([
      ["items.P85", 20],
      ["mean", 25],
      ["trials", 10],
    ]);
    const d = deadlineMetrics({ probability: 0.7, scope: { "85": 30 }, trials: 10 } as never);
    expect(d[0]).toMatchObject({ key: "probability", value: 0.7, unit: "fraction" });
    expect(d[1]).toMatchObject({ key: "scope.P85", value: 30, of: "P85" });
  });

  it("a stopped run's partial result: the same keys as a full result, so it lines up with finished runs", () => {
    const partial = {
      percentiles: { "85": { value: 13, lower: 12, upper: 14 }, "50": { value: 10, lower: 9, upper: 11 } },
      dates: { "85": { value: "2027-01-04", lower: null, upper: null } },
      cdf: [],
      trials: 400,
      didNotFinish: 2,
    };
    const m = partialMetricsOf("when")(partial);
    expect(m.map((x) => [x.key, x.value])).toEqual([
      ["periods.P50", 10],
      ["date.P50", null],
      ["periods.P85", 13],
      ["date.P85", "2027-01-04"],
      ["didNotFinish", 2],
      ["trials", 400],
    ]);
    const rows = metricRows([whenMetrics(when(12, "2026-12-28")), m]);
    expect(rows.find((r) => r.key === "periods.P85")?.deltas).toEqual([null, 1]);
    expect(partialMetricsOf("howMany")(partial)[0]).toMatchObject({ key: "items.P50", value: 10 });
    expect(partialMetricsOf("deadline")({ ...partial, probability: 0.4 })[0]).toMatchObject({
      key: "probability",
      value: 0.4,
    });
    expect(partialMetricsOf("when")({ rows: [] })).toEqual([]);
  });
});
