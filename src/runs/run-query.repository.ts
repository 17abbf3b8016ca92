/** Runs as lists: the console's and the API's pages, the target of a bulk action, cleanup, cancel checks. */
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { RunStatus } from "./status";
import type { OwnerScope } from "@/accounts/viewer";
import { liveRun, type RunSummary } from "./run.repository";

/** The one place run reads turn an owner scope into SQL: a user's rows, or everyone's for an admin. */
function ownerSql(scope: OwnerScope): Prisma.Sql {
  return scope.kind === "all" ? Prisma.sql`true` : Prisma.sql`owner_id = ${scope.ownerId}`;
}

const SUMMARY_COLS = Prisma.raw(`id::text, task, queue, status::text as status, progress, stage, message,
  eta_at as "etaAt", attempt, max_attempts as "maxAttempts", owner_id as "ownerId", error,
  cached_from_id::text as "cachedFromId", (select u.email from users u where u.id = runs.owner_id) as "ownerEmail",
  run_at as "runAt", priority,
  created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt"`);

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
  const where: Prisma.Sql[] = [ownerSql(q.scope), Prisma.raw(liveRun())];
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
