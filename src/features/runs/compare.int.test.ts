/**
 * Comparing runs on real PostgreSQL with a real worker: two forecasts of one owner side by side (the
 * changed input field, the percentile deltas), ownership (someone else's run is a 404 with exactly the
 * body of a missing one), the refusals naming `ids` (different tasks, 5 ids, 1 id), and the flag when
 * the engine versions differ. Through the HTTP API and tRPC, as a client sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Caller, startHarness, uniqueEmail, type Harness, type Reply } from "@/test/http-harness";
import { startTestWorker } from "@/test/test-worker";
import { addTask } from "@/test/test-tasks";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";
import type { RunComparisonDto } from "./compare.service";

let h: Harness;
let worker: FluxoWorker;
let owner: Caller;
let other: Caller;

beforeAll(async () => {
  h = await startHarness("fluxo_test_compare", { RATE_LIMIT_SUBMIT_PER_MIN: "10000" }, [addTask]);
  await new Caller(h).signUp(uniqueEmail("compare-admin")); // the first account is the admin (sees every run)
  owner = new Caller(h);
  await owner.signUp(uniqueEmail("compare-owner"));
  other = new Caller(h);
  await other.signUp(uniqueEmail("compare-other"));
  const { forecastWhenTask } = await import("@/features/forecast/forecast.task");
  worker = await startTestWorker(h.db.url, [forecastWhenTask as never, addTask as never], 2);
});

afterAll(async () => {
  await worker?.stop();
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await h?.close();
});

const FORECAST = { samples: [2, 3, 4, 5, 6], trials: 2_000, seed: 11, percentiles: [50, 85] };

async function forecast(who: Caller, backlog: number): Promise<string> {
  const r = await who.api("/api/v1/forecasts/when", { method: "POST", body: JSON.stringify({ ...FORECAST, backlog }) });
  expect(r.status).toBe(202);
  const { runId } = r.body as { runId: string };
  await waitForRun(runId, (x) => x.status === "succeeded", 60_000);
  return runId;
}

const compare = (who: Caller, ids: string[]) => who.api(`/api/v1/runs/compare?ids=${ids.join(",")}`);
const fieldsOf = (r: Reply) => (r.body as { error: { fields?: { path: string; message: string }[] } }).error.fields;

describe("runs compare", () => {
  let a: string;
  let b: string;

  beforeAll(async () => {
    a = await forecast(owner, 30);
    b = await forecast(owner, 60);
  });

  it("puts two forecasts of one owner side by side: the changed input field and the deltas of their percentiles", async () => {
    const r = await compare(owner, [a, b]);
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    const c = r.body as RunComparisonDto;
    expect(c.task).toBe("forecast.when");
    expect(c.runs.map((x) => x.id)).toEqual([a, b]);
    expect(c.runs[0]!.provenance.engineVersion).toBeGreaterThanOrEqual(1);
    expect(c.runs[0]!.provenance.seed).toBe(11);
    expect(c.inputs.filter((f) => f.changed)).toEqual([{ path: "backlog", values: [30, 60], changed: true }]);
    expect(c.inputs.find((f) => f.path === "seed")).toEqual({ path: "seed", values: [11, 11], changed: false });

    const p85 = c.outputs.find((m) => m.key === "periods.P85")!;
    const results = c.runs.map((x) => x.result as { percentiles: Record<string, number> });
    expect(p85.values).toEqual([results[0]!.percentiles["85"], results[1]!.percentiles["85"]]);
    expect(p85.deltas).toEqual([null, results[1]!.percentiles["85"]! - results[0]!.percentiles["85"]!]);
    expect(p85.deltas[1]).toBeGreaterThan(0); // twice the backlog takes longer
    expect(c.outputs.some((m) => m.key === "periods.P50")).toBe(true);
    expect(c.engineVersionsDiffer).toBe(false);

    const viaTrpc = await owner.trpcQuery("runs.compare", { ids: [a, b] });
    expect(viaTrpc.status).toBe(200);
    const t = (viaTrpc.body as { result: { data: RunComparisonDto } }).result.data;
    expect(t.outputs).toEqual(c.outputs);
    expect(t.inputs.filter((f) => f.changed).map((f) => f.path)).toEqual(["backlog"]);
  });

  it("answers someone else's run with exactly the 404 of a missing one", async () => {
    const theirs = await forecast(other, 30);
    const missing = randomUUID();
    const seen = await compare(owner, [a, theirs]);
    const none = await compare(owner, [a, missing]);
    expect(seen.status).toBe(404);
    expect(none.status).toBe(404);
    const norm = (x: Reply, id: string) => JSON.stringify(x.body).replaceAll(id, "<id>");
    expect(norm(seen, theirs)).toBe(norm(none, missing));
    expect((await owner.trpcQuery("runs.compare", { ids: [a, theirs] })).status).toBe(404);
    // Their own pair compares for them.
    expect((await compare(other, [theirs, theirs.toUpperCase()])).status).toBe(400); // the same run twice
  });

  it("refuses runs of different tasks, naming ids and the tasks", async () => {
    const sub = await owner.api("/api/v1/runs", {
      method: "POST",
      body: JSON.stringify({ task: "test.add", input: { n: 1 } }),
    });
    expect(sub.status).toBe(202);
    const add = (sub.body as { runId: string }).runId;
    const r = await compare(owner, [a, add]);
    expect(r.status).toBe(400);
    expect((r.body as { error: { message: string } }).error.message).toBe(
      "ids must be runs of one task: forecast.when, test.add",
    );
    expect(fieldsOf(r)?.[0]?.path).toBe("ids");
  });

  it("refuses more than 4 ids and fewer than 2, naming ids and the limit", async () => {
    const five = await compare(owner, [a, b, randomUUID(), randomUUID(), randomUUID()]);
    expect(five.status).toBe(400);
    expect(fieldsOf(five)).toEqual([{ path: "ids", message: "ids must list at most 4 runs" }]);
    const one = await compare(owner, [a]);
    expect(one.status).toBe(400);
    expect(fieldsOf(one)).toEqual([{ path: "ids", message: "ids must list at least 2 runs" }]);
    const bad = await compare(owner, [a, "not-a-run"]);
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)?.[0]?.path).toBe("ids.1");
    expect((await owner.api("/api/v1/runs/compare")).status).toBe(400);
    const trpc = await owner.trpcQuery("runs.compare", { ids: [a, b, randomUUID(), randomUUID(), randomUUID()] });
    expect(trpc.status).toBe(400);
    expect(JSON.stringify(trpc.body)).toContain("ids must list at most 4 runs");
  });

  it("flags runs computed by different engine versions", async () => {
    const { db } = await import("@/server/db");
    await db().$executeRaw`update runs set engine_version = engine_version + 1 where id = ${b}::uuid`;
    const c = (await compare(owner, [a, b])).body as RunComparisonDto;
    expect(c.engineVersionsDiffer).toBe(true);
    expect(c.runs[1]!.provenance.engineVersion).toBe(c.runs[0]!.provenance.engineVersion! + 1);
  });

  it("compares a stopped run by the partial result it kept", async () => {
    const c = await forecast(owner, 45);
    const { db } = await import("@/server/db");
    const partial = {
      result: { percentiles: { "85": { value: 99, lower: 98, upper: 100 } }, cdf: [], trials: 300, didNotFinish: 0 },
      done: { count: 300, total: 2000, unit: "trials" },
      at: new Date().toISOString(),
      final: true,
    };
    await db()
      .$executeRaw`update runs set status = 'cancelled', result = null, partial = ${JSON.stringify(partial)}::jsonb where id = ${c}::uuid`;
    const r = (await compare(owner, [a, c])).body as RunComparisonDto;
    expect(r.runs[1]).toMatchObject({ status: "cancelled", result: null, partial: { final: true } });
    const p85 = r.outputs.find((m) => m.key === "periods.P85")!;
    const first = (r.runs[0]!.result as { percentiles: Record<string, number> }).percentiles["85"]!;
    expect(p85.values).toEqual([first, 99]);
    expect(p85.deltas).toEqual([null, 99 - first]);
  });
});
