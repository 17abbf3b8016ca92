/** The console overview's figures, aggregated in SQL (never a loop over runs in JS). */
import { db } from "@/server/db";

export interface QueueOverviewRow {
  queue: string;
  waiting: number;
  scheduled: number;
  running: number;
  retrying: number;
  failed24h: number;
  dead: number;
  oldestWaitingS: number | null;
}

export async function queueOverview(): Promise<QueueOverviewRow[]> {
  return db().$queryRaw<QueueOverviewRow[]>`
    select q.name as queue,
      count(r.id) filter (where r.status in ('queued', 'scheduled') and r.run_at <= now())::int as waiting,
      count(r.id) filter (where r.status = 'scheduled' and r.run_at > now())::int as scheduled,
      count(r.id) filter (where r.status in ('running', 'cancelling'))::int as running,
      count(r.id) filter (where r.status = 'retrying')::int as retrying,
      count(r.id) filter (where r.status = 'failed' and r.finished_at > now() - interval '1 day')::int as "failed24h",
      count(r.id) filter (where r.status = 'dead')::int as dead,
      extract(epoch from now() - min(r.created_at) filter (where r.status in ('queued', 'scheduled', 'retrying') and r.run_at <= now()))::float8 as "oldestWaitingS"
    from queues q left join runs r on r.queue = q.name and r.status in ('queued', 'scheduled', 'running', 'cancelling', 'retrying', 'failed', 'dead')
    group by q.name order by q.name`;
}

export interface HourRow {
  hour: Date;
  succeeded: number;
  failed: number;
}

/** Runs ended per hour over the last `hours` (succeeded vs failed/dead), oldest first. */
export async function throughputByHour(hours: number): Promise<HourRow[]> {
  return db().$queryRaw<HourRow[]>`
    select date_trunc('hour', finished_at) as hour,
      count(*) filter (where status = 'succeeded')::int as succeeded,
      count(*) filter (where status in ('failed', 'dead'))::int as failed
    from runs where finished_at > now() - make_interval(hours => ${hours}::int) and task not like 'workflow.%'
    group by 1 order by 1`;
}

export interface TaskRuntimeRow {
  task: string;
  runs: number;
  p50S: number;
  p95S: number;
}

/** p50 / p95 of attempt time per task over the last day (finished runs that ran). */
export async function taskRuntimes(): Promise<TaskRuntimeRow[]> {
  return db().$queryRaw<TaskRuntimeRow[]>`
    select task, count(*)::int as runs,
      percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at))::float8 as "p50S",
      percentile_cont(0.95) within group (order by extract(epoch from finished_at - started_at))::float8 as "p95S"
    from runs
    where finished_at > now() - interval '1 day' and started_at is not null and cached_from_id is null and task not like 'workflow.%'
    group by task order by runs desc limit 50`;
}
