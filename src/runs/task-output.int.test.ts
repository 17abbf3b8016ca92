/**
 * Results checked against the task's output schema, on real Postgres with a real worker: a result
 * that does not match fails the run at once (no retry), naming the task and the path; one that
 * matches is stored as parsed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { closeConnections } from "@/test/close-connections";
import { ended, useTestDatabase } from "@/test/run-modules";
import { testDatabaseUrl } from "@/test/db-url";
import { startTestWorker } from "@/test/test-worker";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";
import type { AnyTask } from "./define-task";

let worker: FluxoWorker;
let m: {
  enqueue: typeof import("./enqueue").enqueue;
  findRun: typeof import("./run.repository").findRun;
  tasks: typeof import("@/test/test-tasks");
};

beforeAll(async () => {
  useTestDatabase();
  m = {
    enqueue: (await import("./enqueue")).enqueue,
    findRun: (await import("./run.repository")).findRun,
    tasks: await import("@/test/test-tasks"),
  };
  worker = await startTestWorker(testDatabaseUrl(), [m.tasks.badOutputTask, m.tasks.addTask] as AnyTask[], 2);
});

afterAll(async () => {
  await worker?.stop();
  await closeConnections();
  resetEnvCache();
});

describe("task output schemas", { timeout: 30_000 }, () => {
  it("a malformed result fails the run at once, naming the task and the path, and is not retried", async () => {
    const run = await m.enqueue(m.tasks.badOutputTask, {});
    const done = await waitForRun(run.id, (r) => ended(r.status));
    expect(done.status).toBe("failed");
    expect(done.attempt).toBe(1);
    expect(done.error?.name).toBe("NonRetriableError");
    expect(done.error?.message).toBe(
      "task test.badOutput returned a result that does not match its output schema: " +
        "percentiles.0.value: Invalid input: expected number, received string",
    );
    expect(done.result).toBeNull();
    // The task allows 3 attempts; none follows the refused one.
    await new Promise((r) => setTimeout(r, 500));
    expect(m.tasks.attemptsSeen.get(run.id)).toBe(1);
    expect((await m.findRun(run.id))?.status).toBe("failed");
  });

  it("a result that matches is stored as parsed", async () => {
    const run = await m.enqueue(m.tasks.addTask, { n: 2, prev: 3, delayMs: 0 });
    const done = await waitForRun(run.id, (r) => ended(r.status));
    expect(done.status).toBe("succeeded");
    expect(done.result).toBe(5);
  });
});
