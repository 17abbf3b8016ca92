/** Tasks that exist only for the run-lifecycle integration tests. */
import { z } from "zod";
import { defineTask, type AnyTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error("aborted"));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Counts attempts per run id, so a task can fail a given number of times. */
export const attemptsSeen = new Map<string, number>();

export const stepsTask = defineTask({
  name: "test.steps",
  queue: "default",
  input: z.object({ steps: z.number().int().min(1).max(1000), stepMs: z.number().int().min(0).max(5000) }),
  output: z.object({ steps: z.number() }),
  retry: { attempts: 1 },
  handler: async (input, ctx) => {
    for (let i = 1; i <= input.steps; i++) {
      await sleep(input.stepMs, ctx.signal);
      ctx.progress(i / input.steps, i < input.steps ? "working" : "done", `step ${i}/${input.steps}`);
    }
    await ctx.log("all steps done");
    return { steps: input.steps };
  },
});

export const flakyTask = defineTask({
  name: "test.flaky",
  queue: "default",
  input: z.object({ failTimes: z.number().int().min(0).max(10) }),
  output: z.object({ succeededOnAttempt: z.number() }),
  retry: { attempts: 3, backoffMs: 20, maxBackoffMs: 100 },
  handler: (input, ctx) => {
    const n = (attemptsSeen.get(ctx.runId) ?? 0) + 1;
    attemptsSeen.set(ctx.runId, n);
    if (n <= input.failTimes) throw new Error(`flaky failure ${n}`);
    return { succeededOnAttempt: ctx.attempt };
  },
});

export const fatalTask = defineTask({
  name: "test.fatal",
  queue: "default",
  input: z.object({}),
  output: z.null(),
  retry: { attempts: 5, backoffMs: 20 },
  handler: () => {
    throw new NonRetriableError("this input can never work");
  },
});

export const slowTask = defineTask({
  name: "test.slow",
  queue: "default",
  input: z.object({ ms: z.number().int().min(0).max(60_000) }),
  output: z.object({ waited: z.number() }),
  retry: { attempts: 1 },
  timeout: { softMs: 30_000 },
  handler: async (input, ctx) => {
    const t0 = Date.now();
    while (Date.now() - t0 < input.ms) {
      await sleep(20, ctx.signal);
      ctx.progress((Date.now() - t0) / input.ms, "waiting");
    }
    return { waited: input.ms };
  },
});

export const timeoutTask = defineTask({
  name: "test.timeout",
  queue: "default",
  input: z.object({}),
  output: z.void(),
  retry: { attempts: 3, backoffMs: 20 },
  timeout: { softMs: 150 },
  handler: async (_input, ctx) => {
    await sleep(10_000, ctx.signal);
  },
});

/** Cleans up when its soft limit aborts the signal, then gives up. */
export const softLimitTask = defineTask({
  name: "test.softLimit",
  queue: "default",
  input: z.object({}),
  output: z.void(),
  retry: { attempts: 2, backoffMs: 20 },
  timeout: { softMs: 150, hardMs: 5_000 },
  handler: async (_input, ctx) => {
    try {
      await sleep(10_000, ctx.signal);
    } catch (err) {
      await ctx.log(`cleaned up after ${String(ctx.signal.reason)}`);
      throw err;
    }
  },
});

/** Ignores its signal entirely: only the hard limit can end it. */
export const hardLimitTask = defineTask({
  name: "test.hardLimit",
  queue: "default",
  input: z.object({}),
  output: z.object({ finished: z.boolean() }),
  retry: { attempts: 2, backoffMs: 20 },
  timeout: { softMs: 100, hardMs: 400 },
  handler: async () => {
    await sleep(8_000);
    return { finished: true };
  },
});

/** Adds `n` to the previous step's result (a chain pipes it into `prev`). */
export const addTask = defineTask({
  name: "test.add",
  queue: "default",
  input: z.object({
    n: z.number(),
    prev: z.number().nullable().optional(),
    delayMs: z.number().int().min(0).max(5000).default(0),
  }),
  output: z.number(),
  retry: { attempts: 1 },
  handler: async (input, ctx) => {
    if (input.delayMs) await sleep(input.delayMs, ctx.signal);
    return (input.prev ?? 0) + input.n;
  },
});

/** Sums the results a chord hands its callback in `values`. */
export const sumTask = defineTask({
  name: "test.sum",
  queue: "default",
  input: z.object({ values: z.array(z.number().nullable()) }),
  output: z.number(),
  retry: { attempts: 1 },
  handler: (input) => input.values.reduce<number>((a, b) => a + (b ?? 0), 0),
});

/** Returns what its output schema refuses (a bug in a task): the run fails at once, naming the path. */
export const badOutputTask = defineTask({
  name: "test.badOutput",
  queue: "default",
  input: z.object({}),
  output: z.object({ percentiles: z.array(z.object({ level: z.number(), value: z.number() })) }),
  retry: { attempts: 3, backoffMs: 20 },
  handler: (_input, ctx) => {
    attemptsSeen.set(ctx.runId, (attemptsSeen.get(ctx.runId) ?? 0) + 1);
    return { percentiles: [{ level: 85, value: "soon" }] } as never;
  },
});

export const testTasks: AnyTask[] = [
  addTask,
  sumTask,
  stepsTask,
  flakyTask,
  fatalTask,
  slowTask,
  timeoutTask,
  softLimitTask,
  hardLimitTask,
  badOutputTask,
] as AnyTask[];
