import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ZForecastWhenInput } from "./forecast.schemas";
import { ZForecastBacktestInput, ZForecastCutLineInput, ZForecastDeadlineInput } from "./analytics.schemas";

/** "path: message" for every issue, or "ok". */
const problems = (schema: z.ZodType, input: unknown): string[] | "ok" => {
  const r = schema.safeParse(input);
  return r.success ? "ok" : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("forecast.when advanced options", () => {
  const base = { samples: [1, 3, 5], backlog: 10 };
  const check = (extra: object) => problems(ZForecastWhenInput, { ...base, ...extra });

  it("accepts every option at its limits", () => {
    expect(
      check({
        splitRate: [0.001, 10],
        risks: [
          { likelihood: 1, low: 0, mode: 0, high: 1_000_000 },
          { likelihood: 0, low: 2, mode: 2, high: 2 },
        ],
        team: { historical: 1, current: 1_000 },
        sCurve: { min: 0, max: 1_000, size: 50 },
        leadTimes: [0, 3_650],
        periodDays: 1,
        skipWeekends: true,
      }),
    ).toBe("ok");
  });

  it.each([
    [{ splitRate: [] }, "splitRate: splitRate must contain at least 1 value"],
    [{ splitRate: [0] }, "splitRate.0: each split rate must be greater than 0"],
    [{ splitRate: [10.5] }, "splitRate.0: each split rate must be at most 10"],
    [{ splitRate: new Array(1001).fill(1) }, "splitRate: splitRate must contain at most 1,000 values"],
    [
      { risks: [{ likelihood: 1.5, low: 1, mode: 1, high: 1 }] },
      "risks.0.likelihood: risk likelihood must be at most 1",
    ],
    [{ risks: [{ likelihood: 0.5, low: 3, mode: 2, high: 4 }] }, "risks.0.mode: risk mode must be at least risk low"],
    [{ risks: [{ likelihood: 0.5, low: 1, mode: 5, high: 4 }] }, "risks.0.high: risk high must be at least risk mode"],
    [
      { risks: [{ likelihood: 0.5, low: 1, mode: 1, high: 1, extra: 1 }] },
      "risks.0: unknown field in each risk: extra",
    ],
    [
      { risks: new Array(51).fill({ likelihood: 0, low: 0, mode: 0, high: 0 }) },
      "risks: risks must contain at most 50 entries",
    ],
    [{ team: { historical: 0, current: 1 } }, "team.historical: team.historical must be at least 1"],
    [{ team: { historical: 1 } }, "team.current: team.current is required"],
    [{ sCurve: { min: 5, max: 2, size: 10 } }, "sCurve.min: sCurve.min must be at most sCurve.max"],
    [{ sCurve: { min: 1, max: 2, size: 51 } }, "sCurve.size: sCurve.size must be at most 50"],
    [{ leadTimes: [-1] }, "leadTimes.0: each lead time must be at least 0"],
    [{ leadTimes: [3_651] }, "leadTimes.0: each lead time must be at most 3,650"],
    [{ skipWeekends: true }, "skipWeekends: skipWeekends needs daily periods (periodDays 1)"],
    [
      { samples: [0, 0], backlog: 0, risks: [{ likelihood: 0.5, low: 1, mode: 1, high: 2 }] },
      "samples: samples must not all be zero: the backlog would never be finished",
    ],
  ])("rejects %j naming the field and the limit", (extra, message) => {
    expect(check(extra)).toEqual([message]);
  });
});

describe("ZForecastDeadlineInput", () => {
  const base = { samples: [1, 3, 5], backlog: 10, startDate: "2026-01-05", deadline: "2026-03-02" };
  const check = (extra: object) => problems(ZForecastDeadlineInput, { ...base, ...extra });

  it("fills defaults: trend none, weekly periods", () => {
    expect(ZForecastDeadlineInput.parse(base)).toMatchObject({
      trend: "none",
      periodDays: 7,
      trials: 10_000,
      percentiles: [50, 70, 85, 95],
    });
  });

  it.each([
    [{ startDate: undefined }, "startDate: startDate must be a date written YYYY-MM-DD"],
    [{ deadline: "2026-01-05" }, "deadline: deadline must be after startDate"],
    [{ trend: "up" }, "trend: trend must be one of none, recent, fitted"],
    [{ halfLife: 0 }, "halfLife: halfLife must be at least 1"],
    [{ trend: "fitted", samples: [1, 2] }, "samples: a fitted trend needs at least 3 samples"],
    [{ samples: [0, 0, 0] }, "samples: samples must not all be zero: the backlog would never be finished"],
  ])("rejects %j", (extra, message) => {
    expect(check(extra)).toEqual([message]);
  });
});

describe("ZForecastBacktestInput", () => {
  const base = { samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2], backlog: 20 };
  const check = (extra: object) => problems(ZForecastBacktestInput, { ...base, ...extra });

  it("fills defaults: expanding window from 8 periods, step 1, 2,000 trials per fold", () => {
    expect(ZForecastBacktestInput.parse(base)).toMatchObject({ minTrain: 8, step: 1, trials: 2_000 });
  });

  it.each([
    [{ backlog: 0 }, "backlog: backlog must be at least 1"],
    [
      { samples: [1, 2, 3] },
      "samples: samples must contain more than minTrain (8) values: the backtest needs history after the first cut-off",
    ],
    [{ window: 9 }, "window: window must be at most minTrain (8)"],
    [{ trials: 100_001 }, "trials: trials must be at most 100,000"],
    [{ step: 0 }, "step: step must be at least 1"],
  ])("rejects %j", (extra, message) => {
    expect(check(extra)).toEqual([message]);
  });
});

describe("ZForecastCutLineInput", () => {
  const base = {
    samples: [5, 5, 5],
    features: [
      { name: "Login", size: 10 },
      { name: "Reports", size: { min: 5, max: 15 } },
    ],
  };
  const check = (extra: object) => problems(ZForecastCutLineInput, { ...base, ...extra });

  it("accepts features in priority order", () => {
    expect(check({})).toBe("ok");
  });

  it.each([
    [{ features: [] }, "features: features must contain at least 1 feature"],
    [{ features: undefined }, "features: features is required"],
    [{ features: [{ name: " ", size: 1 }] }, "features.0.name: each feature name must not be empty"],
    [
      { features: [{ name: "x".repeat(121), size: 1 }] },
      "features.0.name: each feature name must be at most 120 characters",
    ],
    [
      { features: [{ name: "A", size: { min: 9, max: 3 } }] },
      "features.0.size.min: feature size.min must be at most feature size.max",
    ],
    [{ features: [{ name: "A", size: -1 }] }, "features.0.size: feature size must be at least 0"],
    [
      {
        features: [
          { name: "A", size: 900_000 },
          { name: "B", size: 200_000 },
        ],
      },
      "features: features must add up to at most 1,000,000 items",
    ],
    [{ features: new Array(101).fill({ name: "A", size: 1 }) }, "features: features must contain at most 100 features"],
  ])("rejects %j", (extra, message) => {
    expect(check(extra)).toEqual([message]);
  });
});
