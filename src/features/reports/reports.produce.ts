/**
 * What the reports tasks do, stage by stage — data, analysis, narrative, render — with the run's
 * progress: render a model in each format, store the files (owned by the run's owner), and keep
 * the model in the run's result so reports.export can render it again later.
 */
import type { TaskContext } from "@/runs/define-task";
import { findRun } from "@/runs/run.repository";
import { NonRetriableError } from "@/runs/errors";
import { narrate, type Narrative, type NarrativeInput } from "./ai/narrative";
import { REPORT_MIME, reportFilename, type ReportFormatName, type ReportModel } from "./report-document";
import { renderHtml } from "./render-html";
import { renderMarkdown } from "./render-markdown";
import { renderPdf } from "./render-pdf";
import { insertReportFile } from "./reports.repository";

export type Stage = "data" | "analysis" | "narrative" | "render";

/** Where each stage sits in the run's overall progress. */
const SPAN: Record<Stage, [number, number]> = {
  data: [0, 0.2],
  analysis: [0.2, 0.5],
  narrative: [0.5, 0.7],
  render: [0.7, 1],
};

export type StageProgress = (stage: Stage, fraction: number, message?: string) => void;

export function stageProgress(ctx: Pick<TaskContext, "progress">, within: [number, number] = [0, 1]): StageProgress {
  return (stage, fraction, message) => {
    const [a, b] = SPAN[stage];
    const local = a + (b - a) * Math.max(0, Math.min(1, fraction));
    ctx.progress(within[0] + (within[1] - within[0]) * local, stage, message);
  };
}

export { toFileDto, type ReportFileDto } from "./reports.dto";
import { toFileDto, type ReportFileDto } from "./reports.dto";

export interface ProducedReport {
  model: ReportModel;
  files: ReportFileDto[];
}

/** A reports run's result: its reports (model + files), what failed, and the narrative when one was made. */
export interface ReportRunResult {
  reports: ProducedReport[];
  failed: { what: string; message: string }[];
}

export async function renderFormat(model: ReportModel, format: ReportFormatName): Promise<Uint8Array> {
  if (format === "pdf") return renderPdf(model);
  return new TextEncoder().encode(format === "md" ? renderMarkdown(model) : renderHtml(model));
}

/** The owner of the run (null: a system run). */
export async function runOwner(runId: string): Promise<string | null> {
  return (await findRun(runId))?.ownerId ?? null;
}

/** Render and store the model in each format; progress per file within the render stage. */
export async function storeReport(
  model: ReportModel,
  formats: readonly ReportFormatName[],
  o: { runId: string; ownerId: string | null; progress?: StageProgress; signal?: AbortSignal },
): Promise<ProducedReport> {
  const files: ReportFileDto[] = [];
  for (const [i, format] of formats.entries()) {
    o.signal?.throwIfAborted();
    o.progress?.("render", i / formats.length, `${format.toUpperCase()}: ${model.title}`);
    const bytes = await renderFormat(model, format);
    const row = await insertReportFile({
      ownerId: o.ownerId,
      runId: o.runId,
      kind: model.kind,
      format,
      title: model.title,
      filename: reportFilename(model, format),
      mime: REPORT_MIME[format],
      bytes,
    });
    files.push(toFileDto(row));
    o.progress?.("render", (i + 1) / formats.length, `${format.toUpperCase()}: ${row.filename}`);
  }
  return { model, files };
}

/** The narrative stage: AI providers when configured, else the metrics' own narrative. */
export async function narrativeStage(
  input: NarrativeInput,
  ctx: Pick<TaskContext, "signal" | "log">,
  progress: StageProgress,
): Promise<Narrative> {
  progress("narrative", 0, "asking the AI providers");
  const n = await narrate(input, { signal: ctx.signal });
  const failed = n.answers.filter((a) => !a.ok);
  if (failed.length) await ctx.log(`AI providers failed: ${failed.map((a) => a.error).join("; ")}`, "warn");
  progress("narrative", 1, n.label);
  return n;
}

/**
 * One report run, stage by stage: `gather` fetches the data and analyses it (the data stage is
 * announced with `subject`; it announces its own analysis stage), then the narrative, the model,
 * and a file per format owned by the run's owner. The result holds the one report, nothing failed.
 */
export async function produceReport<D>(
  ctx: Pick<TaskContext, "runId" | "signal" | "progress" | "log">,
  formats: readonly ReportFormatName[],
  run: {
    subject: string;
    gather: (progress: StageProgress, ownerId: string | null) => Promise<D>;
    narrative: (data: D) => NarrativeInput;
    build: (data: D, narrative: Narrative) => ReportModel;
  },
): Promise<ReportRunResult> {
  const progress = stageProgress(ctx);
  progress("data", 0, run.subject);
  const ownerId = await runOwner(ctx.runId);
  const data = await run.gather(progress, ownerId);
  const narrative = await narrativeStage(run.narrative(data), ctx, progress);
  const model = run.build(data, narrative);
  return {
    reports: [await storeReport(model, formats, { runId: ctx.runId, ownerId, progress, signal: ctx.signal })],
    failed: [],
  };
}

/**
 * One report per item (reports.batchExport, reports.weekly), each on its own: an item that fails is
 * listed in `failed` and the run goes on (a cancel or timeout still stops it); the run's progress
 * counts the items done, and `failedLog` says in the timeline how many failed.
 */
export async function reportEach<T>(
  items: readonly T[],
  ctx: Pick<TaskContext, "signal" | "progress" | "log">,
  o: {
    produce: (item: T, i: number) => Promise<ProducedReport>;
    what: (item: T) => string;
    label: (item: T) => string;
    failedLog: (failed: number, of: number) => string;
  },
): Promise<ReportRunResult> {
  const reports: ProducedReport[] = [];
  const failed: ReportRunResult["failed"] = [];
  const n = items.length;
  for (const [i, item] of items.entries()) {
    ctx.signal.throwIfAborted();
    try {
      reports.push(await o.produce(item, i));
    } catch (e) {
      ctx.signal.throwIfAborted();
      failed.push({ what: o.what(item), message: (e as Error).message });
    }
    ctx.progress((i + 1) / n, "render", `${i + 1} of ${n}: ${o.label(item)}`);
  }
  if (failed.length) await ctx.log(o.failedLog(failed.length, n), "warn");
  return { reports, failed };
}

/** The model kept in a reports run's result: by file id, or the run's reports. */
export async function modelsOfRun(runId: string, fileId?: string): Promise<ReportModel[]> {
  const run = await findRun(runId);
  const result = run?.result as Partial<ReportRunResult> | null | undefined;
  if (!run || !Array.isArray(result?.reports))
    throw new NonRetriableError(
      `run ${runId} has no stored report model (it may have expired); generate the report again`,
    );
  const reports = fileId ? result.reports.filter((r) => r.files?.some((f) => f.id === fileId)) : result.reports;
  if (!reports.length)
    throw new NonRetriableError(`report ${fileId ?? runId} has no stored model; generate the report again`);
  return reports.map((r) => r.model);
}
