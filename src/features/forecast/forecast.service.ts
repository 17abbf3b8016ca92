import { randomInt } from "node:crypto";
import type { AnyTask } from "@/runs/define-task";
import { enqueue, inputHash } from "@/runs/enqueue";
import { originOption } from "@/runs/origin";
import type { Viewer } from "@/accounts/viewer";
import {
  forecastBacktestTask,
  forecastCutLineTask,
  forecastDeadlineTask,
  forecastHowManyTask,
  forecastWhenTask,
} from "./forecast.task";
import { withDefaults, type TForecastHowManyInput, type TForecastWhenInput } from "./forecast.schemas";
import type { TForecastBacktestInput, TForecastCutLineInput, TForecastDeadlineInput } from "./analytics.schemas";

interface StartOptions {
  ownerId?: string | null;
  fresh?: boolean;
  /** Enqueue options from the form's "Run options" (see src/features/runs/run-options.schemas.ts). */
  priority?: number;
  delayMs?: number;
  runAt?: Date;
  /** "Edit and rerun": the run this one was edited from, checked as visible to `viewer` (and of this task). */
  origin?: { viewer: Viewer; runId: string };
}

/**
 * Queue a forecast; the seed is fixed now so the run is reproducible. Identical input gets an
 * earlier identical run's result at once (unless `fresh`, or a delayed start); when the caller gave
 * no seed, any earlier seed will do, so the seed is left out of the memo key.
 */
async function startForecast<I extends { seed?: number }>(
  task: AnyTask<I & { seed: number }>,
  input: I,
  o: StartOptions,
) {
  const full = withDefaults(input, () => randomInt(0, 2 ** 32));
  const memoKey = inputHash(task.name, { ...input, seed: input.seed ?? "any" });
  const run = await enqueue(task, full, {
    ownerId: o.ownerId ?? null,
    memoKey,
    fresh: o.fresh,
    priority: o.priority,
    delayMs: o.delayMs,
    runAt: o.runAt,
    ...(o.origin ? await originOption(o.origin.viewer, task.name, o.origin.runId) : {}),
  });
  return { runId: run.id, seed: (run.input as { seed: number }).seed, fromCache: run.cachedFromId !== null };
}

export const startForecastWhen = (input: TForecastWhenInput, o: StartOptions = {}) =>
  startForecast(forecastWhenTask as AnyTask<TForecastWhenInput & { seed: number }>, input, o);
export const startForecastHowMany = (input: TForecastHowManyInput, o: StartOptions = {}) =>
  startForecast(forecastHowManyTask as AnyTask<TForecastHowManyInput & { seed: number }>, input, o);
export const startForecastDeadline = (input: TForecastDeadlineInput, o: StartOptions = {}) =>
  startForecast(forecastDeadlineTask as AnyTask<TForecastDeadlineInput & { seed: number }>, input, o);
export const startForecastBacktest = (input: TForecastBacktestInput, o: StartOptions = {}) =>
  startForecast(forecastBacktestTask as AnyTask<TForecastBacktestInput & { seed: number }>, input, o);
export const startForecastCutLine = (input: TForecastCutLineInput, o: StartOptions = {}) =>
  startForecast(forecastCutLineTask as AnyTask<TForecastCutLineInput & { seed: number }>, input, o);
