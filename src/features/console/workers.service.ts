/** Worker processes as the console shows them: live, dead (beats stopped, not yet swept) or stopped. */
import { env } from "@/env";
import { listWorkers, runningByWorker } from "@/runs/worker.repository";

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
        : ("live" as const),
    startedAt: w.startedAt.toISOString(),
    lastBeatAt: w.lastBeatAt.toISOString(),
    stoppedAt: w.stoppedAt?.toISOString() ?? null,
    uptimeS: Math.round(((w.stoppedAt ?? now).getTime() - w.startedAt.getTime()) / 1000),
    running: running.get(w.id) ?? [],
  }));
}
export type WorkerDto = Awaited<ReturnType<typeof workers>>[number];
