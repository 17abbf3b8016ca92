"use client";

/**
 * A workflow run's partial result on the run page: a batch's rows so far (an ETo batch's places, an
 * analysis batch's assets), each by its slice's view; any other as JSON. With the forecasts' own
 * partial views, what the run page shows a partial result with.
 */
import { useParams } from "next/navigation";
import { forecastPartialView } from "@/features/forecast/ui";
import { EtoBatchPartialView } from "@/features/eto/ui";
import { AnalysisBatchPartialView } from "@/features/portfolio/ui";
import type { LivePartial } from "@/features/runs/ui";
import { isWorkflowTask } from "@/runs/workflow-spec";

const kindOf = (r: unknown) => (r && typeof r === "object" && "kind" in r ? (r as { kind: unknown }).kind : null);

function WorkflowPartialView({ partial }: { task: string; input: unknown; partial: LivePartial }) {
  const { id } = useParams<{ id: string }>();
  const kind = kindOf(partial.result);
  if (kind === "etoBatch") return <EtoBatchPartialView result={partial.result} runId={id} />;
  if (kind === "analysisBatch") return <AnalysisBatchPartialView result={partial.result} runId={id} />;
  return (
    <pre className="max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs">
      {JSON.stringify(partial.result, null, 2)}
    </pre>
  );
}

/** The view of a task's partial result: a forecast's, a workflow's (batches), else none (JSON). */
export const partialViewOf = (task: string) =>
  forecastPartialView(task) ?? (isWorkflowTask(task) ? WorkflowPartialView : undefined);
