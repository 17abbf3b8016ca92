/**
 * Queue limits across every worker process: a queue with a limit of N has N rows in `slots` (scope
 * `q:<queue>`); a run takes one in the statement that starts it (FOR UPDATE SKIP LOCKED, no lock per
 * queue: src/runs/run-batch.repository.ts) and gives it back in the statement that ends its attempt.
 */
import { db } from "@/server/db";

export interface QueueRow {
  name: string;
  concurrency: number;
  paused: boolean;
}

export type SlotAnswer = "ok" | "paused" | "full";

/** Give back every slot a run holds (when its last transition could not do it). */
export async function releaseSlots(runId: string): Promise<void> {
  await db().$executeRaw`
    update slots set run_id = null, worker_id = null, acquired_at = null where run_id = ${runId}::uuid`;
  await wakeWaiters();
}

/** Slots of workers that are gone, or of runs no longer running: given back (the sweeper calls this). */
export async function releaseStaleSlots(): Promise<number> {
  const n = await db().$executeRaw`
    update slots s set run_id = null, worker_id = null, acquired_at = null
    where s.run_id is not null and (
      exists (select 1 from workers w where w.id = s.worker_id and w.stopped_at is not null)
      or not exists (select 1 from runs r where r.id = s.run_id and r.status in ('running', 'cancelling')))`;
  if (n > 0) await wakeWaiters();
  return n;
}

/**
 * Reschedule the deferred jobs of runs waiting for a slot of a scope that has free slots now (at most
 * as many as are free), and nudge the workers. For slots freed outside a run's own end: the sweeper,
 * a queue resumed or its limit raised. Waiters of a scope still full stay (their backstop delay holds).
 */
export async function wakeWaiters(): Promise<number> {
  const rows = await db().$queryRaw<{ n: number }[]>`
    with free as (
      select s.scope, count(*)::int as n from slots s
      left join queues q on s.scope = 'q:' || q.name
      where s.run_id is null and (q.name is null or (not q.paused and s.slot < q.concurrency))
      group by s.scope
    ), woken as (
      select w.run_id from free f cross join lateral (
        select run_id from slot_waiters sw where sw.scope = f.scope order by sw.priority desc, sw.since limit f.n) w
    ), wake as (
      delete from slot_waiters where run_id in (select run_id from woken) returning run_id
    ), resched as (
      select count(*)::int as n from graphile_worker.reschedule_jobs(
        array(select j.id from graphile_worker.jobs j where j.key in (select run_id::text from wake) and j.locked_at is null),
        now())
    )
    select n from resched`;
  const n = rows[0]?.n ?? 0;
  if (n > 0) await db().$executeRaw`select pg_notify('jobs:insert', ${JSON.stringify({ count: n })})`;
  return n;
}

export async function listQueues(): Promise<(QueueRow & { running: number; waiting: number })[]> {
  return db().$queryRaw`
    select q.name, q.concurrency, q.paused,
      (select count(*)::int from slots s where s.scope = 'q:' || q.name and s.run_id is not null) as running,
      (select count(*)::int from runs r where r.queue = q.name
        and (r.status in ('queued', 'retrying') or (r.status = 'scheduled' and r.run_at <= now()))) as waiting
    from queues q order by q.name`;
}

/** Create the queue with `concurrency` if it does not exist yet (a worker registering its tasks' queues). */
export async function ensureQueues(defaults: Record<string, number>): Promise<void> {
  for (const [name, concurrency] of Object.entries(defaults)) {
    await db().$executeRaw`
      with q as (
        insert into queues (name, concurrency) values (${name}, ${concurrency}) on conflict (name) do update set name = excluded.name
        returning name, concurrency
      )
      insert into slots (scope, slot) select 'q:' || q.name, g from q, generate_series(0, q.concurrency - 1) g
      on conflict do nothing`;
  }
}

/** Change a queue's limit or pause it; slots freed by a raise or a resume wake their waiters at once. */
export async function updateQueue(
  name: string,
  patch: { concurrency?: number; paused?: boolean },
): Promise<QueueRow | null> {
  const rows = await db().$queryRaw<QueueRow[]>`
    with q as (
      update queues set concurrency = coalesce(${patch.concurrency ?? null}::int, concurrency),
                        paused = coalesce(${patch.paused ?? null}::boolean, paused), updated_at = now()
      where name = ${name} returning name, concurrency, paused
    ), s as (
      insert into slots (scope, slot) select 'q:' || q.name, g from q, generate_series(0, q.concurrency - 1) g
      on conflict do nothing
    )
    select name, concurrency, paused from q`;
  if (rows[0] && !rows[0].paused) await wakeWaiters();
  return rows[0] ?? null;
}

/** Each queue's oldest run waiting to start, in seconds (queues with none waiting are absent). */
export async function oldestWaiting(): Promise<{ queue: string; seconds: number }[]> {
  return db().$queryRaw<{ queue: string; seconds: number }[]>`
    select queue, extract(epoch from now() - min(created_at))::float8 as seconds from runs
    where status in ('queued', 'retrying') or (status = 'scheduled' and run_at <= now()) group by 1`;
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
      where status in ('queued', 'scheduled', 'retrying', 'running', 'cancelling', 'dead') group by 1, 2`,
    oldestWaiting(),
    db().$queryRaw<{ n: number }[]>`
      select count(*)::int as n from workers where stopped_at is null and last_beat_at > now() - make_interval(secs => ${deadAfterMs}::float8 / 1000)`,
  ]);
  return { depth, oldest, workers: workers[0]?.n ?? 0 };
}
