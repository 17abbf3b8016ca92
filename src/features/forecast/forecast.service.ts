import { randomInt } from "node:crypto";
import { enqueue } from "@/runs/enqueue";
import { forecastWhenTask } from "./forecast.task";
import { withDefaults, type TForecastWhenInput } from "./forecast.schemas";

/** Queue a "when will it be done?" forecast; the seed is fixed now so the run is reproducible. */
export async function startForecastWhen(input: TForecastWhenInput, ownerId: string | null = null) {
  const full = withDefaults(input, () => randomInt(0, 2 ** 32));
  const run = await enqueue(forecastWhenTask, full, { ownerId });
  return { runId: run.id, seed: full.seed };
}
