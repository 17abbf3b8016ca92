import { describe, expect, it } from "vitest";
import { createRng } from "../shared/rng";
import { inputError } from "./forecast.fixtures";
import { exactWhenCdf } from "./exact";
import { forecastWhen, type WhenInput, type WhenResult } from "./monte-carlo";
import { planWhen } from "./when-plan";
import { mergeWhenTallies, sequentialClaim, simulateWhenBlocks, whenBlockCount } from "./when-sim";
import { finishWhen } from "./when-summary";

const IMPROVINGFLOW = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const TOL = 0.015;
type Partial2 = Partial<WhenInput> & Pick<WhenInput, "samples" | "backlog">;
const input = (i: Partial2, seed = 42): WhenInput => ({ trials: 10_000, seed, percentiles: [50, 70, 85, 95], ...i });
const run = (i: Partial2, seed = 42) => forecastWhen(input(i, seed), { rng: createRng(seed) });
/** The simulated outcome without the options' own additions to the result. */
const outcome = (r: WhenResult) => ({
  percentiles: r.percentiles,
  cdf: r.cdf,
  histogram: r.histogram,
  mean: r.mean,
  dnf: r.didNotFinish,
});

function empiricalCdf(r: WhenResult, maxT: number): number[] {
  const byT = new Map(r.cdf.map((c) => [c.periods, c.p]));
  let last = 0;
  return Array.from({ length: maxT + 1 }, (_, t) => (last = byT.get(t) ?? last));
}
function expectCdfNear(r: WhenResult, exact: number[]) {
  const emp = empiricalCdf(r, exact.length - 1);
  exact.forEach((p, t) => expect(Math.abs(emp[t]! - p), `CDF at t=${t}`).toBeLessThanOrEqual(TOL));
}

describe("forecastWhen — options with exact expectations", () => {
  const plain = run({ samples: IMPROVINGFLOW, backlog: 200 });

  it("splitRate [2] doubles the backlog: the same trials as backlog 2B, and the exact oracle for 2B", () => {
    const r = run({ samples: IMPROVINGFLOW, backlog: 100, splitRate: [2] });
    expect(outcome(r)).toEqual(outcome(plain));
    expect(r.backlog).toEqual({ min: 200, max: 200 });
    expectCdfNear(r, exactWhenCdf(IMPROVINGFLOW, 200, 120));
  });

  it("team { historical 2, current 1 } halves throughput (same as backlog 2B)", () => {
    const r = run({ samples: IMPROVINGFLOW, backlog: 100, team: { historical: 2, current: 1 } });
    expect(outcome(r)).toEqual(outcome(plain));
    expectCdfNear(r, exactWhenCdf(IMPROVINGFLOW, 200, 120));
    const doubled = run({ samples: IMPROVINGFLOW, backlog: 100, team: { historical: 3, current: 6 } });
    expectCdfNear(doubled, exactWhenCdf(IMPROVINGFLOW, 50, 60));
  });

  it("an S-curve that halves the team everywhere is the same as halving throughput", () => {
    // min 1, max 2: range [1] → 1 contributor at every percent, baseline max = 2.
    const r = run({ samples: IMPROVINGFLOW, backlog: 100, sCurve: { min: 1, max: 2, size: 50 } });
    expect(outcome(r)).toEqual(outcome(plain));
    const flat = run({ samples: IMPROVINGFLOW, backlog: 100, sCurve: { min: 3, max: 3, size: 20 } });
    expect(outcome(flat)).toEqual(outcome(run({ samples: IMPROVINGFLOW, backlog: 100 })));
  });

  it("an S-curve ramp slows the work down", () => {
    const base = run({ samples: IMPROVINGFLOW, backlog: 100 });
    const ramp = run({ samples: IMPROVINGFLOW, backlog: 100, sCurve: { min: 2, max: 5, size: 20 } });
    expect(ramp.mean!).toBeGreaterThan(base.mean! * 1.15);
    // Speed is 0.4..1 of full by percent done: never faster than the plain run, never slower than 2.5×.
    expect(ramp.percentiles["50"]!).toBeLessThanOrEqual(Math.ceil(base.percentiles["95"]! * 2.5));
  });

  it("a certain risk of exactly k items adds k items to the backlog", () => {
    const risks = [{ likelihood: 1, low: 7, mode: 7, high: 7 }];
    const r = run({ samples: IMPROVINGFLOW, backlog: 93, risks });
    expect(outcome(r)).toEqual(outcome(run({ samples: IMPROVINGFLOW, backlog: 100 })));
    expect(r.backlog).toEqual({ min: 100, max: 100 });
    expect(r.riskSummary).toEqual([{ index: 0, expected: 7, p85: 7, rank: "HIGH" }]);
  });

  it("a 50 % risk of k items mixes the CDFs of B and B + k", () => {
    const r = run({ samples: IMPROVINGFLOW, backlog: 80, risks: [{ likelihood: 0.5, low: 30, mode: 30, high: 30 }] });
    const a = exactWhenCdf(IMPROVINGFLOW, 80, 90);
    const b = exactWhenCdf(IMPROVINGFLOW, 110, 90);
    expectCdfNear(
      r,
      a.map((p, t) => (p + b[t]!) / 2),
    );
    expect(r.backlog).toEqual({ min: 80, max: 110 });
  });

  it("constant lead times of 14 days add 2 weekly periods to every trial", () => {
    const base = run({ samples: IMPROVINGFLOW, backlog: 100 });
    const r = run({ samples: IMPROVINGFLOW, backlog: 100, leadTimes: [14, 14, 14] });
    expect(r.histogram).toEqual(base.histogram.map((h) => ({ ...h, periods: h.periods + 2 })));
    for (const q of ["50", "70", "85", "95"]) expect(r.percentiles[q]).toBe(base.percentiles[q]! + 2);
    expect(r.mean).toBeCloseTo(base.mean! + 2, 10);
    // The burn-up is shifted right by the overhead.
    expect(r.burnUp[0]).toEqual({ period: 1, p15: 0, p50: 0, p85: 0 });
    expect(r.burnUp.find((b) => b.period === 12)!.p50).toBe(base.burnUp.find((b) => b.period === 10)!.p50);
  });

  it("varying lead times: with two samples one is drawn per trial (k = 1)", () => {
    const r = run({ samples: IMPROVINGFLOW, backlog: 100, leadTimes: [0, 14] });
    const e = exactWhenCdf(IMPROVINGFLOW, 100, 90);
    expectCdfNear(
      r,
      e.map((p, t) => (p + (t >= 2 ? e[t - 2]! : 0)) / 2),
    );
  });

  it("split rates and a backlog range give the observed per-trial backlog bounds", () => {
    const r = run({ samples: IMPROVINGFLOW, backlog: { min: 10, max: 20 }, splitRate: [1, 1.5] });
    expect(r.backlog).toEqual({ min: 10, max: 30 });
  });

  it("rounds (B + impact) × split half up, guarded against representation error", () => {
    // 45 × 0.7 is 31.499999999999996 in floating point; the intended 31.5 rounds to 32.
    expect(run({ samples: [1], backlog: 45, splitRate: [0.7], trials: 10 }).backlog).toEqual({ min: 32, max: 32 });
    expect(run({ samples: [1], backlog: 5, splitRate: [0.5], trials: 10 }).backlog).toEqual({ min: 3, max: 3 });
  });
});

describe("forecastWhen — weekends, burn-up, caps", () => {
  it("skipWeekends: daily periods are working days; dates and the deadline skip Saturday and Sunday", () => {
    // 10 working days from Monday 2024-01-01 end on 2024-01-15 (10 calendar days: 2024-01-11).
    const base = { samples: [5], backlog: 50, startDate: "2024-01-01", periodDays: 1, skipWeekends: true };
    const r = run({ ...base, deadline: "2024-01-12" });
    expect(r.percentiles["50"]).toBe(10);
    expect(r.dates?.["50"]).toBe("2024-01-15");
    expect(r).toMatchObject({ periodsToDeadline: 9, probabilityByDeadline: 0 });
    expect(run({ ...base, deadline: "2024-01-14" })).toMatchObject({ periodsToDeadline: 9, probabilityByDeadline: 0 });
    expect(run({ ...base, deadline: "2024-01-15" })).toMatchObject({ periodsToDeadline: 10, probabilityByDeadline: 1 });
    expect(run({ ...base, skipWeekends: false }).dates?.["50"]).toBe("2024-01-11");
    // A Saturday start: the first working period is Monday 2024-01-08.
    expect(run({ ...base, startDate: "2024-01-06", backlog: 5 }).dates?.["50"]).toBe("2024-01-08");
  });

  it("burn-up: items done by each period up to P95 (A-P1: 5 per period)", () => {
    const r = run({ samples: [5, 5, 5, 5], backlog: 50 });
    expect(r.burnUp).toEqual(
      Array.from({ length: 10 }, (_, i) => ({ period: i + 1, p15: 5 * (i + 1), p50: 5 * (i + 1), p85: 5 * (i + 1) })),
    );
    const fan = run({ samples: IMPROVINGFLOW, backlog: 100 });
    expect(fan.burnUp.at(-1)!.period).toBe(fan.percentiles["95"]);
    for (const b of fan.burnUp) {
      expect(b.p15).toBeLessThanOrEqual(b.p50);
      expect(b.p50).toBeLessThanOrEqual(b.p85);
      expect(b.p85).toBeLessThanOrEqual(100);
    }
    // Period 10: the total of 10 draws has mean 38.3, and its 15th percentile is near 30 (A-P2b).
    const p10 = fan.burnUp[9]!;
    expect(Math.abs(p10.p15 - 30)).toBeLessThanOrEqual(2);
    expect(Math.abs(p10.p50 - 38)).toBeLessThanOrEqual(2);
    expect(run({ samples: [1], backlog: 0 }).burnUp).toEqual([]);
  });

  it("burn-up of a long forecast is sampled at about 500 points", () => {
    const r = run({ samples: [1, 2], backlog: 3000, maxPeriods: 5000, trials: 3000 });
    expect(r.burnUp.length).toBeLessThanOrEqual(501);
    expect(r.burnUp.at(-1)!.period).toBe(r.percentiles["95"]);
  });

  it("an S-curve starting at 0 contributors never finishes: every trial is did-not-finish, quickly", () => {
    const t0 = Date.now();
    const r = run({
      samples: IMPROVINGFLOW,
      backlog: 100,
      sCurve: { min: 0, max: 5, size: 20 },
      trials: 1_000_000,
      maxPeriods: 100_000,
    });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.didNotFinish).toBe(1_000_000);
    expect(r.percentiles["50"]).toBeNull();
    expect(r.mean).toBeNull();
    expect(r.cdf).toEqual([]);
  });

  it("lead-time overhead past maxPeriods counts as did-not-finish", () => {
    const r = run({ samples: [5], backlog: 10, leadTimes: [70], maxPeriods: 11 });
    expect(r.percentiles["50"]).toBeNull();
    expect(r.didNotFinish).toBe(10_000);
    expect(run({ samples: [5], backlog: 10, leadTimes: [70], maxPeriods: 12 }).percentiles["50"]).toBe(12);
  });
});

describe("forecastWhen — determinism and blocks", () => {
  const big = input({ samples: IMPROVINGFLOW, backlog: { min: 80, max: 120 }, trials: 300_000 }, 9);

  it("the same seed gives the same result; blocks may run in any order and any split", () => {
    const plan = planWhen(big);
    const whole = simulateWhenBlocks(plan, sequentialClaim());
    const blocks = whenBlockCount(plan.trials);
    const from = (list: number[]) => {
      let i = 0;
      return () => (i < list.length ? list[i++]! : -1);
    };
    const odd = simulateWhenBlocks(plan, from([...Array(blocks).keys()].filter((b) => b % 2 === 1).reverse()));
    const even = simulateWhenBlocks(plan, from([...Array(blocks).keys()].filter((b) => b % 2 === 0)));
    const merged = mergeWhenTallies(plan.maxPeriods, [odd, even]);
    expect(finishWhen(plan, merged)).toEqual(finishWhen(plan, whole));
    expect(forecastWhen(big, { rng: createRng(0) })).toEqual(finishWhen(plan, whole));
  });

  it("the integer fast path and the general path draw identical trials", () => {
    for (const i of [
      big,
      input({ samples: [2, 3, 4, 5, 6], backlog: 40, trials: 70_000 }),
      input({ samples: Array.from({ length: 80 }, (_, k) => k % 9), backlog: 150 }),
    ]) {
      const plan = planWhen(i);
      expect(plan.fast).toBe(true);
      expect(simulateWhenBlocks(plan, sequentialClaim(), {}, true)).toEqual(
        simulateWhenBlocks(plan, sequentialClaim()),
      );
    }
  });

  it("a different seed gives a different CDF", () => {
    expect(run({ samples: IMPROVINGFLOW, backlog: 100 }, 1).cdf).not.toEqual(
      run({ samples: IMPROVINGFLOW, backlog: 100 }, 2).cdf,
    );
  });
});

describe("forecastWhen — refuses bad options, naming the field and the limit", () => {
  const field = (i: Partial<WhenInput>) => {
    const e = inputError(() => run({ samples: IMPROVINGFLOW, backlog: 100, ...i }));
    return `${e.field}: ${e.message}`;
  };

  it.each([
    [{ splitRate: [] }, /^splitRate: .*1 to 1,000/],
    [{ splitRate: [0] }, /^splitRate: .*greater than 0 and at most 10/],
    [{ splitRate: [1, 10.5] }, /^splitRate: splitRate\[1\]/],
    [{ splitRate: Array<number>(1001).fill(1) }, /^splitRate: .*1,000/],
    [{ risks: Array(51).fill({ likelihood: 0, low: 0, mode: 0, high: 0 }) }, /^risks: .*at most 50/],
    [{ risks: [{ likelihood: 1.5, low: 0, mode: 0, high: 0 }] }, /^risks\[0\]\.likelihood: .*0 to 1/],
    [{ risks: [{ likelihood: 0.5, low: 3, mode: 2, high: 4 }] }, /^risks\[0\]\.mode: .*low ≤ mode ≤ high/],
    [
      { risks: [{ likelihood: 0.5, low: 0, mode: 1, high: 2.5 }] },
      /^risks\[0\]\.high: .*whole number from 0 to 1,000,000/,
    ],
    [{ team: { historical: 0, current: 1 } }, /^team\.historical: .*1 to 1,000/],
    [{ team: { historical: 2, current: 1001 } }, /^team\.current: .*1 to 1,000/],
    [{ team: { historical: 1000, current: 1 } }, /^backlog: .*more than maxPeriods/],
    [{ sCurve: { min: 3, max: 2, size: 10 } }, /^sCurve\.min: .*at most sCurve\.max/],
    [{ sCurve: { min: 1, max: 2, size: 51 } }, /^sCurve\.size: .*0 to 50/],
    [{ sCurve: { min: 0, max: 0, size: 0 } }, /^sCurve\.max: .*1 to 1,000/],
    [{ leadTimes: [] }, /^leadTimes: .*1 to 10,000/],
    [{ leadTimes: [1, -1] }, /^leadTimes: leadTimes\[1\].*0 to 3,650/],
    [{ leadTimes: [4000] }, /^leadTimes: .*3,650/],
    [{ skipWeekends: true }, /^skipWeekends: .*periodDays 1/],
    [{ seed: -1 }, /^seed: /],
    [
      { trials: 10_000_000, leadTimes: Array.from({ length: 10_000 }, (_, i) => i % 30) },
      /^trials: .*limit of 10,000,000,000/,
    ],
    [{ samples: [0, 0], backlog: 0, risks: [{ likelihood: 0.1, low: 1, mode: 1, high: 1 }] }, /^samples: .*all zero/],
  ] as [Partial<WhenInput>, RegExp][])("%j", (i, re) => {
    expect(field(i)).toMatch(re);
  });
});

describe("simulateWhenRange / forecastWhenFromTallies", () => {
  it("any split of the block range gives the single-run result; missing blocks are refused", async () => {
    const { simulateWhenRange, forecastWhenFromTallies } = await import("./monte-carlo");
    const i = input(
      { samples: IMPROVINGFLOW, backlog: 100, trials: 200_000, risks: [{ likelihood: 0.2, low: 1, mode: 4, high: 9 }] },
      3,
    );
    const parts = [simulateWhenRange(i, 2, 4), simulateWhenRange(i, 0, 1), simulateWhenRange(i, 1, 2)];
    expect(forecastWhenFromTallies(i, parts)).toEqual(forecastWhen(i, { rng: createRng(3) }));
    expect(() => forecastWhenFromTallies(i, parts.slice(1))).toThrow(/cover 131,072|cover 131072/);
  });
});
