/**
 * "Edit and rerun" (issue 21, what-if), on the real route handlers and a real database: a submission
 * may name the run it was edited from (`originRunId`) — over the HTTP API (POST /api/v1/runs and the
 * batch) and tRPC (the forecast, ETo and portfolio forms). The run's answer links to it; someone
 * else's run is a 404 exactly like a missing one, naming originRunId; a run of another task is a 400;
 * and when retention deletes the origin, the rerun stays with its link null. No worker: runs stay queued.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Caller, startHarness, uniqueEmail, type Harness, type Reply } from "@/test/http-harness";

let h: Harness;
let client: pg.Client;
let alice: Caller;
let bob: Caller;
let seq = 0;

const MISSING = "00000000-0000-4000-8000-00000000beef";
/** A forecast.when input no other submission of this file uses (no two runs share a memo key). */
const input = () => ({ samples: [2, 3, 4, 5, 6], backlog: 10 + seq++, trials: 500 });

const post = (as: Caller, body: unknown) => as.api("/api/v1/runs", { method: "POST", body: JSON.stringify(body) });
const runIdOf = (r: Reply) => {
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return (r.body as { runId: string }).runId;
};
const trpcData = <T>(r: Reply): T => {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { result: { data: T } }).result.data;
};
const apiError = (r: Reply) =>
  (r.body as { error: { code: string; message: string; fields?: { path: string; message: string }[] } }).error;
const trpcError = (r: Reply) => (r.body as { error: { message: string; data: { code: string } } }).error;
const originOf = async (as: Caller, id: string) => {
  const r = await as.api(`/api/v1/runs/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { originRunId: string | null }).originRunId;
};

async function person(who: string): Promise<Caller> {
  const c = new Caller(h);
  await c.signUp(uniqueEmail(who));
  return c;
}

beforeAll(async () => {
  h = await startHarness("fluxo_test_rerun");
  await person("rerun-admin"); // the first account is the admin; the tests run as others
  alice = await person("rerun-alice");
  bob = await person("rerun-bob");
  client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await h?.close();
});

describe("originRunId over the HTTP API", () => {
  it("stores the origin of a rerun and answers it on GET /api/v1/runs/:id; a plain run has none", async () => {
    const origin = runIdOf(await post(alice, { task: "forecast.when", input: input() }));
    const rerun = runIdOf(await post(alice, { task: "forecast.when", input: input(), originRunId: origin }));
    expect(await originOf(alice, rerun)).toBe(origin);
    expect(await originOf(alice, origin)).toBeNull();
    const row = await client.query("select origin_run_id::text o from runs where id = $1", [rerun]);
    expect(row.rows[0].o).toBe(origin);
  });

  it("answers someone else's run exactly like a missing one: 404 naming originRunId, and queues nothing", async () => {
    const bobs = runIdOf(await post(bob, { task: "forecast.when", input: input() }));
    const count = async () => Number((await client.query("select count(*)::int n from runs")).rows[0].n);
    const before = await count();
    const theirs = await post(alice, { task: "forecast.when", input: input(), originRunId: bobs });
    const missing = await post(alice, { task: "forecast.when", input: input(), originRunId: MISSING });
    for (const [r, id] of [
      [theirs, bobs],
      [missing, MISSING],
    ] as const) {
      expect(r.status).toBe(404);
      expect(apiError(r)).toMatchObject({ code: "NOT_FOUND", message: `originRunId: run ${id} not found` });
    }
    expect(await count()).toBe(before);
  });

  it("refuses an origin of another task, and an origin that is not a run id, with a 400 naming originRunId", async () => {
    const origin = runIdOf(await post(alice, { task: "forecast.when", input: input() }));
    const other = await post(alice, {
      task: "forecast.howMany",
      input: { samples: [2, 3, 4, 5, 6], periods: 10, trials: 500 },
      originRunId: origin,
    });
    expect(other.status, JSON.stringify(other.body)).toBe(400);
    expect(apiError(other).fields?.[0]?.path).toBe("originRunId");
    expect(apiError(other).message).toMatch(/originRunId must name a run of forecast\.howMany/);
    const bad = await post(alice, { task: "forecast.when", input: input(), originRunId: "yesterday's" });
    expect(bad.status).toBe(400);
    expect(apiError(bad).fields?.[0]).toEqual({
      path: "originRunId",
      message: "originRunId must be a run id (a UUID)",
    });
  });

  it("takes originRunId per item of a batch", async () => {
    const origin = runIdOf(await post(alice, { task: "forecast.when", input: input() }));
    const r = await alice.api("/api/v1/runs/batch", {
      method: "POST",
      body: JSON.stringify({
        runs: [
          { task: "forecast.when", input: input(), originRunId: origin },
          { task: "forecast.when", input: input() },
        ],
      }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const [a, b] = (r.body as { runs: { runId: string }[] }).runs;
    expect(await originOf(alice, a!.runId)).toBe(origin);
    expect(await originOf(alice, b!.runId)).toBeNull();
    const refused = await alice.api("/api/v1/runs/batch", {
      method: "POST",
      body: JSON.stringify({ runs: [{ task: "forecast.when", input: input(), originRunId: MISSING }] }),
    });
    expect(refused.status).toBe(404);
    expect(apiError(refused).message).toBe(`originRunId: run ${MISSING} not found`);
  });
});

describe("originRunId over tRPC (the forms)", () => {
  it("forecast.start stores it and runs.get answers it; someone else's and a missing run are the same 404", async () => {
    const origin = trpcData<{ runId: string }>(await alice.trpcMutation("forecast.start", input())).runId;
    const { runId } = trpcData<{ runId: string }>(
      await alice.trpcMutation("forecast.start", { ...input(), originRunId: origin }),
    );
    expect(trpcData<{ originRunId: string | null }>(await alice.trpcQuery("runs.get", { id: runId })).originRunId).toBe(
      origin,
    );
    const bobs = trpcData<{ runId: string }>(await bob.trpcMutation("forecast.start", input())).runId;
    for (const id of [bobs, MISSING]) {
      const r = await alice.trpcMutation("forecast.start", { ...input(), originRunId: id });
      expect(r.status).toBe(404);
      expect(trpcError(r)).toMatchObject({ message: `originRunId: run ${id} not found`, data: { code: "NOT_FOUND" } });
    }
  });

  it("keeps the rerun of a memoised forecast answered from cache linked to its origin", async () => {
    const same = { ...input(), seed: 7 };
    const origin = trpcData<{ runId: string }>(await alice.trpcMutation("forecast.start", same)).runId;
    await client.query(`update runs set status = 'succeeded', result = '{"p": 1}', finished_at = now() where id = $1`, [
      origin,
    ]);
    const rerun = trpcData<{ runId: string; fromCache: boolean }>(
      await alice.trpcMutation("forecast.start", { ...same, originRunId: origin }),
    );
    expect(rerun.fromCache).toBe(true);
    expect(await originOf(alice, rerun.runId)).toBe(origin);
  });
});

describe("originRunId on the ETo and portfolio forms", () => {
  it("refuses someone else's and a missing run as one 404, and a run of another task with a 400", async () => {
    const bobs = trpcData<{ runId: string }>(await bob.trpcMutation("forecast.start", input())).runId;
    const eto = {
      latitude: -23.55,
      longitude: -46.63,
      elevation: 760,
      start: "2024-01-01",
      end: "2024-01-31",
      sources: ["nasa-power"],
      method: "fao56",
    };
    const made = await alice.trpcMutation("portfolio.create", { name: "What-if", benchmark: null, riskFree: 0.1 });
    const portfolio = { id: trpcData<{ id: string }>(made).id, range: "1y" };
    for (const [path, body] of [
      ["eto.start", eto],
      ["portfolio.analyze", portfolio],
    ] as const) {
      for (const id of [bobs, MISSING]) {
        const r = await alice.trpcMutation(path, { ...body, originRunId: id });
        expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(404);
        expect(trpcError(r).message).toBe(`originRunId: run ${id} not found`);
      }
      const own = trpcData<{ runId: string }>(await alice.trpcMutation("forecast.start", input())).runId;
      const other = await alice.trpcMutation(path, { ...body, originRunId: own });
      expect(other.status, `${path} ${JSON.stringify(other.body)}`).toBe(400);
      expect(trpcError(other).message).toMatch(/^originRunId must name a run of (eto\.compute|analysis\.portfolio)/);
    }
  });
});

describe("an origin deleted by retention", () => {
  it("leaves the rerun in place with originRunId null", async () => {
    const origin = runIdOf(await post(alice, { task: "forecast.when", input: input() }));
    const rerun = runIdOf(await post(alice, { task: "forecast.when", input: input(), originRunId: origin }));
    await client.query(
      `update runs set status = 'succeeded', finished_at = now() - interval '2 days',
         expires_at = now() - interval '1 day' where id = $1`,
      [origin],
    );
    const { deleteExpiredBatch } = await import("@/runs/retention.repository");
    expect(await deleteExpiredBatch(new Date(), 100)).toBeGreaterThanOrEqual(1);
    expect((await client.query("select 1 from runs where id = $1", [origin])).rowCount).toBe(0);
    expect(await originOf(alice, rerun)).toBeNull();
  });
});
