/**
 * A forecast.when split into chunk runs publishes its partial result as chunks succeed: the tallies so far,
 * added up, growing to the whole run — whose percentiles then equal the final result's. Real Postgres,
 * Redis, Graphile Worker and threads; tiny split thresholds so a few million trials make many chunks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import type { FluxoWorker } from "@/worker/runner";

let worker: FluxoWorker;
let m: {
  enqueue: typeof import("./enqueue").enqueue;
  listEvents: typeof import("./run-events.repository").listEvents;
  forecast: typeof import("@/features/forecast/forecast.task");
  split: typeof import("@/features/forecast/forecast-split");
};

beforeAll(async () => {
  process.env.DATABASE_URL = testDatabaseUrl();
  process.env.FORECAST_SPLIT_ABOVE_TRIALS = "65536";
  process.env.FORECAST_CHUNK_TRIALS = "65536";
  resetEnvCache();
  m = {
    enqueue: (await import("./enqueue")).enqueue,
    listEvents: (await import("./run-events.repository")).listEvents,
    forecast: await import("@/features/forecast/forecast.task"),
    split: await import("@/features/forecast/forecast-split"),
  };
  const { startWorker } = await import("@/worker/runner");
  worker = await startWorker({
    connectionString: testDatabaseUrl(),
    tasks: [m.forecast.forecastWhenTask as never, m.split.forecastWhenChunkTask as never],
    concurrency: 3,
    pollIntervalMs: 50,
    publishMs: 20,
    persistMs: 50,
    sweep: false,
  });
});

afterAll(async () => {
  await worker?.stop();
  delete process.env.FORECAST_SPLIT_ABOVE_TRIALS;
  delete process.env.FORECAST_CHUNK_TRIALS;
  const [{ closePubSub }, { closeRedis }, { closeDb }] = await Promise.all([
    import("@/server/pubsub"),
    import("@/server/redis"),
    import("@/server/db"),
  ]);
  await Promise.allSettled([closePubSub(), closeRedis(), closeDb()]);
  resetEnvCache();
});

describe("partial results of a split forecast", () => {
  it("grow chunk by chunk to the whole run, whose percentiles are the result's", async () => {
    const trials = 4_000_000;
    const run = await m.enqueue(m.forecast.forecastWhenTask, {
      samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
      backlog: 60,
      trials,
      seed: 21,
      percentiles: [50, 85],
      periodDays: 7,
    } as never);
    const done = await waitForRun(
      run.id,
      (r) => ["succeeded", "failed", "dead", "cancelled"].includes(r.status),
      120_000,
    );
    expect(done.status).toBe("succeeded");
    const partials = (await m.listEvents(run.id))
      .filter((e) => e.type === "partial")
      .map(
        (e) =>
          e.payload as {
            done: { count: number; total: number };
            result: { percentiles: Record<string, { value: number; lower: number; upper: number }> };
            final: boolean;
          },
      );
    expect(partials.length).toBeGreaterThanOrEqual(2);
    const counts = partials.map((p) => p.done.count);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts); // never backwards
    expect(counts[0]).toBeLessThan(trials);
    const last = partials[partials.length - 1]!;
    expect(last.final).toBe(true);
    expect(last.done).toEqual({ count: trials, total: trials, unit: "trials" });
    const result = done.result as { percentiles: Record<string, number> };
    for (const k of ["50", "85"]) {
      const e = last.result.percentiles[k]!;
      expect(e.value).toBe(result.percentiles[k]);
      expect(e.lower).toBeLessThanOrEqual(e.value);
      expect(e.upper).toBeGreaterThanOrEqual(e.value);
    }
  });
});
