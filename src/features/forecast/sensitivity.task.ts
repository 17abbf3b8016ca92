/**
 * forecast.sensitivityMerge: the last step of a sensitivity run's chord. Its siblings are the base
 * forecast.when (step 0) and one forecast.when per variant (steps 1..n, in the order of
 * `variants`); it reads their results and returns the tornado (the parent run's result).
 */
import { defineTask } from "@/runs/define-task";
import { NonRetriableError } from "@/runs/errors";
import { findRun } from "@/runs/run.repository";
import { listChildResults } from "@/runs/run-tree.repository";
import { tornadoOf, type WhenOutcome } from "@/domain/forecast/sensitivity";
import { FORECAST_ENGINE_VERSIONS } from "./engine-versions";
import { ZForecastSensitivityResult, type TForecastSensitivityResult } from "./sensitivity.output";
import { SENSITIVITY_MERGE_TASK, ZSensitivityMergeInput, type TSensitivityMergeInput } from "./sensitivity.schemas";

/** The tornado of the forecasts beside this step (its parent's other steps). */
async function mergeSensitivity(runId: string, input: TSensitivityMergeInput): Promise<TForecastSensitivityResult> {
  const parentId = (await findRun(runId))?.parentId;
  if (!parentId)
    throw new NonRetriableError(`${SENSITIVITY_MERGE_TASK} runs only as the last step of a sensitivity run`);
  const byStep = await listChildResults(parentId);
  const results = Array.from({ length: input.variants.length + 1 }, (_, i) => byStep.get(i) as WhenOutcome | null);
  const missing = results.findIndex((r) => !r || typeof r !== "object" || !("percentiles" in r));
  if (missing >= 0) throw new NonRetriableError(`forecast ${missing + 1} of the sensitivity run has no result`);
  const { about, ...plan } = input;
  return { ...tornadoOf(plan, results as WhenOutcome[]), ...about };
}

export const forecastSensitivityMergeTask = defineTask({
  name: SENSITIVITY_MERGE_TASK,
  engineVersion: FORECAST_ENGINE_VERSIONS[SENSITIVITY_MERGE_TASK],
  queue: "default",
  input: ZSensitivityMergeInput,
  output: ZForecastSensitivityResult,
  retry: { attempts: 2, backoffMs: 1000 },
  timeout: { softMs: 60_000 },
  resultTtlMs: 30 * 24 * 3600_000,
  handler: (input, ctx) => mergeSensitivity(ctx.runId, input),
});
