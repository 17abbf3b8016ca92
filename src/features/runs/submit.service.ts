/**
 * Starting any task by name for a person — one run, or a batch in one statement — with the enqueue
 * options (priority, delay, idempotency key, concurrency key). Throws the run layer's errors
 * (ZodError, EnqueueOptionError, IdempotencyConflictError; EnqueueItemError naming a batch item) and
 * TaskNotAllowedError; the routes translate them.
 */
import { startableTask } from "@/runs/task-access";
import type { Viewer } from "@/accounts/viewer";
import type { AnyTask } from "@/runs/define-task";
import type { TaskCatalog } from "@/runs/task-catalog";
import {
  enqueue,
  enqueueMany,
  EnqueueItemError,
  inputHash,
  type EnqueueItem,
  type EnqueueOptions,
} from "@/runs/enqueue";
import type { RunStatus } from "@/runs/status";
import { originOption } from "@/runs/origin";

/** The task does not exist, or the person may not start it (workflow parents; system tasks unless admin). */
export class TaskNotAllowedError extends Error {
  override name = "TaskNotAllowedError";
}

/** The enqueue options a person may give. */
export type SubmitOptions = Pick<
  EnqueueOptions,
  "priority" | "delayMs" | "runAt" | "idempotencyKey" | "concurrencyKey" | "concurrencyLimit" | "originRunId"
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

/** The task if the viewer may start it: not a workflow parent; a system task only for an admin. */
const allowedTask = (registry: TaskCatalog, viewer: Viewer, name: string): AnyTask =>
  startableTask(registry, viewer, name, (message) => new TaskNotAllowedError(message));

/** What an idempotency key compares: the submission as the person sent it (before `complete` draws a seed). */
const requestHash = (t: AnyTask, input: unknown) => inputHash(t.name, input ?? null);

/** Start any task a person may run, with its input completed (the task's `complete` hook) and checked. */
export async function submitRun(
  tasks: TaskCatalog,
  viewer: Viewer,
  task: string,
  input: unknown,
  { originRunId, ...opts }: SubmitOptions = {},
): Promise<Submitted> {
  const t = allowedTask(tasks, viewer, task);
  const completed = t.complete ? t.complete(input) : input;
  const origin = await originOption(viewer, t.name, originRunId);
  const run = await enqueue(t, completed, {
    ...opts,
    ...origin,
    ownerId: viewer.id,
    requestHash: requestHash(t, input),
  });
  return { runId: run.id, status: run.status, replayed: run.replayed === true };
}

/**
 * Start many runs in one statement: every item's task is checked and its input completed first; the
 * first bad item throws EnqueueItemError naming its index, and then nothing is written. An item whose
 * idempotency key already names a run gets that run.
 */
export async function submitRuns(
  tasks: TaskCatalog,
  viewer: Viewer,
  items: readonly SubmitItem[],
): Promise<SubmittedItem[]> {
  const registry = tasks;
  const prepared: EnqueueItem[] = [];
  for (const [index, it] of items.entries()) {
    try {
      const t = allowedTask(registry, viewer, it.task);
      const { originRunId, ...opts } = it.opts ?? {};
      prepared.push({
        task: t,
        input: t.complete ? t.complete(it.input) : it.input,
        opts: {
          ...opts,
          ...(await originOption(viewer, t.name, originRunId)),
          ownerId: viewer.id,
          requestHash: requestHash(t, it.input),
        },
      });
    } catch (e) {
      throw new EnqueueItemError(index, e);
    }
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
