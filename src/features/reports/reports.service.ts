/** Reports as people ask for them: start the runs, list / fetch / remove the stored files. */
import { isAdmin, scopeOf, type Viewer } from "@/accounts/viewer";
import { enqueue } from "@/runs/enqueue";
import { findVisibleRun } from "@/runs/run.repository";
import { findPortfolio } from "@/features/portfolio";
import { ReportNotFoundError } from "./reports.errors";
import { toFileDto } from "./reports.dto";
import { deleteReportFile, findReportFiles, getReportFile, listReportFiles } from "./reports.repository";
import type {
  TGenerateInput,
  TListReportsInput,
  TReportsAiAnalysisInput,
  TReportsBatchExportInput,
  TReportsExportInput,
} from "./reports.schemas";
/**
 * The task definitions bring the renderers (PDF, charts) with them: loaded on the first report asked
 * for, so a web process that never makes one does not carry them.
 */
const tasks = () => import("./reports.task");

async function ownPortfolio(viewer: Viewer, id: string): Promise<void> {
  if (!(await findPortfolio(id, scopeOf(viewer)))) throw new ReportNotFoundError(`portfolio ${id} not found`);
}

/** Queue the report run of a kind and target; answers its run id. */
export async function generateReport(viewer: Viewer, input: TGenerateInput): Promise<{ runId: string; task: string }> {
  const o = { ownerId: viewer.id };
  const { formats, locale } = input;
  const { reportsAssetTask, reportsCompareTask, reportsPortfolioTask, reportsMarketOverviewTask } = await tasks();
  let run;
  switch (input.kind) {
    case "asset":
      run = await enqueue(reportsAssetTask, reportsAssetTask.input.parse({ ticker: input.ticker, formats, locale }), o);
      break;
    case "compare":
      run = await enqueue(
        reportsCompareTask,
        reportsCompareTask.input.parse({ tickers: input.tickers, formats, locale }),
        o,
      );
      break;
    case "portfolio":
      await ownPortfolio(viewer, input.portfolioId!);
      run = await enqueue(
        reportsPortfolioTask,
        reportsPortfolioTask.input.parse({ portfolioId: input.portfolioId, formats, locale }),
        o,
      );
      break;
    case "marketOverview":
      run = await enqueue(
        reportsMarketOverviewTask,
        reportsMarketOverviewTask.input.parse({ scope: input.scope ?? "watched", formats, locale }),
        o,
      );
      break;
  }
  return { runId: run.id, task: run.task };
}

export async function startExport(viewer: Viewer, input: TReportsExportInput): Promise<{ runId: string }> {
  if (input.reportId && !(await findReportFiles([input.reportId], scopeOf(viewer))).length)
    throw new ReportNotFoundError(`report ${input.reportId} not found`);
  if (input.runId && !(await findVisibleRun(input.runId, scopeOf(viewer))))
    throw new ReportNotFoundError(`run ${input.runId} not found`);
  const { reportsExportTask } = await tasks();
  const run = await enqueue(reportsExportTask, input, { ownerId: viewer.id });
  return { runId: run.id };
}

export async function startBatchExport(viewer: Viewer, input: TReportsBatchExportInput): Promise<{ runId: string }> {
  const found = new Set((await findReportFiles(input.reportIds, scopeOf(viewer))).map((f) => f.id));
  const missing = input.reportIds.findIndex((id) => !found.has(id));
  if (missing >= 0)
    throw new ReportNotFoundError(`reportIds[${missing}]: report ${input.reportIds[missing]} not found`);
  const { reportsBatchExportTask } = await tasks();
  const run = await enqueue(reportsBatchExportTask, input, { ownerId: viewer.id });
  return { runId: run.id };
}

export async function startAiAnalysis(viewer: Viewer, input: TReportsAiAnalysisInput): Promise<{ runId: string }> {
  if (input.portfolioId) await ownPortfolio(viewer, input.portfolioId);
  const { reportsAiAnalysisTask } = await tasks();
  const run = await enqueue(reportsAiAnalysisTask, input, { ownerId: viewer.id });
  return { runId: run.id };
}

/** The viewer's files and the system's (an admin: everyone's), newest first. */
export async function listFiles(viewer: Viewer, q: TListReportsInput) {
  return (await listReportFiles(scopeOf(viewer), { limit: q.limit, runId: q.runId })).map(toFileDto);
}

/** A file with its bytes, when the viewer may read it (else ReportNotFoundError: a 404 either way). */
export async function downloadFile(viewer: Viewer, id: string) {
  const f = await getReportFile(id, scopeOf(viewer));
  if (!f) throw new ReportNotFoundError(`report ${id} not found`);
  return f;
}

/** Remove one of the viewer's files (admins may also remove system files). */
export async function removeFile(viewer: Viewer, id: string) {
  const removed = (await deleteReportFile(id, viewer.id)) || (isAdmin(viewer) && (await deleteReportFile(id, null)));
  if (!removed) throw new ReportNotFoundError(`report ${id} not found`);
  return { removed: true as const };
}
