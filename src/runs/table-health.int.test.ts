/**
 * Job-table health and admission control (issue 22) on real PostgreSQL, through the real HTTP API and
 * tRPC: a transaction held open on a separate connection pins the xmin horizon; with the critical age
 * lowered (options, not the clock) the verdict turns critical naming that session, a low-priority
 * submission is refused with 503 + Retry-After saying why while a normal one is accepted; once the
 * transaction commits, it clears. A backed-up queue sheds its low-priority runs the same way. The hot
 * tables carry their storage settings, Graphile's jobs table too although Graphile creates it after
 * Prisma's migrations.
 */
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, startHarness, uniqueEmail, type Harness, type Reply } from "@/test/http-harness";

let h: Harness;
let admin: Caller;
let script: Caller;
let client: pg.Client;
let health: typeof import("./table-health");
let admission: typeof import("./admission");
let jobs: typeof import("@/server/migrations/jobs-storage");

const when = { samples: [2, 3, 4, 5, 6], backlog: 40, trials: 1000 };
const submit = (priority?: number) =>
  script.api("/api/v1/runs", {
    method: "POST",
    body: JSON.stringify({ task: "forecast.when", input: when, ...(priority !== undefined ? { priority } : {}) }),
  });
const errorOf = (r: Reply) => (r.body as { error: { code: string; message: string; retryAfterMs?: number } }).error;

beforeAll(async () => {
  // A long refresh interval: the state changes only when the test re-reads it.
  h = await startHarness("fluxo_test_table_health", { ADMISSION_REFRESH_MS: "60000", ADMISSION_RETRY_AFTER_S: "45" });
  admin = new Caller(h);
  await admin.signUp(uniqueEmail("health-admin"));
  const made = await admin.trpcMutation("accounts.createToken", { name: "script" });
  script = new Caller(h);
  script.bearer = (made.body as { result: { data: { token: string } } }).result.data.token;
  health = await import("./table-health");
  admission = await import("./admission");
  jobs = await import("@/server/migrations/jobs-storage");
  client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
});

afterAll(async () => {
  admission?.setAdmissionOverrides({});
  await client?.end();
  await h?.close();
});

describe("table health", () => {
  it("reads every hot table with its storage settings, Graphile's jobs table included", async () => {
    const r = await health.readTableHealth();
    expect(r.tables.map((t) => t.table)).toEqual(["runs", "run_events", "slots", "graphile_worker._private_jobs"]);
    const runs = r.tables.find((t) => t.table === "runs")!;
    expect(runs.options).toEqual(expect.arrayContaining(["fillfactor=85", "autovacuum_vacuum_scale_factor=0.02"]));
    expect(runs.totalBytes).toBeGreaterThanOrEqual(runs.tableBytes + runs.indexBytes);
    expect(runs.indexBytes).toBeGreaterThan(0);
    // Graphile migrated after Prisma on this fresh database: deployMigrations set them afterwards.
    const jobsRow = r.tables.find((t) => t.table === "graphile_worker._private_jobs")!;
    expect(jobsRow.options).toEqual(
      expect.arrayContaining(Object.entries(jobs.JOBS_TABLE_STORAGE).map(([k, v]) => `${k}=${v}`)),
    );
  });

  it("applies the jobs table's settings idempotently, and the migration's DO block matches them", async () => {
    const reset = `alter table graphile_worker._private_jobs reset (${Object.keys(jobs.JOBS_TABLE_STORAGE).join(", ")})`;
    await client.query(reset);
    expect(await jobs.jobsTableOptions(client)).toEqual({});
    expect(await jobs.applyJobsTableStorage(client)).toBe("applied");
    expect(await jobs.applyJobsTableStorage(client)).toBe("unchanged");
    expect(await jobs.jobsTableOptions(client)).toEqual(jobs.JOBS_TABLE_STORAGE);
    await client.query(reset);
    const sql = await fs.readFile(
      path.resolve("prisma/migrations/20261207110000_hot_table_storage/migration.sql"),
      "utf8",
    );
    await client.query(sql); // storage parameters only: safe to run again
    expect(await jobs.jobsTableOptions(client)).toEqual(jobs.JOBS_TABLE_STORAGE);
  });

  it("turns critical while a transaction pins the xmin horizon, sheds low priority only, and clears on commit", async () => {
    const holder = new pg.Client({ connectionString: h.db.url, application_name: "pinning-test" });
    await holder.connect();
    try {
      const pid = (await holder.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
      await holder.query("begin");
      await holder.query("select txid_current()");
      const read = await health.readTableHealth();
      const pinned = read.xmin.find((x) => x.pid === pid);
      expect(pinned).toMatchObject({ source: "backend", state: "idle in transaction" });
      expect(pinned!.name).toContain("pinning-test");
      const limits = { ...health.tableHealthThresholds(), xminWarnSeconds: 0, xminCriticalSeconds: 0 };
      const verdict = health.tableHealthVerdict(read, limits);
      expect(verdict.level).toBe("critical");
      expect(verdict.reasons[0]).toMatchObject({ code: "xmin_horizon", level: "critical", limit: 0 });
      expect(verdict.reasons[0]!.message).toContain(`session ${pid}`);

      admission.setAdmissionOverrides({
        thresholds: { xminWarnSeconds: 0, xminCriticalSeconds: 0 },
        queueWaitLimitS: 0,
      });
      expect((await admission.refreshAdmission()).health.level).toBe("critical");

      const low = await submit(-10);
      expect(low.status).toBe(503);
      expect(low.headers.get("retry-after")).toBe("45");
      expect(errorOf(low)).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryAfterMs: 45_000 });
      expect(errorOf(low).message).toContain(`The oldest open transaction, session ${pid}`);
      expect(errorOf(low).message).toContain("low-priority runs (priority below 0) are refused");
      expect((await submit()).status).toBe(202);
      expect((await submit(10)).status).toBe(202);

      // tRPC (the forms): the same refusal, as SERVICE_UNAVAILABLE with retryAfterMs.
      const form = await script.trpcMutation("forecast.start", { ...when, priority: -10 });
      const e = (form.body as { error: { message: string; data: { code: string; retryAfterMs?: number } } }).error;
      expect([form.status, e.data.code, e.data.retryAfterMs]).toEqual([503, "SERVICE_UNAVAILABLE", 45_000]);
      expect(e.message).toContain("The oldest open transaction");
      expect((await script.trpcMutation("forecast.start", when)).status).toBe(200);

      await holder.query("commit");
      const after = await admission.refreshAdmission();
      expect(after.health.reasons.filter((r) => r.code === "xmin_horizon")).toEqual([]);
      expect((await health.readTableHealth()).xmin.find((x) => x.pid === pid)).toBeUndefined();
      expect((await submit(-10)).status).toBe(202);
    } finally {
      await holder.end();
    }
  });

  it("sheds low-priority runs of a backed-up queue only", async () => {
    // The runs above wait in forecast.when's queue (no worker here); make the oldest an hour old.
    const { rows } = await client.query<{ queue: string }>(
      `update runs set created_at = now() - interval '1 hour'
        where id = (select id from runs where task = 'forecast.when' and status = 'queued' order by created_at limit 1)
        returning queue`,
    );
    const queue = rows[0]!.queue;
    admission.setAdmissionOverrides({ queueWaitLimitS: 1800 });
    const state = await admission.refreshAdmission();
    expect(state.backedUp.map((b) => b.queue)).toEqual([queue]);
    const low = await submit(-1);
    expect(low.status).toBe(503);
    expect(errorOf(low).message).toMatch(
      new RegExp(`queue ${queue}'s oldest run has waited \\d+ s \\(limit 1800 s\\)`),
    );
    expect((await submit(0)).status).toBe(202);
    admission.setAdmissionOverrides({});
  });

  it("serves the health page's data to an admin only (tRPC and REST)", async () => {
    const r = await admin.trpcQuery("console.health");
    expect(r.status).toBe(200);
    const d = (r.body as { result: { data: { verdict: { level: string }; tables: unknown[] } } }).result.data;
    expect(["ok", "warn", "critical"]).toContain(d.verdict.level);
    expect(d.tables).toHaveLength(4);
    const rest = await script.api("/api/v1/console/health");
    expect(rest.status).toBe(200);
    const someone = new Caller(h);
    await someone.signUp(uniqueEmail("health-user"));
    expect((await someone.trpcQuery("console.health")).status).toBe(403);
    expect((await someone.api("/api/v1/console/health")).status).toBe(403);
  });

  it("exposes the health as Prometheus gauges", async () => {
    const r = await script.api("/metrics");
    expect(r.status).toBe(200);
    const text = String(r.body);
    expect(text).toMatch(/^fluxo_table_health_level [012]$/m);
    expect(text).toMatch(/^fluxo_table_dead_tuples\{table="runs"\} \d+/m);
    expect(text).toMatch(/^fluxo_table_bytes\{table="graphile_worker._private_jobs",part="total"\} [1-9]\d*/m);
    expect(text).toMatch(/^fluxo_xmin_horizon_age_seconds [\d.e+-]+$/m);
    expect(text).toMatch(/^fluxo_admission_shedding\{reason="table_health",queue=""\} 0$/m);
  });
});
