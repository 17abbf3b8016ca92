/** Worker processes as the console shows them: live, draining, dead (beats stopped, not yet swept) or stopped. */
import { refusal } from "@/domain/shared/errors";
import { env } from "@/env";
import { listWorkers, requestDrain, runningByWorker } from "@/runs/worker.repository";

export class WorkerNotLiveError extends refusal("NOT_FOUND", "WorkerNotLiveError") {}

export async function workers(o: { includeStopped: boolean }, now = new Date()) {
  const deadAfter = env().WORKER_DEAD_AFTER_MS;
  const rows = await listWorkers({ includeStopped: o.includeStopped, limit: 200 });
  const running = await runningByWorker(rows.map((w) => w.id));
  return rows.map((w) => ({
    id: w.id,
    host: w.host,
    pid: w.pid,
    queues: w.queues,
    concurrency: w.concurrency,
    state: w.stoppedAt
      ? ("stopped" as const)
      : now.getTime() - w.lastBeatAt.getTime() > deadAfter
        ? ("dead" as const)
        : w.drainRequestedAt
          ? ("draining" as const)
          : ("live" as const),
    startedAt: w.startedAt.toISOString(),
    lastBeatAt: w.lastBeatAt.toISOString(),
    stoppedAt: w.stoppedAt?.toISOString() ?? null,
    drainRequestedAt: w.drainRequestedAt?.toISOString() ?? null,
    uptimeS: Math.round(((w.stoppedAt ?? now).getTime() - w.startedAt.getTime()) / 1000),
    running: running.get(w.id) ?? [],
  }));
}
export type WorkerDto = Awaited<ReturnType<typeof workers>>[number];

/**
 * Ask a worker to drain: at its next beat it stops taking jobs, finishes the runs it holds, and exits
 * (under `npm start` the launcher leaves it stopped). A worker that is gone answers NOT_FOUND.
 */
export async function drainWorker(id: string) {
  const w = await requestDrain(id);
  if (!w) throw new WorkerNotLiveError(`worker ${id} is not running (stopped or unknown): nothing to drain`);
  return { id: w.id, drainRequestedAt: w.drainRequestedAt!.toISOString() };
}
