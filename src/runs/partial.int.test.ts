/**
 * Partial results (ctx.partial) on real Postgres, Redis, Graphile Worker and kernel threads: persisted
 * as `partial` RunEvents in the run's seq, replayed by the SSE stream from Last-Event-ID as
 * `event: partial`, returned by runs.get — and kept, with how much was done, when a forecast is cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";
import { waitForRun } from "@/test/wait-for-run";
import { taskCatalog } from "@/runs/task-catalog";
import type { FluxoWorker } from "@/worker/runner";
import type { Viewer } from "@/accounts/viewer";
import { defineTask } from "./define-task";
import { z } from "zod";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Publishes `count` partial results, `gapMs` apart, then returns how many it published. */
const partialsTask = defineTask({
  name: "partialtest.count",
  queue: "default",
  input: z.object({ count: z.int(), gapMs: z.int() }),
  output: z.object({ published: z.int() }),
  retry: { attempts: 1 },
  handler: async ({ count, gapMs }, ctx) => {
    for (let i = 1; i <= count; i++) {
      ctx.partial({ upTo: i }, { done: { count: i, total: count, unit: "steps" } });
      await sleep(gapMs);
    }
    return { published: count };
  },
});

const admin: Viewer = { id: "admin-partial", email: "a@example.com", name: "A", role: "admin", via: "token" };

let worker: FluxoWorker;
let m: {
  enqueue: typeof import("./enqueue").enqueue;
  cancelRun: typeof import("./cancel").cancelRun;
  listEvents: typeof import("./run-events.repository").listEvents;
  findPartial: typeof import("./run-partial.repository").findPartial;
  openRunStream: typeof import("./stream").openRunStream;
  getRun: typeof import("@/features/runs/runs.service").getRun;
  forecastWhenTask: typeof import("@/features/forecast/forecast.task").forecastWhenTask;
  forecastHowManyTask: typeof import("@/features/forecast/forecast.task").forecastHowManyTask;
  forecastDeadlineTask: typeof import("@/features/forecast/forecast.task").forecastDeadlineTask;
};

beforeAll(async () => {
  process.env.DATABASE_URL = testDatabaseUrl();
  resetEnvCache();
  m = {
    enqueue: (await import("./enqueue")).enqueue,
    cancelRun: (await import("./cancel")).cancelRun,
    listEvents: (await import("./run-events.repository")).listEvents,
    findPartial: (await import("./run-partial.repository")).findPartial,
    openRunStream: (await import("./stream")).openRunStream,
    getRun: (await import("@/features/runs/runs.service")).getRun,
    forecastWhenTask: (await import("@/features/forecast/forecast.task")).forecastWhenTask,
    forecastHowManyTask: (await import("@/features/forecast/forecast.task")).forecastHowManyTask,
    forecastDeadlineTask: (await import("@/features/forecast/forecast.task")).forecastDeadlineTask,
  };
  const { startWorker } = await import("@/worker/runner");
  worker = await startWorker({
    connectionString: testDatabaseUrl(),
    tasks: [
      partialsTask as never,
      m.forecastWhenTask as never,
      m.forecastHowManyTask as never,
      m.forecastDeadlineTask as never,
    ],
    concurrency: 2,
    pollIntervalMs: 50,
    publishMs: 20,
    persistMs: 50,
    sweep: false,
  });
});

afterAll(async () => {
  await worker?.stop();
  const [{ closePubSub }, { closeRedis }, { closeDb }] = await Promise.all([
    import("@/server/pubsub"),
    import("@/server/redis"),
    import("@/server/db"),
  ]);
  await Promise.allSettled([closePubSub(), closeRedis(), closeDb()]);
  resetEnvCache();
});

/** The frames of a finished run's stream: [event type or "message", id, data]. */
async function frames(s: ReadableStream<Uint8Array>): Promise<{ event: string; id?: number; data: unknown }[]> {
  let text = "";
  const reader = s.getReader();
  const dec = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += dec.decode(value, { stream: true });
  }
  return text
    .split("\n\n")
    .map((f) => f.split("\n"))
    .filter((lines) => lines.some((l) => l.startsWith("data: ")))
    .map((lines) => {
      const id = lines.find((l) => l.startsWith("id: "));
      return {
        event: lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message",
        ...(id ? { id: Number(id.slice(4)) } : {}),
        data: JSON.parse(lines.find((l) => l.startsWith("data: "))!.slice(6)) as unknown,
      };
    });
}

describe("partial results", () => {
  it("are persisted as partial events in the run's seq, the last one final, and replayed from Last-Event-ID", async () => {
    const run = await m.enqueue(partialsTask, { count: 6, gapMs: 60 });
    const done = await waitForRun(run.id, (r) => r.status === "succeeded" || r.status === "failed");
    expect(done.status).toBe("succeeded");

    const events = await m.listEvents(run.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1)); // consecutive, from 1
    const partials = events.filter((e) => e.type === "partial");
    expect(partials.length).toBeGreaterThanOrEqual(2);
    const last = partials[partials.length - 1]!;
    expect(last.payload).toMatchObject({
      result: { upTo: 6 },
      done: { count: 6, total: 6, unit: "steps" },
      final: true,
    });
    // Each before the run's end: the final one is written before the status changes.
    const succeededAt = events.find((e) => e.type === "status" && e.payload.status === "succeeded")!.seq;
    expect(last.seq).toBeLessThan(succeededAt);

    // Kept on the run; runs.get (the API's GET /api/v1/runs/:id) leaves it out once the result is there
    // (the result supersedes it; a run that ends without one keeps answering it — the cancel cases below).
    expect(await m.findPartial(run.id)).toMatchObject({
      result: { upTo: 6 },
      done: { count: 6, total: 6 },
      final: true,
    });
    const dto = await m.getRun(admin, run.id);
    expect(dto.result).toBeTruthy();
    expect(dto.partial).toBeNull();

    // Replay from the first partial's seq: the later ones come back as `event: partial`, with their ids.
    const from = partials[0]!.seq;
    const s = await m.openRunStream(run.id, { lastEventId: from, scope: { kind: "all" } });
    const got = await frames(s!);
    const replayed = got.filter((f) => f.event === "partial");
    expect(replayed.map((f) => f.id)).toEqual(partials.slice(1).map((p) => p.seq));
    expect(replayed[replayed.length - 1]!.data).toMatchObject({ type: "partial", result: { upTo: 6 }, final: true });
    expect(got.every((f) => f.id === undefined || f.id > from)).toBe(true);
    // Other messages stay plain `data:` frames.
    expect(got.filter((f) => f.event === "message").every((f) => (f.data as { type: string }).type !== "partial")).toBe(
      true,
    );
  });

  it("a run that never publishes one has none", async () => {
    const run = await m.enqueue(partialsTask, { count: 0, gapMs: 0 });
    await waitForRun(run.id, (r) => r.status === "succeeded");
    expect(await m.findPartial(run.id)).toBeNull();
    expect((await m.getRun(admin, run.id)).partial).toBeNull();
    expect((await m.listEvents(run.id)).some((e) => e.type === "partial")).toBe(false);
  });

  it("a cancelled forecast.when keeps its last partial: percentiles with intervals, done.count < total", async () => {
    const run = await m.enqueue(m.forecastWhenTask, {
      samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
      backlog: 400,
      trials: 10_000_000, // at the split threshold: one process (threads), not chunk runs
      seed: 11,
      percentiles: [50, 85],
      periodDays: 7,
    } as never);
    for (let i = 0; i < 300 && !(await m.findPartial(run.id)); i++) await sleep(50);
    const live = await m.findPartial(run.id);
    expect(live).not.toBeNull();
    await m.cancelRun(run.id, taskCatalog([]));
    const done = await waitForRun(run.id, (r) => ["cancelled", "succeeded", "failed", "dead"].includes(r.status));
    expect(done.status).toBe("cancelled");
    expect(done.result).toBeNull();

    const kept = (await m.getRun(admin, run.id)).partial!;
    expect(kept.final).toBe(true);
    expect(kept.done!.unit).toBe("trials");
    expect(kept.done!.total).toBe(10_000_000);
    expect(kept.done!.count).toBeGreaterThan(0);
    expect(kept.done!.count).toBeLessThan(10_000_000);
    const r = kept.result as {
      percentiles: Record<string, { value: number; lower: number; upper: number }>;
      cdf: { periods: number; p: number }[];
      trials: number;
    };
    expect(r.trials).toBe(kept.done!.count);
    for (const k of ["50", "85"]) {
      const e = r.percentiles[k]!;
      expect(e.lower).toBeLessThanOrEqual(e.value);
      expect(e.value).toBeLessThanOrEqual(e.upper);
    }
    expect(r.percentiles["85"]!.value).toBeGreaterThan(r.percentiles["50"]!.value);
    expect(r.cdf.length).toBeGreaterThan(1);
    // The partial events precede the cancelled status.
    const events = await m.listEvents(run.id);
    const cancelledAt = events.find((e) => e.type === "status" && e.payload.status === "cancelled")!.seq;
    expect(events.filter((e) => e.type === "partial").every((e) => e.seq < cancelledAt)).toBe(true);
  });

  it("forecast.howMany publishes “at least n items” per level with its interval, kept (final) on the run", async () => {
    const run = await m.enqueue(m.forecastHowManyTask, {
      samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
      periods: 20,
      trials: 1_000_000,
      seed: 5,
      percentiles: [50, 85, 95],
    } as never);
    const done = await waitForRun(run.id, (r) => ["succeeded", "failed", "dead"].includes(r.status), 60_000);
    expect(done.status).toBe("succeeded");
    const kept = (await m.findPartial(run.id))!; // on the row (the run's answer has its result instead)
    expect(kept).toMatchObject({ final: true, done: { total: 1_000_000, unit: "trials" } });
    expect(kept.done!.count).toBeGreaterThan(0);
    const r = kept.result as { percentiles: Record<string, { value: number; lower: number; upper: number }> };
    for (const k of ["50", "85", "95"]) {
      const e = r.percentiles[k]!;
      expect(e.lower).toBeLessThanOrEqual(e.value);
      expect(e.value).toBeLessThanOrEqual(e.upper);
    }
    // A higher confidence means fewer items at least.
    expect(r.percentiles["95"]!.value).toBeLessThan(r.percentiles["50"]!.value);
    // The final result keeps its shape (plain numbers per level).
    const result = done.result as { percentiles: Record<string, number> };
    expect(typeof result.percentiles["85"]).toBe("number");
  });

  it("forecast.deadline publishes the chance so far and the scope per level with its interval", async () => {
    const run = await m.enqueue(m.forecastDeadlineTask, {
      samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
      backlog: 40,
      startDate: "2024-01-01",
      deadline: "2024-03-11",
      trials: 1_000_000,
      seed: 9,
      percentiles: [50, 85],
    } as never);
    const done = await waitForRun(run.id, (r) => ["succeeded", "failed", "dead"].includes(r.status), 60_000);
    expect(done.status).toBe("succeeded");
    const kept = (await m.findPartial(run.id))!; // on the row (the run's answer has its result instead)
    expect(kept).toMatchObject({ final: true, done: { total: 1_000_000, unit: "trials" } });
    const r = kept.result as {
      probability: number;
      percentiles: Record<string, { value: number; lower: number; upper: number }>;
      trials: number;
    };
    expect(r.trials).toBe(kept.done!.count);
    expect(r.probability).toBeGreaterThan(0);
    expect(r.probability).toBeLessThan(1);
    // Within a few points of the final answer (≥ 65,536 trials so far: its standard error is < 0.2 %).
    expect(Math.abs(r.probability - (done.result as { probability: number }).probability)).toBeLessThan(0.02);
    for (const k of ["50", "85"]) {
      const e = r.percentiles[k]!;
      expect(e.lower).toBeLessThanOrEqual(e.value);
      expect(e.value).toBeLessThanOrEqual(e.upper);
    }
  });
});
