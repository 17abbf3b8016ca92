import { describe, expect, it } from "vitest";
import { etoMetrics } from "./eto.compare";
import { etoOverlay } from "./components/eto-compare-charts";

describe("an ETo comparison", () => {
  it("compares the summary: total, daily mean, lowest, highest and the days", () => {
    const summary = { days: 3, totalMm: 12.5, meanMm: 4.1667, minMm: 3, maxMm: 5.5 };
    const m = etoMetrics({ summary } as never);
    expect(m.map((x) => [x.key, x.value, x.unit])).toEqual([
      ["totalMm", 12.5, "mm"],
      ["meanMm", 4.1667, "mm/day"],
      ["minMm", 3, "mm/day"],
      ["maxMm", 5.5, "mm/day"],
      ["days", 3, "days"],
    ]);
  });

  it("overlays the daily series on the union of their days, with each run's difference to run A", () => {
    const a = [
      { date: "2026-06-01", etoMm: 4 },
      { date: "2026-06-02", etoMm: 5 },
    ];
    const b = [
      { date: "2026-06-02", etoMm: 5.5 },
      { date: "2026-06-03", etoMm: 6 },
    ];
    const o = etoOverlay([a, b, null]);
    expect(o.dates).toEqual(["2026-06-01", "2026-06-02", "2026-06-03"]);
    expect(o.series).toEqual([
      [4, 5, null],
      [null, 5.5, 6],
      [null, null, null],
    ]);
    expect(o.diffs).toEqual([
      [null, 0.5, null],
      [null, null, null],
    ]);
  });
});
