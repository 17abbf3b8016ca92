/* eslint-disable max-lines -- a shared test suite (the lifecycle cases run against PostgreSQL and Redis), a list of cases like a test file */
/**
 * The run-lifecycle integration suite, run once with Redis and once on Postgres LISTEN/NOTIFY
 * (see lifecycle.*.int.test.ts). Real Postgres, real Redis, real Graphile Worker, real threads.
 */
import { taskCatalog } from "@/runs/task-catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import type { FluxoWorker } from "@/worker/runner";
import type { RunMessage } from "@/runs/events";
import { waitForRun } from "@/test/wait-for-run";
import type { RunStatus } from "@/runs/status";

export function lifecycleSuite(mode: "redis" | "postgres") {
  let worker: FluxoWorker;
  let m: {
    enqueue: typeof import("@/runs/enqueue").enqueue;
    cancelRun: typeof import("@/runs/cancel").cancelRun;
    redriveRun: typeof import("@/runs/redrive").redriveRun;
    repo: typeof import("@/runs/run.repository") &
      typeof import("@/runs/run-tree.repository") &
      typeof import("@/runs/run-events.repository") &
      typeof import("@/runs/run-query.repository");
    stream: typeof import("@/runs/stream");
    tasks: typeof import("@/test/test-tasks");
    forecast: typeof import("@/features/forecast/forecast.task");
    forecastService: typeof import("@/features/forecast/forecast.service");
    runner: typeof import("@/worker/runner");
  };

  const startWorker = (concurrency = 4) =>
    m.runner.startWorker({
      connectionString: testDatabaseUrl(),
      tasks: [...m.tasks.testTasks, m.forecast.forecastWhenTask as never],
      concurrency,
      pollIntervalMs: 50,
      publishMs: 20,
      persistMs: 50,
      cancelPollMs: 200,
    });

  beforeAll(async () => {
    process.env.DATABASE_URL = testDatabaseUrl();
    if (mode === "postgres") delete process.env.REDIS_URL;
    resetEnvCache();
    m = {
      enqueue: (await import("@/runs/enqueue")).enqueue,
      cancelRun: (await import("@/runs/cancel")).cancelRun,
      redriveRun: (await import("@/runs/redrive")).redriveRun,
      repo: {
        ...(await import("@/runs/run.repository")),
        ...(await import("@/runs/run-tree.repository")),
        ...(await import("@/runs/run-events.repository")),
        ...(await import("@/runs/run-query.repository")),
      },
      stream: await import("@/runs/stream"),
      tasks: await import("@/test/test-tasks"),
      forecast: await import("@/features/forecast/forecast.task"),
      forecastService: await import("@/features/forecast/forecast.service"),
      runner: await import("@/worker/runner"),
    };
    const { pubsub } = await import("@/server/pubsub");
    expect(pubsub().kind).toBe(mode);
    worker = await startWorker();
  });

  afterAll(async () => {
    await worker?.stop();
    const [{ closePubSub }, { closeRedis }, { closeDb }] = await Promise.all([
      import("@/server/pubsub"),
      import("@/server/redis"),
      import("@/server/db"),
    ]);
    const { closeCache } = await import("@/server/cache");
    await Promise.allSettled([closePubSub(), closeRedis(), closeDb(), closeCache()]);
    resetEnvCache();
  });

  const waitStatus = (id: string, ...s: RunStatus[]) => waitForRun(id, (r) => s.includes(r.status));

  async function readStream(
    s: ReadableStream<Uint8Array>,
    stopAfter?: number,
    onMessage?: (count: number) => Promise<void>,
  ): Promise<RunMessage[]> {
    const reader = s.getReader();
    const dec = new TextDecoder();
    let buf = "";
    const out: RunMessage[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = frame.split("\n").find((l) => l.startsWith("data: "));
        if (data && !frame.includes("event: end")) {
          out.push(JSON.parse(data.slice(6)) as RunMessage);
          await onMessage?.(out.length);
        }
      }
      if (stopAfter !== undefined && out.length >= stopAfter) {
        await reader.cancel();
        break;
      }
    }
    return out;
  }

  describe(`run lifecycle over ${mode}`, () => {
    it("runs a task to succeeded, with ordered status and progress events", async () => {
      const run = await m.enqueue(m.tasks.stepsTask, { steps: 5, stepMs: 60 });
      expect(run.status).toBe("queued");
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(done.status).toBe("succeeded");
      expect(done.result).toEqual({ steps: 5 });
      expect(done.progress).toBe(1);
      expect(done.attempt).toBe(1);
      const events = await m.repo.listEvents(run.id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const statuses = events.filter((e) => e.type === "status").map((e) => e.payload.status);
      expect(statuses).toEqual(["queued", "running", "succeeded"]);
      const progress = events.filter((e) => e.type === "progress").map((e) => Number(e.payload.progress));
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      expect(events.some((e) => e.type === "log" && e.payload.message === "all steps done")).toBe(true);
      // the progress events sit between running and succeeded
      const iRunning = events.findIndex((e) => e.payload.status === "running");
      const iDone = events.findIndex((e) => e.payload.status === "succeeded");
      expect(events.findIndex((e) => e.type === "progress")).toBeGreaterThan(iRunning);
      expect(events.findLastIndex((e) => e.type === "progress")).toBeLessThan(iDone);
    });

    it("refuses invalid input before creating a run", async () => {
      const before = (await m.repo.listRuns({ scope: { kind: "all" }, limit: 1000 })).length;
      await expect(m.enqueue(m.tasks.stepsTask, { steps: 0, stepMs: 1 })).rejects.toThrow(/steps/);
      expect((await m.repo.listRuns({ scope: { kind: "all" }, limit: 1000 })).length).toBe(before);
    });

    it("cancels a queued run: removed from the queue and cancelled", async () => {
      const run = await m.enqueue(m.tasks.stepsTask, { steps: 1, stepMs: 1 }, { runAt: new Date(Date.now() + 60_000) });
      const c = await m.cancelRun(run.id, taskCatalog([]));
      expect(c.status).toBe("cancelled");
      const { db } = await import("@/server/db");
      const jobs = await db().$queryRaw<
        { n: bigint }[]
      >`select count(*) as n from graphile_worker.jobs where key = ${run.id}`;
      expect(Number(jobs[0]!.n)).toBe(0);
      expect((await m.cancelRun(run.id, taskCatalog([]))).status).toBe("cancelled"); // idempotent
    });

    it("cancels a running CPU kernel within a second of the request", async () => {
      const run = await m.enqueue(m.forecast.forecastWhenTask, {
        samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
        backlog: 400,
        trials: 10_000_000,
        seed: 7,
        percentiles: [50, 85],
        periodDays: 7,
      } as never);
      await waitForRun(run.id, (r) => r.status === "running" && r.progress > 0.01);
      const t0 = Date.now();
      const c = await m.cancelRun(run.id, taskCatalog([]));
      expect(["cancelling", "cancelled"]).toContain(c.status);
      const done = await waitStatus(run.id, "cancelled", "succeeded", "failed", "dead");
      const elapsed = Date.now() - t0;
      expect(done.status).toBe("cancelled");
      expect(done.result).toBeNull();
      expect(elapsed).toBeLessThan(1000);
      const statuses = (await m.repo.listEvents(run.id))
        .filter((e) => e.type === "status")
        .map((e) => e.payload.status);
      expect(statuses).toEqual(["queued", "running", "cancelling", "cancelled"]);
    });

    it("retries a handler that throws twice and succeeds on attempt 3", async () => {
      const run = await m.enqueue(m.tasks.flakyTask, { failTimes: 2 });
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(done.status).toBe("succeeded");
      expect(done.attempt).toBe(3);
      expect(done.result).toEqual({ succeededOnAttempt: 3 });
      const statuses = (await m.repo.listEvents(run.id))
        .filter((e) => e.type === "status")
        .map((e) => e.payload.status);
      expect(statuses).toEqual(["queued", "running", "retrying", "running", "retrying", "running", "succeeded"]);
    });

    it("sends a non-retriable error straight to failed", async () => {
      const run = await m.enqueue(m.tasks.fatalTask, {});
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(done.status).toBe("failed");
      expect(done.attempt).toBe(1);
      expect(done.error?.message).toBe("this input can never work");
      expect(done.error?.name).toBe("NonRetriableError");
    });

    it("ends in dead when attempts are exhausted", async () => {
      const run = await m.enqueue(m.tasks.flakyTask, { failTimes: 10 });
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(done.status).toBe("dead");
      expect(done.attempt).toBe(3);
      expect(done.error?.message).toBe("flaky failure 3");
    });

    it("redrives a dead run as a new attempt series, which then succeeds; refuses to redrive a live one", async () => {
      const run = await m.enqueue(m.tasks.flakyTask, { failTimes: 3 });
      const dead = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(dead.status).toBe("dead");
      const again = await m.redriveRun(run.id);
      expect(again.status).toBe("queued");
      expect(again.attempt).toBe(0);
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(done.status).toBe("succeeded");
      expect(done.attempt).toBe(1);
      expect(done.error).toBeNull();
      const statuses = (await m.repo.listEvents(run.id))
        .filter((e) => e.type === "status")
        .map((e) => e.payload.status);
      expect(statuses.slice(-4)).toEqual(["dead", "queued", "running", "succeeded"]);
      await expect(m.redriveRun(run.id)).rejects.toThrow(/only failed or dead runs can be redriven/);
    });

    it("fails an attempt that passes its time limit, without retrying it", async () => {
      const run = await m.enqueue(m.tasks.timeoutTask, {});
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(done.status).toBe("failed");
      expect(done.error?.name).toBe("TimeoutError");
      expect(done.error?.message).toMatch(/soft time limit \(150 ms\)/);
      expect(done.attempt).toBe(1);
    });

    it("at the soft limit lets the handler clean up, then fails the run", async () => {
      const run = await m.enqueue(m.tasks.softLimitTask, {});
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(done.status).toBe("failed");
      expect(done.error?.message).toMatch(/soft time limit/);
      const logs = (await m.repo.listEvents(run.id)).filter((e) => e.type === "log").map((e) => e.payload.message);
      expect(logs).toEqual(["cleaned up after timeout"]);
    });

    it("at the hard limit abandons a handler that ignores its signal", async () => {
      const run = await m.enqueue(m.tasks.hardLimitTask, {});
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      // Had the handler been awaited, it would have finished after 8 s with a soft-limit failure.
      expect(done.status).toBe("failed");
      expect(done.error?.message).toMatch(/hard time limit \(400 ms\); the handler was abandoned/);
      expect(done.attempt).toBe(1);
    });

    it("refuses a per-run time limit out of bounds", async () => {
      await expect(m.enqueue(m.tasks.stepsTask, { steps: 1, stepMs: 1 }, { timeoutMs: 5 })).rejects.toThrow(
        /timeoutMs must be/,
      );
    });

    it("refuses an all-zero forecast history with a clear error instead of queueing a run that never ends", async () => {
      await expect(
        m.enqueue(m.forecast.forecastWhenTask, {
          samples: [0, 0, 0],
          backlog: 10,
          trials: 1000,
          seed: 1,
          percentiles: [85],
          periodDays: 7,
        } as never),
      ).rejects.toThrow(/zero/i);
    });

    it("replays from Last-Event-ID without losing or repeating an event", async () => {
      const run = await m.enqueue(m.tasks.stepsTask, { steps: 12, stepMs: 60 });
      // Follow live, drop the connection after a few messages, resume from the last id seen.
      const first = await readStream((await m.stream.openRunStream(run.id, { scope: { kind: "all" } }))!, 4);
      const lastId = Math.max(...first.filter((x) => x.seq !== undefined).map((x) => x.seq!));
      const rest = await readStream(
        (await m.stream.openRunStream(run.id, { lastEventId: lastId, scope: { kind: "all" } }))!,
      );
      const done = await m.repo.findRun(run.id);
      expect(done!.status).toBe("succeeded");
      const seqs = [...first, ...rest].filter((x) => x.seq !== undefined).map((x) => x.seq!);
      expect(seqs).toEqual(Array.from({ length: done!.eventSeq }, (_, i) => i + 1));
      const last = rest[rest.length - 1]!;
      expect(last.type === "status" && last.status).toBe("succeeded");
      // A late reconnect replays everything after the given id and closes at the terminal status.
      const late = await readStream(
        (await m.stream.openRunStream(run.id, { lastEventId: 2, scope: { kind: "all" } }))!,
      );
      expect(late.map((x) => x.seq)).toEqual(Array.from({ length: done!.eventSeq - 2 }, (_, i) => i + 3));
    });

    it("fills a gap in live messages from the database, so a stream never skips a persisted event", async () => {
      const run = await m.enqueue(m.tasks.slowTask, { ms: 1500 });
      const stream = (await m.stream.openRunStream(run.id, { scope: { kind: "all" } }))!;
      const { publishRunMessage } = await import("@/runs/events");
      let a = 0;
      let b = 0;
      // Once the stream is live (replay done), make a gap: persist two events, publish only the second.
      const msgs = await readStream(stream, undefined, async (count) => {
        if (count !== 2) return;
        a = (await m.repo.appendLog(run.id, "info", "never published"))!;
        b = (await m.repo.appendLog(run.id, "info", "published"))!;
        await publishRunMessage({
          type: "log",
          runId: run.id,
          seq: b,
          level: "info",
          message: "published",
          at: new Date().toISOString(),
        });
      });
      const seqs = msgs.filter((x) => x.seq !== undefined).map((x) => x.seq!);
      expect(seqs, JSON.stringify({ a, b, msgs: msgs.map((x) => [x.type, x.seq]) })).toContain(a);
      expect(seqs.indexOf(a)).toBeLessThan(seqs.indexOf(b));
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y)); // in order, each once
      expect(new Set(seqs).size).toBe(seqs.length);
    });

    it("streams live progress as it happens (ephemeral updates between snapshots)", async () => {
      const run = await m.enqueue(m.tasks.slowTask, { ms: 800 });
      const msgs = await readStream((await m.stream.openRunStream(run.id, { scope: { kind: "all" } }))!);
      const progress = msgs.filter((x) => x.type === "progress").map((x) => (x as { progress: number }).progress);
      expect(progress.length).toBeGreaterThan(5);
      expect(progress.some((p) => p > 0.2 && p < 0.8)).toBe(true);
      for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
    });

    it("answers an identical forecast from the earlier run, marked from cache, unless asked for a fresh run", async () => {
      const input = {
        samples: [2, 3, 4, 5, 6],
        backlog: 40 + Math.floor(Math.random() * 2000),
        trials: 20_000,
        percentiles: [50, 85],
        periodDays: 7,
      };
      const first = await m.forecastService.startForecastWhen(input);
      expect(first.fromCache).toBe(false);
      const done = await waitStatus(first.runId, "succeeded", "failed", "dead");
      expect(done.status).toBe("succeeded");
      // Same input, no seed given: any earlier seed will do — an instant, finished run.
      const again = await m.forecastService.startForecastWhen({ ...input });
      expect(again.fromCache).toBe(true);
      const cached = (await m.repo.findRun(again.runId))!;
      expect(cached.status).toBe("succeeded");
      expect(cached.cachedFromId).toBe(first.runId);
      expect(cached.result).toEqual(done.result);
      expect(cached.input).toEqual(done.input); // the earlier run's seed travels with its result
      expect((await m.repo.listEvents(again.runId)).map((e) => e.payload.reason)).toEqual(["from cache"]);
      // A fresh run computes again; an explicit different seed is a different input.
      const fresh = await m.forecastService.startForecastWhen({ ...input }, { fresh: true });
      expect(fresh.fromCache).toBe(false);
      expect((await waitStatus(fresh.runId, "succeeded", "failed", "dead")).cachedFromId).toBeNull();
      const seeded = await m.forecastService.startForecastWhen({ ...input, seed: 123 });
      expect(seeded.fromCache).toBe(false);
      await waitStatus(seeded.runId, "succeeded", "failed", "dead");
    });

    it("computes again when the remembered run no longer exists", async () => {
      const input = {
        samples: [1, 2, 3],
        backlog: 30 + Math.floor(Math.random() * 1000),
        trials: 5_000,
        percentiles: [85],
        periodDays: 7,
      };
      const first = await m.forecastService.startForecastWhen(input);
      await waitStatus(first.runId, "succeeded");
      const { db } = await import("@/server/db");
      await db().$executeRaw`delete from runs where id = ${first.runId}::uuid`;
      const again = await m.forecastService.startForecastWhen(input);
      expect(again.fromCache).toBe(false);
      expect((await waitStatus(again.runId, "succeeded", "failed", "dead")).status).toBe("succeeded");
    });

    it("hands a running run back on graceful shutdown; another worker finishes it", async () => {
      await worker.stop();
      worker = await startWorker(1);
      const run = await m.enqueue(m.tasks.slowTask, { ms: 1500 });
      await waitForRun(run.id, (r) => r.status === "running" && r.progress > 0.1);
      await worker.stop();
      const back = await m.repo.findRun(run.id);
      expect(back!.status).toBe("retrying");
      expect(back!.attempt).toBe(0);
      worker = await startWorker();
      const done = await waitStatus(run.id, "succeeded", "failed", "dead");
      expect(done.status).toBe("succeeded");
      expect(done.attempt).toBe(1);
    });
  });
}
