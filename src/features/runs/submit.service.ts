/**
 * Starting any task by name for a person — one run, or a batch in one statement — with the enqueue
 * options (priority, delay, idempotency key, concurrency key). Throws the run layer's errors
 * (ZodError, EnqueueOptionError, IdempotencyConflictError; EnqueueItemError naming a batch item) and
 * TaskNotAllowedError; the routes translate them.
 */
import type { Viewer } from "@/accounts/viewer";
import type { AnyTask } from "@/runs/define-task";
import {
  enqueue,
  enqueueMany,
  EnqueueItemError,
  IdempotencyConflictError,
  type EnqueueItem,
  type EnqueueOptions,
} from "@/runs/enqueue";
import { findByIdempotencyKey } from "@/runs/run-batch.repository";
import { findRun } from "@/runs/run.repository";
import { completeLike } from "./complete-like";
import type { RunStatus } from "@/runs/status";

/** The task does not exist, or the person may not start it (workflow parents; system tasks unless admin). */
export class TaskNotAllowedError extends Error {
  override name = "TaskNotAllowedError";
}

/** The enqueue options a person may give. */
export type SubmitOptions = Pick<
  EnqueueOptions,
  "priority" | "delayMs" | "runAt" | "idempotencyKey" | "concurrencyKey" | "concurrencyLimit"
>;

export interface Submitted {
  runId: string;
  status: RunStatus;
  /** The idempotency key already named this run: nothing new was queued. */
  replayed: boolean;
}

export interface SubmitItem {
  task: string;
  input: unknown;
  opts?: SubmitOptions;
}

export interface SubmittedItem {
  index: number;
  runId: string | null;
  status: RunStatus | null;
  /** Only when runId is null: why the item has no run. */
  error?: string;
}

async function tasks(): Promise<ReadonlyMap<string, AnyTask>> {
  const { taskRegistry } = await import("@/runs/registry");
  await import("@/worker/tasks");
  return taskRegistry();
}

/** The task if the viewer may start it: not a workflow parent; a system task only for an admin. */
function allowedTask(registry: ReadonlyMap<string, AnyTask>, viewer: Viewer, name: string): AnyTask {
  const t = registry.get(name);
  if (t && (!t.system || viewer.role === "admin")) return t;
  const names = [...registry.values()].filter((x) => !x.system || viewer.role === "admin").map((x) => x.name);
  throw new TaskNotAllowedError(`task must be one of ${names.join(", ")}`);
}

/**
 * The task's completion of `input`. When the submission's idempotency key already names a run, the
 * completion that run's input got (the same seed): a retry must not look like a different input.
 */
async function completeFor(t: AnyTask, input: unknown, earlierRunId?: string): Promise<unknown> {
  if (!t.complete) return input;
  if (!earlierRunId) return t.complete(input);
  return completeLike(t.complete, input, (await findRun(earlierRunId))?.input);
}

/** Start any task a person may run, with its input completed (the task's `complete` hook) and checked. */
export async function submitRun(
  viewer: Viewer,
  task: string,
  input: unknown,
  opts: SubmitOptions = {},
): Promise<Submitted> {
  const t = allowedTask(await tasks(), viewer, task);
  const o = { ...opts, ownerId: viewer.id };
  // enqueue hands back the run a key already names without saying so: look first.
  const prior = opts.idempotencyKey ? await findByIdempotencyKey(viewer.id, t.name, opts.idempotencyKey) : null;
  try {
    const run = await enqueue(t, await completeFor(t, input, prior?.runId), o);
    return { runId: run.id, status: run.status, replayed: prior?.runId === run.id };
  } catch (e) {
    // A submit with the key got in between the look and the enqueue: judge this one against its run.
    if (!(e instanceof IdempotencyConflictError) || prior || !t.complete) throw e;
    const run = await enqueue(t, await completeFor(t, input, e.runId), o);
    return { runId: run.id, status: run.status, replayed: run.id === e.runId };
  }
}

/**
 * Start many runs in one statement: every item's task is checked and its input completed first; the
 * first bad item throws EnqueueItemError naming its index, and then nothing is written. An item whose
 * idempotency key already names a run gets that run.
 */
export async function submitRuns(viewer: Viewer, items: readonly SubmitItem[]): Promise<SubmittedItem[]> {
  const registry = await tasks();
  const prepared: EnqueueItem[] = items.map((it, index) => {
    try {
      const t = allowedTask(registry, viewer, it.task);
      return { task: t, input: t.complete ? t.complete(it.input) : it.input, opts: { ...it.opts, ownerId: viewer.id } };
    } catch (e) {
      throw new EnqueueItemError(index, e);
    }
  });
  // Items whose key already names a run complete as that run did (once every item is known to be good).
  for (const [index, p] of prepared.entries()) {
    const key = p.opts?.idempotencyKey;
    if (!key || !p.task.complete) continue;
    const prior = await findByIdempotencyKey(viewer.id, p.task.name, key);
    if (prior) p.input = await completeFor(p.task, items[index]!.input, prior.runId);
  }
  const rows = await enqueueMany(prepared);
  return rows.map((r, index) =>
    r
      ? { index, runId: r.id, status: r.status }
      : {
          index,
          runId: null,
          status: null,
          // enqueueMany's only null for a person's batch: the key was taken meanwhile with another input.
          error: `idempotencyKey "${items[index]?.opts?.idempotencyKey ?? ""}" was taken meanwhile by a run with a different input; nothing was queued for this item`,
        },
  );
}
