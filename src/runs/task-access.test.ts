import { describe, expect, it } from "vitest";
import type { AnyTask } from "./define-task";
import { mayStart, startableTask } from "./task-access";

const task = (name: string, system = false) => ({ name, system }) as unknown as AnyTask;
const tasks = new Map([task("forecast.when"), task("runs.cleanup", true)].map((t) => [t.name, t] as const));
const refuse = (m: string) => new RangeError(m);

describe("which tasks a person may start", () => {
  it("lets anyone start a task, and only an admin a system task", () => {
    expect(mayStart({ role: "user" }, tasks.get("forecast.when")!)).toBe(true);
    expect(mayStart({ role: "user" }, tasks.get("runs.cleanup")!)).toBe(false);
    expect(startableTask(tasks, { role: "admin" }, "runs.cleanup", refuse).name).toBe("runs.cleanup");
  });

  it("refuses an unknown or system task naming the ones the person may start", () => {
    expect(() => startableTask(tasks, { role: "user" }, "runs.cleanup", refuse)).toThrow(
      new RangeError("task must be one of forecast.when"),
    );
    expect(() => startableTask(tasks, { role: "admin" }, "nope", refuse)).toThrow(
      "task must be one of forecast.when, runs.cleanup",
    );
  });
});
