/**
 * "Stop at the precision asked" end to end on real Postgres: a forecast.when and a forecast.howMany
 * with a precision target, queued through tRPC and the HTTP API, run by a worker in a kernel thread,
 * stop on their own before the trials asked and say so (stoppedAt) in the stored result, as
 * runs.get and GET /api/v1/runs/:id return it; a bad target is a 400 naming the field.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, startHarness, uniqueEmail, type Harness, trpcData } from "@/test/http-harness";
import type { FluxoWorker } from "@/worker/runner";

let h: Harness;
let worker: FluxoWorker;
let user: Caller;

beforeAll(async () => {
  h = await startHarness("fluxo_test_forecast_precision");
  user = new Caller(h);
  await user.signUp(uniqueEmail("precise"));
  const { forecastTasks } = await import("@/features/forecast/forecast.task");
  worker = await startTestWorker(h.db.url, [...forecastTasks] as never, 2);
});

afterAll(async () => {
  await worker?.stop();
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await h?.close();
});

const data = trpcData;

interface Run {
  status: string;
  task: string;
  result: { trials: number; percentiles: Record<string, number | null>; stoppedAt: Record<string, unknown> };
}

async function settled(runId: string): Promise<Run> {
  for (let i = 0; i < 600; i++) {
    const run = data<Run>(await user.trpcQuery("runs.get", { id: runId }));
    if (["succeeded", "failed", "dead", "cancelled"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

/** Troy Magennis' improvingflow throughput (12 weeks), backlog 100: P85 = 30 weeks exactly. */
const FLOW = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];

describe("stop at the precision asked", () => {
  it("forecast.when through tRPC stops once P85 is known to ±3.5 days, well before 2,000,000 trials", async () => {
    const input = {
      samples: FLOW,
      backlog: 100,
      trials: 2_000_000,
      seed: 21,
      percentiles: [50, 85],
      startDate: "2024-01-01",
      precision: { percentile: 85, within: 3.5, unit: "days" },
    };
    const r = await user.trpcMutation("forecast.start", input);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { runId } = data<{ runId: string }>(r);
    const run = await settled(runId);
    expect(run.status).toBe("succeeded");
    const s = run.result.stoppedAt;
    expect(s).toMatchObject({ reason: "precision", precision: { percentile: 85, within: 3.5, unit: "days" } });
    expect(s.trials).toBeLessThan(2_000_000);
    expect((s.trials as number) % 65_536).toBe(0); // checked after every block of trials
    expect(run.result.trials).toBe(s.trials);
    expect((s.precision as { halfWidth: number }).halfWidth).toBeLessThanOrEqual(3.5);
    expect(run.result.percentiles["85"]).toBe(30);

    // The HTTP API returns the same result; the same seeded input stops at the same trial count.
    const api = await user.api(`/api/v1/runs/${runId}`);
    expect(api.status).toBe(200);
    expect((api.body as { result: Run["result"] }).result.stoppedAt).toEqual(s);
    const again = await user.api("/api/v1/forecasts/when", {
      method: "POST",
      body: JSON.stringify({ ...input, fresh: true }),
    });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    const second = await settled((again.body as { runId: string }).runId);
    expect(second.result).toEqual(run.result);
  });

  it("forecast.howMany through the HTTP API: within in items; out of reach it runs every trial (reason trials)", async () => {
    const post = (precision: unknown, trials: number) =>
      user.api("/api/v1/forecasts/how-many", {
        method: "POST",
        body: JSON.stringify({ samples: FLOW, periods: 10, trials, seed: 4, percentiles: [85], precision }),
      });
    const [early, all] = await Promise.all([
      post({ percentile: 85, within: 1 }, 1_000_000),
      post({ percentile: 85, within: 0.5 }, 500),
    ]);
    expect(early.status).toBe(202);
    expect(all.status).toBe(202);
    const [e, a] = await Promise.all([early, all].map((r) => settled((r.body as { runId: string }).runId)));
    expect(e!.result.stoppedAt).toMatchObject({ reason: "precision", precision: { unit: "items", within: 1 } });
    expect(e!.result.stoppedAt.trials).toBeLessThan(1_000_000);
    expect(a!.result.stoppedAt).toMatchObject({ trials: 500, reason: "trials", precision: { within: 0.5 } });
    expect(a!.result.trials).toBe(500);
  });

  it("a bad target is a 400 naming the field and the limit", async () => {
    const bad = await user.trpcMutation("forecast.start", {
      samples: FLOW,
      backlog: 10,
      precision: { percentile: 85, within: 0 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("precision.within must be more than 0");
    const api = await user.api("/api/v1/forecasts/how-many", {
      method: "POST",
      body: JSON.stringify({ samples: FLOW, periods: 4, precision: { percentile: 100, within: 1 } }),
    });
    expect(api.status).toBe(400);
    expect(JSON.stringify(api.body)).toContain("precision.percentile must be between 1 and 99");
  });
});
