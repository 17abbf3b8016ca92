/**
 * A huge forecast.when split into chunk runs, through real workers on real Postgres: the merged result
 * is bit-for-bit the engine's result in one process; the parent (the run the user submitted) keeps its
 * task and result shape, shows rolled-up progress with an ETA, ends once; Cancel of the parent stops
 * every chunk (how fast is a figure for the bench, not an assertion).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker } from "@/test/test-worker";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import { CHUNK, setUpSplitting, tearDownSplitting } from "./forecast-split.fixtures";
import { ended, importRunRepo, useTestDatabase, type RunRepo } from "@/test/run-modules";
import { createRng, forecastDeadline, forecastHowMany, forecastWhen, type WhenInput } from "@/domain/forecast";
import type { FluxoWorker } from "@/worker/runner";
import type { TaskCatalog } from "@/runs/task-catalog";
import { hasSteps } from "@/runs/workflow-spec";

let workers: FluxoWorker[] = [];
let catalog: TaskCatalog;
let m: {
  repo: RunRepo;
  enqueue: typeof import("@/runs/enqueue");
  cancel: typeof import("@/runs/cancel");
  tasks: typeof import("./forecast.task");
};

beforeAll(async () => {
  useTestDatabase();
  await setUpSplitting();
  m = {
    repo: await importRunRepo(),
    enqueue: await import("@/runs/enqueue"),
    cancel: await import("@/runs/cancel"),
    tasks: await import("./forecast.task"),
  };
  catalog = (await import("@/runs/task-catalog")).taskCatalog([...m.tasks.forecastTasks] as never);
  // Two worker processes' worth of Graphile runners: the chunks spread over both.
  workers = await Promise.all([1, 2].map(() => startTestWorker(testDatabaseUrl(), [...m.tasks.forecastTasks], 4)));
});

afterAll(() => tearDownSplitting(workers));

const submit = (input: WhenInput) => m.enqueue.enqueue(m.tasks.forecastWhenTask, input as never, { ownerId: null });

describe("a forecast.when split into chunk runs", { timeout: 120_000 }, () => {
  it("merges the chunks into exactly the single-process result, stored once, with progress and an ETA", async () => {
    const input: WhenInput = {
      samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
      backlog: { min: 30, max: 80 },
      trials: 3 * CHUNK + 12_345,
      seed: 77,
      percentiles: [50, 85, 95],
      risks: [{ likelihood: 0.4, low: 1, mode: 4, high: 10 }],
      startDate: "2026-03-02",
      deadline: "2026-09-01",
    };
    const t0 = Date.now();
    const run = await submit(input);
    const done = await waitForRun(run.id, (r) => ended(r.status), 90_000);
    const ms = Date.now() - t0;
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    expect(done.task).toBe("forecast.when");
    expect(hasSteps(done), `stage ${done.stage}`).toBe(true); // the run page lists its chunk runs

    const direct = forecastWhen(input, { rng: createRng(input.seed) });
    expect(done.result).toEqual(JSON.parse(JSON.stringify(direct)));

    const kids = await m.repo.listChildren(run.id);
    expect(kids.map((k) => [k.step, k.task, k.status])).toEqual(
      [0, 1, 2, 3].map((i) => [i, "forecast.whenChunk", "succeeded"]),
    );
    const events = await m.repo.listEvents(run.id);
    const statuses = events.filter((e) => e.type === "status").map((e) => (e.payload as { status: string }).status);
    expect(statuses.filter((s) => s === "succeeded")).toHaveLength(1);
    const progress = events.filter((e) => e.type === "progress").map((e) => e.payload as Record<string, unknown>);
    expect(progress.some((p) => p.stage === "chunks" && /\d+\/4 chunks done/.test(String(p.message)))).toBe(true);
    expect(progress.some((p) => typeof p.etaAt === "string")).toBe(true);
    console.info(`split forecast.when, ${input.trials} trials in 4 chunks: ${ms} ms`);
  });

  it("how many and deadline risk: the split runs give exactly the engine's result", async () => {
    const many = { samples: [2, 4, 5, 7, 3.5], periods: 12, trials: 2 * CHUNK + 77, seed: 4, percentiles: [50, 85] };
    const risk = {
      samples: [4, 6, 5, 7, 9, 8, 10, 12],
      backlog: { min: 40, max: 70 },
      startDate: "2026-01-05",
      deadline: "2026-03-30",
      trials: 2 * CHUNK + 1,
      seed: 9,
      percentiles: [50, 85],
      trend: "fitted" as const,
    };
    const [a, b] = await Promise.all([
      m.enqueue.enqueue(m.tasks.forecastHowManyTask, many as never, { ownerId: null }),
      m.enqueue.enqueue(m.tasks.forecastDeadlineTask, risk as never, { ownerId: null }),
    ]);
    const [ra, rb] = await Promise.all([a, b].map((r) => waitForRun(r.id, (x) => ended(x.status), 90_000)));
    expect(ra!.status, JSON.stringify(ra!.error)).toBe("succeeded");
    expect(rb!.status, JSON.stringify(rb!.error)).toBe("succeeded");
    expect(ra!.result).toEqual(JSON.parse(JSON.stringify(forecastHowMany(many, { rng: createRng(0) }))));
    expect(rb!.result).toEqual(JSON.parse(JSON.stringify(forecastDeadline(risk, { rng: createRng(0) }))));
    for (const [run, task] of [
      [a!, "forecast.howManyChunk"],
      [b!, "forecast.deadlineChunk"],
    ] as const) {
      const kids = await m.repo.listChildren(run.id);
      expect(kids.map((k) => [k.task, k.status])).toEqual([0, 1, 2].map(() => [task, "succeeded"]));
    }
  });

  it("refuses bad input before making any chunk, naming the field", async () => {
    const run = await submit({ samples: [1, 2], backlog: 5000, trials: 2 * CHUNK, seed: 1, percentiles: [50] });
    const done = await waitForRun(run.id, (r) => ended(r.status), 30_000);
    expect(done.status).toBe("failed");
    expect(done.error?.message).toMatch(/maxPeriods/);
    expect(await m.repo.listChildren(run.id)).toHaveLength(0);
  });

  it("Cancel of the parent stops every chunk", async () => {
    // 40 chunks of ~1 s each (a backlog of 900 at ~1 item per period): several run at once.
    const input = { samples: [0, 1, 2], backlog: 900, trials: 40 * CHUNK, seed: 5, percentiles: [85] };
    const run = await submit(input);
    await waitForRun(run.id, (r) => r.stage === "chunks", 30_000);
    for (let i = 0; i < 300; i++) {
      const kids = await m.repo.listChildStates(run.id);
      if (kids.filter((k) => k.status === "running").length >= 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const t0 = Date.now();
    await m.cancel.cancelRun(run.id, catalog);
    const parent = await waitForRun(run.id, (r) => ended(r.status), 5_000);
    let kids = await m.repo.listChildStates(run.id);
    while (kids.some((k) => !ended(k.status)) && Date.now() - t0 < 15_000) {
      await new Promise((r) => setTimeout(r, 10));
      kids = await m.repo.listChildStates(run.id);
    }
    const ms = Date.now() - t0;
    expect(parent.status).toBe("cancelled");
    expect(kids.length).toBe(40);
    expect(kids.filter((k) => k.status === "succeeded").length).toBeLessThan(40);
    expect(kids.every((k) => k.status === "cancelled" || k.status === "succeeded")).toBe(true);
    console.info(`cancel of a split forecast: parent and all 40 chunks ended in ${ms} ms`);
  });
});
