/**
 * Provenance on real PostgreSQL and Redis: a run records the code version and its task's engine
 * version; the API and tRPC serve them with the seed and the input hash; a run from cache shows the
 * provenance of the run it took its result from; and the memo key holds the engine version, so a
 * bumped engine never answers from a result an earlier version computed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { defineTask } from "@/runs/define-task";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";
import { startTestWorker } from "@/test/test-worker";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";

/** A memoised task with an engine: the same definition at two engine versions. */
const echoAt = (engineVersion: number) =>
  defineTask({
    name: "test.provenanceEcho",
    queue: "default",
    input: z.object({ key: z.string() }),
    output: z.object({ key: z.string() }),
    retry: { attempts: 1 },
    memoize: { ttlMs: 3600_000 },
    engineVersion,
    handler: (input) => ({ key: input.key }),
  });
const echoV1 = echoAt(1);
const echoV2 = echoAt(2);

let h: Harness;
let worker: FluxoWorker;
let user: Caller;

beforeAll(async () => {
  h = await startHarness("fluxo_test_provenance");
  user = new Caller(h);
  await user.signUp(uniqueEmail("provenance"));
  const { forecastWhenTask } = await import("@/features/forecast/forecast.task");
  worker = await startTestWorker(h.db.url, [forecastWhenTask as never, echoV1 as never], 2);
});

afterAll(async () => {
  await worker?.stop();
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await h?.close();
});

interface Provenance {
  codeVersion: string | null;
  engineVersion: number | null;
  seed: number | null;
  inputHash: string;
}
async function provenanceOf(runId: string): Promise<{ provenance: Provenance; cachedFromId: string | null }> {
  const r = await user.api(`/api/v1/runs/${runId}`);
  expect(r.status).toBe(200);
  return r.body as { provenance: Provenance; cachedFromId: string | null };
}

describe("provenance", () => {
  it("is stored on the run and served by the API and tRPC, and a cached run shows its source's", async () => {
    const { codeVersion } = await import("@/server/code-version");
    const { FORECAST_ENGINE_VERSIONS } = await import("@/features/forecast/engine-versions");
    const seed = Math.floor(Math.random() * 2 ** 31);
    const body = JSON.stringify({ samples: [2, 3, 4, 5, 6], backlog: 40, trials: 2_000, seed, percentiles: [85] });
    const sub = await user.api("/api/v1/forecasts/when", { method: "POST", body });
    expect(sub.status).toBe(202);
    const { runId } = sub.body as { runId: string };
    const row = await waitForRun(runId, (r) => r.status === "succeeded");
    expect(row.codeVersion).toBe(codeVersion());
    expect(row.codeVersion).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{4,12}$/);
    expect(row.engineVersion).toBe(FORECAST_ENGINE_VERSIONS["forecast.when"]);

    const expected = { codeVersion: codeVersion(), engineVersion: row.engineVersion, seed, inputHash: row.inputHash };
    expect((await provenanceOf(runId)).provenance).toEqual(expected);
    const viaTrpc = await user.trpcQuery("runs.get", { id: runId });
    expect((viaTrpc.body as { result: { data: { provenance: Provenance } } }).result.data.provenance).toEqual(expected);

    // The same forecast again comes from cache: it shows the provenance of the run that computed it
    // (made "by older code" here, so the difference shows).
    const { db } = await import("@/server/db");
    await db().$executeRawUnsafe(`update runs set code_version = '0.0.1+0ld0ld0' where id = $1::uuid`, runId);
    const again = await user.api("/api/v1/forecasts/when", { method: "POST", body });
    const cached = await provenanceOf((again.body as { runId: string }).runId);
    expect(cached.cachedFromId).toBe(runId);
    expect(cached.provenance).toEqual({ ...expected, codeVersion: "0.0.1+0ld0ld0" });
  });

  it("shows nulls for a run made before provenance was recorded (and no seed for an unseeded input)", async () => {
    const { db } = await import("@/server/db");
    const mine = await user.api("/api/v1/forecasts/when", {
      method: "POST",
      body: JSON.stringify({ samples: [3], backlog: 3, trials: 1_000, seed: 1, percentiles: [50] }),
    });
    const { runId } = mine.body as { runId: string };
    await waitForRun(runId, (r) => r.status === "succeeded");
    await db().$executeRawUnsafe(
      `update runs set code_version = null, engine_version = null, input = input - 'seed' where id = $1::uuid`,
      runId,
    );
    const p = (await provenanceOf(runId)).provenance;
    expect(p).toMatchObject({ codeVersion: null, engineVersion: null, seed: null });
    expect(p.inputHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keys memoised results by engine version: a bumped engine computes anew, then answers from its own run", async () => {
    const { enqueue } = await import("@/runs/enqueue");
    const input = { key: randomUUID() };
    const first = await enqueue(echoV1, input);
    await waitForRun(first.id, (r) => r.status === "succeeded");
    const hit = await enqueue(echoV1, input);
    expect(hit.cachedFromId, "same input, same engine: from cache").toBe(first.id);
    expect(hit.engineVersion).toBe(1);

    const bumped = await enqueue(echoV2, input);
    expect(bumped.cachedFromId, "same input, engine bumped: computed again").toBeNull();
    expect(bumped.memoKey).not.toBe(first.memoKey);
    const done = await waitForRun(bumped.id, (r) => r.status === "succeeded");
    expect(done.engineVersion).toBe(2);
    expect(done.inputHash, "the input hash is the input's alone").toBe(first.inputHash);

    const hit2 = await enqueue(echoV2, input);
    expect(hit2.cachedFromId).toBe(bumped.id);
    expect(hit2.engineVersion).toBe(2);
    const hit1 = await enqueue(echoV1, input);
    expect(hit1.cachedFromId, "the old engine's answer is still its own").toBe(first.id);
  });
});
