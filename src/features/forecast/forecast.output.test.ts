/** The forecast output schemas: every engine result passes unchanged (byte for byte); malformed results are refused by path. */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  backtest,
  createRng,
  forecastCutLine,
  forecastDeadline,
  forecastHowMany,
  forecastWhen,
} from "@/domain/forecast";
import { firstIssue, parseResult } from "@/runs/task-result";
import {
  ZForecastBacktestResult,
  ZForecastCutLineResult,
  ZForecastDeadlineResult,
  ZForecastHowManyResult,
  ZForecastWhenResult,
} from "./forecast.output";

const samples = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const common = { samples, trials: 500, seed: 1, percentiles: [50, 85] };
const opts = () => ({ rng: createRng(1) });
/** What a run's result column holds: the engine's result through JSON. */
const stored = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/** The executor stores the parsed value: it must be the engine's result, same keys in the same order. */
function passesUnchanged<S extends z.ZodType>(schema: S, result: unknown): z.output<S> {
  const parsed = schema.safeParse(result);
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(result));
  expect(schema.safeParse(stored(result)).success).toBe(true);
  return parsed.data;
}

const cutLineInput = {
  ...common,
  features: [
    { name: "A", size: 5 },
    { name: "B", size: { min: 5, max: 9 } },
  ],
};

describe("forecast output schemas take what the engines return", () => {
  it("when: plain, and with risks, dates and a deadline (burn-up, backlog, risk summary)", () => {
    passesUnchanged(ZForecastWhenResult, forecastWhen({ ...common, backlog: 40 }, opts()));
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
    const v = passesUnchanged(ZForecastWhenResult, r);
    expect(v.burnUp?.length).toBeGreaterThan(0);
    expect(v.riskSummary?.[0]?.rank).toMatch(/HIGH|MEDIUM|LOW/);
    expect(v.probabilityByDeadline).toBe(r.probabilityByDeadline);
  });

  it("when: levels not reached within maxPeriods are null (mean too)", () => {
    const r = forecastWhen(
      { ...common, percentiles: [50, 99], backlog: 72, maxPeriods: 20, startDate: "2024-01-01" },
      opts(),
    );
    expect(r.percentiles["99"]).toBeNull();
    expect(r.dates?.["99"]).toBeNull();
    expect(r.mean).toBeNull();
    passesUnchanged(ZForecastWhenResult, r);
  });

  it("how many, deadline (each trend), backtest and cut line (with and without a deadline)", () => {
    passesUnchanged(ZForecastHowManyResult, forecastHowMany({ ...common, periods: 10 }, opts()));
    for (const trend of ["none", "recent", "fitted"] as const)
      passesUnchanged(
        ZForecastDeadlineResult,
        forecastDeadline({ ...common, backlog: 40, startDate: "2024-01-01", deadline: "2024-03-04", trend }, opts()),
      );
    const b = passesUnchanged(
      ZForecastBacktestResult,
      backtest({ ...common, samples: [...samples, ...samples], backlog: 10 }, opts()),
    );
    expect(b.coverage["85"]?.total).toBeGreaterThan(0);
    passesUnchanged(ZForecastCutLineResult, forecastCutLine(cutLineInput, opts()));
    const c = passesUnchanged(
      ZForecastCutLineResult,
      forecastCutLine({ ...cutLineInput, startDate: "2024-01-01", deadline: "2024-03-01" }, opts()),
    );
    expect(c.features.map((f) => f.size)).toEqual([
      { min: 5, max: 5 },
      { min: 5, max: 9 },
    ]);
    expect(typeof c.features[0]?.fits?.["85"]).toBe("boolean");
  });
});

describe("a malformed result is refused, naming where", () => {
  const issue = (schema: z.ZodType, x: unknown) => {
    const r = schema.safeParse(x);
    return r.success ? "accepted" : firstIssue(r.error);
  };

  it("a wrong type deep inside", () => {
    const r = stored(forecastWhen({ ...common, backlog: 40 }, opts())) as { histogram: { count: unknown }[] };
    r.histogram[0]!.count = "many";
    expect(issue(ZForecastWhenResult, r)).toMatch(/^histogram\.0\.count: .*expected number/);
    const d = stored(
      forecastDeadline({ ...common, backlog: 40, startDate: "2024-01-01", deadline: "2024-03-04" }, opts()),
    ) as { trend: { model: string } };
    d.trend.model = "linear";
    expect(issue(ZForecastDeadlineResult, d)).toMatch(/^trend\.model: /);
  });

  it("a missing part, and anything that is not a result at all", () => {
    const h = stored(forecastHowMany({ ...common, periods: 10 }, opts())) as Record<string, unknown>;
    delete h.mean;
    expect(issue(ZForecastHowManyResult, h)).toMatch(/^mean: /);
    for (const bad of [
      null,
      3,
      "x",
      [],
      { percentiles: 1 },
      { percentiles: {}, cdf: [{ periods: "a" }], histogram: [] },
    ])
      for (const schema of [
        ZForecastWhenResult,
        ZForecastHowManyResult,
        ZForecastDeadlineResult,
        ZForecastBacktestResult,
        ZForecastCutLineResult,
      ])
        expect(parseResult(schema, bad)).toBeNull();
    expect(issue(ZForecastWhenResult, null)).toMatch(/^\(the result itself\): /);
  });
});
