/**
 * Huge forecasts cut into chunk runs: a forecast.when, forecast.howMany or forecast.deadline with
 * more than FORECAST_SPLIT_ABOVE_TRIALS trials hands its trial blocks to `<task>Chunk` child runs of
 * about FORECAST_CHUNK_TRIALS trials each (ordinary runs, so every worker process on every host takes
 * some), and the parent merges their tallies into the same result, bit for bit, as the run in one
 * process (block k always uses random stream k). The parent stays the run the user submitted: same
 * task, result, memo and run page (where the chunk runs show as its steps).
 *
 * The parent waits in its worker slot while its chunks run (queue "default", so parents in "analysis"
 * never take the chunks' queue slots); a worker process needs a free slot besides its waiting parents
 * (WORKER_CONCURRENCY ≥ 2), else its chunks wait for another worker.
 */
import { z } from "zod";
import { defineTask, type AnyTask, type TaskContext } from "@/runs/define-task";
import { MAX_WORKFLOW_STEPS } from "@/runs/workflow-spec";
import { followParent, runChildren } from "@/runs/workflow-children";
import type { KernelName } from "@/server/threads/kernels";
import { FORECAST_ENGINE_VERSIONS } from "./engine-versions";
import { env } from "@/env";
import {
  chunkRanges,
  deadlineFromTallies,
  forecastWhenFromChunks,
  howManyFromTallies,
  planDeadline,
  planHowMany,
  planWhen,
  SPLIT_LIMITS,
  WHEN_BLOCK_TRIALS,
  type BlockRange,
  type DeadlineInput,
  type DeadlineTally,
  type HowManyInput,
  type TotalsTally,
  type WhenInput,
  type WhenTallyJson,
} from "@/domain/forecast";
import { ZForecastHowManyRunInput, ZForecastWhenRunInput, type TForecastWhenResolved } from "./forecast.schemas";
import { ZForecastDeadlineRunInput } from "./analytics.schemas";
import { inputRefusalIsFinal, inThread, seeded, type OnPartial } from "./forecast-run";
import { deadlineLive, howManyLive, whenLive } from "./forecast-live";

export const ZForecastWhenTaskInput = seeded(ZForecastWhenRunInput) as z.ZodType<TForecastWhenResolved>;
export const ZForecastHowManyTaskInput = seeded(ZForecastHowManyRunInput);
export const ZForecastDeadlineTaskInput = seeded(ZForecastDeadlineRunInput);

const whole = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`);
const ZRange = z
  .strictObject({ from: whole("range.from").min(0), to: whole("range.to").min(1) })
  .refine((r) => r.from < r.to, { message: "range.from must be less than range.to", path: ["from"] });

const count = z.number().int().min(0);
const ZWhenTally = z.strictObject({
  first: count,
  counts: z.array(count),
  didNotFinish: count,
  backlogMin: z.number().nullable(),
  backlogMax: z.number().nullable(),
  trials: count,
}) satisfies z.ZodType<WhenTallyJson>;
const ZTotals = z.strictObject({ values: z.array(z.number()), counts: z.array(count), trials: count });
const ZDeadlineTally = z.strictObject({ totals: z.array(ZTotals).min(1).max(2), met: z.array(count).min(1).max(2) });

/** One chunk of a split `parent` run: blocks [from, to) of its input, its tally as JSON. */
function chunkTask<I, T>(parent: keyof typeof FORECAST_ENGINE_VERSIONS, input: z.ZodType<I>, output: z.ZodType<T>) {
  const kernel = `${parent}Chunk` as KernelName;
  return defineTask({
    name: `${parent}Chunk`,
    engineVersion: FORECAST_ENGINE_VERSIONS[parent], // a chunk is its parent's engine
    queue: "default",
    input: z.strictObject({ input, range: ZRange }) as z.ZodType<{ input: I; range: BlockRange }>,
    output,
    retry: { attempts: 3, backoffMs: 1000 },
    timeout: { softMs: 10 * 60_000, hardMs: 10 * 60_000 + 30_000 },
    resultTtlMs: 24 * 3600_000,
    handler: async (job, ctx) => {
      // A chunk whose forecast ends while nobody holds it (cancelled while its worker was lost) stops too.
      const unfollow = await followParent(ctx);
      try {
        return (await inThread(kernel)(job, ctx)) as T;
      } finally {
        unfollow();
      }
    },
  });
}

export const forecastWhenChunkTask = chunkTask("forecast.when", ZForecastWhenTaskInput, ZWhenTally);
export const forecastHowManyChunkTask = chunkTask("forecast.howMany", ZForecastHowManyTaskInput, ZTotals);
export const forecastDeadlineChunkTask = chunkTask("forecast.deadline", ZForecastDeadlineTaskInput, ZDeadlineTally);

/**
 * The handler of a splittable forecast: in one process (a thread) up to FORECAST_SPLIT_ABOVE_TRIALS
 * trials; above, `check` refuses bad input before any chunk is made, then the chunks run and `merge`
 * combines their tallies.
 */
function splittable<I extends { trials: number }, O>(o: {
  kernel: KernelName;
  chunk: AnyTask;
  check: (input: I) => void;
  merge: (input: I, tallies: never[]) => O;
  /** Where the tallies so far go (the run's live partial result): the threads' in one process, the chunks' when split. */
  live?: (input: I, ctx: TaskContext, split?: boolean) => OnPartial;
}) {
  return async (input: I, ctx: TaskContext): Promise<O> => {
    const e = env();
    if (input.trials <= e.FORECAST_SPLIT_ABOVE_TRIALS)
      return (await inThread(o.kernel)(input, ctx, o.live?.(input, ctx))) as O;
    await inputRefusalIsFinal(() => o.check(input));
    const live = o.live?.(input, ctx, true);
    const ranges = chunkRanges(input.trials, e.FORECAST_CHUNK_TRIALS, MAX_WORKFLOW_STEPS);
    const tallies = await runChildren(
      ctx,
      ranges.map((range) => ({
        task: o.chunk,
        input: { input, range },
        weight: Math.min(input.trials, range.to * WHEN_BLOCK_TRIALS) - range.from * WHEN_BLOCK_TRIALS,
      })),
      { label: "chunks", onResult: live && ((step, result) => live(result, step)) },
    );
    return inputRefusalIsFinal(() => o.merge(input, tallies as never[]));
  };
}

export const forecastWhenRun = splittable({
  kernel: "forecast.when",
  chunk: forecastWhenChunkTask,
  check: (input: WhenInput) => void planWhen(input, SPLIT_LIMITS),
  merge: (input, tallies: WhenTallyJson[]) => forecastWhenFromChunks(input, tallies),
  live: whenLive,
});

export const forecastHowManyRun = splittable({
  kernel: "forecast.howMany",
  chunk: forecastHowManyChunkTask,
  check: (input: HowManyInput) => void planHowMany(input, SPLIT_LIMITS),
  merge: (input, tallies: TotalsTally[]) => howManyFromTallies(input, tallies, SPLIT_LIMITS),
  live: howManyLive,
});

export const forecastDeadlineRun = splittable({
  kernel: "forecast.deadline",
  chunk: forecastDeadlineChunkTask,
  check: (input: DeadlineInput) => void planDeadline(input, SPLIT_LIMITS),
  merge: (input, tallies: DeadlineTally[]) => deadlineFromTallies(input, tallies, SPLIT_LIMITS),
  live: deadlineLive,
});
