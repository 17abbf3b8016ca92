/**
 * A Fluxo worker: Graphile Worker underneath, Fluxo's run lifecycle on top — per-run abort
 * controllers, cancel requests heard over pub/sub and by polling, a registered `workers` row with
 * heartbeats (its own and its held runs'), and the dead-worker sweeper (src/runs/sweeper.ts).
 *
 * Sweeping: Graphile cron's finest granularity is one minute, too coarse for ~20 s detection, so
 * every worker also sweeps on a timer (default every min(10 s, deadAfterMs / 2), and once at start);
 * the cron item is the backstop. Concurrent sweeps are safe (advisory lock + row locks).
 */
import os from "node:os";
import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import {
  Logger as GraphileLogger,
  makeWorkerUtils,
  run as runGraphile,
  type Runner,
  type TaskList,
  type WorkerEvents,
  type WorkerUtils,
} from "graphile-worker";
import type { AnyTask } from "@/runs/define-task";
import { RunExecutor } from "@/runs/execute";
import { tickSchedules } from "@/runs/scheduler";
import { taskCatalog } from "@/runs/task-catalog";
import { ensureQueues, updateQueue } from "@/runs/queue.repository";
import { DEFAULT_QUEUE_CONCURRENCY, type QueueName } from "@/runs/queues";
import { findCancelling } from "@/runs/run-query.repository";
import { SWEEP_TASK, sweepDeadWorkers } from "@/runs/sweeper";
import { beatWorker, markWorkerStopped, registerWorker, setGraphileWorkerId } from "@/runs/worker.repository";
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
  /** How often the worker beats (its row + held runs' heartbeat_at). Default 5000. */
  heartbeatMs?: number;
  /** No beat for this long → dead; its jobs are released for retry. Default 20000. */
  deadAfterMs?: number;
  /** How often this worker runs the sweeper. Default min(10000, deadAfterMs / 2). */
  sweepIntervalMs?: number;
  /** Run the sweeper (timer + Graphile cron) in this worker. Default true. */
  sweep?: boolean;
  /** Serve only these queues' tasks (default: every task given). */
  queues?: readonly QueueName[];
  /** Set these queues' concurrency (across all workers) at start. */
  queueConcurrency?: Partial<Record<QueueName, number>>;
  /** Tick schedules every `everyMs` (any task of `tasks` may be scheduled, served here or not). */
  schedules?: { everyMs: number };
  /**
   * Graphile's local queue: jobs fetched this many at a time and handed out in-process (0: one fetch
   * per job). Default concurrency + 1, as Graphile recommends. Measured here at 8 and 32 concurrent
   * no-op runs: +20–60 % throughput, no change at 1. The trade-off: a worker that dies holds that many
   * more locked jobs until the sweeper releases them (deadAfterMs), and a later higher-priority job
   * waits behind the ones already fetched.
   */
  localQueueSize?: number;
  /**
   * Graphile's worker pool failed (it could not record a job's outcome, e.g. PostgreSQL restarted) or
   * its runner stopped on its own: this worker no longer takes jobs. Its timers are stopped first (no
   * more heartbeats, so another worker's sweeper releases its runs); the process should exit and be
   * restarted.
   */
  onFatal?: (err: Error) => void;
  /** The worker drained (asked from the console) and stopped: the process should exit. */
  onDrained?: () => void;
}

export interface FluxoWorker {
  readonly workerId: string;
  /** Graphile's id of this worker's pool: the `locked_by` of the jobs it holds. */
  readonly graphileWorkerId: string | undefined;
  readonly executor: RunExecutor;
  /** Graceful: running runs are handed back for retry, then Graphile stops. */
  stop(): Promise<void>;
  /** Take no new jobs, let the runs held finish, then stop (the console's Drain; also at the next beat). */
  drain(): Promise<void>;
}

/** Graphile's own messages go to our logger: warnings and errors as such, the per-job chatter at debug. */
const graphileLogger = new GraphileLogger(() => (level, message, meta) => {
  const fields = { graphile: true, ...(meta as object) };
  if (level === "error") logger.error(fields, message);
  else if (level === "warning") logger.warn(fields, message);
  else logger.debug(fields, message);
});

export async function startWorker(opts: WorkerOptions): Promise<FluxoWorker> {
  const o = { ...opts, tasks: opts.queues ? opts.tasks.filter((t) => opts.queues!.includes(t.queue)) : opts.tasks };
  const workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const catalog = taskCatalog(opts.tasks); // all of them: a workflow step or a schedule may name any
  const executor = new RunExecutor({ workerId, tasks: catalog, publishMs: o.publishMs, persistMs: o.persistMs });
  const log = logger.child({ workerId });
  const heartbeatMs = o.heartbeatMs ?? 5000;
  const deadAfterMs = o.deadAfterMs ?? 20_000;
  const sweepIntervalMs = o.sweepIntervalMs ?? Math.min(10_000, Math.max(250, Math.floor(deadAfterMs / 2)));
  const sweepEnabled = o.sweep ?? true;
  const identity = {
    id: workerId,
    host: os.hostname(),
    pid: process.pid,
    queues: [...new Set(o.tasks.map((t) => t.queue))].sort(),
    concurrency: o.concurrency,
  };
  let graphileWorkerId: string | undefined;
  await registerWorker(identity);
  await ensureQueues(
    Object.fromEntries(identity.queues.map((q) => [q, DEFAULT_QUEUE_CONCURRENCY[q as QueueName] ?? 8])),
  );
  for (const [q, n] of Object.entries(o.queueConcurrency ?? {})) await updateQueue(q, { concurrency: n });

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

  let utils: WorkerUtils | undefined;
  let sweeping: Promise<void> | undefined;
  const sweep = () =>
    (sweeping ??= (async () => {
      try {
        utils ??= await makeWorkerUtils({ connectionString: o.connectionString, logger: graphileLogger });
        await sweepDeadWorkers({ deadAfterMs, utils });
      } catch (err) {
        log.warn({ err: (err as Error).message }, "dead-worker sweep failed");
      } finally {
        sweeping = undefined;
      }
    })());
  if (sweepEnabled) taskList[SWEEP_TASK] = () => sweep();

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
    beatWorker(workerId, [...executor.held.keys()])
      .then(async (b) => {
        if (b.wasStopped) log.warn("this worker had been declared dead (no beat in time); it beats again");
        if (b.drain) void drain();
        if (!b.found) await registerWorker({ ...identity, graphileWorkerId: graphileWorkerId ?? null });
      })
      .catch((err: Error) => log.warn({ err: err.message }, "heartbeat failed"));
  }, heartbeatMs);
  beat.unref();

  const sweepTimer = sweepEnabled ? setInterval(() => void sweep(), sweepIntervalMs) : undefined;
  sweepTimer?.unref();

  let ticking: Promise<unknown> | undefined;
  const tickTimer = o.schedules
    ? setInterval(() => {
        ticking ??= tickSchedules(catalog)
          .catch((err: Error) => log.warn({ err: err.message }, "schedule tick failed"))
          .finally(() => (ticking = undefined));
      }, o.schedules.everyMs)
    : undefined;
  tickTimer?.unref();
  const clearTimers = () => {
    clearInterval(cancelPoll);
    clearInterval(beat);
    if (sweepTimer) clearInterval(sweepTimer);
    if (tickTimer) clearInterval(tickTimer);
  };

  // Graphile 0.17 locks jobs with its pool's id (`pool-<random>`), announced by `pool:create`.
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => {
    graphileWorkerId = workerPool.id;
  });

  let runner: Runner;
  let stopping: Promise<void> | undefined;
  let draining: Promise<void> | undefined;
  const localQueueSize = o.localQueueSize ?? o.concurrency + 1;
  try {
    runner = await runGraphile({
      connectionString: o.connectionString,
      concurrency: o.concurrency,
      pollInterval: o.pollIntervalMs,
      noHandleSignals: true,
      taskList,
      events,
      ...(sweepEnabled ? { crontab: `* * * * * ${SWEEP_TASK} ?max=1` } : {}),
      logger: graphileLogger,
      preset: {
        worker: {
          failJobBatchDelay: 0,
          completeJobBatchDelay: 0,
          maxPoolSize: Math.max(10, o.concurrency + 2),
          ...(localQueueSize > 0 ? { localQueue: { size: localQueueSize } } : {}),
        },
      },
    });
  } catch (err) {
    clearTimers();
    unsubscribe();
    await markWorkerStopped(workerId).catch(() => {});
    await utils?.release();
    throw err;
  }
  if (graphileWorkerId) await setGraphileWorkerId(workerId, graphileWorkerId);
  else
    log.warn(
      "Graphile did not announce its worker pool id; the sweeper will find this worker's locks through its runs",
    );
  if (sweepEnabled) void sweep();
  let failed = false;
  const fatal = (err: Error) => {
    if (stopping || draining || failed) return;
    failed = true;
    log.error({ err: err.message }, "Graphile's worker pool failed: this worker takes no more jobs");
    clearTimers();
    unsubscribe();
    o.onFatal?.(err);
  };
  // A job's outcome that cannot be written (PostgreSQL gone) makes Graphile shut the pool down; that
  // shutdown may itself hang while the database is away, so the fatal error is the signal.
  events.on("pool:fatalError", ({ error, action }) =>
    fatal(new Error(`${action}: ${error instanceof Error ? error.message : String(error)}`)),
  );
  runner.promise.then(
    () => fatal(new Error("the runner ended without stop()")),
    (err: unknown) => fatal(err instanceof Error ? err : new Error(String(err))),
  );
  log.info({ concurrency: o.concurrency, tasks: o.tasks.map((t) => t.name), graphileWorkerId }, "worker started");

  let runnerStopped: Promise<void> | undefined;
  const stopRunner = () => (runnerStopped ??= runner.stop());
  const release = async () => {
    clearTimers();
    unsubscribe();
    await sweeping;
    await ticking;
    await utils?.release();
    await markWorkerStopped(workerId).catch((err: Error) =>
      log.warn({ err: err.message }, "could not mark worker stopped"),
    );
  };
  function stop(): Promise<void> {
    return (stopping ??= (async () => {
      executor.abortAll("shutdown");
      await stopRunner();
      await release();
      log.info("worker stopped");
    })());
  }
  // Drain: Graphile stops fetching (its local queue hands back what it had fetched) and waits for the
  // jobs running to end; this worker keeps beating and honouring cancels meanwhile, then stops.
  function drain(): Promise<void> {
    if (stopping) return stopping;
    return (draining ??= (async () => {
      log.info({ running: executor.held.size }, "draining: finishing the runs held, taking no new ones");
      if (tickTimer) clearInterval(tickTimer);
      if (sweepTimer) clearInterval(sweepTimer);
      await stopRunner();
      if (!stopping) {
        stopping = release();
        await stopping;
        log.info("worker drained and stopped");
        o.onDrained?.();
      }
    })());
  }

  return {
    workerId,
    get graphileWorkerId() {
      return graphileWorkerId;
    },
    executor,
    stop,
    drain,
  };
}
