/**
 * Cancel from any process: a queued run is removed and cancelled at once; a running one goes to
 * `cancelling` and the request is broadcast to the worker holding it (Redis pub/sub, or NOTIFY
 * without Redis; workers also poll for `cancelling` runs they hold, so it works with Redis down).
 */
import { channels, pubsub } from "@/server/pubsub";
import { redis } from "@/server/redis";
import { logger } from "@/server/logger";
import { RunNotFoundError } from "./errors";
import { findRun, type RunRow } from "./run.repository";
import { removeJob } from "./run-query.repository";
import { transition } from "./writer";
import { publishRunMessage, statusMessage } from "./events";
import { isTerminal } from "./status";
import { cancelWorkflow, isWorkflowTask } from "./workflow";
import { afterEnd } from "./after-end";
import type { TaskCatalog } from "./task-catalog";

async function broadcastCancel(runId: string): Promise<void> {
  try {
    const r = redis();
    if (r) await r.publish(channels.cancel, runId);
    else await pubsub().publish(channels.cancel, runId);
  } catch (err) {
    logger.warn({ err: (err as Error).message, runId }, "cancel broadcast failed; the worker's poll will see it");
  }
}

/**
 * Returns the run after the request: `cancelled`, `cancelling`, or already finished (unchanged).
 * `tasks`: the caller's catalog, from which a workflow whose step this was starts its next step.
 */
export async function cancelRun(runId: string, tasks: TaskCatalog): Promise<RunRow> {
  for (let i = 0; i < 5; i++) {
    const run = await findRun(runId);
    if (!run) throw new RunNotFoundError(runId);
    if (isTerminal(run.status)) return run;
    if (isWorkflowTask(run.task)) return cancelWorkflow(run, tasks); // the whole tree
    if (run.status === "cancelling") {
      await broadcastCancel(runId);
      return run;
    }
    if (run.status === "queued" || run.status === "retrying" || run.status === "scheduled") {
      // Mark first: a worker that locks the job now fails its queued→running compare-and-set.
      const done = await transition({
        id: runId,
        from: ["queued", "retrying", "scheduled"],
        to: "cancelled",
        patch: { finishedNow: true },
        event: { reason: "cancelled before start" },
      });
      if (done) {
        await removeJob(runId);
        void publishRunMessage(statusMessage(done, "cancelled before start"));
        afterEnd(done, tasks);
        return done;
      }
      continue; // it just started: try again as a running run
    }
    const c = await transition({
      id: runId,
      from: ["running"],
      to: "cancelling",
      event: { reason: "cancel requested" },
    });
    if (c) {
      void publishRunMessage(statusMessage(c, "cancel requested"));
      await broadcastCancel(runId);
      return c;
    }
  }
  const run = await findRun(runId);
  if (!run) throw new RunNotFoundError(runId);
  return run;
}
