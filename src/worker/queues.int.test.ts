/**
 * Queue limits across processes: two real worker processes, a queue limit below their combined
 * concurrency, 50 runs submitted at once; pause and resume; a worker that serves only some queues.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { waitForRun } from "@/test/wait-for-run";
import { spawnWorker, stopWorker, type SpawnedWorker } from "@/test/spawn-worker";
import { closeConnections } from "@/test/close-connections";
import { importRunRepo, useTestDatabase, type RunRepo } from "@/test/run-modules";

const LIMIT = 3;
let m: {
  enqueue: typeof import("@/runs/enqueue").enqueue;
  repo: RunRepo;
  queues: typeof import("@/runs/queue.repository");
  tasks: typeof import("@/test/test-tasks");
};
const workers: SpawnedWorker[] = [];

beforeAll(async () => {
  useTestDatabase();
  m = {
    enqueue: (await import("@/runs/enqueue")).enqueue,
    repo: await importRunRepo(),
    queues: await import("@/runs/queue.repository"),
    tasks: await import("@/test/test-tasks"),
  };
  await m.queues.updateQueue("default", { concurrency: LIMIT, paused: false });
  // Two processes of 4 each: 8 could run at once were it not for the queue's limit of 3.
  workers.push(
    ...(await Promise.all([spawnWorker({ WORKER_CONCURRENCY: "4" }), spawnWorker({ WORKER_CONCURRENCY: "4" })])),
  );
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => stopWorker(w)));
  await m?.queues.updateQueue("default", { concurrency: 8, paused: false });
  await closeConnections();
  resetEnvCache();
});

/** The most runs that were running at one instant, from their start and finish times. */
function maxOverlap(rows: { startedAt: Date | null; finishedAt: Date | null }[]): number {
  const edges = rows.flatMap((r) => [
    [r.startedAt!.getTime(), 1],
    [r.finishedAt!.getTime(), -1],
  ]) as [number, number][];
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // a finish before a start at the same ms
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}

describe("queues", { timeout: 120_000 }, () => {
  it("never runs more than the queue's limit at once across two worker processes (50 submitted together)", async () => {
    const runs = await Promise.all(Array.from({ length: 50 }, () => m.enqueue(m.tasks.slowTask, { ms: 150 })));
    const done = await Promise.all(
      runs.map((r) =>
        waitForRun(r.id, (x) => x.status === "succeeded" || x.status === "failed" || x.status === "dead", 90_000),
      ),
    );
    expect(done.every((r) => r.status === "succeeded")).toBe(true);
    expect(maxOverlap(done)).toBe(LIMIT); // reached, never passed
    expect(new Set(done.map((r) => r.workerId)).size).toBe(2); // both processes took part
    const [q] = (await m.queues.listQueues()).filter((x) => x.name === "default");
    expect(q!.running).toBe(0); // every slot given back
  });

  it("never runs more than a concurrency key's limit at once across two worker processes, while other runs go on", async () => {
    await m.queues.updateQueue("default", { concurrency: 8 });
    try {
      const key = `account-${Date.now()}`;
      const keyed = Array.from({ length: 16 }, () =>
        m.enqueue(m.tasks.slowTask, { ms: 120 }, { concurrencyKey: key, concurrencyLimit: 2 }),
      );
      const free = Array.from({ length: 8 }, () => m.enqueue(m.tasks.slowTask, { ms: 120 }));
      const [k, f] = await Promise.all([Promise.all(keyed), Promise.all(free)]);
      const wait = (id: string) =>
        waitForRun(id, (x) => x.status === "succeeded" || x.status === "failed" || x.status === "dead", 90_000);
      const [kd, fd] = await Promise.all([
        Promise.all(k.map((r) => wait(r.id))),
        Promise.all(f.map((r) => wait(r.id))),
      ]);
      expect([...kd, ...fd].every((r) => r.status === "succeeded")).toBe(true);
      expect(maxOverlap(kd)).toBe(2); // the key's limit: reached, never passed
      expect(maxOverlap([...kd, ...fd])).toBeGreaterThan(2); // runs without the key were not held back by it
      expect(new Set(kd.map((r) => r.workerId)).size).toBe(2);
    } finally {
      await m.queues.updateQueue("default", { concurrency: LIMIT });
    }
  });

  it("accepts runs on a paused queue and starts none until it is resumed", async () => {
    await m.queues.updateQueue("default", { paused: true });
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => m.enqueue(m.tasks.stepsTask, { steps: 2, stepMs: 10 })),
    );
    await new Promise((r) => setTimeout(r, 2500));
    for (const r of runs) expect((await m.repo.findRun(r.id))!.status).toBe("queued");
    await m.queues.updateQueue("default", { paused: false });
    const done = await Promise.all(
      runs.map((r) =>
        waitForRun(r.id, (x) => x.status === "succeeded" || x.status === "failed" || x.status === "dead", 30_000),
      ),
    );
    expect(done.map((r) => r.status)).toEqual(Array(5).fill("succeeded"));
  });

  it("leaves a queue's runs to the workers that serve it (--queues)", async () => {
    await Promise.all(workers.splice(0).map((w) => stopWorker(w)));
    const reportsOnly = await spawnWorker({ WORKER_QUEUES: "reports" });
    workers.push(reportsOnly);
    const runs = await Promise.all(
      Array.from({ length: 3 }, () => m.enqueue(m.tasks.stepsTask, { steps: 2, stepMs: 20 })),
    );
    await new Promise((r) => setTimeout(r, 2000));
    for (const r of runs) expect((await m.repo.findRun(r.id))!.status).toBe("queued"); // nobody serves "default"
    const general = await spawnWorker();
    workers.push(general);
    const done = await Promise.all(runs.map((r) => waitForRun(r.id, (x) => x.status === "succeeded", 30_000)));
    expect(done.every((r) => r.workerId === general.workerId)).toBe(true);
  });
});
