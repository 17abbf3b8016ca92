/** Schedules: their rows, and the tick's claim of the due ones (row locks, SKIP LOCKED). */
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/server/db";
import type { OwnerScope } from "@/accounts/viewer";
import type { MissedPolicy } from "@/domain/schedule";

export interface ScheduleFields {
  name: string;
  cron: string;
  timezone: string;
  task: string;
  input: unknown;
  enabled: boolean;
  missedPolicy: MissedPolicy;
  maxBackfill: number;
}

export interface ScheduleRow extends ScheduleFields {
  id: string;
  ownerId: string | null;
  system: boolean;
  lastSlotAt: Date | null;
  nextRunAt: Date | null;
  lastRunId: string | null;
  lastStatus: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLS = Prisma.raw(`id::text, name, cron, timezone, task, input, enabled, missed_policy as "missedPolicy",
  max_backfill as "maxBackfill", owner_id as "ownerId", system, last_slot_at as "lastSlotAt", next_run_at as "nextRunAt",
  last_run_id::text as "lastRunId",
  coalesce((select r.status::text from runs r where r.id = schedules.last_run_id), last_status) as "lastStatus", created_at as "createdAt", updated_at as "updatedAt"`);

/** The one place schedule reads turn an owner scope into SQL (system schedules: admins only). */
function ownerSql(scope: OwnerScope): Prisma.Sql {
  return scope.kind === "all" ? Prisma.sql`true` : Prisma.sql`owner_id = ${scope.ownerId}`;
}

export async function listSchedules(scope: OwnerScope): Promise<ScheduleRow[]> {
  return db().$queryRaw<
    ScheduleRow[]
  >`select ${COLS} from schedules where ${ownerSql(scope)} order by system, name, id limit 500`;
}

export async function findSchedule(id: string, scope: OwnerScope): Promise<ScheduleRow | null> {
  const rows = await db().$queryRaw<
    ScheduleRow[]
  >`select ${COLS} from schedules where id = ${id}::uuid and ${ownerSql(scope)}`;
  return rows[0] ?? null;
}

export async function countSchedules(ownerId: string): Promise<number> {
  return db().schedule.count({ where: { ownerId } });
}

export async function insertSchedule(
  f: ScheduleFields & { ownerId: string | null; nextRunAt: Date | null; lastSlotAt?: Date },
): Promise<ScheduleRow> {
  const rows = await db().$queryRaw<ScheduleRow[]>`
    insert into schedules (id, name, cron, timezone, task, input, enabled, missed_policy, max_backfill, owner_id, next_run_at, last_slot_at)
    values (${randomUUID()}::uuid, ${f.name}, ${f.cron}, ${f.timezone}, ${f.task}, ${JSON.stringify(f.input)}::jsonb, ${f.enabled},
            ${f.missedPolicy}, ${f.maxBackfill}, ${f.ownerId}, ${f.nextRunAt}::timestamptz, coalesce(${f.lastSlotAt ?? null}::timestamptz, now()))
    returning ${COLS}`;
  return rows[0]!;
}

/**
 * Change a schedule (within scope). A changed cron/timezone or a re-enable starts counting slots
 * from now, so an edit never fires a burst of "missed" slots.
 */
export async function updateSchedule(
  id: string,
  scope: OwnerScope,
  f: Partial<ScheduleFields> & { nextRunAt: Date | null; restartSlots: boolean },
): Promise<ScheduleRow | null> {
  const rows = await db().$queryRaw<ScheduleRow[]>`
    update schedules set
      name = coalesce(${f.name ?? null}, name),
      cron = coalesce(${f.cron ?? null}, cron),
      timezone = coalesce(${f.timezone ?? null}, timezone),
      task = coalesce(${f.task ?? null}, task),
      input = coalesce(${f.input === undefined ? null : JSON.stringify(f.input)}::jsonb, input),
      enabled = coalesce(${f.enabled ?? null}::boolean, enabled),
      missed_policy = coalesce(${f.missedPolicy ?? null}, missed_policy),
      max_backfill = coalesce(${f.maxBackfill ?? null}::int, max_backfill),
      next_run_at = ${f.nextRunAt}::timestamptz,
      last_slot_at = case when ${f.restartSlots} then now() else last_slot_at end,
      updated_at = now()
    where id = ${id}::uuid and ${ownerSql(scope)}
    returning ${COLS}`;
  return rows[0] ?? null;
}

export async function deleteSchedule(id: string, scope: OwnerScope): Promise<boolean> {
  return (
    (await db().$executeRaw`delete from schedules where id = ${id}::uuid and not system and ${ownerSql(scope)}`) > 0
  );
}

/**
 * Run `fn` on each enabled schedule due at `now`, each under its row lock (SKIP LOCKED: a schedule
 * another ticker holds is left to it), and store what `fn` returns. At most `limit` per call.
 */
export async function withDueSchedules(
  now: Date,
  limit: number,
  fn: (
    s: ScheduleRow,
    tx: Tx,
  ) => Promise<{ lastSlotAt: Date | null; nextRunAt: Date | null; lastRunId?: string; lastStatus?: string }>,
): Promise<number> {
  return db().$transaction(
    async (tx) => {
      const due = await tx.$queryRaw<ScheduleRow[]>`
        select ${COLS} from schedules
        where enabled and (next_run_at <= ${now}::timestamptz or (next_run_at is null and last_slot_at is null))
        order by next_run_at limit ${limit} for update skip locked`;
      for (const s of due) {
        const r = await fn(s, tx);
        await tx.$executeRaw`
          update schedules set last_slot_at = ${r.lastSlotAt}::timestamptz, next_run_at = ${r.nextRunAt}::timestamptz,
            last_run_id = coalesce(${r.lastRunId ?? null}::uuid, last_run_id), last_status = coalesce(${r.lastStatus ?? null}, last_status)
          where id = ${s.id}::uuid`;
      }
      return due.length;
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

/** Record the outcome shown beside a schedule (its latest run's status). */
export async function noteScheduleRun(scheduleId: string, runId: string, status: string): Promise<void> {
  await db()
    .$executeRaw`update schedules set last_run_id = ${runId}::uuid, last_status = ${status} where id = ${scheduleId}::uuid`;
}

export async function scheduleHistory(scheduleId: string, limit = 20) {
  return db().$queryRaw<
    { id: string; status: string; scheduleSlot: Date | null; createdAt: Date; finishedAt: Date | null }[]
  >`
    select id::text, status::text, schedule_slot as "scheduleSlot", created_at as "createdAt", finished_at as "finishedAt"
    from runs where schedule_id = ${scheduleId}::uuid order by created_at desc limit ${limit}`;
}
