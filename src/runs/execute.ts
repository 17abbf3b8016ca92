/**
 * The task wrapper's runtime: runs one attempt of a run inside a worker process and decides what
 * happens next (succeeded, retrying with backoff, failed, dead, cancelled, handed back on shutdown).
 * Every status change goes through `transition` (compare-and-set + RunEvent).
 */
import { logger } from "@/server/logger";
import { attemptLimits, backoffDelay, type AnyTask, type TaskContext } from "./define-task";
import { NonRetriableError, serializeError, type AbortReason } from "./errors";
import { outputMismatch } from "./task-result";
import { publishRunMessage, statusMessage } from "./events";
import { rememberResult } from "./enqueue";
import { graphilePriority } from "./run-batch.repository";
import { ProgressReporter } from "./progress";
import { lazyPartial } from "./partial";
import { findRun, type RunRow } from "./run.repository";
import { appendLog } from "./run-events.repository";
import { releaseSlots } from "./queue.repository";
import { startAttempt, transition, type TransitionArgs } from "./writer";
import type { SlotKey } from "./run-batch.repository";
import { holdRollUp } from "./workflow";
import { afterEnd } from "./after-end";
import type { TaskCatalog } from "./task-catalog";
import { runMetrics } from "./metrics";
import { tracingOn } from "@/server/tracing";
import { noteOutcome, tracedAttempt } from "./run-tracing";

/** The statuses a run waits to start in. */
const WAITING: RunRow["status"][] = ["queued", "retrying", "scheduled"];

/** The attempt a worker holds: its writes apply only while it still holds it. */
type Guard = { attempt: number; workerId: string };

export interface ExecutorOptions {
  workerId: string;
  /** Every task this process knows (not only those it serves): workflows start their next steps from it. */
  tasks: TaskCatalog;
  publishMs: number;
  persistMs: number;
}

/** What a worker process holds: one AbortController per running run. */
export class RunExecutor {
  readonly held = new Map<string, AbortController>();
  /** Runs holding concurrency slots here → the slots, and whether their last transition gave them back. */
  private readonly slots = new Map<string, { keys: SlotKey[]; released: boolean }>();
  constructor(readonly o: ExecutorOptions) {}

  abort(runId: string, reason: AbortReason): boolean {
    const c = this.held.get(runId);
    if (!c || c.signal.aborted) return false;
    c.abort(reason);
    return true;
  }

  abortAll(reason: AbortReason): void {
    for (const id of this.held.keys()) this.abort(id, reason);
  }

  /** Run one attempt of `runId` with `task`. Throws only on infrastructure errors (Graphile retries). */
  async execute(task: AnyTask, runId: string): Promise<void> {
    // The common case in one (batched) statement: a waiting run takes a slot of each scope it needs
    // (its queue, its concurrency key) and starts. Without a free slot (or while its queue is paused)
    // the run stays as it is and its job was deferred in that same statement; a freed slot wakes it.
    const claimed = await startAttempt(this.startArgs(runId));
    if (claimed.answer === "ok") return this.holdingSlot(runId, claimed.slots, () => this.traced(task, claimed.row));
    if (claimed.answer === "full" || claimed.answer === "paused") return;

    let run = await findRun(runId);
    if (!run) {
      logger.warn({ runId, task: task.name }, "job for a run that does not exist; dropped");
      return;
    }
    if (run.status === "cancelling") {
      await this.finish(run.id, ["cancelling"], "cancelled", { reason: "cancelled before start" });
      return;
    }
    if (run.status === "running") {
      // A previous holder died mid-run and the job came back: count that attempt as failed.
      run =
        (await transition({
          id: runId,
          from: ["running"],
          to: "retrying",
          // The crash was not the task's doing: the lost attempt is not charged to its retry budget.
          patch: {
            error: {
              name: "WorkerLost",
              message: `worker ${run.workerId ?? "?"} stopped during attempt ${run.attempt}`,
            },
            maxAttemptsDelta: 1,
          },
          event: { reason: "worker lost" },
        })) ?? run;
    }
    if (!WAITING.includes(run.status)) return; // terminal, or someone else has it
    const again = await startAttempt(this.startArgs(runId));
    if (again.answer === "ok") await this.holdingSlot(runId, again.slots, () => this.traced(task, again.row));
  }

  /** The attempt, in its span when tracing is on (src/runs/run-tracing.ts). */
  private traced(task: AnyTask, started: RunRow): Promise<void> {
    if (!tracingOn()) return this.attempt(task, started);
    return tracedAttempt(started, this.o.workerId, () => this.attempt(task, started));
  }

  private startArgs(runId: string) {
    return {
      id: runId,
      from: WAITING,
      to: "running" as const,
      patch: {
        attemptDelta: 1,
        workerId: this.o.workerId,
        heartbeatNow: true,
        startedNow: true,
        progress: 0,
        stage: null,
        message: null,
        etaAt: null,
      },
      event: { workerId: this.o.workerId },
      claimSlots: { workerId: this.o.workerId },
    };
  }

  /** `body` runs while the run holds its slot; the slot is given back by the run's last transition
   * (releaseSlot in the same statement) or, when that did not happen, here. */
  private async holdingSlot(runId: string, keys: SlotKey[], body: () => Promise<void>): Promise<void> {
    this.slots.set(runId, { keys, released: false });
    try {
      await body();
    } finally {
      const released = this.slots.get(runId)?.released;
      this.slots.delete(runId);
      if (!released)
        await releaseSlots(runId).catch((err: Error) =>
          logger.warn({ runId, err: err.message }, "could not release queue slot; the sweeper will"),
        );
    }
  }

  /** One attempt of a run that holds a slot of its queue and has just been moved to running. */
  private async attempt(task: AnyTask, started: RunRow): Promise<void> {
    const runId = started.id;
    runMetrics.started.inc({ task: started.task, queue: started.queue });
    void publishRunMessage(statusMessage(started));

    const controller = new AbortController();
    this.held.set(runId, controller);
    const log = logger.child({ runId, task: task.name, attempt: started.attempt });
    const progress = new ProgressReporter(runId, {
      publishMs: this.o.publishMs,
      persistMs: this.o.persistMs,
      ownerId: started.ownerId,
    });
    const partial = lazyPartial(runId, { ...this.o, ownerId: started.ownerId, enqueue: (w) => progress.enqueue(w) });
    // A workflow step: its parent's progress follows this one's (about once per persisted snapshot).
    const releaseRollUp = started.parentId ? holdRollUp(started.parentId, this.o.persistMs) : undefined;
    const limits = attemptLimits(task, started.timeoutMs);
    const softTimer = limits
      ? setTimeout(() => controller.abort("timeout" satisfies AbortReason), limits.softMs)
      : undefined;
    let hardTimer: NodeJS.Timeout | undefined;
    const hardLimit = new Promise<"hard">((resolve) => {
      if (limits) hardTimer = setTimeout(() => resolve("hard"), limits.hardMs);
    });

    const ctx: TaskContext = {
      runId,
      attempt: started.attempt,
      signal: controller.signal,
      progress: (f, stage, message) => progress.report(f, stage, message),
      partial: partial.report,
      log: async (message, level = "info") => {
        const seq = await appendLog(runId, level, message);
        if (seq !== null)
          void publishRunMessage({
            type: "log",
            runId,
            ownerId: started.ownerId,
            seq,
            level,
            message,
            at: new Date().toISOString(),
          });
      },
      logger: log,
      tasks: this.o.tasks,
    };

    const attempt = (async () => {
      const parsed = task.input.safeParse(started.input);
      if (!parsed.success)
        throw new NonRetriableError(
          `invalid input: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
      const value = await task.handler(parsed.data, ctx);
      // The result must match the task's output schema; what is stored is the parsed value. A
      // mismatch is a bug in the task: another attempt would return the same, so no retry.
      const checked = task.output.safeParse(value);
      if (!checked.success) throw new NonRetriableError(outputMismatch(task.name, checked.error));
      return checked.data;
    })().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    let outcome: Awaited<typeof attempt> | "hard";
    try {
      // Past the hard limit a handler that ignored its signal is abandoned: its outcome is never written.
      outcome = await Promise.race([attempt, hardLimit]);
    } finally {
      clearTimeout(softTimer);
      clearTimeout(hardTimer);
      releaseRollUp?.();
      this.held.delete(runId);
      partial.close(); // its last result, persisted before the run's status changes
      await progress.close();
    }
    const guard = { attempt: started.attempt, workerId: this.o.workerId };
    if (outcome === "hard") {
      log.warn({ hardMs: limits?.hardMs }, "handler ignored its time limit; abandoned");
      await this.finish(runId, ["running"], "failed", {
        reason: "hard timeout",
        error: {
          name: "TimeoutError",
          message: `attempt ${started.attempt} passed its hard time limit (${limits?.hardMs} ms); the handler was abandoned`,
        },
        guard,
      });
      return;
    }

    const reason = controller.signal.aborted ? (controller.signal.reason as AbortReason) : undefined;
    if (reason === "cancelled") {
      await this.finish(runId, ["cancelling"], "cancelled", { reason: "cancelled while running", guard });
    } else if (reason === "shutdown") {
      await this.handBack(task, started, guard);
    } else if (reason === "timeout") {
      await this.finish(runId, ["running"], "failed", {
        reason: "timeout",
        error: {
          name: "TimeoutError",
          message: `attempt ${started.attempt} passed its soft time limit (${limits?.softMs} ms)`,
        },
        guard,
      });
    } else if (outcome.ok) {
      const done = await this.finish(runId, ["running"], "succeeded", { result: outcome.value ?? null, guard });
      if (done?.status === "succeeded" && started.memoKey)
        await rememberResult(task, started.memoKey, { runId, result: outcome.value ?? null });
    } else {
      await this.failed(task, started, outcome.error, log, guard);
    }
  }

  private async failed(task: AnyTask, run: RunRow, error: unknown, log: typeof logger, guard: Guard): Promise<void> {
    const err = serializeError(error);
    const nonRetriable =
      error instanceof NonRetriableError ||
      (error instanceof Error && (error as { retriable?: boolean }).retriable === false);
    if (nonRetriable) {
      log.info({ err: err.message }, "run failed (non-retriable)");
      await this.finish(run.id, ["running"], "failed", { error: err, reason: "non-retriable error", guard });
      return;
    }
    if (run.attempt >= run.maxAttempts) {
      log.warn({ err: err.message }, "run dead: attempts exhausted");
      await this.finish(run.id, ["running"], "dead", {
        error: err,
        reason: `attempts exhausted (${run.attempt}/${run.maxAttempts})`,
        guard,
      });
      return;
    }
    const delay = backoffDelay(task.retry, run.attempt);
    const runAt = new Date(Date.now() + delay);
    log.info({ err: err.message, delay }, "run will retry");
    const row = await this.end({
      id: run.id,
      from: ["running"],
      to: "retrying",
      patch: { error: err, runAt },
      event: {
        reason: "retriable error",
        retryAt: runAt.toISOString(),
        error: { name: err.name, message: err.message },
      },
      requeue: { task: task.name, runAt, priority: graphilePriority(run.priority) },
      guard,
    });
    if (row) {
      runMetrics.retries.inc({ task: row.task, queue: row.queue });
      void publishRunMessage(statusMessage(row, "retriable error"));
    } else await this.finish(run.id, ["cancelling"], "cancelled", { reason: "cancelled while running", guard });
  }

  /** Graceful shutdown: give the run back for another worker; the interrupted attempt does not count. */
  private async handBack(task: AnyTask, run: RunRow, guard: Guard): Promise<void> {
    const row = await this.end({
      id: run.id,
      from: ["running"],
      to: "retrying",
      patch: { attemptDelta: -1, runAt: new Date() },
      event: { reason: "worker shutdown" },
      requeue: { task: task.name, runAt: new Date(), priority: graphilePriority(run.priority) },
      guard,
    });
    if (row) void publishRunMessage(statusMessage(row, "worker shutdown"));
    else await this.finish(run.id, ["cancelling"], "cancelled", { reason: "cancelled while running", guard });
  }

  /** A transition out of running (or of a run that never started): gives the queue slot back with it. */
  private async end(a: TransitionArgs): Promise<RunRow | null> {
    const held = this.slots.get(a.id);
    const row = await transition({ ...a, releaseSlot: held ? held.keys : true });
    if (row && held) held.released = true;
    if (row) noteOutcome(row); // on the attempt's span (tracing on)
    return row;
  }

  private async finish(
    runId: string,
    from: RunRow["status"][],
    to: "succeeded" | "failed" | "dead" | "cancelled",
    o: { result?: unknown; error?: ReturnType<typeof serializeError>; reason?: string; guard?: Guard },
  ): Promise<RunRow | null> {
    let row = await this.end({
      id: runId,
      from,
      to,
      patch: {
        finishedNow: true,
        ...(to === "succeeded" ? { progress: 1, result: o.result, error: null, etaAt: null } : {}),
        ...(o.error ? { error: o.error } : {}),
      },
      guard: o.guard,
      event: {
        ...(o.reason ? { reason: o.reason } : {}),
        ...(o.error ? { error: { name: o.error.name, message: o.error.message } } : {}),
      },
    });
    // A cancel that arrived while the run was finishing wins: the user asked for it.
    if (!row && to !== "cancelled")
      row = await this.end({
        id: runId,
        from: ["cancelling"],
        to: "cancelled",
        patch: { finishedNow: true },
        event: { reason: "cancelled while running" },
        guard: o.guard,
      });
    if (row) {
      void publishRunMessage(statusMessage(row, o.reason));
      const labels = { task: row.task, queue: row.queue, status: row.status };
      runMetrics.finished.inc(labels);
      if (row.startedAt && row.finishedAt)
        runMetrics.duration.observe(labels, (row.finishedAt.getTime() - row.startedAt.getTime()) / 1000);
    }
    if (row) afterEnd(row, this.o.tasks);
    return row;
  }
}
