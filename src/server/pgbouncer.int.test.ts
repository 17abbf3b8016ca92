/**
 * Fluxo behind PgBouncer in transaction pooling mode (a real `pgbouncer` process, started here):
 * DATABASE_URL points at PgBouncer, DATABASE_DIRECT_URL at PostgreSQL. The web's real route handlers
 * take submissions, an in-process worker (Graphile Worker on the direct URL) runs them, progress is
 * streamed over SSE on Postgres LISTEN/NOTIFY (no Redis), a running run is cancelled, a workflow runs,
 * readiness answers, and a worker process configured by its environment alone does the same. PgBouncer gets 4 server connections for Fluxo's 13 clients, so consecutive
 * statements of one client land on different server sessions. Then what the direct URL exists for:
 * through the pooler a LISTEN hears nothing and a named prepared statement collides.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import {
  findPgBouncer,
  PGBOUNCER_INSTALL_HINT,
  pgBouncerVersion,
  startPgBouncer,
  type PgBouncer,
} from "../../scripts/lib/pgbouncer";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";
import { startTestWorker } from "@/test/test-worker";
import { spawnWorker, stopWorker, type SpawnedWorker } from "@/test/spawn-worker";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";

const DB = "fluxo_test_pgbouncer";
const binary = findPgBouncer();

/** The direct URL of the test database (as prepareTestDatabase makes it). */
function directUrl(): string {
  const u = new URL(process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/fluxo_test");
  u.pathname = `/${DB}`;
  return u.toString();
}

/** Follow a run's SSE stream, handing the text so far to `seen` until it returns true or the stream ends (10 s at most). */
async function follow(h: Harness, who: Caller, runId: string, seen: (text: string) => boolean): Promise<string> {
  const res = await h.fetch(new Request(`http://fluxo.test/api/runs/${runId}/events`, { headers: who.headers() }));
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => void reader.cancel(), 10_000);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += dec.decode(value);
    if (seen(text)) break;
  }
  clearTimeout(timer);
  await reader.cancel().catch(() => {});
  return text;
}

if (!binary) {
  describe("behind PgBouncer", () => {
    it.skip(`skipped: no pgbouncer binary (install it: ${PGBOUNCER_INSTALL_HINT})`, () => {});
  });
} else {
  describe(`behind PgBouncer ${pgBouncerVersion(binary)} in transaction mode`, { timeout: 60_000 }, () => {
    let bouncer: PgBouncer;
    let h: Harness;
    let worker: FluxoWorker;
    let child: SpawnedWorker | undefined;
    let user: Caller;
    const redisUrl = process.env.REDIS_URL;

    beforeAll(async () => {
      const direct = new URL(directUrl());
      bouncer = await startPgBouncer({
        dbHost: direct.hostname,
        dbPort: Number(direct.port || 5432),
        dbUser: decodeURIComponent(direct.username) || "postgres",
        poolMode: "transaction",
        poolSize: 4,
      });
      delete process.env.REDIS_URL; // progress and cancel on Postgres LISTEN/NOTIFY: the path a pooler touches
      const { testTasks } = await import("@/test/test-tasks");
      h = await startHarness(DB, { DATABASE_URL: bouncer.urlFor(DB), DATABASE_DIRECT_URL: directUrl() }, testTasks);
      expect(h.db.url).toBe(directUrl());
      const { pubsub } = await import("@/server/pubsub");
      expect(pubsub().kind).toBe("postgres");
      await new Caller(h).signUp(uniqueEmail("bouncer-admin")); // the first account is the admin
      user = new Caller(h);
      await user.signUp(uniqueEmail("bouncer-user"));
      // Graphile Worker's own pool goes direct (it LISTENs and prepares by name); Fluxo's statements use DATABASE_URL.
      worker = await startTestWorker(directUrl(), testTasks, 4);
    });

    afterAll(async () => {
      await stopWorker(child);
      await worker?.stop();
      await h?.close();
      await bouncer?.stop();
      if (redisUrl) process.env.REDIS_URL = redisUrl;
    });

    /** PgBouncer's own count of transactions it carried to the test database (its admin console). */
    async function pooledTransactions(): Promise<number> {
      const admin = new pg.Client({ connectionString: bouncer.urlFor("pgbouncer") });
      await admin.connect();
      try {
        // The admin console speaks the simple query protocol only.
        const r = await admin.query({ text: "SHOW STATS", rowMode: "array" } as pg.QueryConfig);
        const cols = r.fields.map((f) => f.name);
        const row = r.rows.find((x: unknown[]) => x[cols.indexOf("database")] === DB) as unknown[] | undefined;
        return Number(row?.[cols.indexOf("total_xact_count")] ?? 0);
      } finally {
        await admin.end();
      }
    }

    it("submits runs over the HTTP API, a worker executes them, every write through the pooler", async () => {
      const before = await pooledTransactions();
      const ids: string[] = [];
      for (let n = 1; n <= 12; n++) {
        const r = await user.api("/api/v1/runs", {
          method: "POST",
          body: JSON.stringify({ task: "test.add", input: { n, prev: 100 } }),
        });
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        ids.push((r.body as { runId: string }).runId);
      }
      const batch = await user.api("/api/v1/runs/batch", {
        method: "POST",
        body: JSON.stringify({ runs: [1, 2, 3].map((n) => ({ task: "test.add", input: { n: 1000 * n } })) }),
      });
      expect(batch.status, JSON.stringify(batch.body)).toBe(202);
      ids.push(...(batch.body as { runs: { runId: string }[] }).runs.map((r) => r.runId));
      const done = await Promise.all(ids.map((id) => waitForRun(id, (r) => r.status === "succeeded")));
      expect(done.map((r) => r.result)).toEqual([...Array.from({ length: 12 }, (_, i) => 101 + i), 1000, 2000, 3000]);
      for (const id of ids.slice(0, 2)) {
        const got = await user.api(`/api/v1/runs/${id}`);
        expect(got.status).toBe(200);
        expect(got.body).toMatchObject({ status: "succeeded" });
      }
      // Submissions, run transitions, results and events went through PgBouncer (several transactions a run).
      expect((await pooledTransactions()) - before).toBeGreaterThan(ids.length * 3);
    });

    it("streams a run's progress over SSE and cancels it while it runs (within a second)", async () => {
      const r = await user.api("/api/v1/runs", {
        method: "POST",
        body: JSON.stringify({ task: "test.steps", input: { steps: 500, stepMs: 40 } }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const { runId } = r.body as { runId: string };
      let progressEvents = 0;
      const live = await follow(h, user, runId, (text) => {
        progressEvents = (text.match(/"type":"progress"/g) ?? []).length;
        return progressEvents >= 3;
      });
      expect(live).toContain('"status":"running"');
      expect(progressEvents).toBeGreaterThanOrEqual(3);

      const ending = follow(h, user, runId, (text) => text.includes("event: end"));
      const t0 = Date.now();
      const c = await user.api(`/api/v1/runs/${runId}/cancel`, { method: "POST" });
      expect(c.status, JSON.stringify(c.body)).toBe(202);
      const run = await waitForRun(runId, (x) => x.status === "cancelled", 5000);
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(run.progress).toBeLessThan(1);
      const tail = await ending;
      expect(tail).toContain('"status":"cancelled"');
    });

    it("runs a chord workflow: every step, then the callback once", async () => {
      const r = await user.api("/api/v1/workflows", {
        method: "POST",
        body: JSON.stringify({
          kind: "chord",
          steps: Array.from({ length: 6 }, (_, i) => ({ task: "test.add", input: { n: i + 1, delayMs: 20 } })),
          callback: { task: "test.sum", input: {}, pipe: "values" },
        }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const done = await waitForRun((r.body as { runId: string }).runId, (x) => x.finishedAt !== null, 20_000);
      expect(done.status).toBe("succeeded");
      expect(done.result).toBe(21);
    });

    it("sweeps for dead workers through the pooler (a transaction-scoped advisory lock)", async () => {
      const { sweepDeadWorkers } = await import("@/runs/sweeper");
      await expect(sweepDeadWorkers({ deadAfterMs: 60_000 })).resolves.not.toThrow();
    });

    it("answers readiness through the pooler", async () => {
      const res = await h.fetch(new Request("http://fluxo.test/api/health/ready"));
      const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.checks.database?.ok).toBe(true);
    });

    it("a worker process set up by its environment alone runs, streams and stops a run", async () => {
      await worker.stop(); // from here on only the child takes jobs
      child = await spawnWorker({ DATABASE_URL: bouncer.urlFor(DB), DATABASE_DIRECT_URL: directUrl() });
      const r = await user.api("/api/v1/runs", {
        method: "POST",
        body: JSON.stringify({ task: "test.steps", input: { steps: 500, stepMs: 40 } }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const { runId } = r.body as { runId: string };
      const live = await follow(h, user, runId, (text) => (text.match(/"type":"progress"/g) ?? []).length >= 2);
      expect((live.match(/"type":"progress"/g) ?? []).length).toBeGreaterThanOrEqual(2);
      const c = await user.api(`/api/v1/runs/${runId}/cancel`, { method: "POST" });
      expect(c.status).toBe(202);
      const run = await waitForRun(runId, (x) => x.status === "cancelled", 5000);
      expect(run.workerId).toBe(child.workerId);
      expect(child.stderr()).not.toMatch(/prepared statement|unsupported startup parameter/);
    });

    describe("what the direct URL is for", () => {
      it("a LISTEN through the pooler hears nothing; the same LISTEN on the direct URL does", async () => {
        const pooled = new pg.Client({ connectionString: bouncer.urlFor(DB) });
        const direct = new pg.Client({ connectionString: directUrl() });
        const notifier = new pg.Client({ connectionString: directUrl() });
        await Promise.all([pooled.connect(), direct.connect(), notifier.connect()]);
        pooled.on("error", () => {});
        const heard = { pooled: 0, direct: 0 };
        pooled.on("notification", () => heard.pooled++);
        direct.on("notification", () => heard.direct++);
        try {
          await pooled.query("LISTEN fluxo_bouncer_probe");
          await direct.query("LISTEN fluxo_bouncer_probe");
          for (let i = 0; i < 3; i++) await notifier.query("select pg_notify('fluxo_bouncer_probe', $1)", [String(i)]);
          await new Promise((res) => setTimeout(res, 500));
          expect(heard.direct).toBe(3);
          expect(heard.pooled).toBe(0);
        } finally {
          await Promise.allSettled([pooled.end(), direct.end(), notifier.end()]);
        }
      });

      it("a named prepared statement through the pooler collides on the shared server session", async () => {
        const a = new pg.Client({ connectionString: bouncer.urlFor(DB) });
        const b = new pg.Client({ connectionString: bouncer.urlFor(DB) });
        await Promise.all([a.connect(), b.connect()]);
        try {
          const q = { name: "fluxo_bouncer_probe", text: "select $1::int + 1 as n", values: [1] };
          expect((await a.query(q)).rows[0].n).toBe(2);
          // PgBouncer hands b the server connection a just used, where the name is already taken (b's driver cannot know).
          await expect(b.query(q)).rejects.toThrow(/prepared statement "fluxo_bouncer_probe" already exists/);
        } finally {
          await Promise.allSettled([a.end(), b.end()]);
        }
      });
    });
  });
}
