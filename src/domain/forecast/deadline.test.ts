import { describe, expect, it } from "vitest";
import { createRng } from "../shared/rng";
import { forecastDeadline, type DeadlineInput } from "./deadline";
import { ForecastCancelledError } from "./errors";
import { inputError } from "./forecast.fixtures";
import { exactHowManyPmf, exactWhenCdf } from "./exact";

const IMPROVINGFLOW = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const LEVELS = [5, 15, 50, 70, 85, 95, 99];
const TOL = 0.015;

type Req = Pick<DeadlineInput, "samples" | "backlog" | "startDate" | "deadline">;
const run = (input: Req & Partial<DeadlineInput>, seed = 42) =>
  forecastDeadline({ trials: 10_000, seed, percentiles: LEVELS, ...input }, { rng: createRng(seed) });

/** P(S ≥ n) from an exact pmf. */
const atLeast = (pmf: number[], n: number) => pmf.slice(Math.max(0, n)).reduce((a, b) => a + b, 0);

describe("forecastDeadline — trend none against the exact oracle", () => {
  it.each([
    ["A-P3", [2, 3, 4, 5, 6], 40, "2024-03-13", 10],
    ["A-P2", IMPROVINGFLOW, 100, "2024-07-01", 26],
    ["A-P2 range", IMPROVINGFLOW, { min: 80, max: 120 }, "2024-06-03", 22],
  ] as const)(
    "%s: P(done by deadline) = exact CDF at periodsToDeadline ± 0.015",
    (_, samples, backlog, deadline, p) => {
      const s = [...samples];
      const r = run({ samples: s, backlog, startDate: "2024-01-01", deadline });
      expect(r.periodsToDeadline).toBe(p);
      const exact = exactWhenCdf(s, backlog, p)[p]!;
      expect(Math.abs(r.probability - exact), `exact ${exact}`).toBeLessThanOrEqual(TOL);
      if (samples[0] === 2) expect(Math.abs(r.probability - 0.54388)).toBeLessThanOrEqual(TOL);
    },
  );

  it.each([1, 42, 2024])("scope is the lower tail of the exact total after P periods (seed %i)", (seed) => {
    const r = run({ samples: IMPROVINGFLOW, backlog: 40, startDate: "2024-01-01", deadline: "2024-03-11" }, seed);
    expect(r.periodsToDeadline).toBe(10);
    const pmf = exactHowManyPmf(IMPROVINGFLOW, 10);
    for (const [k, n] of Object.entries(r.scope)) {
      const q = Number(k) / 100;
      // A.4: n is right when P(S ≥ n) ≥ q − 0.015 and P(S ≥ n + 1) < q + 0.015.
      expect(atLeast(pmf, n), `P(S ≥ ${n}) for ${k}%`).toBeGreaterThanOrEqual(q - TOL);
      expect(atLeast(pmf, n + 1), `P(S ≥ ${n + 1}) for ${k}%`).toBeLessThan(q + TOL);
    }
    expect(r.scope["85"]).toBe(30); // A-P2b
    expect(r.scopeShare["85"]).toBeCloseTo(30 / 40, 12);
    expect(r.scope["5"]).toBeGreaterThan(40);
    expect(r.scopeShare["5"]).toBe(1); // capped
    expect(r.baseline).toEqual({ probability: r.probability, scope: r.scope });
    expect(r.trend).toEqual({
      model: "none",
      recentMean: 38.333333333333336 / 10,
      overallMean: 38.333333333333336 / 10,
      periodsUsed: 12,
    });
  });

  it("constant throughput is certain; a deadline on the start date leaves 0 periods", () => {
    const r = run({ samples: [5, 5], backlog: 20, startDate: "2024-01-01", deadline: "2024-01-29" });
    expect([r.periodsToDeadline, r.probability, r.scope["5"], r.scope["99"]]).toEqual([4, 1, 20, 20]);
    const z = run({ samples: [5], backlog: 1, startDate: "2024-01-01", deadline: "2024-01-01" });
    expect([z.periodsToDeadline, z.probability, z.scope["50"], z.scopeShare["50"]]).toEqual([0, 0, 0, 0]);
    const none = run({ samples: [0, 0], backlog: 0, startDate: "2024-01-01", deadline: "2024-02-01" });
    expect([none.probability, none.scopeShare["50"]]).toEqual([1, 1]);
  });

  it("counts working days with skipWeekends and applies focus", () => {
    const base = { samples: [1], backlog: 9, startDate: "2024-01-01", deadline: "2024-01-12", periodDays: 1 };
    expect(run({ ...base, skipWeekends: true })).toMatchObject({ periodsToDeadline: 9, probability: 1 });
    expect(run(base).periodsToDeadline).toBe(11);
    expect(run({ ...base, focus: 0.5 })).toMatchObject({ probability: 0, scope: { "50": 5 } });
  });
});

describe("forecastDeadline — trends", () => {
  const dates = { startDate: "2024-01-01", deadline: "2024-02-26" }; // 8 weeks

  it("is deterministic for a seed and the baseline equals trend none", () => {
    const input = { samples: IMPROVINGFLOW, backlog: { min: 30, max: 50 }, ...dates, trend: "recent" as const };
    expect(run(input, 9)).toEqual(run(input, 9));
    const none = run({ ...input, trend: "none" }, 9);
    expect(run(input, 9).baseline).toEqual({ probability: none.probability, scope: none.scope });
    expect(run({ ...input, trend: "fitted" }, 9).baseline).toEqual(none.baseline);
  });

  it('"recent" weighs the newest periods more: a higher recent half raises the odds', () => {
    const samples = [1, 2, 1, 3, 2, 1, 2, 2, 5, 6, 4, 6, 5, 7, 6, 5];
    const r = run({ samples, backlog: 30, ...dates, trend: "recent", halfLife: 3 });
    expect(r.trend.model).toBe("recent");
    expect(r.trend.halfLife).toBe(3);
    expect(r.trend.overallMean).toBeCloseTo(58 / 16, 12);
    expect(r.trend.recentMean).toBeGreaterThan(4.5);
    expect(r.probability).toBeGreaterThan(r.baseline.probability + 0.2);
    expect(r.scope["85"]).toBeGreaterThan(r.baseline.scope["85"]!);
    // Default half-life: max(2, round(n/3)) = 5; reversing the history lowers the odds instead.
    const rev = run({ samples: [...samples].reverse(), backlog: 30, ...dates, trend: "recent" });
    expect(rev.trend.halfLife).toBe(5);
    expect(rev.probability).toBeLessThan(rev.baseline.probability - 0.1);
  });

  it('"recent" with a huge half-life is the plain bootstrap within noise', () => {
    const r = run({ samples: IMPROVINGFLOW, backlog: 30, ...dates, trend: "recent", halfLife: 100_000 });
    const exact = exactWhenCdf(IMPROVINGFLOW, 30, 8)[8]!;
    expect(Math.abs(r.probability - exact)).toBeLessThanOrEqual(TOL);
  });

  it('"fitted" projects an exact rising line, with zero slope error', () => {
    const samples = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    const r = run({ samples, backlog: 90, ...dates, deadline: "2024-01-29", trend: "fitted" }); // 4 weeks
    expect(r.trend).toMatchObject({ model: "fitted", slopePerPeriod: 1, slopeStdErr: 0, periodsUsed: 20 });
    expect(r.trend.recentMean).toBeCloseTo(22.5, 10); // (21 + 22 + 23 + 24) / 4
    for (const q of LEVELS) expect(r.scope[String(q)]).toBe(90);
    expect(r.probability).toBe(1);
    expect(r.baseline.scope["50"]).toBeLessThan(50); // the plain bootstrap averages 10.5 per week
  });

  it('"fitted" on a noisy rising history projects more than "none"', () => {
    const rng = createRng(5);
    const samples = Array.from({ length: 30 }, (_, i) => Math.max(0, Math.round(2 + 0.3 * i + 4 * (rng() - 0.5))));
    const r = run({ samples, backlog: 70, ...dates, trend: "fitted" });
    expect(r.trend.slopePerPeriod!).toBeGreaterThan(0.2);
    expect(r.trend.slopeStdErr!).toBeGreaterThan(0);
    expect(r.scope["50"]).toBeGreaterThan(r.baseline.scope["50"]! + 15);
    expect(r.probability).toBeGreaterThan(r.baseline.probability + 0.3);
  });

  it('"fitted" on a flat history stays close to "none"', () => {
    const samples = [...IMPROVINGFLOW, ...[...IMPROVINGFLOW].reverse(), ...IMPROVINGFLOW];
    const r = run({ samples, backlog: 30, ...dates, trend: "fitted" });
    expect(Math.abs(r.trend.slopePerPeriod!)).toBeLessThan(0.05);
    expect(Math.abs(r.probability - r.baseline.probability)).toBeLessThan(0.05);
    expect(Math.abs(r.scope["50"]! - r.baseline.scope["50"]!)).toBeLessThanOrEqual(2);
  });
});

describe("forecastDeadline — refuses bad input", () => {
  const base: Req = { samples: IMPROVINGFLOW, backlog: 50, startDate: "2024-01-01", deadline: "2024-03-01" };
  const field = (input: Partial<DeadlineInput>) => inputError(() => run({ ...base, ...input })).field;
  it.each([
    [{ samples: [] }, "samples"],
    [{ samples: [0, 0, 0] }, "samples"],
    [{ samples: [1, -1] }, "samples"],
    [{ samples: [1, 2], trend: "fitted" as const }, "samples"],
    [{ backlog: { min: 5, max: 3 } }, "backlog"],
    [{ backlog: -1 }, "backlog"],
    [{ deadline: "2023-12-31" }, "deadline"],
    [{ deadline: "2024-02-30" }, "deadline"],
    [{ startDate: "soon" }, "startDate"],
    [{ startDate: undefined }, "startDate"],
    [{ periodDays: 1, deadline: "2400-01-01" }, "deadline"],
    [{ skipWeekends: true }, "skipWeekends"],
    [{ halfLife: 0 }, "halfLife"],
    [{ trend: "linear" as never }, "trend"],
    [{ trials: 0 }, "trials"],
    [{ trials: 100_000_000, periodDays: 1, deadline: "2024-12-31" }, "trials"],
    [{ percentiles: [100] }, "percentiles"],
    [{ focus: 2 }, "focus"],
  ] as [Partial<DeadlineInput>, string][])("%j → %s", (input, name) => {
    expect(field(input)).toBe(name);
  });
  it("names the limit in the message", () => {
    expect(() => run({ ...base, periodDays: 1, deadline: "2400-01-01" })).toThrow(/limit of 100,000/);
  });
});

describe("forecastDeadline — progress and cancellation", () => {
  const input: DeadlineInput = {
    samples: IMPROVINGFLOW,
    backlog: 100,
    startDate: "2024-01-01",
    deadline: "2024-07-01",
    trials: 100_000,
    seed: 1,
    percentiles: [85],
    trend: "recent",
  };
  it("reports non-decreasing progress that ends at 1", () => {
    const seen: number[] = [];
    forecastDeadline(input, { rng: createRng(1), onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(seen.at(-1)).toBe(1);
  });
  it("stops at the next chunk when aborted", () => {
    const signal = { aborted: false };
    let calls = 0;
    const onProgress = () => {
      if (++calls === 3) signal.aborted = true;
    };
    expect(() => forecastDeadline(input, { rng: createRng(1), onProgress, signal })).toThrow(ForecastCancelledError);
    expect(calls).toBe(3);
  });
});
