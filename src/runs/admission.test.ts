/** The admission decision: pure, the cached state and a run's queue and priority in, admit or why not. */
import { describe, expect, it } from "vitest";
import { admissionDecision, type AdmissionState } from "./admission";

const o = { lowPriorityBelow: 0, retryAfterS: 30 };
const ok: AdmissionState = {
  at: 0,
  health: { level: "ok", reasons: [] },
  read: { at: "", tables: [], xmin: [], longQueries: [], longQuerySeconds: 60 },
  thresholds: {
    xminWarnSeconds: 300,
    xminCriticalSeconds: 1800,
    deadRatioWarn: 0.2,
    deadRatioCritical: 0.5,
    deadMinTuples: 10_000,
    longQuerySeconds: 60,
  },
  backedUp: [],
  queueWaitLimitS: 600,
};
const critical: AdmissionState = {
  ...ok,
  health: {
    level: "critical",
    reasons: [
      { code: "long_query", level: "warn", message: "long", value: 61, limit: 60 },
      {
        code: "xmin_horizon",
        level: "critical",
        message: "The oldest open transaction is 31 min old",
        value: 1860,
        limit: 1800,
      },
    ],
  },
};
const backlog: AdmissionState = { ...ok, backedUp: [{ queue: "analysis", oldestWaitS: 901.4 }] };

describe("admissionDecision", () => {
  it("admits everything while healthy", () => {
    expect(admissionDecision(ok, { queue: "default", priority: -1000 }, o)).toEqual({ admit: true });
  });

  it("admits everything when the state is unknown (fail open)", () => {
    expect(admissionDecision(null, { queue: "default", priority: -5 }, o)).toEqual({ admit: true });
  });

  it("sheds only low priority when the tables are critical, naming the critical reason", () => {
    const d = admissionDecision(critical, { queue: "default", priority: -1 }, o);
    expect(d).toMatchObject({ admit: false, reason: "table_health", retryAfterS: 30 });
    expect(d.admit === false && d.message).toContain("The oldest open transaction is 31 min old");
    expect(d.admit === false && d.message).toContain("try again in 30 s");
    expect(admissionDecision(critical, { queue: "default", priority: 0 }, o)).toEqual({ admit: true });
    expect(admissionDecision(critical, { queue: "default", priority: 500 }, o)).toEqual({ admit: true });
  });

  it("does not shed on a warning", () => {
    const warn: AdmissionState = { ...ok, health: { level: "warn", reasons: [critical.health.reasons[0]!] } };
    expect(admissionDecision(warn, { queue: "default", priority: -1 }, o)).toEqual({ admit: true });
  });

  it("sheds low priority only on the backed-up queue", () => {
    const d = admissionDecision(backlog, { queue: "analysis", priority: -10 }, o);
    expect(d).toMatchObject({ admit: false, reason: "queue_backlog" });
    expect(d.admit === false && d.message).toContain("queue analysis's oldest run has waited 901 s (limit 600 s)");
    expect(admissionDecision(backlog, { queue: "reports", priority: -10 }, o)).toEqual({ admit: true });
    expect(admissionDecision(backlog, { queue: "analysis", priority: 0 }, o)).toEqual({ admit: true });
  });

  it("follows the configured boundary of low priority", () => {
    const o10 = { ...o, lowPriorityBelow: 10 };
    expect(admissionDecision(backlog, { queue: "analysis", priority: 9 }, o10).admit).toBe(false);
    expect(admissionDecision(backlog, { queue: "analysis", priority: 10 }, o10).admit).toBe(true);
  });
});
