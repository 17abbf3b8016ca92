/** The console's figures from a real database: workers live/dead/stopped, queue counts that move. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { closeConnections } from "@/test/close-connections";

let m: {
  workers: typeof import("./workers.service");
  overview: typeof import("./overview.service");
  wrepo: typeof import("@/runs/worker.repository");
  queues: typeof import("@/runs/queue.repository");
  enqueue: typeof import("@/runs/enqueue").enqueue;
  db: typeof import("@/server/db").db;
};

beforeAll(async () => {
  process.env.DATABASE_URL = testDatabaseUrl();
  resetEnvCache();
  m = {
    workers: await import("./workers.service"),
    overview: await import("./overview.service"),
    wrepo: await import("@/runs/worker.repository"),
    queues: await import("@/runs/queue.repository"),
    enqueue: (await import("@/runs/enqueue")).enqueue,
    db: (await import("@/server/db")).db,
  };
});

afterAll(async () => {
  await m.db().$executeRaw`delete from workers where host = 'console-test'`;
  await m.queues.updateQueue("data_collection", { paused: false });
  await closeConnections();
  resetEnvCache();
});

describe("console", () => {
  it("shows a worker whose beats stopped as dead, one that beats as live, a stopped one only on request", async () => {
    const [live, dead, stopped] = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of [live, dead, stopped])
      await m.wrepo.registerWorker({ id, host: "console-test", pid: 1, queues: ["default"], concurrency: 2 });
    await m.db().$executeRaw`update workers set last_beat_at = now() - interval '10 minutes' where id = ${dead}`;
    await m.wrepo.markWorkerStopped(stopped);
    const shown = await m.workers.workers({ includeStopped: false });
    const state = (id: string) => shown.find((w) => w.id === id)?.state;
    expect(state(live)).toBe("live");
    expect(state(dead)).toBe("dead");
    expect(state(stopped)).toBeUndefined();
    expect((await m.workers.workers({ includeStopped: true })).find((w) => w.id === stopped)?.state).toBe("stopped");
  });

  it("counts waiting runs per queue and their oldest age", async () => {
    await m.queues.updateQueue("data_collection", { paused: true });
    const { defineTask } = await import("@/runs/define-task");
    const { z } = await import("zod");
    const collect = defineTask({
      name: "test.collect",
      queue: "data_collection",
      input: z.object({}),
      output: z.null(),
      retry: { attempts: 1 },
      handler: () => null,
    });
    const before = (await m.overview.overview()).queues.find((q) => q.queue === "data_collection")!;
    for (let i = 0; i < 2; i++) await m.enqueue(collect, {});
    const after = (await m.overview.overview()).queues.find((q) => q.queue === "data_collection")!;
    expect(after.waiting).toBe(before.waiting + 2);
    expect(after.oldestWaitingS).not.toBeNull();
    const o = await m.overview.overview();
    expect(o.hours).toHaveLength(24);
    await m.db().$executeRaw`select graphile_worker.remove_job(id::text) from runs where task = 'test.collect'`;
    await m.db().$executeRaw`delete from runs where task = 'test.collect'`;
  });
});
