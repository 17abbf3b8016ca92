/**
 * Persistence of worker processes (the `workers` table) — the only SQL for workers. A worker
 * registers at start, beats every few seconds (its row and the runs it holds, in one statement),
 * and is marked stopped on a graceful stop or by the sweeper (src/runs/sweeper.ts) when it died.
 */
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/server/db";

export interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  graphileWorkerId: string | null;
  queues: string[];
  concurrency: number;
  startedAt: Date;
  lastBeatAt: Date;
  stoppedAt: Date | null;
  /** Asked from the console to drain: finish its runs, take no new ones, exit. */
  drainRequestedAt: Date | null;
}

const COLS = Prisma.raw(`id, host, pid, graphile_worker_id as "graphileWorkerId", coalesce(queues, '{}') as queues,
  concurrency, started_at as "startedAt", last_beat_at as "lastBeatAt", stopped_at as "stoppedAt",
  drain_requested_at as "drainRequestedAt"`);

export interface NewWorker {
  id: string;
  host: string;
  pid: number;
  queues: string[];
  concurrency: number;
  graphileWorkerId?: string | null;
}

/** Insert (or revive) the worker's row; last beat = now. */
export async function registerWorker(w: NewWorker): Promise<WorkerRow> {
  const rows = await db().$queryRaw<WorkerRow[]>`
    insert into workers (id, host, pid, graphile_worker_id, queues, concurrency, started_at, last_beat_at)
    values (${w.id}, ${w.host}, ${w.pid}::int, ${w.graphileWorkerId ?? null}, ${w.queues}::text[], ${w.concurrency}::int, now(), now())
    on conflict (id) do update set host = excluded.host, pid = excluded.pid,
      graphile_worker_id = coalesce(excluded.graphile_worker_id, workers.graphile_worker_id),
      queues = excluded.queues, concurrency = excluded.concurrency, last_beat_at = now(), stopped_at = null
    returning ${COLS}`;
  return rows[0]!;
}

/** Remember Graphile's id of the worker's pool (the `locked_by` of its jobs). */
export async function setGraphileWorkerId(id: string, graphileWorkerId: string): Promise<void> {
  await db().$executeRaw`update workers set graphile_worker_id = ${graphileWorkerId} where id = ${id}`;
}

export interface BeatResult {
  /** False when the row is gone (re-register). */
  found: boolean;
  /** The row had been marked stopped (the sweeper declared this worker dead); the beat revived it. */
  wasStopped: boolean;
  /** Runs whose heartbeat_at was refreshed. */
  runs: number;
  /** The console asked this worker to drain. */
  drain: boolean;
}

/**
 * One beat, one statement: the worker's last_beat_at and the heartbeat_at of the runs it holds
 * (only those still `running`/`cancelling` under this worker id). A beat revives a row the sweeper
 * marked stopped — the process is evidently alive (e.g. it was paused longer than the dead threshold).
 */
export async function beatWorker(id: string, runIds: readonly string[]): Promise<BeatResult> {
  const rows = await db().$queryRaw<BeatResult[]>`
    with w as (
      update workers w set last_beat_at = now(), stopped_at = null
      from workers old where old.id = w.id and w.id = ${id}
      returning old.stopped_at is not null as was_stopped, w.drain_requested_at is not null as drain
    ), r as (
      update runs set heartbeat_at = now()
      where id = any(${[...runIds]}::uuid[]) and worker_id = ${id} and status in ('running', 'cancelling')
      returning id
    )
    select exists(select 1 from w) as found,
           coalesce((select was_stopped from w), false) as "wasStopped",
           (select count(*)::int from r) as runs,
           coalesce((select drain from w), false) as drain`;
  return rows[0] ?? { found: false, wasStopped: false, runs: 0, drain: false };
}

/**
 * Ask a live worker to drain (the console): it sees it at its next beat. False when there is no such
 * worker, or it has stopped (a drain already asked is kept, not restarted).
 */
export async function requestDrain(id: string): Promise<WorkerRow | null> {
  const rows = await db().$queryRaw<WorkerRow[]>`
    update workers set drain_requested_at = coalesce(drain_requested_at, now())
    where id = ${id} and stopped_at is null
    returning ${COLS}`;
  return rows[0] ?? null;
}

/** Graceful stop. */
export async function markWorkerStopped(id: string): Promise<void> {
  await db().$executeRaw`update workers set stopped_at = now() where id = ${id} and stopped_at is null`;
}

/** Workers not stopped whose last beat is older than `deadAfterMs` (relative to `now`, default the database's). */
export async function findDeadWorkers(deadAfterMs: number, now?: Date, tx: Tx = db()): Promise<WorkerRow[]> {
  return tx.$queryRaw<WorkerRow[]>`
    select ${COLS} from workers
    where stopped_at is null
      and last_beat_at < coalesce(${now ?? null}::timestamptz, now()) - ${deadAfterMs}::int * interval '1 millisecond'
    order by last_beat_at
    for update skip locked`;
}

/**
 * Graphile lock holders of a dead worker: its pool id, plus the `locked_by` of the jobs of the runs it
 * held (covers a crash between Graphile taking a job and the pool id reaching the worker's row).
 */
export async function lockHoldersOf(w: Pick<WorkerRow, "id" | "graphileWorkerId">, tx: Tx = db()): Promise<string[]> {
  const rows = await tx.$queryRaw<{ lockedBy: string }[]>`
    select distinct j.locked_by as "lockedBy"
    from graphile_worker.jobs j
    join runs r on r.id::text = j.key
    where r.worker_id = ${w.id} and r.status in ('running', 'cancelling') and j.locked_by is not null
      and j.locked_by not in (
        select graphile_worker_id from workers
        where id <> ${w.id} and stopped_at is null and graphile_worker_id is not null)`;
  const ids = new Set(rows.map((r) => r.lockedBy));
  if (w.graphileWorkerId) ids.add(w.graphileWorkerId);
  return [...ids];
}

/** Mark the given (dead) workers stopped; returns those this call changed. */
export async function markWorkersStopped(ids: readonly string[], tx: Tx = db()): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    update workers set stopped_at = now() where id = any(${[...ids]}::text[]) and stopped_at is null returning id`;
  return rows.map((r) => r.id);
}

export async function findWorker(id: string): Promise<WorkerRow | null> {
  const rows = await db().$queryRaw<WorkerRow[]>`select ${COLS} from workers where id = ${id}`;
  return rows[0] ?? null;
}

/** Workers, live first (most recent beat first); stopped ones only with `includeStopped`. */
export async function listWorkers(o: { includeStopped?: boolean; limit?: number } = {}): Promise<WorkerRow[]> {
  const where = o.includeStopped ? Prisma.sql`true` : Prisma.sql`stopped_at is null`;
  return db().$queryRaw<WorkerRow[]>`
    select ${COLS} from workers where ${where}
    order by (stopped_at is null) desc, last_beat_at desc limit ${o.limit ?? 1000}`;
}

/** Runs each worker holds now (running or being cancelled), by worker id. */
export async function runningByWorker(ids: string[]): Promise<Map<string, { id: string; task: string }[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db().$queryRaw<{ workerId: string; id: string; task: string }[]>`
    select worker_id as "workerId", id::text, task from runs
    where worker_id = any(${ids}) and status in ('running', 'cancelling') order by started_at`;
  const out = new Map<string, { id: string; task: string }[]>();
  for (const r of rows) out.set(r.workerId, [...(out.get(r.workerId) ?? []), { id: r.id, task: r.task }]);
  return out;
}
