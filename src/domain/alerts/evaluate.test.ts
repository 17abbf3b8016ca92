import { describe, expect, it } from "vitest";
import { evaluateAlerts, type AlertRule, type Observations, type OpenAlert } from "./index";

const rule = (o: Partial<AlertRule> & Pick<AlertRule, "id" | "kind">): AlertRule => ({
  name: o.id,
  enabled: true,
  queue: null,
  task: null,
  threshold: 10,
  windowMinutes: 15,
  minRuns: 10,
  ...o,
});
const calm: Observations = {
  queues: [
    { name: "default", oldestWaitMs: null },
    { name: "analysis", oldestWaitMs: null },
  ],
  failureStats: [],
  deadRuns: [],
  schedules: [],
  liveWorkers: 2,
  tables: [{ name: "runs", live: 1000, dead: 10 }],
  xminHorizonAgeMs: 1000,
};
const MIN = 60_000;

/** A clock the test moves, and the open alerts kept as a store would keep them. */
function world(rules: AlertRule[]) {
  let t = Date.parse("2026-12-07T10:00:00Z");
  let open: OpenAlert[] = [];
  let seq = 0;
  const log: string[] = [];
  return {
    advance: (ms: number) => (t += ms),
    tick(o: Observations) {
      const r = evaluateAlerts(rules, o, open, () => new Date(t));
      for (const f of r.fire) {
        open.push({ id: `a${++seq}`, ruleId: f.ruleId, subject: f.subject });
        log.push(`fire ${f.subject} @${f.firedAt.toISOString().slice(11, 16)}`);
      }
      for (const x of r.resolve) {
        open = open.filter((a) => a.id !== x.alertId);
        log.push(`resolve ${x.subject} @${x.resolvedAt.toISOString().slice(11, 16)}`);
      }
      return r;
    },
    log,
    open: () => open,
  };
}

describe("evaluateAlerts", () => {
  it("fires once, holds silently, resolves once, and fires again when the condition returns", () => {
    const w = world([rule({ id: "wait", kind: "queue_wait", threshold: 10 })]);
    const backed = { ...calm, queues: [{ name: "default", oldestWaitMs: 11 * MIN }] };
    expect(w.tick(calm).fire).toEqual([]);
    w.advance(MIN);
    const first = w.tick(backed);
    expect(first.fire).toHaveLength(1);
    expect(first.fire[0]!.message).toMatch(/queue default: the oldest waiting run has waited 11 min \(limit 10 min\)/);
    for (let i = 0; i < 5; i++) {
      w.advance(MIN);
      expect(w.tick(backed)).toEqual({ fire: [], resolve: [] }); // holds: no repeat
    }
    w.advance(MIN);
    expect(w.tick(calm).resolve).toHaveLength(1);
    w.advance(MIN);
    expect(w.tick(calm)).toEqual({ fire: [], resolve: [] }); // resolved once
    w.advance(60 * MIN);
    expect(w.tick(backed).fire).toHaveLength(1);
    expect(w.log).toEqual(["fire queue:default @10:01", "resolve queue:default @10:07", "fire queue:default @11:08"]);
  });

  it("keeps one alert per subject: two queues are two alerts, resolving apart", () => {
    const w = world([rule({ id: "wait", kind: "queue_wait", threshold: 10 })]);
    const both = {
      ...calm,
      queues: [
        { name: "default", oldestWaitMs: 20 * MIN },
        { name: "analysis", oldestWaitMs: 30 * MIN },
      ],
    };
    expect(w.tick(both).fire.map((f) => f.subject)).toEqual(["queue:default", "queue:analysis"]);
    w.advance(MIN);
    const one = w.tick({ ...calm, queues: [{ name: "analysis", oldestWaitMs: 31 * MIN }] });
    expect(one).toMatchObject({ fire: [], resolve: [{ subject: "queue:default" }] });
    expect(w.open().map((a) => a.subject)).toEqual(["queue:analysis"]);
  });

  it("a queue-scoped rule watches only its queue; a wait at the threshold does not fire", () => {
    const r = rule({ id: "w", kind: "queue_wait", threshold: 10, queue: "analysis" });
    const o = {
      ...calm,
      queues: [
        { name: "default", oldestWaitMs: 99 * MIN },
        { name: "analysis", oldestWaitMs: 10 * MIN },
      ],
    };
    expect(evaluateAlerts([r], o, [], () => new Date(0)).fire).toEqual([]);
  });

  it("failure rate needs the minimum number of runs: one failure of one run does not page", () => {
    const r = rule({ id: "fr", kind: "failure_rate", threshold: 50, minRuns: 10, windowMinutes: 15 });
    const now = () => new Date(0);
    const single = { ...calm, failureStats: [{ ruleId: "fr", subject: "task:x", total: 1, failed: 1 }] };
    expect(evaluateAlerts([r], single, [], now).fire).toEqual([]);
    const many = { ...calm, failureStats: [{ ruleId: "fr", subject: "task:x", total: 12, failed: 7 }] };
    const f = evaluateAlerts([r], many, [], now).fire;
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe("task x: 58.3 % of 12 runs failed in the last 15 min (limit 50 %)");
    const half = { ...calm, failureStats: [{ ruleId: "fr", subject: "task:x", total: 10, failed: 5 }] };
    expect(evaluateAlerts([r], half, [], now).fire).toEqual([]); // 50 % is not above 50 %
    const otherRule = { ...calm, failureStats: [{ ruleId: "other", subject: "task:x", total: 12, failed: 12 }] };
    expect(evaluateAlerts([r], otherRule, [], now).fire).toEqual([]);
  });

  it("run_dead fires per task while dead runs are in its window", () => {
    const r = rule({ id: "dead", kind: "run_dead", threshold: 0, windowMinutes: 60 });
    const o = { ...calm, deadRuns: [{ ruleId: "dead", task: "t.a", count: 2, latestRunId: "r9" }] };
    const f = evaluateAlerts([r], o, [], () => new Date(0)).fire;
    expect(f).toMatchObject([
      { subject: "task:t.a", message: "task t.a: 2 runs ended dead in the last 60 min (latest r9)" },
    ]);
  });

  it("schedule_missed: late past the grace, or a slot that passed without a run", () => {
    const r = rule({ id: "s", kind: "schedule_missed", threshold: 2 });
    const o = {
      ...calm,
      schedules: [
        { id: "s1", name: "Late", overdueMs: 3 * MIN, lastStatus: null },
        { id: "s2", name: "Within grace", overdueMs: MIN, lastStatus: "succeeded" },
        { id: "s3", name: "Broken", overdueMs: null, lastStatus: "task unavailable" },
      ],
    };
    const f = evaluateAlerts([r], o, [], () => new Date(0)).fire;
    expect(f.map((x) => x.subject)).toEqual(["schedule:s1", "schedule:s3"]);
    expect(f[1]!.message).toMatch(/without a run \(task unavailable\)/);
  });

  it("workers_below fires under the threshold only", () => {
    const r = rule({ id: "wk", kind: "workers_below", threshold: 1 });
    expect(evaluateAlerts([r], calm, [], () => new Date(0)).fire).toEqual([]);
    const f = evaluateAlerts([r], { ...calm, liveWorkers: 0 }, [], () => new Date(0)).fire;
    expect(f).toMatchObject([{ subject: "workers", message: "0 live workers (at least 1 expected)" }]);
  });

  it("table_health: dead tuples or the xmin horizon past the rule's limits; a verdict wins when given", () => {
    const r = rule({ id: "th", kind: "table_health", threshold: 20, windowMinutes: 30 });
    const now = () => new Date(0);
    expect(evaluateAlerts([r], calm, [], now).fire).toEqual([]);
    const bloated = { ...calm, tables: [{ name: "runs", live: 7000, dead: 3000 }], xminHorizonAgeMs: 45 * MIN };
    const f = evaluateAlerts([r], bloated, [], now).fire;
    expect(f[0]!.message).toMatch(/runs: 30 % dead tuples \(limit 20 %\); oldest open transaction is 45 min old/);
    const small = { ...calm, tables: [{ name: "runs", live: 10, dead: 990 }] };
    expect(evaluateAlerts([r], small, [], now).fire).toEqual([]); // under 1,000 dead tuples: no verdict
    const healthy = { ...bloated, healthVerdicts: [{ ruleId: "th", unhealthy: false, reasons: [] }] };
    expect(evaluateAlerts([r], healthy, [], now).fire).toEqual([]);
    const verdict = { ...calm, healthVerdicts: [{ ruleId: "th", unhealthy: true, reasons: ["xmin horizon 2 h"] }] };
    expect(evaluateAlerts([r], verdict, [], now).fire[0]!.message).toBe("job tables unhealthy: xmin horizon 2 h");
  });

  it("disabling or deleting a rule resolves its open alerts", () => {
    const r = rule({ id: "wk", kind: "workers_below", threshold: 1 });
    const open = [{ id: "a1", ruleId: "wk", subject: "workers" }];
    const down = { ...calm, liveWorkers: 0 };
    expect(evaluateAlerts([r], down, open, () => new Date(0))).toEqual({ fire: [], resolve: [] });
    expect(evaluateAlerts([{ ...r, enabled: false }], down, open, () => new Date(5)).resolve).toEqual([
      { alertId: "a1", ruleId: "wk", subject: "workers", resolvedAt: new Date(5) },
    ]);
    expect(evaluateAlerts([], down, open, () => new Date(5)).resolve).toHaveLength(1);
  });
});
