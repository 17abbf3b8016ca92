import { describe, expect, it } from "vitest";
import {
  backtest,
  createRng,
  forecastCutLine,
  forecastDeadline,
  forecastHowMany,
  forecastWhen,
} from "@/domain/forecast";
import { asDeadlineResult, asHowManyResult, asWhenResult } from "./result-shape";
import { asBacktestResult, asCutLineResult } from "./result-shape-analytics";

const samples = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const common = { samples, trials: 500, seed: 1, percentiles: [50, 85] };
const opts = () => ({ rng: createRng(1) });
/** What a run's result column holds: the engine's result through JSON. */
const stored = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe("result shapes read what the engine returns", () => {
  it("when, with risks and a deadline: burn-up, backlog and risk summary kept", () => {
    const r = forecastWhen(
      {
        ...common,
        backlog: 40,
        startDate: "2024-01-01",
        deadline: "2024-06-03",
        risks: [{ likelihood: 0.5, low: 1, mode: 2, high: 6 }],
      },
      opts(),
    );
    const v = asWhenResult(stored(r))!;
    expect(v.percentiles["85"]).toBe(r.percentiles["85"]);
    expect(v.burnUp?.length).toBeGreaterThan(0);
    expect(v.backlog).toEqual(r.backlog);
    expect(v.riskSummary?.[0]?.rank).toMatch(/HIGH|MEDIUM|LOW/);
    expect(v.probabilityByDeadline).toBe(r.probabilityByDeadline);
  });

  it("how many, deadline, backtest and cut line", () => {
    expect(
      asHowManyResult(stored(forecastHowMany({ ...common, periods: 10 }, opts())))?.percentiles["85"],
    ).toBeGreaterThan(0);
    const d = asDeadlineResult(
      stored(
        forecastDeadline(
          { ...common, backlog: 40, startDate: "2024-01-01", deadline: "2024-03-04", trend: "recent" },
          opts(),
        ),
      ),
    )!;
    expect(d.trend.model).toBe("recent");
    expect(d.trend.halfLife).toBeGreaterThan(0);
    expect(d.baseline?.scope["85"]).toBeGreaterThanOrEqual(0);
    const b = asBacktestResult(
      stored(backtest({ ...common, samples: [...samples, ...samples], backlog: 10 }, opts())),
    )!;
    expect(b.calibration.length).toBeGreaterThan(0);
    expect(b.coverage["85"]?.total).toBeGreaterThan(0);
    const c = asCutLineResult(
      stored(
        forecastCutLine(
          {
            ...common,
            features: [
              { name: "A", size: 5 },
              { name: "B", size: { min: 5, max: 9 } },
            ],
            startDate: "2024-01-01",
            deadline: "2024-03-01",
          },
          opts(),
        ),
      ),
    )!;
    expect(c.features.map((f) => f.size)).toEqual([
      { min: 5, max: 5 },
      { min: 5, max: 9 },
    ]);
    expect(typeof c.features[0]?.fits?.["85"]).toBe("boolean");
  });

  it("anything else is refused, so the caller shows the JSON", () => {
    for (const bad of [
      null,
      3,
      "x",
      [],
      { percentiles: 1 },
      { percentiles: {}, cdf: [{ periods: "a" }], histogram: [] },
    ]) {
      expect(asWhenResult(bad)).toBeNull();
      expect(asHowManyResult(bad)).toBeNull();
      expect(asDeadlineResult(bad)).toBeNull();
      expect(asBacktestResult(bad)).toBeNull();
      expect(asCutLineResult(bad)).toBeNull();
    }
  });
});
