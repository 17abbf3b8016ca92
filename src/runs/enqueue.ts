/** The only way work enters Fluxo: a Run row and its Graphile job, in one statement. */
import { createHash, randomUUID } from "node:crypto";
import { insertRunWithJob, type RunRow } from "./run.repository";
import { publishRunMessage, statusMessage } from "./events";
import type { AnyTask } from "./define-task";

/** Graphile-level attempts: only infrastructure failures (DB down mid-write) reach Graphile's retry. */
export const GRAPHILE_MAX_ATTEMPTS = 10;

export interface EnqueueOptions {
  ownerId?: string | null;
  priority?: number;
  runAt?: Date;
  parentId?: string | null;
  rootId?: string | null;
  timeoutMs?: number;
}

/** JSON with object keys sorted, so equal inputs hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(",")}}`;
}

export function inputHash(task: string, input: unknown): string {
  return createHash("sha256").update(task).update("\0").update(canonicalJson(input)).digest("hex");
}

/** Validate `input` against the task's schema, then create the run and its job atomically. */
export async function enqueue<I>(task: AnyTask<I>, input: I, opts: EnqueueOptions = {}): Promise<RunRow> {
  const parsed = task.input.parse(input);
  const id = randomUUID();
  const row = await insertRunWithJob(
    {
      id,
      task: task.name,
      queue: task.queue,
      input: parsed,
      inputHash: inputHash(task.name, parsed),
      maxAttempts: task.retry.attempts,
      priority: opts.priority ?? 0,
      runAt: opts.runAt,
      timeoutMs: opts.timeoutMs ?? task.timeout?.ms ?? null,
      ownerId: opts.ownerId ?? null,
      parentId: opts.parentId ?? null,
      rootId: opts.rootId ?? opts.parentId ?? null,
      expiresAt: task.resultTtlMs ? new Date(Date.now() + task.resultTtlMs) : null,
    },
    GRAPHILE_MAX_ATTEMPTS,
  );
  void publishRunMessage(statusMessage(row));
  return row;
}
