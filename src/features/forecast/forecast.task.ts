/**
 * The forecast tasks: each runs a pure engine in a worker thread (progress and cancel through the
 * thread's stop flag) and is memoised, because a seeded forecast is a pure function of its input.
 */
import { defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { runKernel } from "@/server/threads/pool";
import type { KernelName } from "@/server/threads/kernels";
import { env } from "@/env";
import { type z } from "zod";
import { randomInt } from "node:crypto";
import {
  withDefaults,
  ZForecastHowManyInput,
  ZForecastWhenInput,
  type TForecastWhenResolved,
} from "./forecast.schemas";
import { ZForecastBacktestInput, ZForecastCutLineInput, ZForecastDeadlineInput } from "./analytics.schemas";
import {
  ZForecastBacktestResult,
  ZForecastCutLineResult,
  ZForecastDeadlineResult,
  ZForecastHowManyResult,
  ZForecastWhenResult,
} from "./forecast.output";

/** What a queued forecast carries: the user's input with its defaults and seed fixed at submit time. */
const seeded = <S extends z.ZodType<{ seed?: number }>>(schema: S) =>
  schema.refine((v) => v.seed !== undefined, { message: "seed is required", path: ["seed"] }) as unknown as z.ZodType<
    z.output<S> & { seed: number }
  >;

/** Fills defaults and a seed (a schedule's input is the form's: the seed is fixed once, when it is saved). */
const completeWith = (schema: z.ZodType<{ seed?: number }>) => (v: unknown) =>
  withDefaults(schema.parse(v), () => randomInt(0, 2 ** 32));

/** Runs `kernel` in a thread; bad input found by the engine will not get better on retry. */
const inThread =
  <K extends KernelName>(kernel: K) =>
  async (
    input: unknown,
    ctx: { signal: AbortSignal; progress: (f: number, stage?: string, message?: string) => void },
  ) => {
    try {
      return await runKernel(kernel, input as never, {
        signal: ctx.signal,
        onProgress: ctx.progress,
        graceMs: env().CANCEL_GRACE_MS,
      });
    } catch (err) {
      if (err instanceof Error && err.name === "ForecastInputError")
        throw new NonRetriableError(err.message, { cause: err });
      throw err;
    }
  };

const common = {
  queue: "analysis" as const,
  retry: { attempts: 2, backoffMs: 1000 },
  timeout: { softMs: 10 * 60_000, hardMs: 10 * 60_000 + 30_000 },
  resultTtlMs: 30 * 24 * 3600_000,
  // Pure and seeded: an identical forecast within a day is answered from the earlier run.
  memoize: { ttlMs: 24 * 3600_000 },
};

export const ZForecastWhenTaskInput = seeded(ZForecastWhenInput) as z.ZodType<TForecastWhenResolved>;

export const forecastWhenTask = defineTask({
  ...common,
  name: "forecast.when",
  input: ZForecastWhenTaskInput,
  output: ZForecastWhenResult,
  complete: completeWith(ZForecastWhenInput),
  handler: inThread("forecast.when"),
});

export const forecastHowManyTask = defineTask({
  ...common,
  name: "forecast.howMany",
  input: seeded(ZForecastHowManyInput),
  output: ZForecastHowManyResult,
  complete: completeWith(ZForecastHowManyInput),
  handler: inThread("forecast.howMany"),
});

export const forecastDeadlineTask = defineTask({
  ...common,
  name: "forecast.deadline",
  input: seeded(ZForecastDeadlineInput),
  output: ZForecastDeadlineResult,
  complete: completeWith(ZForecastDeadlineInput),
  handler: inThread("forecast.deadline"),
});

export const forecastBacktestTask = defineTask({
  ...common,
  name: "forecast.backtest",
  input: seeded(ZForecastBacktestInput),
  output: ZForecastBacktestResult,
  complete: completeWith(ZForecastBacktestInput),
  handler: inThread("forecast.backtest"),
});

export const forecastCutLineTask = defineTask({
  ...common,
  name: "forecast.cutLine",
  input: seeded(ZForecastCutLineInput),
  output: ZForecastCutLineResult,
  complete: completeWith(ZForecastCutLineInput),
  handler: inThread("forecast.cutLine"),
});

/** Every forecast task, for the worker's task list and the run views. */
export const forecastTasks = [
  forecastWhenTask,
  forecastHowManyTask,
  forecastDeadlineTask,
  forecastBacktestTask,
  forecastCutLineTask,
] as const;
