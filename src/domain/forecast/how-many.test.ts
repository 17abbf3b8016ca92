import { describe, expect, it } from "vitest";
import { createRng } from "../shared/rng";
import { ForecastCancelledError, ForecastInputError } from "./errors";
import { exactHowManyPmf } from "./exact";
import { forecastHowMany, type HowManyInput } from "./how-many";

const IMPROVINGFLOW = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const LEVELS = [5, 15, 50, 70, 85, 95, 99];
const TOL = 0.015;

const run = (input: Pick<HowManyInput, "samples" | "periods"> & Partial<HowManyInput>, seed = 42) =>
  forecastHowMany({ trials: 10_000, seed, percentiles: LEVELS, ...input }, { rng: createRng(seed) });

/** P(S ≥ n) from an exact pmf. */
const atLeast = (pmf: number[], n: number) => pmf.slice(Math.max(0, n)).reduce((a, b) => a + b, 0);

/** Reference rule: n is right for q when P(S ≥ n) ≥ q − TOL and P(S ≥ n + 1) < q + TOL. */
function expectWithinRule(pmf: number[], percentiles: Record<string, number>) {
  for (const [k, n] of Object.entries(percentiles)) {
    const q = Number(k) / 100;
    expect(atLeast(pmf, n), `P(S ≥ ${n}) for ${k}%`).toBeGreaterThanOrEqual(q - TOL);
    expect(atLeast(pmf, n + 1), `P(S ≥ ${n + 1}) for ${k}%`).toBeLessThan(q + TOL);
  }
}

describe("forecastHowMany", () => {
  it("A-P1: 4 weeks of [5,5,5,5] gives 20 at every confidence", () => {
    const r = run({ samples: [5, 5, 5, 5], periods: 4 });
    expect(Object.values(r.percentiles)).toEqual(LEVELS.map(() => 20));
    expect(r.mean).toBe(20);
    expect(r.histogram).toEqual([{ items: 20, count: 10_000 }]);
  });

  it.each([3, 42, 999])("A-P2b: 10 weeks of improvingflow data, lower tail, seed %i", (seed) => {
    const r = run({ samples: IMPROVINGFLOW, periods: 10 }, seed);
    expectWithinRule(exactHowManyPmf(IMPROVINGFLOW, 10), r.percentiles);
    expect(Math.abs(r.mean - 38.3333)).toBeLessThan(0.35); // SE ≈ 0.085
  });

  it("A-P3: 6 weeks of [2,3,4,5,6]", () => {
    const r = run({ samples: [2, 3, 4, 5, 6], periods: 6 });
    expectWithinRule(exactHowManyPmf([2, 3, 4, 5, 6], 6), r.percentiles);
    expect(r.percentiles["50"]).toBe(24);
  });

  it("reports a higher confidence as a smaller or equal number (never the optimistic tail)", () => {
    const r = run({ samples: IMPROVINGFLOW, periods: 10 });
    const ordered = LEVELS.map((q) => r.percentiles[String(q)]!);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]!).toBeLessThanOrEqual(ordered[i - 1]!);
    expect(r.percentiles["85"]!).toBeLessThan(r.percentiles["50"]!);
  });

  it("counts whole items with focus, without floating-point drift", () => {
    expect(run({ samples: [1], periods: 10, focus: 0.1 }).percentiles["99"]).toBe(1);
    expect(run({ samples: [5], periods: 3, focus: 0.5 }).percentiles["50"]).toBe(7);
  });

  it("is deterministic for a seed, and differs across seeds", () => {
    const input = { samples: IMPROVINGFLOW, periods: 10 };
    expect(run(input, 5)).toEqual(run(input, 5));
    expect(run(input, 5).histogram).not.toEqual(run(input, 6).histogram);
  });

  it("bins a wide histogram into at most 200 buckets", () => {
    const r = run({ samples: [0, 1000, 5000, 100000], periods: 5 });
    expect(r.binWidth).toBeGreaterThan(1);
    expect(r.histogram.length).toBeLessThanOrEqual(200);
    expect(r.histogram.reduce((s, h) => s + h.count, 0)).toBe(10_000);
  });

  it("refuses bad input", () => {
    const fieldOf = (input: Partial<HowManyInput>) => {
      try {
        run({ samples: IMPROVINGFLOW, periods: 10, ...input });
      } catch (e) {
        expect(e).toBeInstanceOf(ForecastInputError);
        return (e as ForecastInputError).field;
      }
      return "no error";
    };
    expect(fieldOf({ samples: [] })).toBe("samples");
    expect(fieldOf({ samples: [Number.NaN] })).toBe("samples");
    expect(fieldOf({ periods: 0 })).toBe("periods");
    expect(fieldOf({ percentiles: [0] })).toBe("percentiles");
    expect(fieldOf({ trials: 100_000_000, periods: 5000 })).toBe("trials");
  });

  it("reports progress ending at 1 and stops when cancelled", () => {
    const seen: number[] = [];
    const input: HowManyInput = { samples: IMPROVINGFLOW, periods: 10, trials: 50_000, seed: 1, percentiles: [85] };
    forecastHowMany(input, { rng: createRng(1), onProgress: (f) => seen.push(f) });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(1);
    const signal = { aborted: false };
    expect(() =>
      forecastHowMany(input, { rng: createRng(1), signal, onProgress: () => (signal.aborted = true) }),
    ).toThrow(ForecastCancelledError);
  });
});
