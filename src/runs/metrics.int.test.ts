/** Metrics move with runs: counters by task/queue/status, durations, queue depth read from the database. */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";
import { closeConnections } from "@/test/close-connections";

let worker: FluxoWorker;
let m: {
  enqueue: typeof import("./enqueue").enqueue;
  tasks: typeof import("@/test/test-tasks");
  queues: typeof import("./queue.repository");
  registry: typeof import("@/server/metrics").registry;
  installQueueGauges: typeof import("./metrics").installQueueGauges;
};

beforeAll(async () => {
  process.env.DATABASE_URL = testDatabaseUrl();
  resetEnvCache();
  m = {
    enqueue: (await import("./enqueue")).enqueue,
    tasks: await import("@/test/test-tasks"),
    queues: await import("./queue.repository"),
    registry: (await import("@/server/metrics")).registry,
    installQueueGauges: (await import("./metrics")).installQueueGauges,
  };
  m.installQueueGauges(20_000);
  worker = await startTestWorker(testDatabaseUrl(), m.tasks.testTasks, 4);
});

afterAll(async () => {
  await worker?.stop();
  await m?.queues.updateQueue("reports", { paused: false });
  await closeConnections();
  resetEnvCache();
});

/** The value of one sample in the Prometheus text, 0 when absent. */
async function sample(name: string, labels: Record<string, string>): Promise<number> {
  const text = await m.registry.metrics();
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) return Number(line.split(" ").pop());
  }
  return 0;
}

describe("metrics", () => {
  it("count started, succeeded, failed and retried runs by task and queue, and time them", async () => {
    const before = {
      ok: await sample("fluxo_runs_finished_total", { task: "test.steps", status: "succeeded" }),
      failed: await sample("fluxo_runs_finished_total", { task: "test.fatal", status: "failed" }),
      started: await sample("fluxo_runs_started_total", { task: "test.steps", queue: "default" }),
      retries: await sample("fluxo_run_retries_total", { task: "test.flaky" }),
      timed: await sample("fluxo_run_duration_seconds_count", { task: "test.steps", status: "succeeded" }),
    };
    const runs = [
      await m.enqueue(m.tasks.stepsTask, { steps: 2, stepMs: 5 }),
      await m.enqueue(m.tasks.stepsTask, { steps: 2, stepMs: 5 }),
      await m.enqueue(m.tasks.fatalTask, {}),
      await m.enqueue(m.tasks.flakyTask, { failTimes: 1 }),
    ];
    for (const r of runs) await waitForRun(r.id, (x) => ["succeeded", "failed", "dead"].includes(x.status));
    expect(await sample("fluxo_runs_finished_total", { task: "test.steps", status: "succeeded" })).toBe(before.ok + 2);
    expect(await sample("fluxo_runs_finished_total", { task: "test.fatal", status: "failed" })).toBe(before.failed + 1);
    expect(await sample("fluxo_runs_started_total", { task: "test.steps", queue: "default" })).toBe(before.started + 2);
    expect(await sample("fluxo_run_retries_total", { task: "test.flaky" })).toBe(before.retries + 1);
    expect(await sample("fluxo_run_duration_seconds_count", { task: "test.steps", status: "succeeded" })).toBe(
      before.timed + 2,
    );
  });

  it("show queue depth and the oldest wait from the database, and the live workers", async () => {
    await m.queues.updateQueue("reports", { paused: true });
    const { defineTask } = await import("./define-task");
    const { z } = await import("zod");
    const reportTask = defineTask({
      name: "test.report",
      queue: "reports",
      input: z.object({}),
      output: z.null(),
      retry: { attempts: 1 },
      handler: () => null,
    });
    const base = await sample("fluxo_queue_runs", { queue: "reports", status: "queued" });
    for (let i = 0; i < 3; i++) await m.enqueue(reportTask, {});
    expect(await sample("fluxo_queue_runs", { queue: "reports", status: "queued" })).toBe(base + 3);
    expect(await sample("fluxo_queue_oldest_waiting_seconds", { queue: "reports" })).toBeGreaterThanOrEqual(0);
    expect(await sample("fluxo_workers_live", {})).toBeGreaterThanOrEqual(1);
    const { db } = await import("@/server/db");
    await db().$executeRaw`select graphile_worker.remove_job(id::text) from runs where task = 'test.report'`;
    await db().$executeRaw`delete from runs where task = 'test.report'`;
  });
});
