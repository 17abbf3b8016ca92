/**
 * The console's minute-by-minute series and worker drain, on a real database with a real worker
 * process: runs counted per minute as they start and end (one write per process per flush); a
 * drained worker finishes the run it holds, takes no new one, and exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { waitForRun } from "@/test/wait-for-run";
import { spawnWorker, stopWorker, type SpawnedWorker } from "@/test/spawn-worker";
import { closeConnections } from "@/test/close-connections";
import { importRunRepo, useTestDatabase, type RunRepo } from "@/test/run-modules";

let m: {
  enqueue: typeof import("@/runs/enqueue").enqueue;
  repo: RunRepo;
  tasks: typeof import("@/test/test-tasks");
  minutes: typeof import("./minutes.service");
  workers: typeof import("./workers.service");
  stats: typeof import("@/runs/minute-stats.repository");
  db: typeof import("@/server/db").db;
};
let worker: SpawnedWorker | undefined;
const ended = (s: string) => ["succeeded", "failed", "cancelled", "dead"].includes(s);

beforeAll(async () => {
  useTestDatabase();
  m = {
    enqueue: (await import("@/runs/enqueue")).enqueue,
    repo: await importRunRepo(),
    tasks: await import("@/test/test-tasks"),
    minutes: await import("./minutes.service"),
    workers: await import("./workers.service"),
    stats: await import("@/runs/minute-stats.repository"),
    db: (await import("@/server/db")).db,
  };
}, 60_000);

afterAll(async () => {
  await stopWorker(worker);
  await closeConnections();
  resetEnvCache();
});

describe("per-minute series", { timeout: 90_000 }, () => {
  it("adds counts and wait histograms from several processes into one row per minute, queue and task", async () => {
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
    const h = (i: number, n: number) => Array.from({ length: 17 }, (_, k) => (k === i ? n : 0));
    const row = { minute, queue: "reports", task: "test.rollup" };
    await m.stats.addMinuteStats([{ ...row, started: 3, ended: 2, failed: 1, waitMs: h(2, 3) }]);
    await m.stats.addMinuteStats([{ ...row, started: 1, ended: 4, failed: 0, waitMs: h(9, 1) }]);
    const v = await m.minutes.minutes({ hours: 1, queue: "reports", task: "test.rollup" });
    expect(v.minutes).toHaveLength(60);
    const at = v.minutes.find((x) => x.minute === minute.toISOString())!;
    expect(at).toMatchObject({ started: 4, ended: 6, failed: 1 });
    // 3 waits in 10–25 ms and 1 in 2.5–5 s: p50 inside the first bucket, p95 inside the second.
    expect(at.waitP50Ms).toBeGreaterThan(10);
    expect(at.waitP50Ms).toBeLessThanOrEqual(25);
    expect(at.waitP95Ms).toBeGreaterThan(2_500);
    expect(at.waitP95Ms).toBeLessThanOrEqual(5_000);
    expect(v.totals).toMatchObject({ started: 4, ended: 6, failed: 1 });
    expect(v.minutes.filter((x) => x.started + x.ended > 0)).toHaveLength(1); // every other minute is zero
    expect(v.tasks).toContain("test.rollup");
    // Another task's rows do not leak into this task's view, and pruning removes old minutes.
    expect((await m.minutes.minutes({ hours: 1, task: "test.other" })).totals.started).toBe(0);
    expect(await m.stats.pruneMinuteStats(new Date(minute.getTime() + 1))).toBeGreaterThanOrEqual(1);
    expect((await m.minutes.minutes({ hours: 1, task: "test.rollup" })).totals.started).toBe(0);
  });

  it("counts the starts, ends, failures and waits of runs a real worker ran", async () => {
    worker = await spawnWorker({ WORKER_HEARTBEAT_MS: "200" });
    const before = await m.minutes.minutes({ hours: 1, task: "test.slow" });
    const beforeFatal = await m.minutes.minutes({ hours: 1, task: "test.fatal" });
    const runs = await Promise.all(Array.from({ length: 5 }, () => m.enqueue(m.tasks.slowTask, { ms: 20 })));
    const bad = await m.enqueue(m.tasks.fatalTask, {});
    for (const r of [...runs, bad]) await waitForRun(r.id, (x) => ended(x.status), 30_000);
    // The worker writes its counts every 5 s: wait until they are there.
    let after = before;
    for (let i = 0; i < 100 && after.totals.ended < before.totals.ended + 5; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await m.minutes.minutes({ hours: 1, task: "test.slow" });
    }
    expect(after.totals.started - before.totals.started).toBe(5);
    expect(after.totals.ended - before.totals.ended).toBe(5);
    expect(after.totals.failed - before.totals.failed).toBe(0);
    expect(after.totals.waitP50Ms).not.toBeNull();
    const fatal = await m.minutes.minutes({ hours: 1, task: "test.fatal" });
    expect(fatal.totals.failed - beforeFatal.totals.failed).toBe(1);
    const all = await m.minutes.minutes({ hours: 1 });
    expect(all.totals.ended).toBeGreaterThanOrEqual(after.totals.ended + fatal.totals.ended);
  });
});

describe("drain", { timeout: 90_000 }, () => {
  it("finishes the run it holds, takes no new one, exits 0; a stopped worker cannot be drained", async () => {
    worker ??= await spawnWorker({ WORKER_HEARTBEAT_MS: "200" });
    const w = worker;
    const held = await m.enqueue(m.tasks.slowTask, { ms: 2_500 });
    const running = await waitForRun(held.id, (x) => x.status === "running" || ended(x.status), 20_000);
    expect(running.status).toBe("running");
    expect(running.workerId).toBe(w.workerId);

    const exited = new Promise<number | null>((r) => w.proc.once("exit", (code) => r(code)));
    let out = "";
    w.proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    const asked = await m.workers.drainWorker(w.workerId);
    expect(asked.id).toBe(w.workerId);
    const shown = (await m.workers.workers({ includeStopped: true })).find((x) => x.id === w.workerId);
    expect(shown?.state).toBe("draining");
    await new Promise((r) => setTimeout(r, 800)); // a few beats: it has seen the drain
    const later = await m.enqueue(m.tasks.slowTask, { ms: 10 });

    const done = await waitForRun(held.id, (x) => ended(x.status), 30_000);
    expect(done.status).toBe("succeeded"); // finished, not handed back or cancelled
    expect(done.attempt).toBe(1);
    expect(await exited).toBe(0);
    expect(out).toContain("DRAINED");
    worker = undefined;

    const waiting = await m.repo.findRun(later.id);
    expect(waiting?.status).toBe("queued"); // the drained worker did not take it
    const row = (await m.workers.workers({ includeStopped: true })).find((x) => x.id === w.workerId);
    expect(row?.state).toBe("stopped");
    await expect(m.workers.drainWorker(w.workerId)).rejects.toThrow(/not running/);
    await expect(m.workers.drainWorker("no-such-worker")).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Another worker takes the run the drained one left.
    worker = await spawnWorker({ WORKER_HEARTBEAT_MS: "200" });
    expect((await waitForRun(later.id, (x) => ended(x.status), 30_000)).status).toBe("succeeded");
  });
});
