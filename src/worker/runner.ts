/**
 * A Fluxo worker: Graphile Worker underneath, Fluxo's run lifecycle on top — per-run abort
 * controllers, cancel requests heard over pub/sub and by polling, heartbeats for held runs.
 */
import os from "node:os";
import { randomBytes } from "node:crypto";
import { Logger as GraphileLogger, run as runGraphile, type Runner, type TaskList } from "graphile-worker";
import type { AnyTask } from "@/runs/define-task";
import { RunExecutor } from "@/runs/execute";
import { findCancelling, heartbeat } from "@/runs/run.repository";
import { channels, pubsub } from "@/server/pubsub";
import { logger } from "@/server/logger";

export interface WorkerOptions {
  connectionString: string;
  tasks: readonly AnyTask[];
  concurrency: number;
  pollIntervalMs: number;
  publishMs: number;
  persistMs: number;
  /** How often held runs are checked for `cancelling` (the Redis-down path). */
  cancelPollMs?: number;
  heartbeatMs?: number;
}

export interface FluxoWorker {
  readonly workerId: string;
  readonly executor: RunExecutor;
  /** Graceful: running runs are handed back for retry, then Graphile stops. */
  stop(): Promise<void>;
}

/** Graphile's own messages go to our logger: warnings and errors as such, the per-job chatter at debug. */
const graphileLogger = new GraphileLogger(() => (level, message, meta) => {
  const fields = { graphile: true, ...(meta as object) };
  if (level === "error") logger.error(fields, message);
  else if (level === "warning") logger.warn(fields, message);
  else logger.debug(fields, message);
});

export async function startWorker(o: WorkerOptions): Promise<FluxoWorker> {
  const workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const executor = new RunExecutor({ workerId, publishMs: o.publishMs, persistMs: o.persistMs });
  const log = logger.child({ workerId });

  const taskList: TaskList = {};
  for (const t of o.tasks) {
    taskList[t.name] = async (payload) => {
      const runId = (payload as { runId?: unknown } | null)?.runId;
      if (typeof runId !== "string") {
        log.warn({ task: t.name }, "job without runId; dropped");
        return;
      }
      await executor.execute(t, runId);
    };
  }

  const unsubscribe = await pubsub().subscribe(channels.cancel, (runId) => {
    if (executor.abort(runId, "cancelled")) log.info({ runId }, "cancel received");
  });

  const cancelPoll = setInterval(() => {
    const ids = [...executor.held.keys()];
    if (ids.length === 0) return;
    findCancelling(ids)
      .then((found) => found.forEach((id) => executor.abort(id, "cancelled")))
      .catch((err: Error) => log.warn({ err: err.message }, "cancel poll failed"));
  }, o.cancelPollMs ?? 1000);
  cancelPoll.unref();

  const beat = setInterval(() => {
    heartbeat([...executor.held.keys()], workerId).catch((err: Error) => log.warn({ err: err.message }, "heartbeat failed"));
  }, o.heartbeatMs ?? 5000);
  beat.unref();

  let runner: Runner;
  try {
    runner = await runGraphile({
      connectionString: o.connectionString,
      concurrency: o.concurrency,
      pollInterval: o.pollIntervalMs,
      noHandleSignals: true,
      taskList,
      logger: graphileLogger,
      preset: { worker: { failJobBatchDelay: 0, completeJobBatchDelay: 0, maxPoolSize: Math.max(10, o.concurrency + 2) } },
    });
  } catch (err) {
    clearInterval(cancelPoll);
    clearInterval(beat);
    unsubscribe();
    throw err;
  }
  log.info({ concurrency: o.concurrency, tasks: o.tasks.map((t) => t.name) }, "worker started");

  let stopping: Promise<void> | undefined;
  return {
    workerId,
    executor,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(cancelPoll);
        clearInterval(beat);
        unsubscribe();
        executor.abortAll("shutdown");
        await runner.stop();
        log.info("worker stopped");
      })()),
  };
}
