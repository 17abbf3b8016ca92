/** Bulk cancel and bulk retry by filter, on real Postgres with a real worker. */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";
import type { Viewer } from "@/accounts/viewer";
import { closeConnections } from "@/test/close-connections";
import { taskCatalog } from "@/runs/task-catalog";

/** Nothing cancelled here is a workflow step: no next step to start. */
const noTasks = taskCatalog([]);
const admin: Viewer = { id: "bulk-admin", email: "a@example.com", name: "A", role: "admin", via: "token" };
let worker: FluxoWorker;
let m: {
  enqueue: typeof import("@/runs/enqueue").enqueue;
  service: typeof import("./runs.service");
  queues: typeof import("@/runs/queue.repository");
  tasks: typeof import("@/test/test-tasks");
};

beforeAll(async () => {
  process.env.DATABASE_URL = testDatabaseUrl();
  resetEnvCache();
  m = {
    enqueue: (await import("@/runs/enqueue")).enqueue,
    service: await import("./runs.service"),
    queues: await import("@/runs/queue.repository"),
    tasks: await import("@/test/test-tasks"),
  };
  worker = await startTestWorker(testDatabaseUrl(), m.tasks.testTasks, 4);
});

afterAll(async () => {
  await worker?.stop();
  await m?.queues.updateQueue("default", { paused: false });
  await closeConnections();
  resetEnvCache();
});

const ended = (s: string) => ["succeeded", "failed", "dead", "cancelled"].includes(s);

describe("runs filters", () => {
  it("find runs by text in their input (wildcards taken literally), by task and by creation time", async () => {
    const since = new Date().toISOString();
    await m.queues.updateQueue("default", { paused: true });
    const a = await m.enqueue(m.tasks.stepsTask, { steps: 7, stepMs: 3 });
    const b = await m.enqueue(m.tasks.stepsTask, { steps: 3, stepMs: 3 });
    const page = (f: Record<string, unknown>) =>
      m.service.listRunsPage(admin, { limit: 50, all: true, createdAfter: since, ...f } as never);
    expect((await page({ text: '"steps": 7' })).items.map((r) => r.id)).toEqual([a.id]);
    expect((await page({ text: "stepMs" })).items.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect((await page({ text: "%" })).items).toHaveLength(0); // not a wildcard
    expect((await page({ task: "test.slow" })).items).toHaveLength(0);
    expect((await page({ createdBefore: since })).items.map((r) => r.id)).not.toContain(a.id);
    await m.service.cancelMany(admin, { status: ["queued"], createdAfter: since, all: true, limit: 1000 }, noTasks);
    await m.queues.updateQueue("default", { paused: false });
  });
});

describe("bulk delete", () => {
  it("deletes the finished runs a filter matches, with their events, and never a live one", async () => {
    const since = new Date().toISOString();
    const done = await m.enqueue(m.tasks.fatalTask, {});
    await waitForRun(done.id, (x) => ended(x.status));
    await m.queues.updateQueue("default", { paused: true });
    const waiting = await m.enqueue(m.tasks.stepsTask, { steps: 1, stepMs: 1 });
    const r = await m.service.deleteMany(admin, { createdAfter: since, all: true, limit: 1000 });
    expect(r).toMatchObject({ matched: 1, changed: 1 });
    const repo = {
      ...(await import("@/runs/run.repository")),
      ...(await import("@/runs/run-tree.repository")),
      ...(await import("@/runs/run-events.repository")),
      ...(await import("@/runs/run-query.repository")),
    };
    expect(await repo.findRun(done.id)).toBeNull();
    expect(await repo.listEvents(done.id)).toHaveLength(0);
    expect((await repo.findRun(waiting.id))?.status).toBe("queued");
    await m.service.cancelMany(admin, { status: ["queued"], createdAfter: since, all: true, limit: 1000 }, noTasks);
    await m.queues.updateQueue("default", { paused: false });
  });
});

describe("bulk actions", () => {
  it("cancels every queued run a filter matches, and only those", async () => {
    await m.queues.updateQueue("default", { paused: true });
    const since = new Date().toISOString();
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => m.enqueue(m.tasks.stepsTask, { steps: 2, stepMs: 5 })),
    );
    const other = await m.enqueue(m.tasks.slowTask, { ms: 10 }); // another task: not matched
    const r = await m.service.cancelMany(
      admin,
      {
        status: ["queued"],
        task: m.tasks.stepsTask.name,
        createdAfter: since,
        all: true,
        limit: 1000,
      },
      noTasks,
    );
    expect(r).toMatchObject({ matched: 4, changed: 4 });
    await m.queues.updateQueue("default", { paused: false });
    for (const run of runs) expect((await waitForRun(run.id, (x) => ended(x.status))).status).toBe("cancelled");
    expect((await waitForRun(other.id, (x) => ended(x.status))).status).toBe("succeeded");
  });

  it("retries every failed run a filter matches as a new attempt series", async () => {
    const since = new Date().toISOString();
    const runs = await Promise.all(Array.from({ length: 3 }, () => m.enqueue(m.tasks.fatalTask, {})));
    for (const run of runs) expect((await waitForRun(run.id, (x) => ended(x.status))).status).toBe("failed");
    const r = await m.service.redriveMany(admin, {
      status: ["failed"],
      task: m.tasks.fatalTask.name,
      createdAfter: since,
      all: true,
      limit: 2,
    });
    expect(r).toMatchObject({ matched: 2, changed: 2 }); // the limit holds: oldest first
    // Redriven runs ran again (and, the task being fatal, failed again with a fresh attempt count).
    const redriven: string[] = [];
    for (const run of runs) {
      const events = await m.service.getRunEvents(admin, run.id);
      if (events.some((e) => (e.payload as { reason?: string }).reason === "redrive")) redriven.push(run.id);
    }
    expect(redriven).toHaveLength(2);
    const after = await Promise.all(runs.map((run) => waitForRun(run.id, (x) => x.status === "failed")));
    expect(after.every((x) => x.attempt === 1)).toBe(true);
  });
});
