import { describe, expect, it } from "vitest";
import { dateMetric, metricDelta, metricRows, numberMetric } from "./run-metrics";

describe("run metrics side by side", () => {
  it("deltas: numbers subtract, dates count whole days, anything missing is null", () => {
    expect(metricDelta("number", 12, 20)).toBe(8);
    expect(metricDelta("number", 0.5, 0.25)).toBe(-0.25);
    expect(metricDelta("date", "2026-12-28", "2027-01-04")).toBe(7);
    expect(metricDelta("date", "2027-01-04", "2026-12-28")).toBe(-7);
    expect(metricDelta("number", null, 3)).toBeNull();
    expect(metricDelta("number", 3, null)).toBeNull();
    expect(metricDelta("date", "not a day", "2027-01-04")).toBeNull();
    expect(metricDelta("number", "2027-01-04", 3)).toBeNull();
  });

  it("lines metrics up by key across runs, with each run's delta against the first", () => {
    const a = [numberMetric("periods.P85", "periods", "P85 (periods)", 12, { of: "P85", unit: "periods" })];
    const b = [
      numberMetric("periods.P85", "periods", "P85 (periods)", 15, { of: "P85", unit: "periods" }),
      dateMetric("date.P85", "date", "P85 date", "2027-01-04", "P85"),
    ];
    const c = [numberMetric("periods.P85", "periods", "P85 (periods)", 10, { of: "P85", unit: "periods" })];
    const rows = metricRows([a, b, c]);
    expect(rows).toEqual([
      {
        key: "periods.P85",
        name: "periods",
        of: "P85",
        label: "P85 (periods)",
        kind: "number",
        unit: "periods",
        values: [12, 15, 10],
        deltas: [null, 3, -2],
      },
      {
        key: "date.P85",
        name: "date",
        of: "P85",
        label: "P85 date",
        kind: "date",
        values: [null, "2027-01-04", null],
        deltas: [null, null, null],
      },
    ]);
  });

  it("keeps NaN and infinities out (JSON cannot carry them)", () => {
    expect(numberMetric("x", "x", "x", Number.NaN).value).toBeNull();
    expect(numberMetric("x", "x", "x", Number.POSITIVE_INFINITY).value).toBeNull();
    expect(numberMetric("x", "x", "x", undefined).value).toBeNull();
  });
});
