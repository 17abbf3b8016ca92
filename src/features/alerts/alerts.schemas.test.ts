import { describe, expect, it } from "vitest";
import { ZAlertHistoryInput, ZCreateAlertRule, ZUpdateAlertRule } from "./alerts.schemas";

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("alert rule schemas", () => {
  it("accepts a rule at its bounds with defaults filled in", () => {
    expect(ZCreateAlertRule.parse({ name: " r ", kind: "failure_rate", threshold: 100 })).toEqual({
      name: "r",
      kind: "failure_rate",
      threshold: 100,
      enabled: true,
      queue: null,
      task: null,
      windowMinutes: 15,
      minRuns: 1,
    });
    expect(ZCreateAlertRule.safeParse({ name: "w", kind: "queue_wait", threshold: 1, queue: "reports" }).success).toBe(
      true,
    );
    expect(ZCreateAlertRule.safeParse({ name: "d", kind: "run_dead", threshold: 0, task: "test.add" }).success).toBe(
      true,
    );
  });

  it.each([
    [
      { kind: "failure_rate", threshold: 0 },
      "threshold: threshold must be between 1 and 100 for failure_rate (percent)",
    ],
    [
      { kind: "failure_rate", threshold: 100.5 },
      "threshold: threshold must be between 1 and 100 for failure_rate (percent)",
    ],
    [
      { kind: "queue_wait", threshold: 10_081 },
      "threshold: threshold must be between 1 and 10,080 for queue_wait (minutes)",
    ],
    [
      { kind: "workers_below", threshold: 0 },
      "threshold: threshold must be between 1 and 1,000 for workers_below (live workers)",
    ],
    [{ kind: "run_dead", threshold: 5 }, "threshold: threshold must be 0 for run_dead (unused (0))"],
    [{ kind: "queue_wait", threshold: 10, windowMinutes: 0 }, "windowMinutes: windowMinutes must be at least 1"],
    [{ kind: "queue_wait", threshold: 10, windowMinutes: 1.5 }, "windowMinutes: windowMinutes must be a whole number"],
    [{ kind: "failure_rate", threshold: 10, minRuns: 0 }, "minRuns: minRuns must be at least 1"],
    [
      { kind: "queue_wait", threshold: 10, queue: "nope" },
      "queue: queue must be one of default, data_collection, analysis, reports",
    ],
    [
      { kind: "workers_below", threshold: 1, queue: "default" },
      "queue: queue applies to queue_wait and failure_rate only",
    ],
    [{ kind: "queue_wait", threshold: 10, task: "x.y" }, "task: task applies to failure_rate and run_dead only"],
    [
      { kind: "nope", threshold: 1 },
      "kind: kind must be one of queue_wait, failure_rate, run_dead, schedule_missed, workers_below, table_health",
    ],
    [{ kind: "queue_wait", threshold: Number.NaN }, "threshold: threshold must be a number"],
  ])("refuses %j naming the field", (patch, message) => {
    expect(issues(ZCreateAlertRule.safeParse({ name: "r", ...patch }))).toContain(message);
  });

  it("an edit needs a field to change; the history is bounded", () => {
    const id = "00000000-0000-4000-9000-000000000001";
    expect(issues(ZUpdateAlertRule.safeParse({ id }))).toEqual(["name: give at least one field to change"]);
    expect(ZUpdateAlertRule.safeParse({ id, enabled: false }).success).toBe(true);
    expect(issues(ZAlertHistoryInput.safeParse({ limit: 101 }))).toEqual(["limit: limit must be at most 100"]);
    expect(issues(ZAlertHistoryInput.safeParse({ limit: 10, cursor: "x" }))).toEqual([
      "cursor: cursor must be a cursor from the previous page",
    ]);
  });
});
