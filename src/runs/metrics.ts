/**
 * Run metrics. Counters and the duration histogram count what this process did (workers run runs:
 * scrape every worker — WORKER_METRICS_PORT — and the web nodes); the queue gauges are read from
 * the database at scrape time, so any one process reports the whole install's queues and workers.
 */
import { Counter, Gauge, Histogram } from "prom-client";
import { metric, registry } from "@/server/metrics";
import { queueGaugeRows } from "./queue.repository";

const registers = [registry];
const tq = ["task", "queue"] as const;

export const runMetrics = {
  started: metric(
    "fluxo_runs_started_total",
    () =>
      new Counter({
        name: "fluxo_runs_started_total",
        help: "Run attempts started, by task and queue",
        labelNames: tq,
        registers,
      }),
  ),
  finished: metric(
    "fluxo_runs_finished_total",
    () =>
      new Counter({
        name: "fluxo_runs_finished_total",
        help: "Runs that ended, by task, queue and final status",
        labelNames: [...tq, "status"] as const,
        registers,
      }),
  ),
  retries: metric(
    "fluxo_run_retries_total",
    () =>
      new Counter({
        name: "fluxo_run_retries_total",
        help: "Attempts that failed and were scheduled again",
        labelNames: tq,
        registers,
      }),
  ),
  duration: metric(
    "fluxo_run_duration_seconds",
    () =>
      new Histogram({
        name: "fluxo_run_duration_seconds",
        help: "Duration of an attempt, start to end, by task, queue and outcome",
        labelNames: [...tq, "status"] as const,
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
        registers,
      }),
  ),
  sseDropped: metric(
    "fluxo_sse_slow_clients_dropped_total",
    () =>
      new Counter({
        name: "fluxo_sse_slow_clients_dropped_total",
        help: "Server-sent-event streams closed because the client read too slowly (it resumes with Last-Event-ID)",
        registers,
      }),
  ),
  sseConnections: metric(
    "fluxo_sse_connections",
    () =>
      new Gauge({ name: "fluxo_sse_connections", help: "Open server-sent-event streams in this process", registers }),
  ),
};

/**
 * Queue depth, oldest wait, dead runs and live workers, read from the database in one refresh per
 * scrape (prom-client calls the first gauge's collect before reading the other two).
 */
export function installQueueGauges(deadAfterMs: number): void {
  if (registry.getSingleMetric("fluxo_queue_runs")) return;
  const oldest = new Gauge({
    name: "fluxo_queue_oldest_waiting_seconds",
    help: "Age of the oldest run waiting to start, per queue",
    labelNames: ["queue"] as const,
  });
  const workers = new Gauge({ name: "fluxo_workers_live", help: "Worker processes with a recent heartbeat" });
  const depth = new Gauge({
    name: "fluxo_queue_runs",
    help: "Runs per queue and status (queued, scheduled, retrying, running, cancelling, dead)",
    labelNames: ["queue", "status"] as const,
    async collect() {
      const rows = await queueGaugeRows(deadAfterMs).catch(() => null);
      if (!rows) return; // the database is down: keep the last values; /api/health/ready says why
      this.reset();
      oldest.reset();
      for (const r of rows.depth) this.set({ queue: r.queue, status: r.status }, r.n);
      for (const r of rows.oldest) oldest.set({ queue: r.queue }, r.seconds);
      workers.set(rows.workers);
    },
  });
  for (const g of [depth, oldest, workers]) registry.registerMetric(g);
}
