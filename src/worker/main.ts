/** The worker process: dist/worker/main.mjs, bundled by scripts/build-server.mjs (started by `npm start`, or alone on any host). */
import { env, requireDirectDatabaseUrl, resetEnvCache } from "@/env";
import { closeDb } from "@/server/db";
import { closePubSub } from "@/server/pubsub";
import { closeRedis } from "@/server/redis";
import { logger } from "@/server/logger";
import { registry } from "@/server/metrics";
import { createServer } from "node:http";
import { setPriority } from "node:os";
import { startWorker } from "./runner";
import { flushMinuteStats } from "@/runs/minute-stats";
import { taskList } from "@/tasks/catalog";
import { closeKernelThreads, warmKernelThreads } from "@/server/threads/pool";
import { applyJobsTableStorage } from "@/server/migrations/jobs-storage";
import { pgPool } from "@/server/db";
import { startTracing, stopTracing } from "@/server/tracing";

const e = env();
// Traces (OTEL_EXPORTER_OTLP_ENDPOINT set): before the first job. Off, nothing is loaded.
await startTracing("worker");
// `--queues analysis,reports` (or WORKER_QUEUES): serve only those queues' tasks.
const flag = process.argv.findIndex((a) => a === "--queues" || a.startsWith("--queues="));
if (flag >= 0) {
  const a = process.argv[flag]!;
  process.env.WORKER_QUEUES = a.includes("=") ? a.slice(a.indexOf("=") + 1) : (process.argv[flag + 1] ?? "");
  resetEnvCache();
}
const queues = env().WORKER_QUEUES;
// Lower this process's CPU priority before any thread starts (threads inherit it, the kernel threads too):
// on a shared host the web's submissions and pages, and PostgreSQL, go first; computing waits a little.
try {
  setPriority(e.WORKER_NICE);
} catch (err) {
  logger.warn({ err: (err as Error).message, nice: e.WORKER_NICE }, "could not lower the worker's CPU priority");
}
warmKernelThreads(Math.min(2, e.WORKER_CONCURRENCY));
const worker = await startWorker({
  // Graphile Worker's own pool LISTENs (jobs:insert, worker:migrate) and prepares statements by name:
  // it needs sessions, so it connects directly; Fluxo's own statements go through DATABASE_URL.
  connectionString: requireDirectDatabaseUrl(),
  tasks: taskList,
  concurrency: e.WORKER_CONCURRENCY,
  pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
  publishMs: e.PROGRESS_PUBLISH_MS,
  persistMs: e.PROGRESS_PERSIST_MS,
  heartbeatMs: e.WORKER_HEARTBEAT_MS,
  deadAfterMs: e.WORKER_DEAD_AFTER_MS,
  queues,
  queueConcurrency: e.QUEUE_CONCURRENCY,
  localQueueSize: e.WORKER_LOCAL_QUEUE_SIZE,
  schedules: e.SCHEDULE_TICK_MS > 0 ? { everyMs: e.SCHEDULE_TICK_MS } : undefined,
  // A worker whose Graphile pool failed would keep beating while taking no jobs, so its runs would
  // never be recovered: exit instead (its heartbeats stop; another worker's sweeper releases its runs).
  onFatal: () => process.exit(1),
  // Drained from the console: its runs finished, it took no new ones; exit 0 (the launcher leaves it stopped).
  onDrained: () => void shutdown("drain"),
});

// Graphile migrated its schema as the worker started (a new Graphile may have recreated the jobs table):
// make sure the jobs table has its storage settings (prisma/migrations/20261207110000_hot_table_storage).
await applyJobsTableStorage(pgPool()).catch((err: unknown) =>
  logger.warn({ err: (err as Error).message }, "could not set the storage settings of Graphile's jobs table"),
);

// Prometheus: this worker's run counters and duration histogram (the queue gauges come from the web's /metrics).
const metricsServer = e.WORKER_METRICS_PORT
  ? createServer((req, res) => {
      if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
        res.writeHead(404).end();
        return;
      }
      registry
        .metrics()
        .then((body) => res.writeHead(200, { "content-type": registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
    }).listen(e.WORKER_METRICS_PORT, e.WORKER_METRICS_HOST, () =>
      logger.info({ port: e.WORKER_METRICS_PORT, host: e.WORKER_METRICS_HOST }, "worker metrics listening"),
    )
  : undefined;

let exiting = false;
async function shutdown(signal: string): Promise<void> {
  if (exiting) return;
  exiting = true;
  logger.info({ signal }, "worker shutting down");
  const force = setTimeout(() => {
    logger.error("worker did not stop within 15 s; exiting");
    process.exit(1);
  }, 15_000);
  force.unref();
  try {
    await worker.stop();
    metricsServer?.close();
  } finally {
    await closeKernelThreads();
    await flushMinuteStats().catch(() => {}); // the console's last few seconds of per-minute counts
    await Promise.allSettled([closePubSub(), closeRedis(), closeDb(), stopTracing()]);
    process.exit(0);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
