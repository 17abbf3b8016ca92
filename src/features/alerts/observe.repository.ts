/**
 * What the alert evaluation observes, read at `now` (a test moves it): each queue's oldest wait,
 * failure and dead-run counts per rule window, late schedules and live workers. Each read is one
 * bounded aggregate (job-table health: src/runs/table-health.ts, read in ./observe.ts).
 */
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { AlertRule, Observations } from "@/domain/alerts";

const TERMINAL_COUNTED = Prisma.raw(`('succeeded', 'failed', 'dead')`);

export async function queueWaits(now: Date): Promise<Observations["queues"]> {
  const rows = await db().$queryRaw<{ name: string; oldestWaitMs: number | null }[]>`
    select q.name,
      (select extract(epoch from (${now}::timestamptz - min(r.run_at))) * 1000 from runs r
        where r.queue = q.name and r.status in ('queued', 'retrying', 'scheduled') and r.run_at <= ${now}::timestamptz
      )::float8 as "oldestWaitMs"
    from queues q order by q.name`;
  return rows;
}

/** A failure_rate rule's subjects: its task, its queue, or (neither set) each task on its own. */
export async function failureStats(rule: AlertRule, now: Date): Promise<Observations["failureStats"]> {
  const rows = await db().$queryRaw<{ task: string; queue: string; total: number; failed: number }[]>`
    select task, queue, count(*)::int as total, count(*) filter (where status in ('failed', 'dead'))::int as failed
    from runs
    where status in ${TERMINAL_COUNTED}
      and finished_at > ${now}::timestamptz - ${rule.windowMinutes}::int * interval '1 minute'
      and finished_at <= ${now}::timestamptz
      and (${rule.task}::text is null or task = ${rule.task})
      and (${rule.queue}::text is null or queue = ${rule.queue})
    group by task, queue`;
  const by = new Map<string, { total: number; failed: number }>();
  for (const r of rows) {
    const subject = rule.task || !rule.queue ? `task:${r.task}` : `queue:${r.queue}`;
    const s = by.get(subject) ?? { total: 0, failed: 0 };
    s.total += r.total;
    s.failed += r.failed;
    by.set(subject, s);
  }
  return [...by].map(([subject, s]) => ({ ruleId: rule.id, subject, ...s }));
}

export async function deadRuns(rule: AlertRule, now: Date): Promise<Observations["deadRuns"]> {
  const rows = await db().$queryRaw<{ task: string; count: number; latestRunId: string }[]>`
    select task, count(*)::int as count, (array_agg(id::text order by finished_at desc))[1] as "latestRunId"
    from runs
    where status = 'dead'
      and finished_at > ${now}::timestamptz - ${rule.windowMinutes}::int * interval '1 minute'
      and finished_at <= ${now}::timestamptz
      and (${rule.task}::text is null or task = ${rule.task})
    group by task order by task`;
  return rows.map((r) => ({ ruleId: rule.id, ...r }));
}

/** Enabled schedules: how late their planned slot is, and the outcome the tick recorded. */
export async function scheduleLateness(now: Date): Promise<Observations["schedules"]> {
  return db().$queryRaw<Observations["schedules"]>`
    select id::text, name,
      case when next_run_at < ${now}::timestamptz
        then (extract(epoch from (${now}::timestamptz - next_run_at)) * 1000)::float8 end as "overdueMs",
      last_status as "lastStatus"
    from schedules where enabled order by name limit 1000`;
}

/** Workers not stopped whose last beat is within `deadAfterMs` (as the sweeper counts them). */
export async function liveWorkers(now: Date, deadAfterMs: number): Promise<number> {
  const [r] = await db().$queryRaw<{ n: number }[]>`
    select count(*)::int as n from workers
    where stopped_at is null and last_beat_at > ${now}::timestamptz - ${deadAfterMs}::int * interval '1 millisecond'`;
  return r?.n ?? 0;
}
