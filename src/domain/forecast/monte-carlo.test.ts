import { describe, expect, it } from "vitest";
import { createRng } from "../shared/rng";
import { ForecastCancelledError } from "./errors";
import { inputError } from "./forecast.fixtures";
import { exactWhenCdf } from "./exact";
import { forecastWhen, type WhenInput, type WhenResult } from "./monte-carlo";

const IMPROVINGFLOW = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const LEVELS = [5, 10, 20, 30, 40, 50, 60, 70, 80, 85, 90, 95, 97.5, 99];
const TOL = 0.015;

const run = (input: Partial<WhenInput> & Pick<WhenInput, "samples" | "backlog">, seed = 42) =>
  forecastWhen({ trials: 10_000, seed, percentiles: [50, 70, 85, 95], ...input }, { rng: createRng(seed) });

/** Empirical P(T ≤ t) for every t, 0 before the first finisher. */
function empiricalCdf(r: WhenResult, maxT: number): number[] {
  const out = new Array<number>(maxT + 1).fill(0);
  let last = 0;
  const byT = new Map(r.cdf.map((c) => [c.periods, c.p]));
  for (let t = 0; t <= maxT; t++) out[t] = last = byT.get(t) ?? last;
  return out;
}

/** The reference tolerance rule: v is right for q when CDF(v) ≥ q − TOL and CDF(v − 1) < q + TOL. */
function expectPercentileWithinRule(exact: number[], q: number, v: number | null) {
  expect(v, `P${q * 100}`).not.toBeNull();
  const at = exact[v!] ?? 1;
  const before = v! === 0 ? 0 : exact[v! - 1]!;
  expect(at, `CDF(P${q * 100}=${v})`).toBeGreaterThanOrEqual(q - TOL);
  expect(before, `CDF(P${q * 100}-1=${v! - 1})`).toBeLessThan(q + TOL);
}

function expectMatchesOracle(r: WhenResult, samples: number[], backlog: WhenInput["backlog"], maxT: number) {
  const exact = exactWhenCdf(samples, backlog, maxT);
  const emp = empiricalCdf(r, maxT);
  for (let t = 0; t <= maxT; t++) expect(Math.abs(emp[t]! - exact[t]!), `CDF at t=${t}`).toBeLessThanOrEqual(TOL);
  for (const [k, v] of Object.entries(r.percentiles)) expectPercentileWithinRule(exact, Number(k) / 100, v);
  return exact;
}

describe("forecastWhen — reference cases", () => {
  it("A-P1: constant throughput gives 10 periods at every level", () => {
    const r = run({ samples: [5, 5, 5, 5], backlog: 50, percentiles: LEVELS });
    for (const q of LEVELS) expect(r.percentiles[String(q)]).toBe(10);
    expect(r.mean).toBe(10);
    expect(r.cdf).toEqual([{ periods: 10, p: 1 }]);
    expect(r.histogram).toEqual([{ periods: 10, count: 10_000 }]);
    expect(r.didNotFinish).toBe(0);
  });

  it("A-P2: every CDF value and every percentile agrees with the exact oracle (N=10,000)", () => {
    const r = run({ samples: IMPROVINGFLOW, backlog: 100, percentiles: LEVELS }, 2024);
    const exact = expectMatchesOracle(r, IMPROVINGFLOW, 100, 80);
    const exactMean = exact.reduce((s, p) => s + (1 - p), 0);
    expect(Math.abs(r.mean! - exactMean)).toBeLessThan(0.15); // SE ≈ 0.04
    expect(r.trials).toBe(10_000);
    expect(r.histogram.reduce((s, h) => s + h.count, 0)).toBe(10_000);
  });

  it.each([1, 7, 123456, 4294967295])("A-P2 stays within tolerance for seed %i", (seed) => {
    expectMatchesOracle(
      run({ samples: IMPROVINGFLOW, backlog: 100, percentiles: LEVELS }, seed),
      IMPROVINGFLOW,
      100,
      80,
    );
  });

  it("A-P3 and A-P4: percentiles and their calendar dates", () => {
    const r = run({ samples: [2, 3, 4, 5, 6], backlog: 40, startDate: "2024-01-01", percentiles: [50, 70, 85, 95] });
    expectMatchesOracle(r, [2, 3, 4, 5, 6], 40, 30);
    // Only one value satisfies the tolerance rule at 50 and 85 for A-P3, so these are exact.
    expect(r.percentiles["50"]).toBe(10);
    expect(r.percentiles["85"]).toBe(12);
    expect(r.dates?.["85"]).toBe("2024-03-25");
    expect(r.dates?.["50"]).toBe("2024-03-11");
    expect(Math.abs(r.mean! - 10.4375)).toBeLessThan(0.05);
  });

  it("A-P3: probability of meeting a deadline counts whole periods", () => {
    const r = run({ samples: [2, 3, 4, 5, 6], backlog: 40, startDate: "2024-01-01", deadline: "2024-03-13" });
    expect(r.periodsToDeadline).toBe(10); // 72 days = 10 whole weeks
    expect(Math.abs(r.probabilityByDeadline! - 0.54388)).toBeLessThanOrEqual(TOL);
    const daily = run({
      samples: [2, 3, 4, 5, 6],
      backlog: 40,
      startDate: "2024-01-01",
      deadline: "2024-01-11",
      periodDays: 1,
    });
    expect(daily.periodsToDeadline).toBe(10);
    expect(daily.dates?.["50"]).toBe("2024-01-11");
  });

  it("draws a backlog range uniformly per trial", () => {
    const backlog = { min: 100, max: 120 };
    expectMatchesOracle(run({ samples: IMPROVINGFLOW, backlog, percentiles: LEVELS }), IMPROVINGFLOW, backlog, 90);
  });

  it("draws the last sample as often as any other", () => {
    // Only the last sample makes progress: if it were never drawn no trial would finish.
    const r = run({ samples: [0, 0, 0, 10], backlog: 10, maxPeriods: 200 });
    expect(r.cdf[0]!.periods).toBe(1);
    expect(Math.abs(r.cdf[0]!.p - 0.25)).toBeLessThanOrEqual(TOL);
  });

  it("applies focus without floating-point drift", () => {
    expect(run({ samples: [5, 5], backlog: 50, focus: 0.5 }).percentiles["95"]).toBe(20);
    expect(run({ samples: [1], backlog: 1, focus: 0.1 }).percentiles["50"]).toBe(10);
  });

  it("finishes a zero backlog in 0 periods, even with all-zero samples", () => {
    const r = run({ samples: [0, 0], backlog: 0, startDate: "2024-05-06" });
    expect(r.percentiles).toEqual({ "50": 0, "70": 0, "85": 0, "95": 0 });
    expect(r.mean).toBe(0);
    expect(r.dates?.["95"]).toBe("2024-05-06");
  });

  it("counts trials beyond maxPeriods as did-not-finish and leaves unreached percentiles null", () => {
    const samples = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const r = run({ samples, backlog: 5, maxPeriods: 60, percentiles: [50, 95] });
    const exact = exactWhenCdf(samples, 5, 60);
    expect(Math.abs((r.trials - r.didNotFinish) / r.trials - exact[60]!)).toBeLessThanOrEqual(TOL);
    expect(r.didNotFinish).toBeGreaterThan(1000);
    expect(r.percentiles["95"]).toBeNull();
    expect(r.percentiles["50"]).not.toBeNull();
    expect(r.mean).toBeNull();
    expect(r.cdf.at(-1)!.periods).toBeLessThanOrEqual(60);
  });
});

describe("forecastWhen — determinism", () => {
  const input = { samples: IMPROVINGFLOW, backlog: { min: 80, max: 120 } };
  it("gives identical results for the same seed", () => {
    expect(run(input, 11)).toEqual(run(input, 11));
  });
  it("gives a different CDF for a different seed", () => {
    expect(run(input, 11).cdf).not.toEqual(run(input, 12).cdf);
  });
  it("records the seed and trials it was given", () => {
    const r = run(input, 77);
    expect([r.seed, r.trials, r.maxPeriods]).toEqual([77, 10_000, 1000]);
  });
});

describe("forecastWhen — refuses bad input", () => {
  const base = { samples: IMPROVINGFLOW, backlog: 100 };
  const field = (input: Partial<WhenInput>) => {
    const e = inputError(() => run({ ...base, ...input }));
    return { field: e.field, message: e.message };
  };

  it("all-zero samples", () => {
    expect(field({ samples: [0, 0, 0] })).toEqual({
      field: "samples",
      message: expect.stringMatching(/all zero.*never be finished/),
    });
  });
  it("empty, negative and NaN samples", () => {
    expect(field({ samples: [] })).toMatchObject({ field: "samples", message: expect.stringMatching(/at least 1/) });
    expect(field({ samples: [1, -2] })).toMatchObject({
      field: "samples",
      message: expect.stringMatching(/samples\[1\]/),
    });
    expect(field({ samples: [1, Number.NaN] })).toMatchObject({
      field: "samples",
      message: expect.stringMatching(/finite/),
    });
    expect(field({ samples: [1, Number.POSITIVE_INFINITY] }).field).toBe("samples");
  });
  it("a deadline without a startDate", () => {
    expect(field({ deadline: "2024-03-01" }).field).toBe("startDate");
  });
  it("a deadline before the startDate, and impossible dates", () => {
    expect(field({ startDate: "2024-03-01", deadline: "2024-02-01" }).field).toBe("deadline");
    expect(field({ startDate: "2023-02-29" }).field).toBe("startDate");
  });
  it("a backlog that cannot be reached within maxPeriods", () => {
    const e = field({ samples: [0, 0, 0, 1], backlog: 5000 });
    expect(e.field).toBe("backlog");
    expect(e.message).toMatch(/maxPeriods \(1,000\)/);
    expect(field({ backlog: 100, maxPeriods: 10 }).field).toBe("backlog");
  });
  it("more work than the draw limit", () => {
    expect(field({ trials: 100_000_000, backlog: 1000, maxPeriods: 5000 }).field).toBe("trials");
  });
  it("bad backlog, trials, percentiles, focus, periodDays, maxPeriods", () => {
    expect(field({ backlog: -1 }).field).toBe("backlog");
    expect(field({ backlog: 2.5 }).field).toBe("backlog");
    expect(field({ backlog: { min: 5, max: 3 } }).field).toBe("backlog");
    expect(field({ trials: 0 }).field).toBe("trials");
    expect(field({ percentiles: [] }).field).toBe("percentiles");
    expect(field({ percentiles: [100] }).field).toBe("percentiles");
    expect(field({ focus: 0 }).field).toBe("focus");
    expect(field({ focus: 1.5 }).field).toBe("focus");
    expect(field({ periodDays: 0 }).field).toBe("periodDays");
    expect(field({ maxPeriods: 0 }).field).toBe("maxPeriods");
  });
});

describe("forecastWhen — progress and cancellation", () => {
  const input: WhenInput = { samples: IMPROVINGFLOW, backlog: 100, trials: 100_000, seed: 1, percentiles: [85] };

  it("reports non-decreasing progress in [0, 1] that ends at 1", () => {
    const seen: { f: number; stage?: string }[] = [];
    forecastWhen(input, { rng: createRng(1), onProgress: (f, stage) => seen.push({ f, stage }) });
    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.f).toBeGreaterThanOrEqual(seen[i - 1]!.f);
    expect(seen.every((s) => s.f >= 0 && s.f <= 1)).toBe(true);
    expect(seen.at(-1)!.f).toBe(1);
    expect(seen[0]!.stage).toBe("simulating");
    expect(seen.at(-1)!.stage).toBe("summarising");
  });

  it("throws ForecastCancelledError when the signal is aborted mid-run", () => {
    const signal = { aborted: false };
    let calls = 0;
    const onProgress = () => {
      if (++calls === 2) signal.aborted = true;
    };
    let error: unknown;
    try {
      forecastWhen(input, { rng: createRng(1), onProgress, signal });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ForecastCancelledError);
    expect((error as Error).name).toBe("AbortError");
    expect(calls).toBe(2); // stopped at the next chunk boundary
  });

  it("does no work when the signal is already aborted", () => {
    let drawn = 0;
    const rng = () => (drawn++, 0.5);
    expect(() => forecastWhen(input, { rng, signal: { aborted: true } })).toThrow(ForecastCancelledError);
    expect(drawn).toBe(0);
  });
});
