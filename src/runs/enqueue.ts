/** The only way work enters Fluxo: a Run row and its Graphile job, in one statement. */
import { createHash, randomUUID } from "node:crypto";
import { cache } from "@/server/cache";
import { logger } from "@/server/logger";
import { findMemoResult, insertCachedRun, insertRunWithJob, type NewRun, type RunRow } from "./run.repository";
import { publishRunMessage, statusMessage } from "./events";
import { MAX_TIMEOUT_MS, type AnyTask } from "./define-task";
import { canonicalJson } from "@/server/canonical-json";

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
}

/** Cache namespace of a memoised task's results. */
export const memoNamespace = (task: string) => `run-results:${task}`;

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
  if (opts.timeoutMs !== undefined && !(Number.isInteger(opts.timeoutMs) && opts.timeoutMs >= 1000 && opts.timeoutMs <= MAX_TIMEOUT_MS))
    throw new RangeError(`timeoutMs must be a whole number of milliseconds within 1,000..${MAX_TIMEOUT_MS.toLocaleString("en")}`);
  const parsed = task.input.parse(input);
  const hash = inputHash(task.name, parsed);
  const memoKey = task.memoize ? (opts.memoKey ?? hash) : null;
  const base: NewRun = {
      id: randomUUID(),
      task: task.name,
      queue: task.queue,
      input: parsed,
      inputHash: hash,
      maxAttempts: task.retry.attempts,
      priority: opts.priority ?? 0,
      runAt: opts.runAt,
      timeoutMs: opts.timeoutMs ?? task.timeout?.softMs ?? null,
      ownerId: opts.ownerId ?? null,
      parentId: opts.parentId ?? null,
      rootId: opts.rootId ?? opts.parentId ?? null,
      expiresAt: task.resultTtlMs ? new Date(Date.now() + task.resultTtlMs) : null,
      memoKey,
  };
  const memo = memoKey && !opts.fresh ? await recall(task, memoKey) : undefined;
  let row = memo ? await insertCachedRun(base, memo) : null;
  if (memo && !row) await cache().delete(memoNamespace(task.name), memoKey); // its run is gone
  row ??= await insertRunWithJob(base, GRAPHILE_MAX_ATTEMPTS);
  void publishRunMessage(statusMessage(row));
  return row;
}
