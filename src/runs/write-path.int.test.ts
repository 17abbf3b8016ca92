/**
 * The batched write path's guarantees (issue 17): a compare-and-set lost inside a batch is reported
 * to its caller as lost; idempotency keys under concurrent submits; priority under a queue limit;
 * delayed runs; slots back after their runs end. Real Postgres, real Graphile Worker.
 */
import { taskCatalog } from "./task-catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import { closeConnections } from "@/test/close-connections";
import { ended, importRunRepo, useTestDatabase, type RunRepo } from "@/test/run-modules";
import type { FluxoWorker } from "@/worker/runner";

let m: {
  enqueue: typeof import("@/runs/enqueue");
  batch: typeof import("@/runs/run-batch.repository") & typeof import("@/runs/run-insert.repository");
  repo: RunRepo;
  queues: typeof import("@/runs/queue.repository");
  cancel: typeof import("@/runs/cancel");
  batcher: typeof import("@/server/batcher");
  tasks: typeof import("@/test/test-tasks");
  runner: typeof import("@/worker/runner");
  db: typeof import("@/server/db");
};
let worker: FluxoWorker | undefined;

beforeAll(async () => {
  useTestDatabase();
  m = {
    enqueue: await import("@/runs/enqueue"),
    batch: { ...(await import("@/runs/run-batch.repository")), ...(await import("@/runs/run-insert.repository")) },
    repo: await importRunRepo(),
    queues: await import("@/runs/queue.repository"),
    cancel: await import("@/runs/cancel"),
    batcher: await import("@/server/batcher"),
    tasks: await import("@/test/test-tasks"),
    runner: await import("@/worker/runner"),
    db: await import("@/server/db"),
  };
});

afterAll(async () => {
  await worker?.stop();
  await m.queues.updateQueue("default", { concurrency: 8, paused: false });
  await closeConnections();
  resetEnvCache();
});

/** A queued run with its job, not started by anyone (no worker runs in the first tests). */
async function queuedRun() {
  return m.enqueue.enqueue(m.tasks.stepsTask, { steps: 1, stepMs: 1 }, { runAt: new Date(Date.now() + 3_600_000) });
}

async function statusEvents(runId: string, status: string): Promise<number> {
  const events = await m.repo.listEvents(runId);
  return events.filter((e) => e.type === "status" && e.payload.status === status).length;
}

describe("batched transitions", () => {
  it("reports to each caller whether its own compare-and-set won, also when several share a statement", async () => {
    const a = await queuedRun();
    const b = await queuedRun();
    const c = await queuedRun();
    const answers = await m.batch.applyTransitions([
      { id: a.id, from: ["scheduled"], to: "cancelled", patch: { finishedNow: true }, event: { reason: "test" } },
      { id: b.id, from: ["running"], to: "succeeded", patch: { finishedNow: true } }, // b is not running: lost
      { id: c.id, from: ["scheduled"], to: "cancelled", patch: { finishedNow: true } },
    ]);
    expect(answers.map((x) => x.answer)).toEqual(["ok", null, "ok"]);
    expect(answers[0]!.row?.status).toBe("cancelled");
    expect((await m.repo.findRun(b.id))?.status).toBe("scheduled");
    expect(await statusEvents(a.id, "cancelled")).toBe(1);
    expect(await statusEvents(b.id, "succeeded")).toBe(0);
  });

  it("lets exactly one of two writers racing on one run win, on separate connections, many times over", async () => {
    // Two independent writers (own batchers, each statement on its own pooled connection) move the
    // same running run to different ends at the same moment: one wins, the other is told it lost.
    const writer = () =>
      new m.batcher.Batcher({ name: "racer", flush: m.batch.applyTransitions, keyOf: (x: { id: string }) => x.id });
    const w1 = writer();
    const w2 = writer();
    for (let round = 0; round < 20; round++) {
      const r = await queuedRun();
      await m.db.db()
        .$executeRaw`update runs set status = 'running', attempt = 1, worker_id = 'w' where id = ${r.id}::uuid`;
      const [x, y] = await Promise.all([
        w1.submit({ id: r.id, from: ["running"], to: "succeeded", patch: { finishedNow: true, result: { by: 1 } } }),
        w2.submit({ id: r.id, from: ["running"], to: "cancelling", event: { reason: "cancel requested" } }),
      ]);
      const won = [x.answer, y.answer].filter((s) => s === "ok").length;
      expect(won).toBe(1);
      const row = await m.repo.findRun(r.id);
      expect(row?.status).toBe(x.answer === "ok" ? "succeeded" : "cancelling");
      const events = (await m.repo.listEvents(r.id)).filter((e) => e.type === "status");
      expect(events.map((e) => e.payload.status)).toEqual([
        "scheduled",
        x.answer === "ok" ? "succeeded" : "cancelling",
      ]);
      await m.db.db().$executeRaw`select graphile_worker.remove_job(${r.id})`;
    }
  });

  it("refuses a transition the status machine does not allow before it reaches the database", async () => {
    const { transition } = await import("@/runs/writer");
    await expect(transition({ id: randomUUID(), from: ["succeeded"], to: "running" })).rejects.toThrow(
      /illegal run status transition succeeded → running/,
    );
  });
});

describe("idempotency keys", () => {
  it("gives 50 concurrent submits with one key one run", async () => {
    const key = `idem-${randomUUID()}`;
    const input = { steps: 1, stepMs: 1 };
    const opts = { ownerId: null, idempotencyKey: key, delayMs: 3_600_000 };
    const rows = await Promise.all(Array.from({ length: 50 }, () => m.enqueue.enqueue(m.tasks.stepsTask, input, opts)));
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    const n = (
      await m.db.db().$queryRaw<{ n: number }[]>`
      select count(*)::int as n from runs where idempotency_key = ${key}`
    )[0]!.n;
    expect(n).toBe(1);
  });

  it("gives concurrent batch statements on separate connections one run per key", async () => {
    const key = `idem-${randomUUID()}`;
    const base = () => ({
      id: randomUUID(),
      task: m.tasks.stepsTask.name,
      queue: "default",
      input: { steps: 1, stepMs: 1 },
      inputHash: m.enqueue.inputHash(m.tasks.stepsTask.name, { steps: 1, stepMs: 1 }),
      maxAttempts: 1,
      priority: 0,
      runAt: new Date(Date.now() + 3_600_000),
      status: "scheduled" as const,
      idempotency: { key, ttlMs: 60_000, hash: "same submission" },
    });
    const out = await Promise.all(Array.from({ length: 10 }, () => m.batch.insertRuns([base()])));
    expect(out.flat().filter((r) => r !== null)).toHaveLength(1);
  });

  it("refuses the key with a different input, and makes a new run once the key has expired", async () => {
    const key = `idem-${randomUUID()}`;
    const first = await m.enqueue.enqueue(
      m.tasks.stepsTask,
      { steps: 1, stepMs: 1 },
      { idempotencyKey: key, delayMs: 3_600_000 },
    );
    await expect(
      m.enqueue.enqueue(m.tasks.stepsTask, { steps: 2, stepMs: 1 }, { idempotencyKey: key, delayMs: 3_600_000 }),
    ).rejects.toThrow(m.enqueue.IdempotencyConflictError);
    await m.db.db()
      .$executeRaw`update idempotency_keys set expires_at = now() - interval '1 second' where key = ${key}`;
    const second = await m.enqueue.enqueue(
      m.tasks.stepsTask,
      { steps: 1, stepMs: 1 },
      { idempotencyKey: key, delayMs: 3_600_000 },
    );
    expect(second.id).not.toBe(first.id);
    const again = await m.enqueue.enqueue(
      m.tasks.stepsTask,
      { steps: 1, stepMs: 1 },
      { idempotencyKey: key, delayMs: 3_600_000 },
    );
    expect(again.id).toBe(second.id);
  });

  it("keeps the key apart per owner and per task", async () => {
    const key = `idem-${randomUUID()}`;
    const a = await m.enqueue.enqueue(
      m.tasks.stepsTask,
      { steps: 1, stepMs: 1 },
      { idempotencyKey: key, delayMs: 3_600_000 },
    );
    const b = await m.enqueue.enqueue(m.tasks.slowTask, { ms: 1 }, { idempotencyKey: key, delayMs: 3_600_000 });
    expect(a.id).not.toBe(b.id);
  });
});

describe("enqueue options", () => {
  it("names the field and the bounds of an option out of range", async () => {
    const t = m.tasks.stepsTask;
    const i = { steps: 1, stepMs: 1 };
    await expect(m.enqueue.enqueue(t, i, { priority: 5000 })).rejects.toThrow(
      /priority must be a whole number within -1000..1000/,
    );
    await expect(m.enqueue.enqueue(t, i, { delayMs: -1 })).rejects.toThrow(/delayMs must be/);
    await expect(m.enqueue.enqueue(t, i, { runAt: new Date(Date.now() + 40 * 86_400_000) })).rejects.toThrow(
      /runAt must be within 30 days/,
    );
    await expect(m.enqueue.enqueue(t, i, { concurrencyLimit: 2 })).rejects.toThrow(
      /concurrencyLimit needs a concurrencyKey/,
    );
    await expect(m.enqueue.enqueue(t, i, { idempotencyKey: "" })).rejects.toThrow(/idempotencyKey must be 1..200/);
  });

  it("writes enqueueMany in one go, or nothing when an item is bad (naming its index)", async () => {
    const before = await m.db.db().$queryRaw<{ n: number }[]>`select count(*)::int as n from runs`;
    await expect(
      m.enqueue.enqueueMany([
        { task: m.tasks.stepsTask, input: { steps: 1, stepMs: 1 }, opts: { delayMs: 3_600_000 } },
        { task: m.tasks.stepsTask, input: { steps: 0, stepMs: 1 }, opts: { delayMs: 3_600_000 } },
      ]),
    ).rejects.toMatchObject({ name: "EnqueueItemError", index: 1 });
    const after = await m.db.db().$queryRaw<{ n: number }[]>`select count(*)::int as n from runs`;
    expect(after[0]!.n).toBe(before[0]!.n);
    const rows = await m.enqueue.enqueueMany(
      Array.from({ length: 300 }, () => ({
        task: m.tasks.stepsTask,
        input: { steps: 1, stepMs: 1 },
        opts: { delayMs: 3_600_000 },
      })),
    );
    expect(rows).toHaveLength(300);
    expect(rows.every((r) => r?.status === "scheduled")).toBe(true);
    const n = (
      await m.db.db().$queryRaw<{ n: number }[]>`
      select count(*)::int as n from graphile_worker.jobs where key = any(${rows.map((r) => r!.id)})`
    )[0]!.n;
    expect(n).toBe(300);
  });
});

describe("with a worker", () => {
  beforeAll(async () => {
    // Runs left scheduled by the tests above must not start during these.
    await m.db.db().$executeRaw`select graphile_worker.remove_job(id::text) from runs where status = 'scheduled'`;
    await m.db.db().$executeRaw`delete from runs where status = 'scheduled'`;
    worker = await m.runner.startWorker({
      connectionString: testDatabaseUrl(),
      tasks: m.tasks.testTasks,
      concurrency: 4,
      pollIntervalMs: 100,
      publishMs: 20,
      persistMs: 50,
    });
  });

  it("starts a delayed run no earlier than asked, scheduled until then", async () => {
    const t0 = Date.now();
    const r = await m.enqueue.enqueue(m.tasks.stepsTask, { steps: 1, stepMs: 1 }, { delayMs: 1500 });
    expect(r.status).toBe("scheduled");
    await new Promise((res) => setTimeout(res, 700));
    expect((await m.repo.findRun(r.id))?.status).toBe("scheduled");
    const done = await waitForRun(r.id, (x) => ended(x.status), 10_000);
    expect(done.status).toBe("succeeded");
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(t0 + 1500 - 5);
  });

  it("cancels a delayed run while it waits; it never runs", async () => {
    const r = await m.enqueue.enqueue(m.tasks.stepsTask, { steps: 1, stepMs: 1 }, { delayMs: 800 });
    const c = await m.cancel.cancelRun(r.id, taskCatalog(m.tasks.testTasks));
    expect(c.status).toBe("cancelled");
    await new Promise((res) => setTimeout(res, 1500));
    const row = await m.repo.findRun(r.id);
    expect(row?.status).toBe("cancelled");
    expect(row?.startedAt).toBeNull();
    expect(await statusEvents(r.id, "running")).toBe(0);
  });

  it("with one slot, starts a higher-priority run submitted later before a lower one", async () => {
    await m.queues.updateQueue("default", { concurrency: 1 });
    try {
      const holder = await m.enqueue.enqueue(m.tasks.slowTask, { ms: 600 });
      await waitForRun(holder.id, (x) => x.status === "running");
      const low = await m.enqueue.enqueue(m.tasks.stepsTask, { steps: 1, stepMs: 1 }, { priority: 0 });
      await new Promise((res) => setTimeout(res, 100)); // low is refused (queue full) before high is submitted
      const high = await m.enqueue.enqueue(m.tasks.stepsTask, { steps: 1, stepMs: 1 }, { priority: 10 });
      const [l, h] = await Promise.all([
        waitForRun(low.id, (x) => ended(x.status), 15_000),
        waitForRun(high.id, (x) => ended(x.status), 15_000),
      ]);
      expect(h.startedAt!.getTime()).toBeLessThan(l.startedAt!.getTime());
      const hld = await m.repo.findRun(holder.id);
      // woken when the slot was freed, not after the deferred job's backstop delay
      expect(h.startedAt!.getTime() - hld!.finishedAt!.getTime()).toBeLessThan(m.batch.SLOT_BACKSTOP_MS);
    } finally {
      await m.queues.updateQueue("default", { concurrency: 8 });
    }
  });

  it("gives every slot back when the runs end, and nobody waits for one", async () => {
    const rows = await m.enqueue.enqueueMany(
      Array.from({ length: 40 }, () => ({ task: m.tasks.stepsTask, input: { steps: 1, stepMs: 5 } })),
    );
    await Promise.all(rows.map((r) => waitForRun(r!.id, (x) => ended(x.status), 20_000)));
    const [q] = (await m.queues.listQueues()).filter((x) => x.name === "default");
    expect(q!.running).toBe(0);
    const n = (await m.db.db().$queryRaw<{ n: number }[]>`select count(*)::int as n from slot_waiters`)[0]!.n;
    expect(n).toBe(0);
  });
});
