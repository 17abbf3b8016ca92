/** Redrive: a failed or dead run is queued again as a new attempt series (the dead-letter way out). */
import { RunNotFoundError, RunNotRedrivableError } from "./errors";
import { publishRunMessage, statusMessage } from "./events";
import { findRun, type RunRow } from "./run.repository";
import { graphilePriority } from "./run-batch.repository";
import { transition } from "./writer";
import { isWorkflowTask } from "./workflow";

export async function redriveRun(runId: string): Promise<RunRow> {
  const run = await findRun(runId);
  if (!run) throw new RunNotFoundError(runId);
  if (run.status !== "failed" && run.status !== "dead") throw new RunNotRedrivableError(runId, run.status);
  if (isWorkflowTask(run.task))
    throw new RunNotRedrivableError(
      runId,
      `a ${run.task} parent (redrive its failed steps, or start the workflow again)`,
    );
  const now = new Date();
  const row = await transition({
    id: runId,
    from: ["failed", "dead"],
    to: "queued",
    patch: {
      resetAttempt: true,
      error: null,
      progress: 0,
      stage: null,
      message: null,
      etaAt: null,
      clearFinished: true,
      runAt: now,
    },
    event: { reason: "redrive", previous: run.status },
    requeue: { task: run.task, runAt: now, priority: graphilePriority(run.priority) },
  });
  if (!row) {
    const now2 = await findRun(runId);
    throw new RunNotRedrivableError(runId, now2?.status ?? "gone");
  }
  void publishRunMessage(statusMessage(row, "redrive"));
  return row;
}
