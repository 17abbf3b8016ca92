/**
 * Persistence of runs and their events — the only module of the run lifecycle that talks SQL.
 * Status changes are compare-and-set updates that append their RunEvent in the same statement,
 * so a status and its timeline entry are never out of step.
 */
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { SerializedError } from "./errors";
import { assertTransition, type RunStatus } from "./status";
import type { SlotAnswer } from "./queue.repository";
import type { OwnerScope } from "@/accounts/viewer";

/** The one place run reads turn an owner scope into SQL: a user's rows, or everyone's for an admin. */
function ownerSql(scope: OwnerScope): Prisma.Sql {
  return scope.kind === "all" ? Prisma.sql`true` : Prisma.sql`owner_id = ${scope.ownerId}`;
}

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
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

export interface RunEventRow {
  runId: string;
  seq: number;
  type: "status" | "progress" | "log" | "error";
  payload: Record<string, unknown>;
  at: Date;
}

const COLS = Prisma.raw(`id::text, task, queue, status::text as status, progress, stage, message,
  eta_at as "etaAt", input, input_hash as "inputHash", result, error, attempt, max_attempts as "maxAttempts",
  priority, run_at as "runAt", timeout_ms as "timeoutMs", owner_id as "ownerId", parent_id::text as "parentId",
  root_id::text as "rootId", worker_id as "workerId", heartbeat_at as "heartbeatAt", event_seq as "eventSeq",
  memo_key as "memoKey", cached_from_id::text as "cachedFromId", step,
  created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt", expires_at as "expiresAt"`);

const SUMMARY_COLS = Prisma.raw(`id::text, task, queue, status::text as status, progress, stage, message,
  eta_at as "etaAt", attempt, max_attempts as "maxAttempts", owner_id as "ownerId", error,
  cached_from_id::text as "cachedFromId", (select u.email from users u where u.id = runs.owner_id) as "ownerEmail",
  created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt"`);

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
}

/**
 * Insert the run (status queued, event seq 1) and its Graphile job in ONE statement. Null only for a
 * scheduled run whose (schedule, slot) already has one: a slot fires once, however many tick.
 */
export async function insertRunWithJob(r: NewRun, graphileMaxAttempts: number): Promise<RunRow | null> {
  const runAt = r.runAt ?? null;
  const rows = await db().$queryRaw<RunRow[]>`
    with r as (
      insert into runs (id, task, queue, status, input, input_hash, max_attempts, priority, run_at,
                        timeout_ms, owner_id, parent_id, root_id, expires_at, memo_key, event_seq, schedule_id, schedule_slot, step)
      values (${r.id}::uuid, ${r.task}, ${r.queue}, 'queued', ${JSON.stringify(r.input)}::jsonb, ${r.inputHash},
              ${r.maxAttempts}, ${r.priority}, coalesce(${runAt}::timestamptz, now()), ${r.timeoutMs ?? null}::int,
              ${r.ownerId ?? null}, ${r.parentId ?? null}::uuid, ${r.rootId ?? null}::uuid,
              ${r.expiresAt ?? null}::timestamptz, ${r.memoKey ?? null}, 1, ${r.scheduleId ?? null}::uuid, ${r.scheduleSlot ?? null}::timestamptz,
              ${r.step ?? null}::int)
      on conflict do nothing
      returning *
    ), e as (
      insert into run_events (run_id, seq, type, payload)
      select id, 1, 'status', jsonb_build_object('status', 'queued', 'attempt', 0) from r
    ), j as (
      select graphile_worker.add_job(${r.task}, json_build_object('runId', ${r.id}::text),
        run_at := ${runAt}::timestamptz, max_attempts := ${graphileMaxAttempts}::int,
        job_key := ${r.id}::text, priority := ${r.priority}::int) as job from r
    )
    select ${COLS} from r, j`;
  return rows[0] ?? null;
}

/**
 * A run born finished with the result of an earlier identical run (memoised pure task); no job.
 * It takes the earlier run's own input (e.g. its seed), so input and result belong together.
 * Returns null when that run no longer exists (retention, a cache older than the database).
 */
export async function insertCachedRun(r: NewRun, from: { runId: string; result: unknown }): Promise<RunRow | null> {
  const rows = await db().$queryRaw<RunRow[]>`
    with src as (
      select input, input_hash from runs where id = ${from.runId}::uuid and status = 'succeeded'
    ), r as (
      insert into runs (id, task, queue, status, progress, input, input_hash, result, max_attempts, priority,
                        owner_id, parent_id, root_id, expires_at, memo_key, cached_from_id, event_seq,
                        started_at, finished_at, step)
      select ${r.id}::uuid, ${r.task}, ${r.queue}, 'succeeded', 1, src.input, src.input_hash,
             ${JSON.stringify(from.result)}::jsonb, ${r.maxAttempts}, ${r.priority}, ${r.ownerId ?? null},
             ${r.parentId ?? null}::uuid, ${r.rootId ?? null}::uuid, ${r.expiresAt ?? null}::timestamptz,
             ${r.memoKey ?? null}, ${from.runId}::uuid, 1, now(), now(), ${r.step ?? null}::int
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
      and finished_at > ${since}::timestamptz
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
                        event_seq, started_at, attempt)
      values (${r.id}::uuid, ${r.task}, ${r.queue}, 'running', ${JSON.stringify(r.input)}::jsonb, ${r.inputHash},
              1, ${r.priority}, ${r.ownerId ?? null}, ${r.expiresAt ?? null}::timestamptz, 1, now(), 1)
      returning *
    ), e as (
      insert into run_events (run_id, seq, type, payload)
      select id, 1, 'status', jsonb_build_object('status', 'running', 'attempt', 1, 'reason', 'workflow started') from r
    )
    select ${COLS} from r`;
  return rows[0]!;
}

/** A workflow parent's children, in step order. */
export async function listChildren(parentId: string): Promise<RunRow[]> {
  return db().$queryRaw<
    RunRow[]
  >`select ${COLS} from runs where parent_id = ${parentId}::uuid order by step, created_at`;
}

/** Set a (parent) run's progress while it runs; null when it is no longer running. */
export async function setRunProgress(id: string, progress: number, message: string | null): Promise<RunRow | null> {
  const rows = await db().$queryRaw<RunRow[]>`
    update runs set progress = ${progress}, message = ${message} where id = ${id}::uuid and status in ('running', 'cancelling')
    returning ${COLS}`;
  return rows[0] ?? null;
}

/** A run by id, for the run lifecycle (worker, executor): no owner filter. */
export async function findRun(id: string): Promise<RunRow | null> {
  const rows = await db().$queryRaw<RunRow[]>`select ${COLS} from runs where id = ${id}::uuid`;
  return rows[0] ?? null;
}

/** A run by id as a viewer may see it: null when it does not exist or is not theirs (callers answer 404 either way). */
export async function findVisibleRun(id: string, scope: OwnerScope): Promise<RunRow | null> {
  const rows = await db().$queryRaw<RunRow[]>`select ${COLS} from runs where id = ${id}::uuid and ${ownerSql(scope)}`;
  return rows[0] ?? null;
}

/** Fields a transition may set. `attemptDelta` adds to the attempt counter. */
export interface RunPatch {
  progress?: number;
  stage?: string | null;
  message?: string | null;
  etaAt?: Date | null;
  result?: unknown;
  error?: SerializedError | null;
  attemptDelta?: number;
  /** Start a new attempt series (redrive). */
  resetAttempt?: boolean;
  /** Adds to max_attempts (an attempt lost with its worker is not charged to the retry budget). */
  maxAttemptsDelta?: number;
  workerId?: string | null;
  heartbeatNow?: boolean;
  startedNow?: boolean;
  finishedNow?: boolean;
  clearFinished?: boolean;
  runAt?: Date;
}

function patchSql(p: RunPatch): Prisma.Sql[] {
  const s: Prisma.Sql[] = [];
  if (p.progress !== undefined) s.push(Prisma.sql`progress = ${p.progress}`);
  if (p.stage !== undefined) s.push(Prisma.sql`stage = ${p.stage}`);
  if (p.message !== undefined) s.push(Prisma.sql`message = ${p.message}`);
  if (p.etaAt !== undefined) s.push(Prisma.sql`eta_at = ${p.etaAt}::timestamptz`);
  if (p.result !== undefined) s.push(Prisma.sql`result = ${JSON.stringify(p.result ?? null)}::jsonb`);
  if (p.error !== undefined) s.push(Prisma.sql`error = ${p.error === null ? null : JSON.stringify(p.error)}::jsonb`);
  if (p.attemptDelta) s.push(Prisma.sql`attempt = attempt + ${p.attemptDelta}::int`);
  if (p.resetAttempt) s.push(Prisma.sql`attempt = 0`);
  if (p.maxAttemptsDelta) s.push(Prisma.sql`max_attempts = max_attempts + ${p.maxAttemptsDelta}::int`);
  if (p.workerId !== undefined) s.push(Prisma.sql`worker_id = ${p.workerId}`);
  if (p.heartbeatNow) s.push(Prisma.sql`heartbeat_at = now()`);
  if (p.startedNow) s.push(Prisma.sql`started_at = clock_timestamp()`);
  if (p.finishedNow) s.push(Prisma.sql`finished_at = now()`);
  if (p.clearFinished) s.push(Prisma.sql`finished_at = null`);
  if (p.runAt) s.push(Prisma.sql`run_at = ${p.runAt}::timestamptz`);
  return s;
}

export interface TransitionArgs {
  id: string;
  from: readonly RunStatus[];
  to: RunStatus;
  patch?: RunPatch;
  /** Extra fields for the status RunEvent payload. */
  event?: Record<string, unknown>;
  /**
   * Only if this worker still holds this attempt: a worker wrongly declared dead (and swept) can no
   * longer finish the attempt that replaced its own — results are keyed by run id + attempt.
   */
  guard?: { attempt: number; workerId: string };
  /** Re-add the Graphile job (retry/redrive) in the same statement. */
  requeue?: { task: string; runAt: Date; graphileMaxAttempts: number; priority: number };
  /** Give back the run's queue slot in the same statement (when the transition happens). */
  releaseSlot?: boolean;
}

/**
 * Compare-and-set status change + its RunEvent (+ optional job re-add), atomically.
 * Returns the updated row, or null when the run was not in one of `from`.
 */
export async function transition(a: TransitionArgs): Promise<RunRow | null> {
  const rows = await db().$queryRaw<
    RunRow[]
  >`${transitionSql(a)} select ${COLS} from u${a.requeue ? Prisma.sql`, j` : Prisma.empty}`;
  return rows[0] ?? null;
}

/**
 * A worker's start of an attempt in one round trip: take a slot of `slot.queue` (the SQL function
 * fluxo_acquire_slot, under the queue's lock) and, only when it is granted, the transition. `answer` is
 * null when the run was not in one of `from` (nothing taken); with 'full'/'paused' the run is unchanged.
 * A granted slot whose transition lost a race (a cancel in between) is left for the caller to release.
 */
export async function claimWithSlot(
  a: TransitionArgs & { slot: { queue: string; workerId: string } },
): Promise<{ answer: SlotAnswer | null; priority: number; row: RunRow | null }> {
  const rows = await db().$queryRaw<(RunRow & { slotAnswer: SlotAnswer; slotPriority: number })[]>`
    ${transitionSql(a)}
    select s.answer as "slotAnswer", s.priority as "slotPriority", x.* from s left join (select ${COLS} from u) x on true`;
  const r = rows[0];
  if (!r) return { answer: null, priority: 0, row: null };
  const { slotAnswer, slotPriority, ...row } = r;
  return { answer: slotAnswer, priority: slotPriority, row: row.id ? (row as RunRow) : null };
}

/** The `with …` part shared by transition and claimWithSlot: CTEs s (slot), u (update), e (event), j, r. */
function transitionSql(a: TransitionArgs & { slot?: { queue: string; workerId: string } }): Prisma.Sql {
  for (const from of a.from) assertTransition(from, a.to); // the status machine is the only authority
  const sets = [
    Prisma.sql`status = ${a.to}::"RunStatus"`,
    Prisma.sql`event_seq = event_seq + 1`,
    ...patchSql(a.patch ?? {}),
  ];
  const extra = JSON.stringify(a.event ?? {});
  const from = Prisma.sql`array[${Prisma.join(a.from.map((s) => Prisma.sql`${s}`))}]::"RunStatus"[]`;
  const guard = a.guard
    ? Prisma.sql`and attempt = ${a.guard.attempt}::int and worker_id = ${a.guard.workerId}`
    : Prisma.empty;
  const slot = a.slot
    ? Prisma.sql`s as (
        select fluxo_acquire_slot(${a.slot.queue}, id, ${a.slot.workerId}) as answer, priority
        from runs where id = ${a.id}::uuid and status = any(${from}) ${guard}
      ), `
    : Prisma.empty;
  const slotGranted = a.slot ? Prisma.sql`and (select answer from s) = 'ok'` : Prisma.empty;
  const requeue = a.requeue
    ? Prisma.sql`, j as (
        select graphile_worker.add_job(${a.requeue.task}, json_build_object('runId', u.id::text),
          run_at := ${a.requeue.runAt}::timestamptz, max_attempts := ${a.requeue.graphileMaxAttempts}::int,
          job_key := u.id::text, priority := ${a.requeue.priority}::int) from u)`
    : Prisma.empty;
  const release = a.releaseSlot
    ? Prisma.sql`, r as (delete from queue_slots where run_id = ${a.id}::uuid and exists (select 1 from u))`
    : Prisma.empty;
  return Prisma.sql`
    with ${slot}u as (
      update runs set ${Prisma.join(sets, ", ")}
      where id = ${a.id}::uuid and status = any(${from}) ${guard} ${slotGranted}
      returning *
    ), e as (
      insert into run_events (run_id, seq, type, payload)
      select id, event_seq, 'status',
        jsonb_build_object('status', status::text, 'attempt', attempt, 'progress', progress) || ${extra}::jsonb
      from u
    ) ${requeue} ${release}`;
}

/** Persist a progress snapshot as a RunEvent (only while running). Returns its seq, or null. */
export async function persistProgress(
  id: string,
  p: { progress: number; stage: string | null; message: string | null; etaAt: Date | null },
): Promise<number | null> {
  const payload = JSON.stringify({ progress: p.progress, stage: p.stage, message: p.message, etaAt: p.etaAt });
  const rows = await db().$queryRaw<{ seq: number }[]>`
    with u as (
      update runs set progress = ${p.progress}, stage = ${p.stage}, message = ${p.message},
        eta_at = ${p.etaAt}::timestamptz, heartbeat_at = now(), event_seq = event_seq + 1
      where id = ${id}::uuid and status = 'running'
      returning id, event_seq
    ), e as (
      insert into run_events (run_id, seq, type, payload) select id, event_seq, 'progress', ${payload}::jsonb from u
    )
    select event_seq as seq from u`;
  return rows[0]?.seq ?? null;
}

/** Append a log line to the run's timeline. Returns its seq, or null when the run is gone. */
export async function appendLog(id: string, level: string, message: string): Promise<number | null> {
  const payload = JSON.stringify({ level, message: message.slice(0, 4000) });
  const rows = await db().$queryRaw<{ seq: number }[]>`
    with u as (update runs set event_seq = event_seq + 1 where id = ${id}::uuid returning id, event_seq),
    e as (insert into run_events (run_id, seq, type, payload) select id, event_seq, 'log', ${payload}::jsonb from u)
    select event_seq as seq from u`;
  return rows[0]?.seq ?? null;
}

export async function listEvents(runId: string, afterSeq = 0, limit = 10_000): Promise<RunEventRow[]> {
  return db().$queryRaw<RunEventRow[]>`
    select run_id::text as "runId", seq, type, payload, at from run_events
    where run_id = ${runId}::uuid and seq > ${afterSeq} order by seq limit ${limit}`;
}

export interface ListRunsQuery {
  scope: OwnerScope;
  limit: number;
  /** Keyset cursor: createdAt ISO + id of the last row seen. */
  cursor?: { createdAt: Date; id: string };
  status?: RunStatus[];
  task?: string;
  queue?: string;
  /** Part of the owner's email (admins' view). */
  owner?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** Free text searched in the run's input (case-insensitive). */
  text?: string;
}

/** `%…%` for ILIKE with the user's own % and _ taken literally. */
const likeAny = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listRuns(q: ListRunsQuery): Promise<RunSummary[]> {
  const where: Prisma.Sql[] = [ownerSql(q.scope)];
  if (q.status?.length) where.push(Prisma.sql`status::text = any(${q.status})`);
  if (q.task) where.push(Prisma.sql`task = ${q.task}`);
  if (q.queue) where.push(Prisma.sql`queue = ${q.queue}`);
  if (q.owner) where.push(Prisma.sql`owner_id in (select id from users where email ilike ${likeAny(q.owner)})`);
  if (q.createdAfter) where.push(Prisma.sql`created_at >= ${q.createdAfter}::timestamptz`);
  if (q.createdBefore) where.push(Prisma.sql`created_at < ${q.createdBefore}::timestamptz`);
  if (q.text) where.push(Prisma.sql`input::text ilike ${likeAny(q.text)}`);
  if (q.cursor) where.push(Prisma.sql`(created_at, id) < (${q.cursor.createdAt}::timestamptz, ${q.cursor.id}::uuid)`);
  return db().$queryRaw<RunSummary[]>`
    select ${SUMMARY_COLS} from runs where ${Prisma.join(where, " and ")}
    order by created_at desc, id desc limit ${q.limit}`;
}

export interface RunFilter {
  scope: OwnerScope;
  status?: RunStatus[];
  task?: string;
  queue?: string;
  createdBefore?: Date;
  createdAfter?: Date;
}

/** Delete these runs if they are finished (a run that started again meanwhile stays). Returns how many. */
export async function deleteFinishedRuns(ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db().$executeRaw`
    delete from runs where id = any(${ids}::uuid[]) and status in ('succeeded', 'failed', 'cancelled', 'dead')`;
}

/** Ids of the runs a filter matches (oldest first), at most `limit`: the target of a bulk action. */
export async function findRunIds(f: RunFilter, limit: number): Promise<string[]> {
  const where: Prisma.Sql[] = [ownerSql(f.scope)];
  if (f.status?.length) where.push(Prisma.sql`status::text = any(${f.status})`);
  if (f.task) where.push(Prisma.sql`task = ${f.task}`);
  if (f.queue) where.push(Prisma.sql`queue = ${f.queue}`);
  if (f.createdBefore) where.push(Prisma.sql`created_at < ${f.createdBefore}::timestamptz`);
  if (f.createdAfter) where.push(Prisma.sql`created_at >= ${f.createdAfter}::timestamptz`);
  const rows = await db().$queryRaw<{ id: string }[]>`
    select id::text from runs where ${Prisma.join(where, " and ")} order by created_at, id limit ${limit}`;
  return rows.map((r) => r.id);
}

/** Remove a not-yet-started Graphile job for this run (no-op when a worker holds it). */
export async function removeJob(id: string): Promise<void> {
  await db().$executeRaw`select graphile_worker.remove_job(${id}::text)`;
}

/** Runs among `ids` that someone asked to cancel. */
export async function findCancelling(ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db().$queryRaw<{ id: string }[]>`
    select id::text from runs where id = any(${ids}::uuid[]) and status = 'cancelling'`;
  return rows.map((r) => r.id);
}
