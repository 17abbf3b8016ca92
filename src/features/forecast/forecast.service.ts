import { randomInt } from "node:crypto";
import { enqueue, inputHash } from "@/runs/enqueue";
import { forecastWhenTask } from "./forecast.task";
import { withDefaults, type TForecastWhenInput } from "./forecast.schemas";

/**
 * Queue a "when will it be done?" forecast; the seed is fixed now so the run is reproducible.
 * Identical input gets an earlier identical run's result at once (unless `fresh`); when the caller
 * gave no seed, any earlier seed will do, so the seed is left out of the memo key.
 */
export async function startForecastWhen(input: TForecastWhenInput, o: { ownerId?: string | null; fresh?: boolean } = {}) {
  const full = withDefaults(input, () => randomInt(0, 2 ** 32));
  const memoKey = inputHash(forecastWhenTask.name, { ...input, seed: input.seed ?? "any" });
  const run = await enqueue(forecastWhenTask, full, { ownerId: o.ownerId ?? null, memoKey, fresh: o.fresh });
  return { runId: run.id, seed: (run.input as { seed: number }).seed, fromCache: run.cachedFromId !== null };
}
