/**
 * Queue limits across every worker process: a run takes one of its queue's slots (a row in
 * queue_slots) before it starts and gives it back when its attempt ends. Taking a slot is serialised
 * per queue by a transaction-scoped advisory lock, so N workers never run more than the limit.
 */
import { db } from "@/server/db";

export interface QueueRow {
  name: string;
  concurrency: number;
  paused: boolean;
}

export type SlotAnswer = "ok" | "paused" | "full";

/** Take a slot of `queue` for `runId` (idempotent for the same run), unless the queue is paused or full. */
export async function acquireSlot(queue: string, runId: string, workerId: string): Promise<SlotAnswer> {
  // One round trip: the check and the insert run under the queue's advisory lock in a SQL function
  // (migration queue_slot_function), so concurrent starts wait microseconds on each other, not a
  // client-side transaction.
  const [row] = await db().$queryRaw<{ answer: SlotAnswer }[]>`
    select fluxo_acquire_slot(${queue}, ${runId}::uuid, ${workerId}) as answer`;
  return row!.answer;
}

export async function releaseSlot(runId: string): Promise<void> {
  await db().$executeRaw`delete from queue_slots where run_id = ${runId}::uuid`;
}

/** Slots of workers that are gone, or of runs no longer running: given back (the sweeper calls this). */
export async function releaseStaleSlots(): Promise<number> {
  return db().$executeRaw`
    delete from queue_slots s
    where exists (select 1 from workers w where w.id = s.worker_id and w.stopped_at is not null)
       or not exists (select 1 from runs r where r.id = s.run_id and r.status in ('queued', 'retrying', 'running', 'cancelling'))`;
}

export async function listQueues(): Promise<(QueueRow & { running: number; waiting: number })[]> {
  return db().$queryRaw`
    select q.name, q.concurrency, q.paused,
      (select count(*)::int from queue_slots s where s.queue = q.name) as running,
      (select count(*)::int from runs r where r.queue = q.name and r.status in ('queued', 'retrying')) as waiting
    from queues q order by q.name`;
}

/** Create the queue with `concurrency` if it does not exist yet (a worker registering its tasks' queues). */
export async function ensureQueues(defaults: Record<string, number>): Promise<void> {
  for (const [name, concurrency] of Object.entries(defaults)) {
    await db()
      .$executeRaw`insert into queues (name, concurrency) values (${name}, ${concurrency}) on conflict do nothing`;
  }
}

export async function updateQueue(
  name: string,
  patch: { concurrency?: number; paused?: boolean },
): Promise<QueueRow | null> {
  const rows = await db().$queryRaw<QueueRow[]>`
    update queues set concurrency = coalesce(${patch.concurrency ?? null}::int, concurrency),
                      paused = coalesce(${patch.paused ?? null}::boolean, paused), updated_at = now()
    where name = ${name} returning name, concurrency, paused`;
  return rows[0] ?? null;
}

/** Put a run's job back in the queue to be tried again at `runAt` (its job key stays the run id). */
export async function deferJob(
  task: string,
  runId: string,
  runAt: Date,
  maxAttempts: number,
  priority: number,
): Promise<void> {
  await db().$executeRaw`
    select graphile_worker.add_job(${task}, json_build_object('runId', ${runId}::text),
      run_at := ${runAt}::timestamptz, max_attempts := ${maxAttempts}::int, job_key := ${runId}::text, priority := ${priority}::int)`;
}

/** What the queue gauges show, read in one round trip per scrape. */
export async function queueGaugeRows(deadAfterMs: number): Promise<{
  depth: { queue: string; status: string; n: number }[];
  oldest: { queue: string; seconds: number }[];
  workers: number;
}> {
  const [depth, oldest, workers] = await Promise.all([
    db().$queryRaw<{ queue: string; status: string; n: number }[]>`
      select queue, status::text as status, count(*)::int as n from runs
      where status in ('queued', 'retrying', 'running', 'cancelling', 'dead') group by 1, 2`,
    db().$queryRaw<{ queue: string; seconds: number }[]>`
      select queue, extract(epoch from now() - min(created_at))::float8 as seconds from runs
      where status in ('queued', 'retrying') group by 1`,
    db().$queryRaw<{ n: number }[]>`
      select count(*)::int as n from workers where stopped_at is null and last_beat_at > now() - make_interval(secs => ${deadAfterMs}::float8 / 1000)`,
  ]);
  return { depth, oldest, workers: workers[0]?.n ?? 0 };
}
