/**
 * forecast.sensitivity: the forecast and its variants (src/domain/forecast/sensitivity.ts) as a
 * chord workflow — one forecast.when per variant plus the base, all with the same seed, then
 * forecast.sensitivityMerge, whose tornado is the parent run's result. The workflow engine rolls the
 * parent's progress up from its steps; the run page lists them.
 */
import { randomInt } from "node:crypto";
import { ForecastInputError, planWhen, SPLIT_LIMITS } from "@/domain/forecast";
import { sensitivityPlan, tornadoPlan } from "@/domain/forecast/sensitivity";
import { ZodError } from "zod";
import type { TaskCatalog } from "@/runs/task-catalog";
import { startWorkflow, WorkflowInputError } from "@/runs/workflow";
import { withDefaults } from "./forecast.schemas";
import { forecastWhenTask } from "./forecast.task";
import {
  SENSITIVITY_MERGE_TASK,
  type TSensitivityMergeInput,
  type TForecastSensitivityInput,
} from "./sensitivity.schemas";

/** A refusal that names the field, shaped like a schema error (tRPC and the API answer 400 naming it). */
const fieldError = (path: string, message: string) =>
  new ZodError([{ code: "custom", path: [path], message, input: undefined }]);

/** Checks the forecast and its variants, then queues the chord; answers the parent run's id and its forecasts. */
export async function startSensitivity(
  input: TForecastSensitivityInput,
  o: { ownerId: string | null; tasks: TaskCatalog },
) {
  const { backlogChange, ...when } = input;
  const full = withDefaults(when, () => randomInt(0, 2 ** 32));
  let plan: ReturnType<typeof sensitivityPlan>;
  try {
    planWhen(full, SPLIT_LIMITS); // the base itself must run
    plan = sensitivityPlan(full, { backlogChange });
  } catch (e) {
    if (e instanceof ForecastInputError) throw fieldError(e.field, e.message);
    throw e;
  }
  const inputs = [plan.base, ...plan.variants.map((v) => v.input)];
  const merge: TSensitivityMergeInput = {
    ...tornadoPlan(plan),
    about: { seed: full.seed, trials: full.trials, backlogChange },
  };
  try {
    const parent = await startWorkflow(
      {
        kind: "chord",
        name: `Sensitivity of the P85 date (${inputs.length} forecasts)`,
        failurePolicy: "fail-fast",
        steps: inputs.map((i) => ({ task: forecastWhenTask.name, input: i, weight: 1 })),
        callback: { task: SENSITIVITY_MERGE_TASK, input: merge, weight: 1 },
      },
      { ownerId: o.ownerId, tasks: o.tasks },
    );
    return {
      runId: parent.id,
      seed: full.seed,
      forecasts: inputs.length,
      variants: plan.variants.map((v) => ({ factor: v.id, side: v.side })),
      skipped: plan.skipped.map((s) => ({ factor: s.id, side: s.side, reason: s.reason })),
    };
  } catch (e) {
    if (e instanceof WorkflowInputError) throw fieldError(String(e.path.at(-1) ?? "input"), e.message);
    throw e;
  }
}
