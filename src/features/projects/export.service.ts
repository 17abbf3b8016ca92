/** CSV downloads: a run's forecast or ETo result, and a project's saved forecast (which outlives its run). */
import { isoDateIn, UTC } from "@/domain/shared/dates";
import { scopeOf, type Viewer } from "@/accounts/viewer";
import { ExportCsvError, forecastResultToCsv, hasCsvExport } from "@/domain/forecast/export-csv";
import { findVisibleRun, type RunRow } from "@/runs/run.repository";
import type { PartialRecord } from "@/runs/run-partial.repository";
import { isTerminal, type RunStatus } from "@/runs/status";
import { isWorkflowTask } from "@/runs/workflow-spec";
import { analysisBatchCsv } from "@/features/portfolio";
import { RunNotFoundError } from "@/runs/errors";
import { findSavedForecast } from "./projects.repository";
import { CsvUnavailableError, ProjectNotFoundError } from "./projects.errors";
import { EtoCsvError, etoBatchCsv, etoResultToCsv } from "@/features/eto";
import { fileSlug, ownProject } from "./projects.service";

/** Tasks with a CSV of their own beside the forecasts'. */
const OTHER_CSV: Record<string, (result: unknown) => string> = { "eto.compute": etoResultToCsv };

function toCsv(task: string, result: unknown, input: unknown): string {
  try {
    return Object.hasOwn(OTHER_CSV, task) ? OTHER_CSV[task]!(result) : forecastResultToCsv(task, result, input);
  } catch (e) {
    if (e instanceof ExportCsvError || e instanceof EtoCsvError) throw new CsvUnavailableError(e.message);
    throw e;
  }
}

/** GET /api/v1/runs/:id/result.csv — a succeeded forecast or ETo run the viewer may see, or a batch's rows. */
export async function runResultCsv(viewer: Viewer, runId: string): Promise<{ filename: string; csv: string }> {
  const run = await findVisibleRun(runId, scopeOf(viewer));
  if (!run) throw new RunNotFoundError(runId);
  if (isWorkflowTask(run.task)) return batchCsv(run);
  if (!hasCsvExport(run.task) && !Object.hasOwn(OTHER_CSV, run.task))
    throw new CsvUnavailableError(`run ${runId} is a ${run.task} run; CSV export is for forecast and ETo results`);
  if (run.status !== "succeeded")
    throw new CsvUnavailableError(`run ${runId} is ${run.status}: there is a CSV once it has succeeded`);
  return {
    filename: `fluxo-${run.task.replace(/^forecast\./, "").replace(/\./g, "-")}-${run.id.slice(0, 8)}.csv`,
    csv: toCsv(run.task, run.result, run.input),
  };
}

/** The batches with a CSV of their rows: an ETo batch's places, an analysis batch's assets. */
const BATCH_CSV = [etoBatchCsv, analysisBatchCsv];

/**
 * A batch's rows: a finished one's all, else the rows computed so far (its partial result) — the file
 * named `…-partial.csv` and its first line a `#` comment saying how much it holds.
 */
async function batchCsv(run: RunRow): Promise<{ filename: string; csv: string }> {
  for (const of of BATCH_CSV) {
    const out = await of(run);
    if (!out) continue;
    const stem = `fluxo-${out.name}-${run.id.slice(0, 8)}`;
    if (!out.partial) return { filename: `${stem}.csv`, csv: out.csv };
    return { filename: `${stem}-partial.csv`, csv: `# ${partialNote(run.status, out.partial)}\n${out.csv}` };
  }
  throw new CsvUnavailableError(
    `run ${run.id} is a ${run.task} run: CSV export is for ETo and analysis batches${run.status === "succeeded" ? "" : " (with rows computed)"}`,
  );
}

/** "partial result: cancelled after 12 of 40 locations" / "partial result: 12 of 40 locations so far". */
function partialNote(status: string, p: PartialRecord): string {
  const d = p.done;
  const much = d ? `${d.count} of ${d.total} ${d.unit}` : "some rows";
  return isTerminal(status as RunStatus) ? `partial result: ${status} after ${much}` : `partial result: ${much} so far`;
}

/** GET /api/v1/projects/:id/forecasts/:forecastId/result.csv */
export async function savedForecastCsv(
  viewer: Viewer,
  id: string,
  forecastId: string,
): Promise<{ filename: string; csv: string }> {
  const p = await ownProject(viewer, id);
  const f = await findSavedForecast(id, forecastId);
  if (!f) throw new ProjectNotFoundError(`saved forecast ${forecastId} not found`);
  const day = isoDateIn(f.createdAt, UTC); // the file name's date stays UTC's, as downloads were named
  return { filename: `${fileSlug(p.name)}-${f.kind}-${day}.csv`, csv: toCsv(`forecast.${f.kind}`, f.result, f.input) };
}
