/** The only way work enters Fluxo: a Run row and its Graphile job, in one statement. */
import { createHash, randomUUID } from "node:crypto";
import { cache } from "@/server/cache";
import { logger } from "@/server/logger";
import { findMemoResult, insertCachedRun, insertRunWithJob, type NewRun, type RunRow } from "./run.repository";
import { publishRunMessage, statusMessage } from "./events";
import { MAX_TIMEOUT_MS, type AnyTask } from "./define-task";
import { canonicalJson } from "@/server/canonical-json";
import { env } from "@/env";

export { canonicalJson };

/** Graphile-level attempts: only infrastructure failures (DB down mid-write) reach Graphile's retry. */
export const GRAPHILE_MAX_ATTEMPTS = 10;

export interface EnqueueOptions {
  ownerId?: string | null;
  priority?: number;
  runAt?: Date;
  parentId?: string | null;
  rootId?: string | null;
  timeoutMs?: number;
  /** Memoised tasks: the key identical inputs share (default: the input hash). */
  memoKey?: string;
  /** Memoised tasks: compute again even when an identical run's result is at hand. */
  fresh?: boolean;
  /** A run started by hand from a schedule ("run now"): part of its history, with no slot. */
  scheduleId?: string;
  /** A workflow child's place in its parent (unique per parent). */
  step?: number;
}

/** The workflow step already has its run (another sibling's finish started it first). */
export class StepTakenError extends Error {
  constructor(
    readonly parentId: string,
    readonly step: number,
  ) {
    super(`step ${step} of workflow ${parentId} has already started`);
  }
}

/** The run of one schedule slot, or null when that slot already has its run. */
export async function enqueueScheduled<I>(
  task: AnyTask<I>,
  input: I,
  o: { ownerId: string | null; scheduleId: string; slot: Date },
): Promise<RunRow | null> {
  const parsed = task.input.parse(input);
  const row = await insertRunWithJob(
    { ...newRun(task, parsed, { ownerId: o.ownerId }), scheduleId: o.scheduleId, scheduleSlot: o.slot },
    GRAPHILE_MAX_ATTEMPTS,
  );
  if (row) void publishRunMessage(statusMessage(row, "scheduled"));
  return row;
}

/** Transient data (the data_collection queue) is kept 1 h unless its task says otherwise; the rest RUN_RETENTION_DAYS. */
export function retentionMs(task: AnyTask): number {
  return task.resultTtlMs ?? (task.queue === "data_collection" ? 3_600_000 : env().RUN_RETENTION_DAYS * 86_400_000);
}

function newRun(task: AnyTask, parsed: unknown, opts: EnqueueOptions, memoKey: string | null = null): NewRun {
  return {
    id: randomUUID(),
    task: task.name,
    queue: task.queue,
    input: parsed,
    inputHash: inputHash(task.name, parsed),
    maxAttempts: task.retry.attempts,
    priority: opts.priority ?? 0,
    runAt: opts.runAt,
    timeoutMs: opts.timeoutMs ?? task.timeout?.softMs ?? null,
    ownerId: opts.ownerId ?? null,
    parentId: opts.parentId ?? null,
    rootId: opts.rootId ?? opts.parentId ?? null,
    expiresAt: new Date(Date.now() + retentionMs(task)),
    memoKey,
    scheduleId: opts.scheduleId ?? null,
    step: opts.step ?? null,
  };
}

/** Cache namespace of a memoised task's results. */
/** Cache namespaces are lower case: camelCase task names are written kebab-case (forecast.howMany → forecast.how-many). */
export const memoNamespace = (task: string) => `run-results:${task.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export interface MemoEntry {
  runId: string;
  result: unknown;
}

/** Remember a memoised task's result for identical inputs (best effort: never fails the run). */
export async function rememberResult(task: AnyTask, memoKey: string, entry: MemoEntry): Promise<void> {
  if (!task.memoize) return;
  await cache()
    .set(memoNamespace(task.name), memoKey, entry, { ttlMs: task.memoize.ttlMs })
    .catch((err: Error) => logger.warn({ err: err.message, task: task.name }, "result not memoised"));
}

/** An earlier identical run's result: the cache first, then the database (which fills the cache). */
async function recall(task: AnyTask, memoKey: string): Promise<MemoEntry | undefined> {
  const ttlMs = task.memoize!.ttlMs;
  return cache().getOrCompute(memoNamespace(task.name), memoKey, { ttlMs }, () =>
    findMemoResult(task.name, memoKey, new Date(Date.now() - ttlMs)),
  );
}

export function inputHash(task: string, input: unknown): string {
  return createHash("sha256").update(task).update("\0").update(canonicalJson(input)).digest("hex");
}

/** Validate `input` against the task's schema, then create the run and its job atomically. */
export async function enqueue<I>(task: AnyTask<I>, input: I, opts: EnqueueOptions = {}): Promise<RunRow> {
  if (
    opts.timeoutMs !== undefined &&
    !(Number.isInteger(opts.timeoutMs) && opts.timeoutMs >= 1000 && opts.timeoutMs <= MAX_TIMEOUT_MS)
  )
    throw new RangeError(
      `timeoutMs must be a whole number of milliseconds within 1,000..${MAX_TIMEOUT_MS.toLocaleString("en")}`,
    );
  const parsed = task.input.parse(input);
  const memoKey = task.memoize ? (opts.memoKey ?? inputHash(task.name, parsed)) : null;
  const base = newRun(task, parsed, opts, memoKey);
  const memo = memoKey && !opts.fresh ? await recall(task, memoKey) : undefined;
  let row = memo ? await insertCachedRun(base, memo) : null;
  if (memo && !row) await cache().delete(memoNamespace(task.name), memoKey); // its run is gone
  if (row) void import("./after-end").then((m) => m.afterEnd(row!)); // a result from cache is an end too
  row ??= await insertRunWithJob(base, GRAPHILE_MAX_ATTEMPTS);
  if (!row) throw new StepTakenError(base.parentId ?? "?", base.step ?? -1); // only a workflow step can conflict here
  void publishRunMessage(statusMessage(row));
  return row;
}
