/**
 * forecast.sensitivity end to end on real Postgres with a real worker: a chord of forecast.when runs
 * (the base and each variant, one seed) and forecast.sensitivityMerge, whose tornado is the parent
 * run's result; its children are listed; bad input is a 400 naming the field, before anything is queued.
 */
import { startTestWorker } from "@/test/test-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, startHarness, uniqueEmail, type Harness, trpcData } from "@/test/http-harness";
import type { FluxoWorker } from "@/worker/runner";
import { createRng, forecastWhen } from "@/domain/forecast";
import type { TForecastSensitivityResult } from "./sensitivity.output";

let h: Harness;
let worker: FluxoWorker;
let user: Caller;

beforeAll(async () => {
  h = await startHarness("fluxo_test_forecast_sensitivity", { RATE_LIMIT_SUBMIT_PER_MIN: "1000" });
  user = new Caller(h);
  await user.signUp(uniqueEmail("sensitive"));
  const { forecastTasks } = await import("@/features/forecast/forecast.task");
  worker = await startTestWorker(h.db.url, [...forecastTasks] as never, 4);
});

afterAll(async () => {
  await worker?.stop();
  const { closeKernelThreads } = await import("@/server/threads/pool");
  await closeKernelThreads();
  await h?.close();
});

const data = trpcData;
interface RunView {
  status: string;
  task: string;
  progress: number;
  result: unknown;
  error: unknown;
}

async function settled(runId: string): Promise<RunView> {
  for (let i = 0; i < 1200; i++) {
    const run = data<RunView>(await user.trpcQuery("runs.get", { id: runId }));
    if (["succeeded", "failed", "dead", "cancelled"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

const INPUT = {
  samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
  backlog: 40,
  trials: 2_000,
  seed: 11,
  percentiles: [50, 85],
  startDate: "2026-01-05",
  focus: 0.8,
  risks: [{ likelihood: 0.5, low: 3, mode: 6, high: 12 }],
};

describe("forecast.sensitivity", { timeout: 120_000 }, () => {
  it("runs the base and every variant as children with one seed, then merges them into the tornado", async () => {
    const r = await user.trpcMutation("forecast.sensitivity", INPUT);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { runId, forecasts, seed } = data<{ runId: string; forecasts: number; seed: number }>(r);
    expect(seed).toBe(11);
    // backlog ×2, focus ×2, the risk off and certain: 6 variants and the base
    expect(forecasts).toBe(7);
    const run = await settled(runId);
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    expect(run.task).toBe("workflow.chord");
    expect(run.progress).toBe(1);

    const kids = data<{ task: string; status: string; step: number }[]>(
      await user.trpcQuery("workflows.children", { id: runId }),
    );
    expect(kids.map((k) => [k.step, k.task, k.status])).toEqual([
      ...Array.from({ length: 7 }, (_, i) => [i, "forecast.when", "succeeded"]),
      [7, "forecast.sensitivityMerge", "succeeded"],
    ]);

    const t = run.result as TForecastSensitivityResult;
    expect(t.rows.map((x) => x.id).sort()).toEqual(["backlog", "focus", "risk:0"]);
    const swings = t.rows.map((x) => x.swingPeriods);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    const backlog = t.rows.find((x) => x.id === "backlog")!;
    expect(backlog.low.setting).toBe(32);
    expect(backlog.high.setting).toBe(48);
    expect(backlog.high.periods!).toBeGreaterThan(backlog.low.periods!);
    expect(backlog.high.date! > backlog.low.date!).toBe(true);
    // the base is the engine's own forecast for that seed (every variant shares the streams)
    const direct = forecastWhen({ ...INPUT }, { rng: createRng(11) });
    expect(t.base.periods).toBe(direct.percentiles["85"]);
    const focusUp = forecastWhen({ ...INPUT, focus: 0.9 }, { rng: createRng(11) });
    expect(t.rows.find((x) => x.id === "focus")!.high.periods).toBe(focusUp.percentiles["85"]);
  });

  it("refuses bad input with a 400 naming the field, and queues nothing", async () => {
    const before = data<{ items: unknown[] }>(await user.trpcQuery("runs.list", { limit: 100 })).items.length;
    const change = await user.api("/api/v1/forecasts/sensitivity", {
      method: "POST",
      body: JSON.stringify({ ...INPUT, backlogChange: 95 }),
    });
    expect(change.status).toBe(400);
    expect(JSON.stringify(change.body)).toContain("backlogChange must be at most 90");
    const tooLong = await user.api("/api/v1/forecasts/sensitivity", {
      method: "POST",
      body: JSON.stringify({ ...INPUT, backlog: 400, maxPeriods: 20 }),
    });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toMatch(/backlog.*maxPeriods/);
    const trpcBad = await user.trpcMutation("forecast.sensitivity", { ...INPUT, focus: 0 });
    expect(trpcBad.status).toBe(400);
    expect(JSON.stringify(trpcBad.body)).toContain("focus must be greater than 0");
    const after = data<{ items: unknown[] }>(await user.trpcQuery("runs.list", { limit: 100 })).items.length;
    expect(after).toBe(before);
  });

  it("is queued through the HTTP API too (202 with the parent run)", async () => {
    const r = await user.api("/api/v1/forecasts/sensitivity", {
      method: "POST",
      body: JSON.stringify({ ...INPUT, seed: 12, backlogChange: 50 }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const body = r.body as { runId: string; forecasts: number; links: { run: string } };
    expect(body.links.run).toContain(body.runId);
    const run = await settled(body.runId);
    expect(run.status, JSON.stringify(run.error)).toBe("succeeded");
    const t = run.result as TForecastSensitivityResult;
    expect(t.backlogChange).toBe(50);
    expect(t.rows.find((x) => x.id === "backlog")!.low.setting).toBe(20);
  });
});
