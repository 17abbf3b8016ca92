"use client";

/**
 * A workflow run's partial result on the run page: a batch's rows so far (an ETo batch's places, an
 * analysis batch's assets), each by its slice's view; any other as JSON. With the forecasts' own
 * partial views, what the run page shows a partial result with. And a finished batch's CSV link.
 */
import { useParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { forecastPartialView } from "@/features/forecast/ui";
import { EtoBatchPartialView } from "@/features/eto/ui";
import { AnalysisBatchPartialView } from "@/features/portfolio/ui";
import { ResultCsvLink, type LivePartial } from "@/features/runs/ui";
import { isWorkflowTask } from "@/runs/workflow-spec";

/** A batch's partial holds rows (the CSV has some). */
const hasRows = (r: unknown) =>
  Array.isArray((r as { rows?: unknown } | null)?.rows) && (r as { rows: unknown[] }).rows.length > 0;

const kindOf = (r: unknown) => (r && typeof r === "object" && "kind" in r ? (r as { kind: unknown }).kind : null);

function WorkflowPartialView({ partial }: { task: string; input: unknown; partial: LivePartial }) {
  const { id } = useParams<{ id: string }>();
  const t = useTranslations("BatchPartial");
  const kind = kindOf(partial.result);
  const View = kind === "etoBatch" ? EtoBatchPartialView : kind === "analysisBatch" ? AnalysisBatchPartialView : null;
  if (View)
    return (
      <div className="space-y-3">
        <View result={partial.result} />
        {hasRows(partial.result) && <ResultCsvLink runId={id} label={t("downloadCsv")} />}
      </div>
    );
  return (
    <pre className="max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs">
      {JSON.stringify(partial.result, null, 2)}
    </pre>
  );
}

/** The view of a task's partial result: a forecast's, a workflow's (batches), else none (JSON). */
export const partialViewOf = (task: string) =>
  forecastPartialView(task) ?? (isWorkflowTask(task) ? WorkflowPartialView : undefined);

/** The chord callbacks whose workflow is a batch with a CSV of its rows (export.service.ts BATCH_CSV). */
const BATCH_CALLBACKS = new Set(["eto.mergeBatch", "analysis.batchSummary"]);

/** Whether a run is an ETo or analysis batch (its workflow run): its rows have a CSV. */
export function isBatchRun(task: string, input: unknown): boolean {
  const callback = (input as { callback?: { task?: unknown } } | null)?.callback;
  return task === "workflow.chord" && typeof callback?.task === "string" && BATCH_CALLBACKS.has(callback.task);
}

/** A finished batch's CSV link (every row). */
export function BatchResultCsv({ runId }: { runId: string }) {
  const t = useTranslations("BatchPartial");
  return <ResultCsvLink runId={runId} label={t("downloadAllCsv")} />;
}
