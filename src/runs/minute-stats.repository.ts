/** The console's per-minute rollup (run_minute_stats): added to by every process, read by the console. */
import { db } from "@/server/db";

export interface MinuteDelta {
  minute: Date;
  queue: string;
  task: string;
  started: number;
  ended: number;
  failed: number;
  waitMs: number[];
}

/** Add each process's counts to the rows of their minutes, in one statement. */
export async function addMinuteStats(rows: readonly MinuteDelta[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      m: r.minute.toISOString(),
      q: r.queue,
      t: r.task,
      s: r.started,
      e: r.ended,
      f: r.failed,
      w: r.waitMs,
    })),
  );
  await db().$executeRaw`
    insert into run_minute_stats as o (minute, queue, task, started, ended, failed, wait_ms)
    select (d->>'m')::timestamptz, d->>'q', d->>'t', (d->>'s')::int, (d->>'e')::int, (d->>'f')::int,
      array(select x::int from jsonb_array_elements_text(d->'w') x)
    from jsonb_array_elements(${json}::jsonb) d
    order by 1, 2, 3
    on conflict (minute, queue, task) do update set
      started = o.started + excluded.started,
      ended = o.ended + excluded.ended,
      failed = o.failed + excluded.failed,
      wait_ms = array(select coalesce(a, 0) + coalesce(b, 0) from unnest(o.wait_ms, excluded.wait_ms) as u(a, b))`;
}

export interface MinuteRow {
  minute: Date;
  started: number;
  ended: number;
  failed: number;
  waitMs: number[] | null;
}

/** Minutes since `since`, summed over the queue and task asked (all when null), oldest first. */
export async function readMinuteStats(
  since: Date,
  f: { queue: string | null; task: string | null },
): Promise<MinuteRow[]> {
  return db().$queryRaw<MinuteRow[]>`
    with m as (
      select minute, started, ended, failed, wait_ms from run_minute_stats
      where minute >= ${since} and (${f.queue}::text is null or queue = ${f.queue}::text)
        and (${f.task}::text is null or task = ${f.task}::text)
    ), w as (
      select m.minute, u.i, sum(u.c)::int as c
      from m cross join lateral unnest(m.wait_ms) with ordinality as u(c, i)
      group by m.minute, u.i
    )
    select s.minute, s.started, s.ended, s.failed,
      (select array_agg(w.c order by w.i) from w where w.minute = s.minute) as "waitMs"
    from (select minute, sum(started)::int as started, sum(ended)::int as ended, sum(failed)::int as failed
          from m group by minute) s
    order by s.minute`;
}

/** The queues and tasks seen in the window (for the console's filters). */
export async function minuteStatsSubjects(since: Date): Promise<{ queues: string[]; tasks: string[] }> {
  const rows = await db().$queryRaw<{ queues: string[] | null; tasks: string[] | null }[]>`
    select array_agg(distinct queue order by queue) as queues, array_agg(distinct task order by task) as tasks
    from run_minute_stats where minute >= ${since}`;
  return { queues: rows[0]?.queues ?? [], tasks: rows[0]?.tasks ?? [] };
}

/** Rows older than `before` (the hourly runs.cleanup). */
export async function pruneMinuteStats(before: Date): Promise<number> {
  return db().$executeRaw`delete from run_minute_stats where minute < ${before}`;
}
