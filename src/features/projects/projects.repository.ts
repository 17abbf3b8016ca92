/** Projects, their history periods, saved forecasts and actuals: the only SQL about them. */
import { isoDateIn, UTC } from "@/domain/shared/dates";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/server/db";
import type { OwnerScope } from "@/accounts/viewer";

export interface ProjectRow {
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  periodDays: number;
  skipWeekends: boolean;
  backlog: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProjectListRow extends ProjectRow {
  periods: number;
  forecasts: number;
  actuals: number;
  lastPeriod: string | null;
}

export interface HistoryRowDb {
  periodStart: string;
  count: number;
}

export interface SavedForecastSummaryRow {
  id: string;
  kind: string;
  runId: string;
  label: string | null;
  seed: number | null;
  createdAt: Date;
  /** The figures-bearing parts of the result (percentiles, dates, probability, …). */
  summary: Record<string, unknown>;
}

export interface SavedForecastRow extends Omit<SavedForecastSummaryRow, "summary"> {
  input: unknown;
  result: unknown;
}

export interface ActualRow {
  id: string;
  date: string;
  completed: number;
  remaining: number | null;
  note: string | null;
  createdAt: Date;
}

/** The one place project reads turn an owner scope into SQL. */
function ownerWhere(scope: OwnerScope): { ownerId?: string } {
  return scope.kind === "all" ? {} : { ownerId: scope.ownerId };
}
function ownerSql(scope: OwnerScope): Prisma.Sql {
  return scope.kind === "all" ? Prisma.sql`true` : Prisma.sql`p.owner_id = ${scope.ownerId}`;
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
/** A date column (midnight UTC) as its calendar date. */
const toIso = (d: Date) => isoDateIn(d, UTC);

const PROJECT = {
  id: true,
  ownerId: true,
  name: true,
  description: true,
  periodDays: true,
  skipWeekends: true,
  backlog: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function listProjects(scope: OwnerScope, limit: number): Promise<ProjectListRow[]> {
  return db().$queryRaw<ProjectListRow[]>`
    select p.id::text, p.owner_id as "ownerId", p.name, p.description, p.period_days as "periodDays", p.skip_weekends as "skipWeekends",
           p.backlog, p.created_at as "createdAt", p.updated_at as "updatedAt",
           (select count(*)::int from project_history h where h.project_id = p.id) as periods,
           (select count(*)::int from saved_forecasts f where f.project_id = p.id) as forecasts,
           (select count(*)::int from project_actuals a where a.project_id = p.id) as actuals,
           (select to_char(max(h.period_start), 'YYYY-MM-DD') from project_history h where h.project_id = p.id) as "lastPeriod"
    from projects p where ${ownerSql(scope)} order by p.updated_at desc, p.id limit ${limit}`;
}

export async function countProjects(ownerId: string): Promise<number> {
  return db().project.count({ where: { ownerId } });
}

export async function findProject(id: string, scope: OwnerScope): Promise<ProjectRow | null> {
  return db().project.findFirst({ where: { id, ...ownerWhere(scope) }, select: PROJECT });
}

export async function insertProject(p: Omit<ProjectRow, "id" | "createdAt" | "updatedAt">): Promise<ProjectRow> {
  return db().project.create({ data: { id: randomUUID(), ...p }, select: PROJECT });
}

export async function updateProject(
  id: string,
  scope: OwnerScope,
  patch: Partial<Pick<ProjectRow, "name" | "description" | "periodDays" | "skipWeekends" | "backlog">>,
): Promise<ProjectRow | null> {
  const { count } = await db().project.updateMany({ where: { id, ...ownerWhere(scope) }, data: patch });
  return count ? findProject(id, scope) : null;
}

export async function deleteProject(id: string, scope: OwnerScope): Promise<boolean> {
  return (await db().project.deleteMany({ where: { id, ...ownerWhere(scope) } })).count > 0;
}

/** Marks the project changed (its history, forecasts or actuals). */
async function touch(tx: Tx, id: string): Promise<void> {
  await tx.project.update({ where: { id }, data: { updatedAt: new Date() } });
}

export async function listHistory(projectId: string): Promise<HistoryRowDb[]> {
  const rows = await db().projectPeriod.findMany({
    where: { projectId },
    orderBy: { periodStart: "asc" },
    select: { periodStart: true, count: true },
  });
  return rows.map((r) => ({ periodStart: toIso(r.periodStart), count: r.count }));
}

/** The history becomes exactly `rows` (one transaction). */
export async function replaceHistory(projectId: string, rows: readonly HistoryRowDb[]): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.projectPeriod.deleteMany({ where: { projectId } });
    if (rows.length)
      await tx.projectPeriod.createMany({
        data: rows.map((r) => ({ projectId, periodStart: toDate(r.periodStart), count: r.count })),
      });
    await touch(tx, projectId);
  });
}

/** The parts of a result that key figures and the convergence chart read, without the big tables. */
const SUMMARY = Prisma.raw(`jsonb_strip_nulls(jsonb_build_object(
  'percentiles', result->'percentiles', 'dates', result->'dates', 'probabilityByDeadline', result->'probabilityByDeadline',
  'probability', result->'probability', 'scope', result->'scope', 'coverage', result->'coverage',
  'features', case when jsonb_typeof(result->'features') = 'array' then (
    select jsonb_agg(jsonb_build_object('name', v->'name', 'percentiles', v->'percentiles', 'dates', v->'dates'))
    from (select value as v from jsonb_array_elements(result->'features') limit 100) x) end))`);

export async function listSavedForecasts(projectId: string): Promise<SavedForecastSummaryRow[]> {
  const rows = await db().$queryRaw<(Omit<SavedForecastSummaryRow, "seed"> & { seed: bigint | null })[]>`
    select id::text, kind, run_id::text as "runId", label, seed, created_at as "createdAt", ${SUMMARY} as summary
    from saved_forecasts where project_id = ${projectId}::uuid order by created_at, id`;
  return rows.map((r) => ({ ...r, seed: r.seed === null ? null : Number(r.seed) }));
}

export async function countSavedForecasts(projectId: string): Promise<number> {
  return db().savedForecast.count({ where: { projectId } });
}

export async function insertSavedForecast(f: {
  projectId: string;
  kind: string;
  runId: string;
  input: unknown;
  seed: number | null;
  result: unknown;
  label: string | null;
}): Promise<string> {
  const id = randomUUID();
  await db().$transaction(async (tx) => {
    await tx.savedForecast.create({
      data: {
        id,
        ...f,
        seed: f.seed === null ? null : BigInt(f.seed),
        input: f.input as Prisma.InputJsonValue,
        result: f.result as Prisma.InputJsonValue,
      },
    });
    await touch(tx, f.projectId);
  });
  return id;
}

export async function findSavedForecast(projectId: string, id: string): Promise<SavedForecastRow | null> {
  const f = await db().savedForecast.findFirst({ where: { id, projectId } });
  return (
    f && {
      id: f.id,
      kind: f.kind,
      runId: f.runId,
      label: f.label,
      seed: f.seed === null ? null : Number(f.seed),
      createdAt: f.createdAt,
      input: f.input,
      result: f.result,
    }
  );
}

export async function findSavedForecastOfRun(
  projectId: string,
  runId: string,
): Promise<{ id: string; kind: string } | null> {
  return db().savedForecast.findFirst({ where: { projectId, runId }, select: { id: true, kind: true } });
}

export async function deleteSavedForecast(projectId: string, id: string): Promise<boolean> {
  return (await db().savedForecast.deleteMany({ where: { id, projectId } })).count > 0;
}

export async function listActuals(projectId: string): Promise<ActualRow[]> {
  const rows = await db().projectActual.findMany({
    where: { projectId },
    orderBy: [{ date: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((a) => ({
    id: a.id,
    date: toIso(a.date),
    completed: a.completed,
    remaining: a.remaining,
    note: a.note,
    createdAt: a.createdAt,
  }));
}

export async function countActuals(projectId: string): Promise<number> {
  return db().projectActual.count({ where: { projectId } });
}

export async function insertActual(a: {
  projectId: string;
  date: string;
  completed: number;
  remaining: number | null;
  note: string | null;
}): Promise<string> {
  const id = randomUUID();
  await db().$transaction(async (tx) => {
    await tx.projectActual.create({ data: { id, ...a, date: toDate(a.date) } });
    await touch(tx, a.projectId);
  });
  return id;
}

export async function deleteActual(projectId: string, id: string): Promise<boolean> {
  return (await db().projectActual.deleteMany({ where: { id, projectId } })).count > 0;
}
