import { describe, expect, it } from "vitest";
import {
  createRng,
  exactWhenCdf,
  forecastHowMany,
  forecastWhenFromTallies,
  forecastWhen,
  simulateWhenRange,
  type WhenInput,
} from "./index";
import { checkPrecision } from "./precision";

/** Troy Magennis' improvingflow throughput (as the other forecast tests). */
const S = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const base = { samples: S, backlog: 100, percentiles: [50, 85], seed: 7 } satisfies Partial<WhenInput>;
const when = (i: Partial<WhenInput>, checkEvery?: number) =>
  forecastWhen({ ...base, trials: 200_000, ...i } as WhenInput, { rng: createRng(1), checkEvery });

describe("checkPrecision", () => {
  it.each([
    [{ percentile: 0, within: 1 }, "precision.percentile", "between 1 and 99"],
    [{ percentile: 100, within: 1 }, "precision.percentile", "between 1 and 99"],
    [{ percentile: 85.5, within: 1 }, "precision.percentile", "between 1 and 99"],
    [{ percentile: 85, within: 0 }, "precision.within", "more than 0"],
    [{ percentile: 85, within: -1 }, "precision.within", "more than 0"],
    [{ percentile: 85, within: 1e9 }, "precision.within", "at most 100,000"],
    [{ percentile: 85, within: 1, unit: "items" }, "precision.unit", "periods, days"],
  ])("%j is refused naming %s", (p, field, words) => {
    expect(() => checkPrecision(p, ["periods", "days"], 7)).toThrowError(
      expect.objectContaining({ field, message: expect.stringContaining(words) }),
    );
  });

  it("converts days through the period length; no target without precision", () => {
    expect(checkPrecision({ percentile: 85, within: 3, unit: "days" }, ["periods", "days"], 7)).toEqual({
      level: 85,
      within: 3,
      unit: "days",
      scale: 7,
    });
    expect(checkPrecision({ percentile: 85, within: 3 }, ["periods", "days"], 7)?.unit).toBe("periods");
    expect(checkPrecision(undefined, ["items"])).toBeNull();
  });

  it("the engine refuses a bad target before simulating", () => {
    expect(() => when({ precision: { percentile: 85, within: 0 } })).toThrowError(
      /precision.within must be more than 0/,
    );
  });
});

describe("forecast.when stops at the precision asked", () => {
  const precision = { percentile: 85, within: 0.5 };

  it("stops when P85 is known to ±within, at a check point, before the trials asked; seeded runs repeat", () => {
    const a = when({ precision }, 1000);
    expect(a.stoppedAt.reason).toBe("precision");
    expect(a.stoppedAt.trials).toBeLessThan(200_000);
    expect(a.stoppedAt.trials % 1000).toBe(0);
    expect(a.stoppedAt.trials).toBeGreaterThan(1000);
    expect(a.trials).toBe(a.stoppedAt.trials);
    expect(a.stoppedAt.precision!.halfWidth).toBeLessThanOrEqual(0.5);
    expect(when({ precision }, 1000)).toEqual(a);
    // One check earlier it was not yet known well enough: the run stopped at the first point it was.
    const before = when({ precision, trials: a.stoppedAt.trials - 1000 });
    expect(before.stoppedAt.reason).toBe("trials");
    expect(before.stoppedAt.precision!.halfWidth).toBeGreaterThan(0.5);
  });

  it.each([
    ["the fast path", {}],
    ["every option (general path)", { risks: [{ likelihood: 0.3, low: 2, mode: 5, high: 12 }], splitRate: [1, 1.2] }],
  ])("the stopped result is the fixed run of that many trials: %s", (_, options) => {
    const a = when({ ...options, precision }, 1000);
    expect(a.stoppedAt.reason).toBe("precision");
    const fixed = when({ ...options, trials: a.stoppedAt.trials });
    expect({ ...a, stoppedAt: undefined }).toEqual({ ...fixed, stoppedAt: undefined });
    expect(fixed.stoppedAt).toEqual({ trials: a.stoppedAt.trials, reason: "trials" });
  });

  it("the engine checks after every block of 65,536 trials", () => {
    const r = when({ precision, trials: 1_000_000 });
    expect(r.stoppedAt).toMatchObject({ trials: 65_536, reason: "precision" });
  });

  it("a target out of reach within the trials runs them all and says so (reason trials)", () => {
    const r = when({ precision, trials: 200 }, 50);
    expect(r.stoppedAt).toMatchObject({ trials: 200, reason: "trials", precision: { percentile: 85, within: 0.5 } });
    expect(r.stoppedAt.precision!.halfWidth).toBeGreaterThan(0.5);
    // P85 never reached within maxPeriods: not known at all.
    const never = when({ precision, trials: 3000, maxPeriods: 28 }, 1000);
    expect(never.stoppedAt).toMatchObject({ trials: 3000, reason: "trials", precision: { halfWidth: null } });
  });

  it("a run merged from chunks or threads (split) checks the target once, on all its trials", () => {
    const input = { ...base, trials: 3 * 65_536, precision } as WhenInput;
    const tallies = [simulateWhenRange(input, 0, 2), simulateWhenRange(input, 2, 3)];
    const merged = forecastWhenFromTallies(input, tallies);
    expect(merged.stoppedAt).toMatchObject({ trials: 3 * 65_536, reason: "precision" });
    expect(merged.trials).toBe(3 * 65_536);
  });

  it("within in days goes through the period length", () => {
    const days = when({ precision: { percentile: 85, within: 3.5, unit: "days" }, periodDays: 7 }, 1000);
    const periods = when({ precision, periodDays: 7 }, 1000);
    expect(days.stoppedAt.trials).toBe(periods.stoppedAt.trials);
    expect(days.stoppedAt.precision).toMatchObject({ unit: "days", within: 3.5 });
    expect(days.stoppedAt.precision!.halfWidth).toBe(periods.stoppedAt.precision!.halfWidth! * 7);
  });

  it("acceptance: lands within the asked interval of the exact oracle's P85 in ≥ 95 % of 200 seeded runs", () => {
    const exact = exactWhenCdf(S, 40, 200).findIndex((p) => p >= 0.85);
    expect(exact).toBe(13);
    let hits = 0;
    let early = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = forecastWhen(
        { samples: S, backlog: 40, trials: 200_000, seed, percentiles: [85], precision },
        { rng: createRng(seed), checkEvery: 1000 },
      );
      if (Math.abs(r.percentiles["85"]! - exact) <= precision.within) hits++;
      if (r.stoppedAt.reason === "precision" && r.stoppedAt.trials < 200_000) early++;
    }
    expect(early).toBe(200);
    expect(hits).toBeGreaterThanOrEqual(190);
  });
});

describe("forecast.howMany stops at the precision asked (items)", () => {
  const run = (trials: number, within: number) =>
    forecastHowMany(
      { samples: S, periods: 10, trials, seed: 3, percentiles: [50, 85], precision: { percentile: 85, within } },
      { rng: createRng(1) },
    );

  it("stops after the first block where P85 (at least n items) is known to ±within items", () => {
    const r = run(1_000_000, 1);
    expect(r.stoppedAt.reason).toBe("precision");
    expect(r.stoppedAt.trials % 65_536).toBe(0);
    expect(r.stoppedAt.trials).toBeLessThan(1_000_000);
    expect(r.trials).toBe(r.stoppedAt.trials);
    expect(r.stoppedAt.precision).toMatchObject({ percentile: 85, within: 1, unit: "items" });
    expect(run(1_000_000, 1)).toEqual(r);
  });

  it("out of reach within the trials: every trial, reason trials", () => {
    const r = run(1000, 0.5);
    expect(r.stoppedAt).toMatchObject({ trials: 1000, reason: "trials" });
    expect(r.stoppedAt.precision!.halfWidth).toBeGreaterThan(0.5);
  });
});
