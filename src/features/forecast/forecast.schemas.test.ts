import { describe, expect, it } from "vitest";
import {
  ZForecastHowManyInput,
  ZForecastHowManyRunInput,
  ZForecastWhenInput,
  ZStartForecastInput,
  withDefaults,
  type TForecastWhenInputRaw,
} from "./forecast.schemas";

const base = { samples: [1, 3, 5], backlog: 10 };

/** "path: message" for every issue, or "ok". */
function problems(input: unknown): string[] | "ok" {
  const r = ZForecastWhenInput.safeParse(input);
  return r.success ? "ok" : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}
const with_ = (extra: Partial<Record<keyof TForecastWhenInputRaw | string, unknown>>) =>
  problems({ ...base, ...extra });

describe("ZForecastWhenInput", () => {
  it("applies the documented defaults and leaves the seed to the caller", () => {
    expect(ZForecastWhenInput.parse(base)).toEqual({
      ...base,
      trials: 10_000,
      percentiles: [50, 70, 85, 95],
      periodDays: 7,
    });
  });

  it("accepts every field at its limits", () => {
    expect(
      with_({
        samples: [0, 1_000_000, 2.5],
        backlog: { min: 0, max: 1_000_000 },
        trials: 10_000_000,
        seed: 4_294_967_295,
        percentiles: [0.1, 99.9],
        focus: 1,
        startDate: "2024-02-29",
        periodDays: 31,
        deadline: "2024-03-01",
        maxPeriods: 5_200,
      }),
    ).toBe("ok");
    expect(with_({ trials: 1, seed: 0, periodDays: 1, maxPeriods: 1, backlog: 0, focus: 0.01 })).toBe("ok");
    expect(with_({ samples: new Array(10_000).fill(1) })).toBe("ok");
  });

  it.each([
    [{ samples: [] }, "samples: samples must contain at least 1 value"],
    [{ samples: new Array(10_001).fill(1) }, "samples: samples must contain at most 10,000 values"],
    [{ samples: [1, -1] }, "samples.1: each sample must be at least 0"],
    [{ samples: [1_000_001] }, "samples.0: each sample must be at most 1,000,000"],
    [{ samples: [1, "2"] }, "samples.1: each sample must be a number"],
    [{ samples: "1,2" }, "samples: samples must be a list of numbers"],
    [{ samples: [0, 0] }, "samples: samples must not all be zero: the backlog would never be finished"],
    [{ samples: undefined }, "samples: samples is required"],
    [{ backlog: undefined }, "backlog: backlog is required"],
    [{ backlog: -1 }, "backlog: backlog must be at least 0"],
    [{ backlog: 1_000_001 }, "backlog: backlog must be at most 1,000,000"],
    [{ backlog: 2.5 }, "backlog: backlog must be a whole number"],
    [{ backlog: "10" }, "backlog: backlog must be a whole number or a range { min, max } of whole numbers"],
    [{ backlog: { min: 5, max: 2 } }, "backlog.min: backlog.min must be at most backlog.max"],
    [{ trials: 0 }, "trials: trials must be at least 1"],
    [{ trials: 10_000_001 }, "trials: trials must be at most 10,000,000"],
    [{ trials: 1.5 }, "trials: trials must be a whole number"],
    [{ seed: -1 }, "seed: seed must be at least 0"],
    [{ seed: 4_294_967_296 }, "seed: seed must be at most 4,294,967,295"],
    [{ percentiles: [] }, "percentiles: percentiles must contain at least 1 value"],
    [{ percentiles: new Array(21).fill(50) }, "percentiles: percentiles must contain at most 20 values"],
    [{ percentiles: [100] }, "percentiles.0: each percentile must be greater than 0 and less than 100"],
    [{ percentiles: [0] }, "percentiles.0: each percentile must be greater than 0 and less than 100"],
    [{ focus: 0 }, "focus: focus must be greater than 0 and at most 1"],
    [{ focus: 1.01 }, "focus: focus must be greater than 0 and at most 1"],
    [{ startDate: "2023-02-29" }, "startDate: startDate must be a real calendar date written YYYY-MM-DD"],
    [{ startDate: "01/02/2024" }, "startDate: startDate must be a real calendar date written YYYY-MM-DD"],
    [{ periodDays: 0 }, "periodDays: periodDays must be at least 1"],
    [{ periodDays: 32 }, "periodDays: periodDays must be at most 31"],
    [{ deadline: "2024-05-01" }, "deadline: deadline needs a startDate"],
    [{ startDate: "2024-05-01", deadline: "2024-05-01" }, "deadline: deadline must be after startDate"],
    [{ maxPeriods: 0 }, "maxPeriods: maxPeriods must be at least 1"],
    [{ maxPeriods: 5_201 }, "maxPeriods: maxPeriods must be at most 5,200"],
    [{ sample: [1] }, ": unknown field: sample"],
  ])("rejects %j with a message naming the field and the limit", (extra, message) => {
    expect(with_(extra)).toEqual([message]);
  });

  it("rejects a non-object", () => {
    expect(problems(null)).toEqual([": input must be a JSON object"]);
    expect(problems([1, 2])).toEqual([": input must be a JSON object"]);
  });

  it("allows all-zero samples for an empty backlog", () => {
    expect(with_({ samples: [0, 0], backlog: 0 })).toBe("ok");
  });
});

describe("withDefaults", () => {
  it("fills a missing seed from the supplied source", () => {
    const parsed = ZForecastWhenInput.parse(base);
    expect(withDefaults(parsed, () => 1234).seed).toBe(1234);
  });
  it("keeps a given seed (including 0) and does not call the source", () => {
    const parsed = ZForecastWhenInput.parse({ ...base, seed: 0 });
    expect(
      withDefaults(parsed, () => {
        throw new Error("must not be called");
      }).seed,
    ).toBe(0);
  });
  it("refuses a seed source that returns something out of range", () => {
    expect(() => withDefaults(ZForecastWhenInput.parse(base), () => -1)).toThrow(RangeError);
    expect(() => withDefaults(ZForecastWhenInput.parse(base), () => 0.5)).toThrow(RangeError);
  });
});

describe("ZStartForecastInput (what the workers run: split into chunk runs when large)", () => {
  const start = (trials: number) => {
    const r = ZStartForecastInput.safeParse({ ...base, trials });
    return r.success ? "ok" : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  it("allows 10^9 trials, and no more; the one-process input (the CLI's) stays at 10^7", () => {
    expect(start(1_000_000_000)).toBe("ok");
    expect(start(1_000_000_001)).toEqual(["trials: trials must be at most 1,000,000,000"]);
    expect(with_({ trials: 1_000_000_000 })).toEqual(["trials: trials must be at most 10,000,000"]);
    const many = { samples: [1, 2], periods: 4 };
    expect(ZForecastHowManyRunInput.safeParse({ ...many, trials: 1_000_000_000 }).success).toBe(true);
    expect(ZForecastHowManyRunInput.safeParse({ ...many, trials: 1_000_000_001 }).error?.issues[0]?.message).toBe(
      "trials must be at most 1,000,000,000",
    );
    expect(ZForecastHowManyInput.safeParse({ ...many, trials: 10_000_001 }).success).toBe(false);
  });
});

describe("precision (stop when a percentile is known well enough)", () => {
  it("accepts a target in periods or days (when) and in items (how many)", () => {
    expect(with_({ precision: { percentile: 85, within: 0.5 } })).toBe("ok");
    expect(with_({ precision: { percentile: 1, within: 100_000, unit: "days" } })).toBe("ok");
    expect(
      ZForecastHowManyInput.safeParse({ samples: [1], periods: 4, precision: { percentile: 99, within: 2 } }).success,
    ).toBe(true);
  });

  it.each([
    [{ percentile: 85, within: 0 }, "precision.within: precision.within must be more than 0"],
    [{ percentile: 85, within: -0.5 }, "precision.within: precision.within must be more than 0"],
    [{ percentile: 85, within: 100_001 }, "precision.within: precision.within must be at most 100,000"],
    [
      { percentile: 0, within: 1 },
      "precision.percentile: precision.percentile must be between 1 and 99 (a whole number)",
    ],
    [
      { percentile: 100, within: 1 },
      "precision.percentile: precision.percentile must be between 1 and 99 (a whole number)",
    ],
    [
      { percentile: 85.5, within: 1 },
      "precision.percentile: precision.percentile must be between 1 and 99 (a whole number)",
    ],
    [{ percentile: 85 }, "precision.within: precision.within is required"],
    [{ percentile: 85, within: 1, unit: "weeks" }, "precision.unit: precision.unit must be one of periods, days"],
    [{ percentile: 85, within: 1, extra: 1 }, "precision: unknown field in precision: extra"],
    ["P85", "precision: precision must be an object"],
  ])("%j → %s", (precision, message) => {
    expect(with_({ precision })).toEqual([message]);
  });

  it("how many takes items only", () => {
    const r = ZForecastHowManyInput.safeParse({
      samples: [1],
      periods: 4,
      precision: { percentile: 85, within: 1, unit: "days" },
    });
    expect(r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "precision.unit: precision.unit must be one of items",
    ]);
  });
});
