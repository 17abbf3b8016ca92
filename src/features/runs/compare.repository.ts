/**
 * The runs a comparison reads: each by id as the viewer may see it (the scope GET /api/v1/runs/:id
 * uses: their own, any for an admin; an expired run is as a deleted one), with its kept partial
 * result, in one statement.
 */
import { Prisma } from "@/generated/prisma/client";
import type { OwnerScope } from "@/accounts/viewer";
import { db } from "@/server/db";
import { liveRun, runColumns, type RunRow } from "@/runs/run.repository";
import type { PartialRecord } from "@/runs/run-partial.repository";

export type CompareRunRow = RunRow & { partial: PartialRecord | null };

/** The visible runs among `ids` (any order; a missing or unseen id is simply absent). */
export async function findVisibleRuns(ids: readonly string[], scope: OwnerScope): Promise<CompareRunRow[]> {
  const list = Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));
  const owner = scope.kind === "all" ? Prisma.empty : Prisma.sql`and owner_id = ${scope.ownerId}`;
  return db().$queryRaw<CompareRunRow[]>`
    select ${Prisma.raw(runColumns())}, partial from runs
    where id in (${list}) ${owner} and ${Prisma.raw(liveRun())}`;
}
