import { describe, expect, it } from "vitest";
import { createRng } from "../shared/rng";
import { forecastCutLine, type CutLineInput, type CutLineResult } from "./cutline";
import { ForecastCancelledError } from "./errors";
import { inputError } from "./forecast.fixtures";
import { exactWhenCdf } from "./exact";

const IMPROVINGFLOW = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const LEVELS = [5, 10, 30, 50, 70, 85, 95, 99];
const TOL = 0.015;

type Req = Pick<CutLineInput, "samples" | "features">;
const run = (input: Req & Partial<CutLineInput>, seed = 42) =>
  forecastCutLine({ trials: 10_000, seed, percentiles: LEVELS, ...input }, { rng: createRng(seed) });

/** Reference rule: v is right for q when CDF(v) ≥ q − TOL and CDF(v − 1) < q + TOL. */
function expectWithinRule(cdf: number[], percentiles: Record<string, number | null>) {
  for (const [k, v] of Object.entries(percentiles)) {
    const q = Number(k) / 100;
    expect(v, `P${k}`).not.toBeNull();
    expect(cdf[v!] ?? 1, `CDF(${v}) for P${k}`).toBeGreaterThanOrEqual(q - TOL);
    expect(v === 0 ? 0 : cdf[v! - 1]!, `CDF(${v! - 1}) for P${k}`).toBeLessThan(q + TOL);
  }
}

describe("forecastCutLine", () => {
  it.each([
    [100, 1],
    [{ min: 80, max: 120 }, 2024],
  ] as const)("a single feature is the 'when' forecast (exact oracle, backlog %j)", (size, seed) => {
    const r = run({ samples: IMPROVINGFLOW, features: [{ name: "Only", size }] }, seed);
    expect(r.features[0]!.size).toEqual(typeof size === "number" ? { min: 100, max: 100 } : size);
    expectWithinRule(exactWhenCdf(IMPROVINGFLOW, size, 100), r.features[0]!.percentiles);
    expect(r.didNotFinish).toBe(0);
  });

  it("works features in priority order: [5,5,5] with sizes 10 and 10 finish at 2 and 4", () => {
    const r = run({
      samples: [5, 5, 5],
      features: [
        { name: "Login", size: 10 },
        { name: "Search", size: 10 },
        { name: "Nothing left", size: 0 },
      ],
      startDate: "2024-01-01",
    });
    const at = (p: number) => Object.fromEntries(LEVELS.map((q) => [String(q), p]));
    expect(r.features.map((f) => f.percentiles)).toEqual([at(2), at(4), at(4)]);
    expect(r.features[1]!.dates!["85"]).toBe("2024-01-29");
    expect(r.features[0]!.dates!["50"]).toBe("2024-01-15");
    expect(r.features[0]!.probabilityByDeadline).toBeUndefined();
    expect(r.periodsToDeadline).toBeUndefined();
  });

  it("the second feature follows the cumulative size (A-P3: 20 + 20 items), with fits per level", () => {
    const samples = [2, 3, 4, 5, 6];
    const r = run({
      samples,
      features: [
        { name: "A", size: 20 },
        { name: "B", size: 20 },
      ],
      startDate: "2024-01-01",
      deadline: "2024-03-13", // 10 whole weeks
      percentiles: [50, 70, 85, 95],
    });
    expect(r.periodsToDeadline).toBe(10);
    const [a, b] = r.features as [CutLineResult["features"][0], CutLineResult["features"][0]];
    expectWithinRule(exactWhenCdf(samples, 20, 30), a.percentiles);
    expectWithinRule(exactWhenCdf(samples, 40, 30), b.percentiles);
    expect(Math.abs(a.probabilityByDeadline! - exactWhenCdf(samples, 20, 10)[10]!)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(b.probabilityByDeadline! - 0.54388)).toBeLessThanOrEqual(TOL);
    expect(a.fits).toEqual({ "50": true, "70": true, "85": true, "95": true });
    expect(b.fits).toEqual({ "50": true, "70": false, "85": false, "95": false });
    expect([b.percentiles["50"], b.percentiles["85"], b.dates!["85"]]).toEqual([10, 12, "2024-03-25"]);
  });

  it("is deterministic for a seed and draws ranged sizes per trial", () => {
    const input = {
      samples: IMPROVINGFLOW,
      features: [
        { name: "A", size: { min: 10, max: 30 } },
        { name: "B", size: { min: 5, max: 15 } },
      ],
    };
    expect(run(input, 3)).toEqual(run(input, 3));
    expect(run(input, 3).features[1]!.percentiles).not.toEqual(
      run({ ...input, features: [input.features[1]!] }, 3).features[0]!.percentiles,
    );
  });

  it("leaves features beyond maxPeriods unfinished and counts the trials", () => {
    const r = run({
      samples: [1],
      features: [
        { name: "Fits", size: 5 },
        { name: "Too far", size: 100 },
      ],
      maxPeriods: 50,
      startDate: "2024-01-01",
      periodDays: 1,
      skipWeekends: true,
      deadline: "2024-01-05",
    });
    expect(r.features[0]).toMatchObject({ percentiles: { "50": 5 }, probabilityByDeadline: 0 });
    expect(r.features[0]!.dates!["50"]).toBe("2024-01-08"); // 5 working days after Monday 1 Jan
    expect(r.periodsToDeadline).toBe(4);
    expect(r.features[1]!.percentiles["5"]).toBeNull();
    expect(r.features[1]!.dates!["5"]).toBeNull();
    expect([r.didNotFinish, r.maxPeriods]).toEqual([10_000, 50]);
  });
});

describe("forecastCutLine — refuses bad input", () => {
  const base: Req = { samples: IMPROVINGFLOW, features: [{ name: "A", size: 10 }] };
  const error = (input: Partial<CutLineInput>) => {
    const e = inputError(() => run({ ...base, ...input }));
    return { field: e.field, message: e.message };
  };
  it.each([
    [{ features: [] }, "features"],
    [{ features: Array.from({ length: 101 }, () => ({ name: "x", size: 1 })) }, "features"],
    [{ features: [{ name: " ", size: 1 }] }, "features"],
    [{ features: [{ name: "A", size: -1 }] }, "features"],
    [{ features: [{ name: "A", size: { min: 5, max: 3 } }] }, "features"],
    [{ samples: [0, 0] }, "samples"],
    [{ samples: [] }, "samples"],
    [{ samples: [1, -1] }, "samples"],
    [{ deadline: "2024-01-01" }, "startDate"],
    [{ startDate: "2024-02-01", deadline: "2024-01-01" }, "deadline"],
    [{ startDate: "2024-02-01", skipWeekends: true }, "skipWeekends"],
    [{ trials: 100_000_000, maxPeriods: 5000, features: [{ name: "A", size: 1000 }] }, "trials"],
    [{ maxPeriods: 0 }, "maxPeriods"],
    [{ percentiles: [] }, "percentiles"],
    [{ focus: 0 }, "focus"],
  ] as [Partial<CutLineInput>, string][])("%j → %s", (input, field) => {
    expect(error(input).field).toBe(field);
  });
  it("names the feature and the limit", () => {
    expect(error({ features: [base.features[0]!, { name: "B", size: { min: 5, max: 3 } }] }).message).toBe(
      "features[1].size.min (5) must be at most features[1].size.max (3)",
    );
    expect(error({ features: [] }).message).toMatch(/1 to 100 features/);
  });
});

describe("forecastCutLine — progress and cancellation", () => {
  const input: CutLineInput = {
    samples: IMPROVINGFLOW,
    features: [
      { name: "A", size: 50 },
      { name: "B", size: 50 },
    ],
    trials: 100_000,
    seed: 1,
    percentiles: [85],
  };
  it("reports non-decreasing progress ending at 1", () => {
    const seen: number[] = [];
    forecastCutLine(input, { rng: createRng(1), onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(1);
  });
  it("stops at the next chunk when aborted", () => {
    const signal = { aborted: false };
    let calls = 0;
    const onProgress = () => {
      if (++calls === 2) signal.aborted = true;
    };
    expect(() => forecastCutLine(input, { rng: createRng(1), onProgress, signal })).toThrow(ForecastCancelledError);
    expect(calls).toBe(2);
  });
});
