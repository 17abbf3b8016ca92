import { describe, expect, it } from "vitest";
import { forecastWhen, type WhenInput } from "./index";
import { createRng } from "../shared/rng";
import { sensitivityPlan, tornadoOf, tornadoPlan, type WhenOutcome } from "./sensitivity";

const BASE: WhenInput = {
  samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
  backlog: 50,
  trials: 2_000,
  seed: 42,
  percentiles: [50, 85],
};

const sides = (p: ReturnType<typeof sensitivityPlan>) => p.variants.map((v) => `${v.id}:${v.side}`);

describe("sensitivityPlan (the variants)", () => {
  it("varies the backlog by ±20 % rounded and focus by ±0.1, skipping focus above 1", () => {
    const p = sensitivityPlan({ ...BASE, backlog: 33 });
    expect(sides(p)).toEqual(["backlog:low", "backlog:high", "focus:low"]);
    expect(p.variants[0]!.input.backlog).toBe(26); // 26.4
    expect(p.variants[1]!.input.backlog).toBe(40); // 39.6
    expect(p.variants[2]!.input.focus).toBe(0.9);
    expect(p.skipped).toEqual([
      expect.objectContaining({ id: "focus", side: "high", reason: expect.stringContaining("more than 1") }),
    ]);
  });

  it("uses the stated backlogChange and scales both ends of a range", () => {
    const p = sensitivityPlan({ ...BASE, backlog: { min: 40, max: 61 }, focus: 0.5 }, { backlogChange: 50 });
    expect(p.variants.find((v) => v.id === "backlog" && v.side === "low")!.input.backlog).toEqual({ min: 20, max: 31 });
    expect(p.variants.find((v) => v.id === "backlog" && v.side === "high")!.input.backlog).toEqual({
      min: 60,
      max: 92,
    });
    expect(p.variants.filter((v) => v.id === "focus").map((v) => v.input.focus)).toEqual([0.4, 0.6]);
    expect(() => sensitivityPlan(BASE, { backlogChange: 100 })).toThrow(/backlogChange/);
  });

  it("toggles each risk off and to certain, and skips a side that is already so", () => {
    const risks = [
      { likelihood: 0.3, low: 2, mode: 5, high: 12 },
      { likelihood: 1, low: 1, mode: 1, high: 1 },
    ];
    const p = sensitivityPlan({ ...BASE, risks });
    const r0 = p.variants.filter((v) => v.id === "risk:0");
    expect(r0.map((v) => v.side)).toEqual(["low", "high"]);
    expect(r0[0]!.input.risks).toEqual([risks[1]]);
    expect(r0[1]!.input.risks).toEqual([{ ...risks[0], likelihood: 1 }, risks[1]]);
    expect(p.variants.filter((v) => v.id === "risk:1").map((v) => v.side)).toEqual(["low"]);
    expect(p.skipped.find((s) => s.id === "risk:1")).toMatchObject({ side: "high", index: 1 });
  });

  it("varies split rate, team, S-curve and lead times only when given", () => {
    expect(sides(sensitivityPlan(BASE)).some((s) => /split|team|sCurve|lead/.test(s))).toBe(false);
    const p = sensitivityPlan({
      ...BASE,
      splitRate: [1, 1.5],
      team: { historical: 4, current: 1 },
      leadTimes: [7, 14],
    });
    expect(p.variants.find((v) => v.id === "splitRate" && v.side === "high")!.input.splitRate).toEqual([1.2, 1.8]);
    expect(p.variants.filter((v) => v.id === "team").map((v) => v.input.team)).toEqual([{ historical: 4, current: 2 }]);
    expect(p.skipped.find((s) => s.id === "team")!.reason).toMatch(/fewer than 1/);
    const noLead = p.variants.find((v) => v.id === "leadTimes")!;
    expect(noLead.side).toBe("low");
    expect("leadTimes" in noLead.input).toBe(false);
    const s = sensitivityPlan({ ...BASE, sCurve: { min: 1, max: 4, size: 20 }, team: { historical: 4, current: 4 } });
    expect(s.variants.find((v) => v.id === "sCurve")!.input.sCurve).toBeUndefined();
    expect(s.variants.some((v) => v.id === "team")).toBe(false); // an S-curve sets the pace
  });

  it("skips a variant the bounds or the engine refuse, with the reason", () => {
    const big = sensitivityPlan({ ...BASE, backlog: 900_000, samples: [1000], splitRate: [9] });
    expect(big.skipped.find((s) => s.id === "backlog" && s.side === "high")!.reason).toMatch(/more than 1,000,000/);
    expect(big.skipped.find((s) => s.id === "splitRate" && s.side === "high")!.reason).toMatch(/more than 10/);
    // 50 items at ~3.8 a period: ~13 periods; +20 % needs more than maxPeriods 15
    const tight = sensitivityPlan({ ...BASE, maxPeriods: 15 });
    expect(tight.skipped.find((s) => s.id === "backlog" && s.side === "high")!.reason).toMatch(/maxPeriods/);
    expect(sides(tight)).toContain("backlog:low");
    const tiny = sensitivityPlan({ ...BASE, backlog: 2 });
    expect(tiny.skipped.map((s) => `${s.id}:${s.side}`)).toContain("backlog:low"); // 1.6 rounds to 2
  });

  it("gives every variant the base's seed and adds 85 to the levels", () => {
    const p = sensitivityPlan({
      ...BASE,
      percentiles: [50, 95],
      risks: [{ likelihood: 0.5, low: 1, mode: 2, high: 3 }],
    });
    expect(p.base.percentiles).toEqual([50, 85, 95]);
    for (const v of p.variants) {
      expect(v.input.seed).toBe(42);
      expect(v.input.percentiles).toEqual([50, 85, 95]);
    }
  });
});

const out = (p85: number | null, date?: string | null): WhenOutcome => ({
  percentiles: { "85": p85 },
  ...(date !== undefined ? { dates: { "85": date } } : {}),
  maxPeriods: 100,
});

describe("tornadoOf", () => {
  const plan = tornadoPlan(
    sensitivityPlan({ ...BASE, focus: 0.5, risks: [{ likelihood: 0.2, low: 5, mode: 10, high: 20 }] }),
  );

  it("puts each factor's P85 at low and high, sorted by swing, largest first", () => {
    expect(plan.variants.map((v) => `${v.id}:${v.side}`)).toEqual([
      "backlog:low",
      "backlog:high",
      "focus:low",
      "focus:high",
      "risk:0:low",
      "risk:0:high",
    ]);
    const t = tornadoOf(plan, [out(13), out(11), out(15), out(16), out(11), out(12), out(17)]);
    expect(t.base.periods).toBe(13);
    expect(t.rows.map((r) => [r.id, r.low.periods, r.high.periods, r.swingPeriods, r.swingDays])).toEqual([
      ["focus", 16, 11, 5, 35],
      ["risk:0", 12, 17, 5, 35],
      ["backlog", 11, 15, 4, 28],
    ]);
    expect(t.rows[1]).toMatchObject({ kind: "risk", index: 0 });
  });

  it("counts days between the dates when there are dates, and flags a side not reached", () => {
    const t = tornadoOf(plan, [
      out(13, "2026-03-30"),
      out(11, "2026-03-16"),
      out(15, "2026-04-13"),
      out(null, null),
      out(11, "2026-03-16"),
      out(13, "2026-03-30"),
      out(13, "2026-03-30"),
    ]);
    expect(t.rows[0]).toMatchObject({ id: "focus", swingPeriods: 89, atLeast: true });
    expect(t.rows.find((r) => r.id === "backlog")!.swingDays).toBe(28);
    expect(t.rows.find((r) => r.id === "risk:0")!.swingDays).toBe(0);
  });

  it("uses the base for a skipped side, and leaves out a factor with no variant", () => {
    const p = tornadoPlan(sensitivityPlan({ ...BASE, risks: [{ likelihood: 1, low: 1, mode: 2, high: 3 }] }));
    expect(p.skipped.map((s) => `${s.id}:${s.side}`)).toEqual(["focus:high", "risk:0:high"]);
    const t = tornadoOf(p, [out(14), out(12), out(16), out(15), out(13)]);
    const risk = t.rows.find((r) => r.id === "risk:0")!;
    expect(risk.high).toMatchObject({ periods: 14, setting: 1, skipped: expect.stringMatching(/certain/) });
    expect(risk.low.periods).toBe(13);
    expect(t.rows.find((r) => r.id === "focus")!.high).toMatchObject({ periods: 14, setting: 1 });
    expect(() => tornadoOf(p, [out(14)])).toThrow(/missing/);
  });
});

describe("common random numbers", () => {
  it("runs every variant on the same streams: equal inputs give equal results, and more backlog is never sooner", () => {
    const p = sensitivityPlan({ ...BASE, trials: 3_000 });
    const run = (i: WhenInput) => forecastWhen(i, { rng: createRng(i.seed) });
    const results = [p.base, ...p.variants.map((v) => v.input)].map(run);
    const again = [p.base, ...p.variants.map((v) => v.input)].map(run);
    expect(again).toEqual(results);
    const t = tornadoOf(tornadoPlan(p), results);
    const backlog = t.rows.find((r) => r.id === "backlog")!;
    expect(backlog.high.periods!).toBeGreaterThan(backlog.low.periods!);
    expect(backlog.low.periods!).toBeLessThanOrEqual(t.base.periods!);
  });
});
