/**
 * Persistence of runs and their events: reads, and the writes that are not on every run's path.
 * The hot writes — inserting runs with their jobs, and every status change (a compare-and-set that
 * appends its RunEvent in the same statement) — are batched: run-batch.repository.ts.
 */
import { Prisma } from "@/generated/prisma/client";
import type { PartialRecord } from "./run-partial.repository";
import { db, sql } from "@/server/db";
import type { SerializedError } from "./errors";
import type { RunStatus } from "./status";
import type { OwnerScope } from "@/accounts/viewer";

export interface RunRow {
  id: string;
  task: string;
  queue: string;
  status: RunStatus;
  progress: number;
  stage: string | null;
  message: string | null;
  etaAt: Date | null;
  input: unknown;
  inputHash: string;
  result: unknown;
  error: SerializedError | null;
  attempt: number;
  maxAttempts: number;
  priority: number;
  runAt: Date;
  timeoutMs: number | null;
  ownerId: string | null;
  parentId: string | null;
  rootId: string | null;
  workerId: string | null;
  heartbeatAt: Date | null;
  eventSeq: number;
  memoKey: string | null;
  cachedFromId: string | null;
  /** A workflow child's place in its parent. */
  step: number | null;
  /** At most `concurrencyLimit` runs with this key run at once. */
  concurrencyKey: string | null;
  concurrencyLimit: number | null;
  idempotencyKey: string | null;
  /** W3C trace context of the run's submit (src/server/tracing.ts); null when tracing was off. */
  traceparent: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date | null;
  /** Provenance: the code version that made the run (`0.1.0+1a2b3c4`) and its task's engine version; a run from cache has its source's. Null on older runs. */
  codeVersion: string | null;
  engineVersion: number | null;
  /** What-if: the run this one was edited from ("Edit and rerun"); null when none, or it was deleted. */
  originRunId: string | null;
}

export interface RunEventRow {
  runId: string;
  seq: number;
  type: "status" | "progress" | "log" | "error" | "partial";
  payload: Record<string, unknown>;
  at: Date;
}

/** The RunRow columns: [SQL expression over the runs table, alias]. */
const RUN_COLUMNS: [string, string][] = [
  ["id::text", "id"],
  ["task", "task"],
  ["queue", "queue"],
  ["status::text", "status"],
  ["progress", "progress"],
  ["stage", "stage"],
  ["message", "message"],
  ["eta_at", "etaAt"],
  ["input", "input"],
  ["input_hash", "inputHash"],
  ["result", "result"],
  ["error", "error"],
  ["attempt", "attempt"],
  ["max_attempts", "maxAttempts"],
  ["priority", "priority"],
  ["run_at", "runAt"],
  ["timeout_ms", "timeoutMs"],
  ["owner_id", "ownerId"],
  ["parent_id::text", "parentId"],
  ["root_id::text", "rootId"],
  ["worker_id", "workerId"],
  ["heartbeat_at", "heartbeatAt"],
  ["event_seq", "eventSeq"],
  ["memo_key", "memoKey"],
  ["cached_from_id::text", "cachedFromId"],
  ["step", "step"],
  ["concurrency_key", "concurrencyKey"],
  ["concurrency_limit", "concurrencyLimit"],
  ["idempotency_key", "idempotencyKey"],
  ["traceparent", "traceparent"],
  ["created_at", "createdAt"],
  ["started_at", "startedAt"],
  ["finished_at", "finishedAt"],
  ["expires_at", "expiresAt"],
  ["code_version", "codeVersion"],
  ["engine_version", "engineVersion"],
  ["origin_run_id::text", "originRunId"],
];

/** The select list of a RunRow, its columns taken from `alias` (a table or CTE with the runs columns). */
export function runColumns(alias?: string): string {
  const p = alias ? `${alias}.` : "";
  return RUN_COLUMNS.map(([expr, as]) => `${p}${expr} as "${as}"`).join(", ");
}

/** The RunRow select list, for the sibling run repositories. */
export const COLS = Prisma.raw(runColumns());

/**
 * A run that may still be read: not a finished run whose retention (`expires_at`) has passed. An
 * expired run is read exactly as a deleted one (404, left out of lists, no memo hit), which is what
 * `runs.cleanup` (retention.repository.ts) will make it — so reads do not change when cleanup runs.
 */
export function liveRun(table?: string): string {
  const p = table ? `${table}.` : "";
  return `(${p}expires_at is null or ${p}expires_at > now() or ${p}status not in ('succeeded', 'failed', 'cancelled', 'dead'))`;
}
const LIVE = Prisma.raw(liveRun());

export type RunSummary = Pick<
  RunRow,
  | "id"
  | "task"
  | "queue"
  | "status"
  | "progress"
  | "stage"
  | "message"
  | "etaAt"
  | "attempt"
  | "maxAttempts"
  | "ownerId"
  | "error"
  | "createdAt"
  | "startedAt"
  | "finishedAt"
  | "cachedFromId"
  | "runAt"
  | "priority"
> & { ownerEmail: string | null };

export interface NewRun {
  id: string;
  task: string;
  queue: string;
  input: unknown;
  inputHash: string;
  maxAttempts: number;
  priority: number;
  runAt?: Date;
  timeoutMs?: number | null;
  ownerId?: string | null;
  parentId?: string | null;
  rootId?: string | null;
  expiresAt?: Date | null;
  memoKey?: string | null;
  scheduleId?: string | null;
  scheduleSlot?: Date | null;
  step?: number | null;
  /** `scheduled` for a delayed run (runAt in the future); default `queued`. */
  status?: "queued" | "scheduled";
  concurrencyKey?: string | null;
  concurrencyLimit?: number | null;
  /** Claim this idempotency key (per owner and task) for the run, for `ttlMs`. */
  idempotency?: { key: string; ttlMs: number; /** what a later submit with the key must match */ hash: string } | null;
  /** The submit's trace context (only when tracing is on). */
  traceparent?: string | null;
  /** Provenance (see RunRow). */
  codeVersion?: string | null;
  engineVersion?: number | null;
  /** What-if: the run this one was edited from. */
  originRunId?: string | null;
}

/**
 * A run born finished with the result of an earlier identical run (memoised pure task); no job.
 * It takes the earlier run's own input (e.g. its seed), so input and result belong together.
 * Returns null when that run no longer exists (retention, a cache older than the database).
 */
export async function insertCachedRun(r: NewRun, from: { runId: string; result: unknown }): Promise<RunRow | null> {
  const rows = await db().$queryRaw<RunRow[]>`
    with src as (
      select input, input_hash, code_version, engine_version from runs
      where id = ${from.runId}::uuid and status = 'succeeded' and ${LIVE}
    ), r as (
      -- the provenance is the source run's: the result is that run's
      insert into runs (id, task, queue, status, progress, input, input_hash, result, max_attempts, priority,
                        owner_id, parent_id, root_id, expires_at, memo_key, cached_from_id, event_seq,
                        started_at, finished_at, step, code_version, engine_version, origin_run_id)
      select ${r.id}::uuid, ${r.task}, ${r.queue}, 'succeeded', 1, src.input, src.input_hash,
             ${JSON.stringify(from.result)}::jsonb, ${r.maxAttempts}, ${r.priority}, ${r.ownerId ?? null},
             ${r.parentId ?? null}::uuid, ${r.rootId ?? null}::uuid, ${r.expiresAt ?? null}::timestamptz,
             ${r.memoKey ?? null}, ${from.runId}::uuid, 1, now(), now(), ${r.step ?? null}::int,
             src.code_version, src.engine_version, ${r.originRunId ?? null}::uuid
      from src
      on conflict do nothing
      returning *
    ), e as (
      insert into run_events (run_id, seq, type, payload)
      select id, 1, 'status', jsonb_build_object('status', 'succeeded', 'attempt', 0, 'progress', 1,
        'reason', 'from cache', 'cachedFromId', ${from.runId}::text) from r
    )
    select ${COLS} from r`;
  return rows[0] ?? null;
}

/** The latest computed (not itself cached) success for a memo key, finished after `since`. */
export async function findMemoResult(
  task: string,
  memoKey: string,
  since: Date,
): Promise<{ runId: string; result: unknown } | undefined> {
  const rows = await db().$queryRaw<{ runId: string; result: unknown }[]>`
    select id::text as "runId", result from runs
    where task = ${task} and memo_key = ${memoKey} and status = 'succeeded' and cached_from_id is null
      and finished_at > ${since}::timestamptz and ${LIVE}
    order by finished_at desc limit 1`;
  return rows[0];
}

/**
 * A workflow's parent run: it has no job of its own (its children do the work), so it starts
 * `running` with its timeline's first event saying so.
 */
export async function insertParentRun(r: NewRun): Promise<RunRow> {
  const rows = await db().$queryRaw<RunRow[]>`
    with r as (
      insert into runs (id, task, queue, status, input, input_hash, max_attempts, priority, owner_id, expires_at,
                        event_seq, started_at, attempt, traceparent, code_version, engine_version)
      values (${r.id}::uuid, ${r.task}, ${r.queue}, 'running', ${JSON.stringify(r.input)}::jsonb, ${r.inputHash},
              1, ${r.priority}, ${r.ownerId ?? null}, ${r.expiresAt ?? null}::timestamptz, 1, now(), 1,
              ${r.traceparent ?? null}, ${r.codeVersion ?? null}, ${r.engineVersion ?? null}::int)
      returning *
    ), e as (
      insert into run_events (run_id, seq, type, payload)
      select id, 1, 'status', jsonb_build_object('status', 'running', 'attempt', 1, 'reason', 'workflow started') from r
    )
    select ${COLS} from r`;
  return rows[0]!;
}

/** A run by id, for the run lifecycle (worker, executor): no owner filter. */
export async function findRun(id: string): Promise<RunRow | null> {
  const rows = await db().$queryRaw<RunRow[]>`select ${COLS} from runs where id = ${id}::uuid`;
  return rows[0] ?? null;
}

/**
 * A run by id as a viewer may see it: null when it does not exist, is not theirs or has expired
 * (callers answer 404 either way).
 */
export async function findVisibleRun(
  id: string,
  scope: OwnerScope,
  o: { withPartial?: boolean } = {},
): Promise<(RunRow & { partial?: PartialRecord | null }) | null> {
  // The status API's statement (a script polling a run): prepared once per connection on `pg`. With
  // `withPartial` (the run's page and GET /api/v1/runs/:id) its latest partial result comes in the same
  // statement — one round trip per read, as before partial results existed.
  // A succeeded run's result supersedes its last partial (the forecast's final partial repeats the whole
  // result with its CDF): not read (nor de-TOASTed) then; it stays on the row and in the run's events.
  const partial = `case when status = 'succeeded' and result is not null then null else partial end as partial`;
  const cols = o.withPartial ? `${runColumns()}, ${partial}` : runColumns();
  const v = o.withPartial ? "v4p" : "v2";
  const rows =
    scope.kind === "all"
      ? await sql<RunRow & { partial?: PartialRecord | null }>(
          `fluxo_run_by_id_${v}`,
          `select ${cols} from runs where id = $1::uuid and ${liveRun()}`,
          [id],
        )
      : await sql<RunRow & { partial?: PartialRecord | null }>(
          `fluxo_run_by_id_owned_${v}`,
          `select ${cols} from runs where id = $1::uuid and owner_id = $2 and ${liveRun()}`,
          [id, scope.ownerId],
        );
  return rows[0] ?? null;
}
