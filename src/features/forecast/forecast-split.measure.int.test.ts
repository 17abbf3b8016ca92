/**
 * Measurement, not a check (skipped unless FLUXO_MEASURE_SPLIT=1): the wall time of a 10^8-trial (or
 * FLUXO_MEASURE_TRIALS)
 * forecast.when split with the default configuration (chunks of FORECAST_CHUNK_TRIALS = 10,000,000)
 * on one worker (this process, concurrency 8), and the same forecast by the engine in one process
 * (one thread, and two threads sharing the blocks). Prints the figures; asserts the results agree.
 *
 *   FLUXO_MEASURE_SPLIT=1 flock /tmp/fluxo-int.lock npx vitest run --project int src/features/forecast/forecast-split.measure.int.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker } from "@/test/test-worker";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import { closeConnections } from "@/test/close-connections";
import { ended, importRunRepo, useTestDatabase, type RunRepo } from "@/test/run-modules";
import { createRng, forecastWhen, type WhenInput } from "@/domain/forecast";
import type { FluxoWorker } from "@/worker/runner";

const INPUT: WhenInput = {
  samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
  backlog: 50,
  trials: Number(process.env.FLUXO_MEASURE_TRIALS ?? 100_000_000),
  seed: 2026,
  percentiles: [50, 70, 85, 95],
};

let worker: FluxoWorker | undefined;
let m: { repo: RunRepo; enqueue: typeof import("@/runs/enqueue"); tasks: typeof import("./forecast.task") };

describe.skipIf(process.env.FLUXO_MEASURE_SPLIT !== "1")("split 10^8-trial forecast.when (measurement)", () => {
  beforeAll(async () => {
    useTestDatabase();
    m = {
      repo: await importRunRepo(),
      enqueue: await import("@/runs/enqueue"),
      tasks: await import("./forecast.task"),
    };
    const q = await import("@/runs/queue.repository");
    await q.updateQueue("default", { concurrency: 8, paused: false });
    worker = await startTestWorker(testDatabaseUrl(), [...m.tasks.forecastTasks], 8);
  });

  afterAll(async () => {
    await worker?.stop();
    const { closeKernelThreads } = await import("@/server/threads/pool");
    await closeKernelThreads();
    await closeConnections();
  });

  it("prints the wall times, split and in one process", { timeout: 600_000 }, async () => {
    const t0 = Date.now();
    const run = await m.enqueue.enqueue(m.tasks.forecastWhenTask, INPUT as never, { ownerId: null, fresh: true });
    const done = await waitForRun(run.id, (r) => ended(r.status), 580_000);
    const splitMs = Date.now() - t0;
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    const kids = await m.repo.listChildren(run.id);

    if (INPUT.trials > 100_000_000) {
      console.info(`${INPUT.trials}-trial forecast.when: ${kids.length} chunk runs on one worker, ${splitMs} ms`);
      return; // more than one process may run: nothing to compare with
    }
    const t1 = Date.now();
    const one = forecastWhen(INPUT, { rng: createRng(INPUT.seed) });
    const oneMs = Date.now() - t1;
    const { forecastWhenShared } = await import("@/server/threads/shared-when");
    const t2 = Date.now();
    const two = await forecastWhenShared(INPUT, 1);
    const twoMs = Date.now() - t2;

    expect(done.result).toEqual(JSON.parse(JSON.stringify(one)));
    expect(two).toEqual(one);
    console.info(
      `10^8-trial forecast.when: split into ${kids.length} chunk runs on one worker ${splitMs} ms ` +
        `(submit to stored result); engine in one process: one thread ${oneMs} ms, two threads ${twoMs} ms`,
    );
  });
});
