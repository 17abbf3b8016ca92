/**
 * A huge forecast.when cut into chunk runs: above FORECAST_SPLIT_ABOVE_TRIALS the run's trial blocks
 * go to `forecast.whenChunk` child runs of about FORECAST_CHUNK_TRIALS trials each (ordinary runs,
 * so every worker process on every host takes some), and the parent merges their tallies into the
 * same result, bit for bit, as the run in one process (block k always uses random stream k).
 * The parent stays the forecast.when the user submitted: same task, result, memo and run page.
 */
import { z } from "zod";
import { defineTask, type TaskContext } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { MAX_WORKFLOW_STEPS } from "@/runs/workflow-spec";
import { parentGone, runChildren } from "@/runs/workflow-children";
import { env } from "@/env";
import {
  checkSplitWhen,
  chunkRanges,
  forecastWhenFromChunks,
  WHEN_BLOCK_TRIALS,
  type WhenResult,
  type WhenTallyJson,
} from "@/domain/forecast";
import { ZForecastWhenRunInput, type TForecastWhenResolved } from "./forecast.schemas";
import { inputRefusalIsFinal, inThread, seeded } from "./forecast-run";

export const ZForecastWhenTaskInput = seeded(ZForecastWhenRunInput) as z.ZodType<TForecastWhenResolved>;

const whole = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`);
const ZChunkInput = z.strictObject({
  input: ZForecastWhenTaskInput,
  range: z
    .strictObject({ from: whole("range.from").min(0), to: whole("range.to").min(1) })
    .refine((r) => r.from < r.to, { message: "range.from must be less than range.to", path: ["from"] }),
});

const count = z.number().int().min(0);
const ZWhenTallyJson = z.strictObject({
  first: count,
  counts: z.array(count),
  didNotFinish: count,
  backlogMin: z.number().nullable(),
  backlogMax: z.number().nullable(),
  trials: count,
}) satisfies z.ZodType<WhenTallyJson>;

/** One chunk of a split forecast.when: blocks [from, to) of the run, its tally as JSON. */
export const forecastWhenChunkTask = defineTask({
  name: "forecast.whenChunk",
  queue: "default",
  input: ZChunkInput,
  output: ZWhenTallyJson,
  retry: { attempts: 3, backoffMs: 1000 },
  timeout: { softMs: 10 * 60_000, hardMs: 10 * 60_000 + 30_000 },
  resultTtlMs: 24 * 3600_000,
  handler: async (input, ctx) => {
    // A chunk whose forecast was cancelled while nobody held it (its worker had died) does no work.
    if (await parentGone(ctx)) throw new NonRetriableError("the forecast this chunk belongs to has ended");
    return (await inThread("forecast.whenChunk")(input, ctx)) as WhenTallyJson;
  },
});

/** The forecast.when handler: in one process up to FORECAST_SPLIT_ABOVE_TRIALS trials, else as chunk runs. */
export async function forecastWhenRun(input: TForecastWhenResolved, ctx: TaskContext): Promise<WhenResult> {
  const e = env();
  if (input.trials <= e.FORECAST_SPLIT_ABOVE_TRIALS) return (await inThread("forecast.when")(input, ctx)) as WhenResult;
  await inputRefusalIsFinal(() => checkSplitWhen(input)); // bad input fails here, before any chunk is made
  const ranges = chunkRanges(input.trials, e.FORECAST_CHUNK_TRIALS, MAX_WORKFLOW_STEPS);
  const tallies = await runChildren(
    ctx,
    ranges.map((range) => ({
      task: forecastWhenChunkTask,
      input: { input, range },
      weight: Math.min(input.trials, range.to * WHEN_BLOCK_TRIALS) - range.from * WHEN_BLOCK_TRIALS,
    })),
    { label: "chunks" },
  );
  return inputRefusalIsFinal(() => forecastWhenFromChunks(input, tallies as WhenTallyJson[]));
}
