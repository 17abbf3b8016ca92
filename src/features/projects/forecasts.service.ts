/** A project's saved forecasts (copies of finished forecast runs) and its actuals. */
import { scopeOf, type Viewer } from "@/accounts/viewer";
import { kindOfTask, PROJECT_LIMITS as L } from "@/domain/projects";
import { findVisibleRun } from "@/runs/run.repository";
import {
  countActuals,
  countSavedForecasts,
  deleteActual,
  deleteSavedForecast,
  findSavedForecast,
  findSavedForecastOfRun,
  insertActual,
  insertSavedForecast,
} from "./projects.repository";
import { fieldError, ProjectLimitError, ProjectNotFoundError } from "./projects.errors";
import { ownProject } from "./projects.service";
import type { TAddActual, TSaveForecast } from "./projects.schemas";

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * Copies a finished forecast run (input, seed, result) into the project. The run must be one the
 * viewer may see (else 404, as for any run), a forecast.* task, and succeeded. Saving the same run
 * twice gives back the first copy.
 */
export async function saveForecast(
  viewer: Viewer,
  input: TSaveForecast,
): Promise<{ forecastId: string; kind: string; alreadySaved: boolean }> {
  await ownProject(viewer, input.id);
  const run = await findVisibleRun(input.runId, scopeOf(viewer));
  if (!run) throw new ProjectNotFoundError(`run ${input.runId} not found`);
  const kind = kindOfTask(run.task);
  if (!kind)
    throw fieldError(
      "runId",
      `runId: run ${input.runId} is a ${run.task} run; only forecast runs (forecast.when, forecast.howMany, forecast.deadline, forecast.backtest, forecast.cutLine) can be saved to a project`,
    );
  if (run.status !== "succeeded" || run.result === null || run.result === undefined) {
    throw fieldError(
      "runId",
      `runId: run ${input.runId} is ${run.status}; only a forecast that has succeeded can be saved`,
    );
  }
  const existing = await findSavedForecastOfRun(input.id, run.id);
  if (existing) return { forecastId: existing.id, kind: existing.kind, alreadySaved: true };
  if ((await countSavedForecasts(input.id)) >= L.maxSavedForecasts) {
    throw new ProjectLimitError(
      `A project may hold at most ${fmt(L.maxSavedForecasts)} saved forecasts: remove one first`,
    );
  }
  const seedOf = (x: unknown) =>
    x && typeof x === "object" && typeof (x as { seed?: unknown }).seed === "number"
      ? (x as { seed: number }).seed
      : null;
  const forecastId = await insertSavedForecast({
    projectId: input.id,
    kind,
    runId: run.id,
    input: run.input,
    seed: seedOf(run.input) ?? seedOf(run.result),
    result: run.result,
    label: input.label || null,
  });
  return { forecastId, kind, alreadySaved: false };
}

/** One saved forecast in full: its input and result, as the run had them. */
export async function getForecast(viewer: Viewer, id: string, forecastId: string) {
  await ownProject(viewer, id);
  const f = await findSavedForecast(id, forecastId);
  if (!f) throw new ProjectNotFoundError(`saved forecast ${forecastId} not found`);
  return {
    id: f.id,
    kind: f.kind,
    task: `forecast.${f.kind}`,
    runId: f.runId,
    label: f.label,
    seed: f.seed,
    createdAt: f.createdAt.toISOString(),
    input: f.input,
    result: f.result,
  };
}

export async function removeForecast(viewer: Viewer, id: string, forecastId: string): Promise<void> {
  await ownProject(viewer, id);
  if (!(await deleteSavedForecast(id, forecastId)))
    throw new ProjectNotFoundError(`saved forecast ${forecastId} not found`);
}

export async function addActual(viewer: Viewer, input: TAddActual): Promise<{ actualId: string }> {
  await ownProject(viewer, input.id);
  if ((await countActuals(input.id)) >= L.maxActuals)
    throw new ProjectLimitError(`A project may hold at most ${fmt(L.maxActuals)} actuals: remove one first`);
  const actualId = await insertActual({
    projectId: input.id,
    date: input.date,
    completed: input.completed,
    remaining: input.remaining ?? null,
    note: input.note || null,
  });
  return { actualId };
}

export async function removeActual(viewer: Viewer, id: string, actualId: string): Promise<void> {
  await ownProject(viewer, id);
  if (!(await deleteActual(id, actualId))) throw new ProjectNotFoundError(`actual ${actualId} not found`);
}
