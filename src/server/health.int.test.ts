/** Readiness against real services: ready with a live worker; not ready, saying why, without one, without Postgres, without Redis. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";
import { readiness } from "./health";
import { closeConnections } from "@/test/close-connections";

let worker: FluxoWorker | undefined;

beforeAll(() => {
  process.env.DATABASE_URL = testDatabaseUrl();
  resetEnvCache();
});

afterAll(async () => {
  await worker?.stop();
  await closeConnections();
});

describe("readiness", () => {
  it("is ready with the database migrated and a live worker, which answers system.health", async () => {
    const { startWorker } = await import("@/worker/runner");
    const { healthTask } = await import("@/runs/health.task");
    worker = await startWorker({
      connectionString: testDatabaseUrl(),
      tasks: [healthTask as never],
      concurrency: 1,
      pollIntervalMs: 50,
      publishMs: 50,
      persistMs: 100,
      sweep: false,
    });
    const r = await readiness({ databaseUrl: testDatabaseUrl(), redisUrl: process.env.REDIS_URL, deadAfterMs: 20_000 });
    expect(r.checks).toMatchObject({
      database: { ok: true },
      migrations: { ok: true },
      workers: { ok: true },
      redis: { ok: true },
    });
    expect(r.ready).toBe(true);
    const { enqueue } = await import("@/runs/enqueue");
    const run = await enqueue(healthTask, {});
    const done = await waitForRun(run.id, (x) => ["succeeded", "failed"].includes(x.status));
    expect(done.status).toBe("succeeded");
    expect((done.result as { pid: number }).pid).toBe(process.pid);
  });

  it("is not ready, naming the worker check, when no worker beats", async () => {
    await worker?.stop();
    worker = undefined;
    // Workers of earlier test files in this database may still be beating: age every beat, as if all had stopped.
    const { db } = await import("./db");
    await db().$executeRaw`update workers set last_beat_at = now() - interval '1 hour'`;
    const r = await readiness({ databaseUrl: testDatabaseUrl(), deadAfterMs: 20_000 });
    expect(r.ready).toBe(false);
    expect(r.checks.workers.ok).toBe(false);
    expect(r.checks.workers.detail).toMatch(/no live worker/);
    expect(r.checks.database.ok).toBe(true);
  });

  it("is not ready when PostgreSQL is unreachable, without leaking the connection string", async () => {
    const r = await readiness({
      databaseUrl: "postgresql://fluxo:s3cret@127.0.0.1:1/fluxo",
      deadAfterMs: 20_000,
      timeoutMs: 1000,
    });
    expect(r.ready).toBe(false);
    expect(r.checks.database.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("s3cret");
  });

  it("is not ready when Redis is configured but unreachable", async () => {
    const r = await readiness({
      databaseUrl: testDatabaseUrl(),
      redisUrl: "redis://127.0.0.1:1/0",
      deadAfterMs: 20_000,
      timeoutMs: 1000,
    });
    expect(r.checks.redis.ok).toBe(false);
    expect(r.ready).toBe(false);
  });
});
