import { describe, expect, it } from "vitest";
import { backtestCandidate, backtestDefaults, backtestFromInput } from "./backtest-spec";
import { cutLineCandidate, cutLineDefaults, cutLineFromInput, cutLineSpec, parseSize } from "./cut-line-spec";
import { deadlineDefaults, deadlineFromInput, deadlineSpec } from "./deadline-spec";
import { resolverSchema, serverIssues, splitList } from "@/components/form/form-kit";
import { howManyCandidate, howManyDefaults, howManySpec, periodsUntil } from "./how-many-spec";
import { whenCandidate, whenDefaults, whenFromInput, whenSpec } from "./when-spec";

const m = {
  notANumber: (t: string) => `“${t}” is not a number`,
  likelihood: "likelihood 0–100 %",
  targetDate: "target after start",
};

/** Issues of the resolver schema, as { "dotted.path": message }. */
function issues<V>(schema: ReturnType<typeof resolverSchema<V, unknown>>, v: V) {
  const r = schema.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("form text", () => {
  it("splits pasted samples on spaces, commas, semicolons and new lines", () => {
    expect(splitList("1, 3 5;8\n2\r\n\t7,,")).toEqual(["1", "3", "5", "8", "2", "7"]);
  });
});

describe("when", () => {
  const base = { ...whenDefaults(), samples: "1 3 5", backlog: "20", startDate: "2024-01-01" };

  it("turns advanced options into the input: likelihood percent → fraction, team, S-curve, lead times", () => {
    const c = whenCandidate({
      ...base,
      splitRates: "1; 1.5",
      risks: [{ likelihood: "40", low: "1", mode: "2", high: "5" }],
      teamHistorical: "5",
      teamCurrent: "4",
      sCurveMin: "2",
      sCurveMax: "5",
      sCurveSize: "20",
      leadTimes: "3 10",
    });
    expect(c).toMatchObject({
      splitRate: [1, 1.5],
      risks: [{ likelihood: 0.4, low: 1, mode: 2, high: 5 }],
      team: { historical: 5, current: 4 },
      sCurve: { min: 2, max: 5, size: 20 },
      leadTimes: [3, 10],
      periodDays: 7,
    });
    expect(c).not.toHaveProperty("focus");
  });

  it("puts every message on the field it belongs to, naming the field and limit", () => {
    const schema = resolverSchema(whenSpec(m));
    const out = issues(schema, {
      ...base,
      samples: "1 x 3",
      backlog: "-4",
      trials: "2000000000",
      risks: [{ likelihood: "140", low: "3", mode: "2", high: "5" }],
      teamHistorical: "0",
      teamCurrent: "",
    });
    expect(out).toMatchObject({
      samples: "“x” is not a number",
      backlog: "backlog must be at least 0",
      trials: "trials must be at most 1,000,000,000",
      "risks.0.likelihood": "likelihood 0–100 %",
      "risks.0.mode": "risk mode must be at least risk low",
      teamHistorical: "team.historical must be at least 1",
      teamCurrent: "team.current is required",
    });
  });

  it("maps a range backlog's messages to min/max and skipWeekends to its checkbox", () => {
    const schema = resolverSchema(whenSpec(m));
    expect(issues(schema, { ...base, backlogIsRange: true, backlogMin: "9", backlogMax: "3" })).toMatchObject({
      backlogMin: "backlog.min must be at most backlog.max",
    });
    const fields = serverIssues(
      whenSpec(m),
      [
        { path: "risks.1.high", message: "x" },
        { path: "sCurve.size", message: "y" },
      ],
      base,
    );
    expect(fields.map((f) => f.path)).toEqual([["risks", 1, "high"], ["sCurveSize"]]);
  });

  it("round-trips a stored input", () => {
    const v = {
      ...base,
      risks: [{ likelihood: "12.5", low: "0", mode: "1", high: "3" }],
      deadline: "2024-06-01",
      splitRates: "1, 1.2",
    };
    const back = whenFromInput(whenCandidate(v))!;
    expect(whenCandidate(back)).toEqual(whenCandidate(v));
  });
});

describe("how many", () => {
  it("counts whole periods to a target date, or working days when weekends are skipped", () => {
    expect(periodsUntil({ startDate: "2024-01-01", targetDate: "2024-03-11", period: "7", skipWeekends: false })).toBe(
      10,
    );
    expect(periodsUntil({ startDate: "2024-01-01", targetDate: "2024-01-15", period: "1", skipWeekends: true })).toBe(
      10,
    );
    expect(periodsUntil({ startDate: "2024-01-01", targetDate: "nope", period: "7", skipWeekends: false })).toBeNull();
  });

  it("uses the target date when asked, and says so when it is too soon", () => {
    const v = {
      ...howManyDefaults(),
      samples: "1 2",
      horizon: "date" as const,
      startDate: "2024-01-01",
      targetDate: "2024-01-03",
    };
    expect(howManyCandidate({ ...v, targetDate: "2024-01-29" }).periods).toBe(4);
    expect(issues(resolverSchema(howManySpec(m)), v)).toMatchObject({ targetDate: "target after start" });
  });
});

describe("deadline, backtest, cut line", () => {
  it("deadline: a missing deadline is named; half-life only for the recent trend", () => {
    const v = {
      ...deadlineDefaults(),
      samples: "3 4 5",
      backlog: "30",
      startDate: "2024-01-01",
      trend: "fitted" as const,
      halfLife: "4",
    };
    expect(issues(resolverSchema(deadlineSpec(m)), v)).toMatchObject({ deadline: expect.stringMatching(/deadline/) });
    const ok = resolverSchema(deadlineSpec(m)).parse({ ...v, deadline: "2024-03-01" });
    expect(ok).not.toHaveProperty("halfLife");
    expect(deadlineFromInput(ok)?.trend).toBe("fitted");
  });

  it("backtest: expanding window sends no window; sliding sends it", () => {
    const v = { ...backtestDefaults(), samples: "1 2 3", backlog: "10" };
    expect(backtestCandidate(v)).not.toHaveProperty("window");
    const s = backtestCandidate({ ...v, windowMode: "sliding", window: "6" });
    expect(s.window).toBe(6);
    expect(backtestFromInput(s)?.windowMode).toBe("sliding");
  });

  it("cut line: sizes as a number or a range; messages land on the row", () => {
    expect(parseSize("20")).toBe(20);
    expect(parseSize("15-25")).toEqual({ min: 15, max: 25 });
    expect(parseSize(" 15 – 25 ")).toEqual({ min: 15, max: 25 });
    const v = {
      ...cutLineDefaults(),
      samples: "2 3",
      features: [
        { name: "A", size: "10" },
        { name: "", size: "9-3" },
      ],
    };
    const out = issues(resolverSchema(cutLineSpec(m)), v);
    expect(out["features.1.name"]).toMatch(/name/);
    expect(out["features.1.size"]).toMatch(/feature size\.min must be at most feature size\.max/);
    const back = cutLineFromInput(cutLineCandidate({ ...v, features: [{ name: "A", size: "3–9" }] }));
    expect(back?.features).toEqual([{ name: "A", size: "3–9" }]);
  });
});

describe("precision (stop when a percentile is known well enough)", () => {
  const when = { ...whenDefaults(), samples: "1 3 5", backlog: "20", startDate: "2024-01-01" };

  it("is off by default: no precision in the input", () => {
    expect(whenCandidate(when)).not.toHaveProperty("precision");
    expect(howManyCandidate({ ...howManyDefaults(), samples: "1 3" })).not.toHaveProperty("precision");
  });

  it("on: when asks in days or periods, how many in items (no unit sent); a stored input comes back", () => {
    const on = { ...when, precisionOn: true, precisionPercentile: "90", precisionWithin: "0.5", precisionUnit: "days" };
    expect(whenCandidate(on).precision).toEqual({ percentile: 90, within: 0.5, unit: "days" });
    expect(whenFromInput(whenCandidate(on))).toMatchObject({
      precisionOn: true,
      precisionPercentile: "90",
      precisionWithin: "0.5",
      precisionUnit: "days",
    });
    const hm = { ...howManyDefaults(), samples: "1 3", precisionOn: true, precisionWithin: "3" };
    expect(howManyCandidate(hm).precision).toEqual({ percentile: 85, within: 3 });
  });

  it("puts a bad target's message on its field, naming the field and the limit", () => {
    const out = issues(resolverSchema(whenSpec(m)), {
      ...when,
      precisionOn: true,
      precisionPercentile: "100",
      precisionWithin: "0",
    });
    expect(out).toMatchObject({
      precisionPercentile: "precision.percentile must be between 1 and 99 (a whole number)",
      precisionWithin: "precision.within must be more than 0",
    });
    const hm = issues(resolverSchema(howManySpec(m)), {
      ...howManyDefaults(),
      samples: "1 3",
      precisionOn: true,
      precisionWithin: "-1",
    });
    expect(hm).toMatchObject({ precisionWithin: "precision.within must be more than 0" });
  });
});
