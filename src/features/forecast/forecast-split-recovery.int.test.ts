/**
 * A split forecast whose worker goes away mid-run: the parent comes back on another worker and adopts
 * its chunk runs — those already done keep their results (not run again), those interrupted run again
 * alone — and the merged result is still exactly the engine's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker } from "@/test/test-worker";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import { CHUNK, setUpSplitting, tearDownSplitting } from "./forecast-split.fixtures";
import { ended, importRunRepo, useTestDatabase, type RunRepo } from "@/test/run-modules";
import { createRng, forecastWhen, type WhenInput } from "@/domain/forecast";
import type { FluxoWorker } from "@/worker/runner";

const workers: FluxoWorker[] = [];
let m: { repo: RunRepo; enqueue: typeof import("@/runs/enqueue"); tasks: typeof import("./forecast.task") };

beforeAll(async () => {
  useTestDatabase();
  await setUpSplitting();
  m = { repo: await importRunRepo(), enqueue: await import("@/runs/enqueue"), tasks: await import("./forecast.task") };
});

afterAll(() => tearDownSplitting(workers));

describe("a split forecast whose worker goes away", { timeout: 180_000 }, () => {
  it("comes back elsewhere, keeps the chunks already done, re-runs only the others", async () => {
    const input: WhenInput = { samples: [0, 1, 2], backlog: 120, trials: 12 * CHUNK, seed: 12, percentiles: [50, 85] };
    const start = () => startTestWorker(testDatabaseUrl(), [...m.tasks.forecastTasks], 3);
    const first = await start();
    const run = await m.enqueue.enqueue(m.tasks.forecastWhenTask, input as never, { ownerId: null });
    let kids = await m.repo.listChildren(run.id);
    for (let i = 0; i < 3000 && kids.filter((k) => k.status === "succeeded").length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      kids = await m.repo.listChildren(run.id);
    }
    await first.stop(); // the worker goes away: its runs (the parent, chunks mid-way) are handed back
    const done = new Map(
      (await m.repo.listChildren(run.id))
        .filter((k) => k.status === "succeeded")
        .map((k) => [k.id, k.finishedAt?.getTime()]),
    );
    expect(done.size).toBeGreaterThanOrEqual(2);
    expect(done.size).toBeLessThan(12);
    expect((await m.repo.findRun(run.id))?.status).not.toBe("succeeded");

    workers.push(await start());
    const parent = await waitForRun(run.id, (r) => ended(r.status), 150_000);
    expect(parent.status, JSON.stringify(parent.error)).toBe("succeeded");
    expect(parent.result).toEqual(JSON.parse(JSON.stringify(forecastWhen(input, { rng: createRng(0) }))));

    const after = await m.repo.listChildren(run.id);
    expect(after.map((k) => k.step)).toEqual([...Array(12).keys()]); // no chunk made twice
    for (const k of after.filter((k) => done.has(k.id))) {
      expect(k.finishedAt?.getTime(), `chunk ${k.step} was not run again`).toBe(done.get(k.id));
      expect(k.attempt).toBe(1);
    }
    const logs = (await m.repo.listEvents(run.id))
      .filter((e) => e.type === "log")
      .map((e) => JSON.stringify(e.payload));
    expect(logs.some((l) => /kept from an earlier attempt/.test(l))).toBe(true);
  });

  it("chunks cancel themselves within a second when their forecast is cancelled while no worker holds it", async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop())); // only the two below serve now
    const { startWorker } = await import("@/worker/runner");
    const only = (queue: "analysis" | "default") =>
      startWorker({
        connectionString: testDatabaseUrl(),
        tasks: [...m.tasks.forecastTasks],
        queues: [queue],
        concurrency: 3,
        pollIntervalMs: 50,
        publishMs: 20,
        persistMs: 50,
        sweep: false,
      });
    const parents = await only("analysis");
    const chunks = await only("default");
    workers.push(parents, chunks);
    const input = { samples: [0, 1, 2], backlog: 900, trials: 30 * CHUNK, seed: 3, percentiles: [85] };
    const run = await m.enqueue.enqueue(m.tasks.forecastWhenTask, input as never, { ownerId: null });
    for (let i = 0; i < 1500; i++) {
      if ((await m.repo.listChildStates(run.id)).filter((k) => k.status === "running").length >= 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await parents.stop(); // the parent is handed back: waiting, held by nobody; its chunks go on
    expect((await m.repo.findRun(run.id))?.status).toBe("retrying");
    const { cancelRun } = await import("@/runs/cancel");
    const { taskCatalog } = await import("@/runs/task-catalog");
    const busy = new Set((await m.repo.listChildStates(run.id)).filter((k) => k.status === "running").map((k) => k.id));
    expect(busy.size).toBeGreaterThanOrEqual(1);
    const t0 = Date.now();
    expect((await cancelRun(run.id, taskCatalog([...m.tasks.forecastTasks] as never))).status).toBe("cancelled");
    const stillBusy = async () =>
      (await m.repo.listChildStates(run.id)).filter((k) => busy.has(k.id) && !ended(k.status));
    while ((await stillBusy()).length && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 10));
    const ms = Date.now() - t0;
    expect(await stillBusy()).toEqual([]);
    // Stopped, not run to their end (a check every 250 ms, then the ordinary cancel); how fast is the bench's.
    const busyEnded = (await m.repo.listChildStates(run.id)).filter((k) => busy.has(k.id)).map((k) => k.status);
    expect(busyEnded).toContain("cancelled");
    console.info(`chunks of a forecast cancelled while unheld stopped in ${ms} ms`);
    // Those still queued cancel themselves as they start: none of them runs to the end.
    let kids = await m.repo.listChildStates(run.id);
    for (let i = 0; i < 250 && kids.some((k) => !ended(k.status)); i++) {
      await new Promise((r) => setTimeout(r, 20));
      kids = await m.repo.listChildStates(run.id);
    }
    expect(kids.filter((k) => !ended(k.status))).toEqual([]);
    expect(kids.filter((k) => k.status === "succeeded").length).toBeLessThan(30);
  });
});
