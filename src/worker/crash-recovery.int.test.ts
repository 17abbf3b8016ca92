/**
 * Crash recovery with real processes: a worker child process is `kill -9`ed in the middle of a run;
 * another worker's sweeper sees its beats stop, releases its Graphile lock, and finishes the run.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import type { FluxoWorker, WorkerOptions } from "@/worker/runner";
import { waitForRun } from "@/test/wait-for-run";
import { spawnWorker } from "@/test/spawn-worker";
import type { RunStatus } from "@/runs/status";
import { closeConnections } from "@/test/close-connections";
import { ended, importRunRepo, useTestDatabase, type RunRepo } from "@/test/run-modules";

const HEARTBEAT_MS = Number(process.env.CRASH_HEARTBEAT_MS ?? 500); // override to measure with production settings
const DEAD_AFTER_MS = Number(process.env.CRASH_DEAD_AFTER_MS ?? 3000);

let m: {
  enqueue: typeof import("@/runs/enqueue").enqueue;
  repo: RunRepo;
  writer: typeof import("@/runs/writer");
  workers: typeof import("@/runs/worker.repository");
  sweeper: typeof import("@/runs/sweeper");
  tasks: typeof import("@/test/test-tasks");
  runner: typeof import("@/worker/runner");
  db: typeof import("@/server/db").db;
};
let worker: FluxoWorker | undefined;
/** A worker in this process that takes over the killed (or stopped) child's run. */
const startSurvivor = (o: Partial<WorkerOptions>) =>
  m.runner.startWorker({
    connectionString: testDatabaseUrl(),
    tasks: m.tasks.testTasks,
    concurrency: 2,
    pollIntervalMs: 50,
    publishMs: 50,
    persistMs: 200,
    ...o,
  });
let child: ChildProcess | undefined;
let utils: WorkerUtils | undefined;

beforeAll(async () => {
  useTestDatabase();
  m = {
    enqueue: (await import("@/runs/enqueue")).enqueue,
    repo: await importRunRepo(),
    writer: await import("@/runs/writer"),
    workers: await import("@/runs/worker.repository"),
    sweeper: await import("@/runs/sweeper"),
    tasks: await import("@/test/test-tasks"),
    runner: await import("@/worker/runner"),
    db: (await import("@/server/db")).db,
  };
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await worker?.stop();
  await utils?.release();
  await closeConnections();
  resetEnvCache();
});

describe("crash recovery", () => {
  it("finishes a run whose worker was kill -9ed, on another worker, with its result written once", async () => {
    const c = await spawnWorker({
      WORKER_HEARTBEAT_MS: String(HEARTBEAT_MS),
      WORKER_DEAD_AFTER_MS: String(DEAD_AFTER_MS),
    });
    child = c.proc;
    const registered = await m.workers.findWorker(c.workerId);
    expect(registered?.stoppedAt).toBeNull();
    expect(registered?.pid).toBe(c.proc.pid);
    expect(registered?.graphileWorkerId).toBe(c.graphileWorkerId);
    expect(c.graphileWorkerId).toMatch(/^pool-/);

    const run = await m.enqueue(m.tasks.slowTask, { ms: 3000 });
    const held = await waitForRun(run.id, (r) => r.status === "running" && r.progress > 0.05, 20_000);
    expect(held.workerId).toBe(c.workerId);
    const [job] = await m.db().$queryRaw<{ lockedBy: string | null }[]>`
      select locked_by as "lockedBy" from graphile_worker.jobs where key = ${run.id}`;
    expect(job?.lockedBy).toBe(c.graphileWorkerId);

    const slotsOf = async (workerId: string) =>
      (await m.db().$queryRaw<{ n: number }[]>`select count(*)::int as n from slots where worker_id = ${workerId}`)[0]!
        .n;
    expect(await slotsOf(c.workerId)).toBe(1); // the run holds its queue's slot

    const exited = new Promise((res) => c.proc.once("exit", res));
    const t0 = Date.now();
    c.proc.kill("SIGKILL");
    await exited;

    worker = await startSurvivor({
      cancelPollMs: 200,
      heartbeatMs: HEARTBEAT_MS,
      deadAfterMs: DEAD_AFTER_MS,
      sweepIntervalMs: 250,
    });
    const done = await waitForRun(run.id, (r) => ended(r.status), 60_000);
    const elapsed = Date.now() - t0;
    console.log(
      `[crash-recovery] kill -9 → succeeded in ${elapsed} ms (dead after ${DEAD_AFTER_MS} ms, run ${3000} ms)`,
    );
    expect(done.status).toBe("succeeded");
    expect(elapsed).toBeLessThan(60_000);
    expect(done.result).toEqual({ waited: 3000 });
    expect(done.attempt).toBe(2);
    expect(done.maxAttempts).toBe(2); // test.slow allows 1 attempt; the lost one is not charged
    expect(done.workerId).toBe(worker.workerId);

    const events = await m.repo.listEvents(run.id);
    const status = events.filter((e) => e.type === "status");
    expect(status.map((e) => e.payload.status as RunStatus)).toEqual([
      "queued",
      "running",
      "retrying",
      "running",
      "succeeded",
    ]);
    expect(status[1]!.payload.workerId).toBe(c.workerId);
    expect(status[2]!.payload.reason).toBe("worker lost");
    expect(status[3]!.payload.workerId).toBe(worker.workerId);
    expect(status.filter((e) => e.payload.status === "succeeded")).toHaveLength(1);

    const dead = await m.workers.findWorker(c.workerId);
    expect(dead?.stoppedAt).not.toBeNull();
    expect(await slotsOf(c.workerId)).toBe(0); // the dead worker's slot came back (the sweeper)
    expect((await m.workers.listWorkers()).map((w) => w.id)).not.toContain(c.workerId);
    // Graphile deletes the job just after the handler returns (the run is already succeeded by then).
    const jobsLeft = async () =>
      (
        await m.db().$queryRaw<
          { n: number }[]
        >`select count(*)::int as n from graphile_worker.jobs where key = ${run.id}`
      )[0]?.n;
    for (let i = 0; i < 100 && (await jobsLeft()) !== 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await jobsLeft()).toBe(0);

    // A graceful stop marks the worker stopped itself.
    const id = worker.workerId;
    await worker.stop();
    worker = undefined;
    expect((await m.workers.findWorker(id))?.stoppedAt).not.toBeNull();
  }, 120_000);

  it("SIGTERM to a worker process mid-run hands the run back: retried elsewhere, not failed, the attempt not charged", async () => {
    const c = await spawnWorker({
      WORKER_HEARTBEAT_MS: String(HEARTBEAT_MS),
      WORKER_DEAD_AFTER_MS: String(DEAD_AFTER_MS),
    });
    child = c.proc;
    const run = await m.enqueue(m.tasks.slowTask, { ms: 2000 });
    await waitForRun(run.id, (r) => r.status === "running" && r.workerId === c.workerId && r.progress > 0.05, 20_000);
    const exited = new Promise<number | null>((res) => c.proc.once("exit", (code) => res(code)));
    c.proc.kill("SIGTERM");
    expect(await exited).toBe(0); // a clean stop, well before Graphile's 4-hour lock would matter
    const back = await m.repo.findRun(run.id);
    expect(back!.status).toBe("retrying");
    expect((await m.workers.findWorker(c.workerId))?.stoppedAt).not.toBeNull();

    worker = await startSurvivor({ sweep: false });
    const done = await waitForRun(run.id, (r) => ended(r.status), 30_000);
    expect(done.status).toBe("succeeded");
    expect(done.attempt).toBe(1); // the interrupted attempt is not counted
    expect(done.workerId).toBe(worker.workerId);
    const reasons = (await m.repo.listEvents(run.id))
      .filter((e) => e.type === "status")
      .map((e) => [e.payload.status, e.payload.reason ?? null]);
    expect(reasons).toContainEqual(["retrying", "worker shutdown"]);
    expect(reasons.some(([s]) => s === "failed")).toBe(false);
    await worker.stop();
    worker = undefined;
  }, 90_000);

  it("a sweep run by two callers at once unlocks a dead worker once", async () => {
    const tag = randomBytes(4).toString("hex");
    const id = `test-dead-${tag}`;
    const pool = `pool-test-${tag}`;
    await m.workers.registerWorker({
      id,
      host: "nowhere",
      pid: 1,
      queues: ["default"],
      concurrency: 1,
      graphileWorkerId: pool,
    });
    await m.db().$executeRaw`update workers set last_beat_at = now() - interval '1 hour' where id = ${id}`;
    // A job that dead worker holds (far in the future, so no worker takes it once it is free).
    await m.db().$executeRaw`select graphile_worker.add_job('test.steps', '{}'::json,
      run_at := now() + interval '1 hour', job_key := ${`sweep-${tag}`})`;
    await m.db()
      .$executeRaw`update graphile_worker._private_jobs set locked_by = ${pool}, locked_at = now() where key = ${`sweep-${tag}`}`;

    utils ??= await makeWorkerUtils({ connectionString: testDatabaseUrl() });
    const real = utils;
    const unlocked: string[][] = [];
    const spy = {
      forceUnlockWorkers: async (ids: string[]) => {
        unlocked.push(ids);
        await new Promise((res) => setTimeout(res, 100)); // widen the race window
        await real.forceUnlockWorkers(ids);
      },
    };
    const results = await Promise.all([
      m.sweeper.sweepDeadWorkers({ deadAfterMs: 20_000, utils: spy }),
      m.sweeper.sweepDeadWorkers({ deadAfterMs: 20_000, utils: spy }),
    ]);
    const sweptOurs = results.flatMap((r) => r.swept).filter((w) => w.id === id);
    expect(sweptOurs).toHaveLength(1);
    expect(sweptOurs[0]!.unlocked).toEqual([pool]);
    expect(unlocked.filter((ids) => ids.includes(pool))).toHaveLength(1);

    const [job] = await m.db().$queryRaw<{ lockedBy: string | null }[]>`
      select locked_by as "lockedBy" from graphile_worker.jobs where key = ${`sweep-${tag}`}`;
    expect(job?.lockedBy).toBeNull();
    expect((await m.workers.findWorker(id))?.stoppedAt).not.toBeNull();
    // Later sweeps leave it alone.
    const again = await m.sweeper.sweepDeadWorkers({ deadAfterMs: 20_000, utils: spy });
    expect(again.swept.map((w) => w.id)).not.toContain(id);

    await m.db().$executeRaw`select graphile_worker.remove_job(${`sweep-${tag}`})`;
    await m.db().$executeRaw`delete from workers where id = ${id}`;
  });

  it("does not sweep a worker that beats, and a beat revives a worker wrongly declared dead", async () => {
    const id = `test-alive-${randomBytes(4).toString("hex")}`;
    await m.workers.registerWorker({ id, host: "here", pid: 2, queues: ["default"], concurrency: 1 });
    const r = await m.sweeper.sweepDeadWorkers({ deadAfterMs: 20_000, utils: { forceUnlockWorkers: async () => {} } });
    expect(r.swept.map((w) => w.id)).not.toContain(id);
    await m.workers.markWorkerStopped(id);
    const b = await m.workers.beatWorker(id, []);
    expect(b).toMatchObject({ found: true, wasStopped: true, runs: 0 });
    expect((await m.workers.findWorker(id))?.stoppedAt).toBeNull();
    expect((await m.workers.beatWorker("no-such-worker", [])).found).toBe(false);
    await m.db().$executeRaw`delete from workers where id = ${id}`;
  });

  it("lets only the worker holding the current attempt write its outcome", async () => {
    const run = await m.enqueue(
      m.tasks.stepsTask,
      { steps: 1, stepMs: 1 },
      { runAt: new Date(Date.now() + 3_600_000) },
    );
    // As after a sweep: attempt 1 on worker A was lost, attempt 2 now runs on worker B.
    await m.db()
      .$executeRaw`update runs set status = 'running', attempt = 2, worker_id = 'worker-b' where id = ${run.id}::uuid`;
    const late = await m.writer.transition({
      id: run.id,
      from: ["running"],
      to: "succeeded",
      patch: { result: { from: "a" } },
      guard: { attempt: 1, workerId: "worker-a" },
    });
    expect(late).toBeNull();
    const current = await m.writer.transition({
      id: run.id,
      from: ["running"],
      to: "succeeded",
      patch: { result: { from: "b" } },
      guard: { attempt: 2, workerId: "worker-b" },
    });
    expect(current?.status).toBe("succeeded");
    expect((await m.repo.findRun(run.id))?.result).toEqual({ from: "b" });
    await m.db().$executeRaw`select graphile_worker.remove_job(${run.id})`;
  });
});
