/**
 * Retention that holds (issue 22), on real Postgres: a finished run past its `expires_at` is read as a
 * deleted one — not found by id (the API's and tRPC's `get`, the run page, the live stream), left out of
 * lists and workflow steps, never a memo hit — while one still within it is served; `runs.cleanup`
 * then deletes expired runs and their events in bounded batches; its schedule is hourly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { closeConnections } from "@/test/close-connections";
import type { Viewer } from "@/accounts/viewer";

const admin: Viewer = { id: "retention-admin", email: "r@example.com", name: "R", role: "admin", via: "token" };
const task = `test.expiry-${randomUUID().slice(0, 8)}`;
let client: pg.Client;
let m: {
  service: typeof import("@/features/runs/runs.service");
  schemas: typeof import("@/features/runs/runs.schemas");
  runs: typeof import("./run.repository");
  tree: typeof import("./run-tree.repository");
  retention: typeof import("./retention.repository");
  enqueue: typeof import("./enqueue").enqueue;
  tasks: typeof import("@/test/test-tasks");
};

beforeAll(async () => {
  process.env.DATABASE_URL = testDatabaseUrl();
  resetEnvCache();
  m = {
    service: await import("@/features/runs/runs.service"),
    schemas: await import("@/features/runs/runs.schemas"),
    runs: await import("./run.repository"),
    tree: await import("./run-tree.repository"),
    retention: await import("./retention.repository"),
    enqueue: (await import("./enqueue")).enqueue,
    tasks: await import("@/test/test-tasks"),
  };
  client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
});

afterAll(async () => {
  await client?.query("delete from runs where task = $1", [task]);
  await client?.end();
  await closeConnections();
  resetEnvCache();
});

/** A finished run of `task` (memo key "k", one event), expiring `expiresIn` from now (a Postgres interval). */
async function run(status: string, expiresIn: string | null, parentId: string | null = null, step?: number) {
  const r = await client.query<{ id: string }>(
    `insert into runs (id, task, queue, status, input, input_hash, result, expires_at, memo_key, event_seq,
                       started_at, finished_at, parent_id, step)
     values (gen_random_uuid(), $1, 'default', $2::"RunStatus", '{}', 'x', '{"answer":42}',
             case when $3::text is null then null else now() + $3::interval end, 'k', 1,
             now() - interval '1 minute', now() - interval '1 minute', $4::uuid, $5::int)
     returning id::text`,
    [task, status, expiresIn, parentId, step ?? null],
  );
  const id = r.rows[0]!.id;
  await client.query("insert into run_events (run_id, seq, type, payload) values ($1, 1, 'status', '{}')", [id]);
  return id;
}

describe("reads never serve a run past its expires_at", () => {
  it("get and list answer an expired finished run as not found, a live one as usual", async () => {
    const expired = await run("succeeded", "-1 second");
    const live = await run("succeeded", "1 hour");
    const forever = await run("failed", null);
    const stillRunning = await run("running", "-1 hour"); // not finished: cleanup keeps it, so do reads
    await expect(m.service.getRun(admin, expired)).rejects.toThrow(/not found/i);
    await expect(m.service.getRunEvents(admin, expired)).rejects.toThrow(/not found/i);
    expect((await m.service.getRun(admin, live)).result).toEqual({ answer: 42 });
    expect((await m.service.getRun(admin, forever)).id).toBe(forever);
    expect((await m.service.getRun(admin, stillRunning)).id).toBe(stillRunning);
    expect(await m.runs.findVisibleRun(expired, { kind: "all" })).toBeNull();
    const page = await m.service.listRunsPage(admin, m.schemas.ZListRunsInput.parse({ all: true, task, limit: 50 }));
    expect(page.items.map((r) => r.id).sort()).toEqual([live, forever, stillRunning].sort());
    await client.query("delete from runs where task = $1", [task]);
  });

  it("a workflow's steps leave out an expired child", async () => {
    const parent = await run("succeeded", null);
    const gone = await run("succeeded", "-1 minute", parent, 0);
    const kept = await run("succeeded", "1 day", parent, 1);
    const ids = (await m.tree.listChildren(parent)).map((c) => c.id);
    expect(ids).toEqual([kept]);
    expect(ids).not.toContain(gone);
    await client.query("delete from runs where task = $1", [task]);
  });

  it("an expired run is never a memo hit, neither found in the database nor copied from a cache entry", async () => {
    const expired = await run("succeeded", "-1 second");
    const since = new Date(Date.now() - 3_600_000);
    expect(await m.runs.findMemoResult(task, "k", since)).toBeUndefined();
    const base = { task, queue: "default", input: {}, inputHash: "x", maxAttempts: 1, priority: 0, memoKey: "k" };
    // A cache entry (Redis) still naming the expired run: the copy is refused, as if it were deleted.
    expect(await m.runs.insertCachedRun({ ...base, id: randomUUID() }, { runId: expired, result: 1 })).toBeNull();
    const live = await run("succeeded", "1 hour");
    expect(await m.runs.findMemoResult(task, "k", since)).toEqual({ runId: live, result: { answer: 42 } });
    const copy = await m.runs.insertCachedRun({ ...base, id: randomUUID() }, { runId: live, result: { answer: 42 } });
    expect(copy?.cachedFromId).toBe(live);
    await client.query("delete from runs where task = $1", [task]);
  });
});

describe("an idempotency key whose run expired", () => {
  it("no longer replays that run: the next submit with the key makes a new one", async () => {
    const key = `retention-${randomUUID()}`;
    const input = { steps: 1, stepMs: 1 };
    const first = await m.enqueue(m.tasks.stepsTask, input, { idempotencyKey: key });
    const made = [first.id];
    try {
      const again = await m.enqueue(m.tasks.stepsTask, input, { idempotencyKey: key });
      expect(again).toMatchObject({ id: first.id, replayed: true });
      await client.query("select graphile_worker.remove_job($1)", [first.id]);
      await client.query(
        `update runs set status = 'succeeded', result = '{"steps":1}', finished_at = now(),
           expires_at = now() - interval '1 second' where id = $1`,
        [first.id],
      );
      const fresh = await m.enqueue(m.tasks.stepsTask, input, { idempotencyKey: key });
      made.push(fresh.id);
      expect(fresh.id).not.toBe(first.id);
      expect(fresh.replayed).toBeUndefined();
      expect(fresh.status).toBe("queued");
    } finally {
      await client.query("select graphile_worker.remove_job(id) from unnest($1::text[]) id", [made]);
      await client.query("delete from runs where id = any($1::uuid[])", [made]);
    }
  });
});

describe("runs.cleanup", () => {
  it("deletes expired finished runs and their events in bounded batches, keeping the rest", async () => {
    const expired: string[] = [];
    for (let i = 0; i < 7; i++) expired.push(await run("succeeded", "-1 minute"));
    const kept = [await run("succeeded", "1 hour"), await run("running", "-1 hour"), await run("dead", null)];
    const r = await m.retention.deleteExpiredRuns(new Date(), { batchSize: 2, maxBatches: 1000, budgetMs: 60_000 });
    // 7 of ours (and any other test's expired runs) at 2 a statement: at least 4 batches, the last one short.
    expect(r.batches).toBeGreaterThanOrEqual(4);
    expect(r.deleted).toBeGreaterThanOrEqual(7);
    expect(r.done).toBe(true);
    const left = await client.query<{ id: string }>("select id::text from runs where task = $1", [task]);
    expect(left.rows.map((x) => x.id).sort()).toEqual([...kept].sort());
    const events = await client.query<{ n: number }>(
      "select count(*)::int n from run_events where run_id = any($1::uuid[])",
      [expired],
    );
    expect(events.rows[0]!.n).toBe(0);
    await client.query("delete from runs where task = $1", [task]);
  });

  it("stops at maxBatches and leaves the rest for the next run", async () => {
    for (let i = 0; i < 5; i++) await run("cancelled", "-1 minute");
    const r = await m.retention.deleteExpiredRuns(new Date(), { batchSize: 2, maxBatches: 1, budgetMs: 60_000 });
    expect(r).toEqual({ deleted: 2, batches: 1, done: false });
    const left = await client.query<{ n: number }>("select count(*)::int n from runs where task = $1", [task]);
    expect(left.rows[0]!.n).toBeGreaterThanOrEqual(3); // other expired runs (older) may go first
    await client.query("delete from runs where task = $1", [task]);
  });

  it("is scheduled hourly after the migrations", async () => {
    const s = await client.query<{ cron: string; enabled: boolean }>(
      "select cron, enabled from schedules where id = '00000000-0000-4000-8000-000000000007'",
    );
    expect(s.rows[0]).toEqual({ cron: "17 * * * *", enabled: true });
  });
});
