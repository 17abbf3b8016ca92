"use client";

/**
 * The run page's composition: the runs slice's detail view with each task-owning slice's result
 * view and the workflows slice's steps view (the runs slice imports none of them).
 */
import { RunDetail } from "@/features/runs/ui";
import { ForecastResultByTask, isForecastTask, isSensitivityRun } from "@/features/forecast/ui";
import { ETO_TASK, EtoResultView } from "@/features/eto/ui";
import { WorkflowTree } from "@/features/workflows/ui";
import { rerunHrefOf } from "./rerun-href";
import { BatchResultCsv, isBatchRun, partialViewOf } from "./batch-partial-view";

function TaskResult({ task, input, result, runId }: { task: string; input: unknown; result: unknown; runId: string }) {
  if (isForecastTask(task) || isSensitivityRun(task, input))
    return (
      <div className="mb-6">
        <ForecastResultByTask task={task} input={input} result={result} runId={runId} />
      </div>
    );
  if (isBatchRun(task, input))
    return (
      <div className="mb-6">
        <BatchResultCsv runId={runId} />
      </div>
    );
  if (task === ETO_TASK)
    return (
      <div className="mb-6">
        <EtoResultView result={result} runId={runId} />
      </div>
    );
  return null;
}

export function RunPageView({ id }: { id: string }) {
  return (
    <RunDetail
      id={id}
      ResultView={TaskResult}
      StepsView={WorkflowTree}
      partialViewOf={partialViewOf}
      rerunHrefOf={rerunHrefOf}
    />
  );
}
