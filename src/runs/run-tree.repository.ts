/** A workflow parent's children: the rows, their lean states, their results by step. */
import { db } from "@/server/db";
import { type RunRow, COLS, liveRun } from "./run.repository";
import { Prisma } from "@/generated/prisma/client";

/** A workflow parent's children, in step order, as the run page shows them (no expired one). */
export async function listChildren(parentId: string): Promise<RunRow[]> {
  return db().$queryRaw<RunRow[]>`
    select ${COLS} from runs where parent_id = ${parentId}::uuid and ${Prisma.raw(liveRun())} order by step, created_at`;
}

/** What a workflow needs of each child to move on: no input, no result. */
export type ChildState = Pick<RunRow, "id" | "task" | "status" | "progress" | "step" | "error">;

/** A workflow parent's children, lean (see ChildState), in step order. */
export async function listChildStates(parentId: string): Promise<ChildState[]> {
  return db().$queryRaw<ChildState[]>`
    select id::text, task, status::text as status, progress, step, error
    from runs where parent_id = ${parentId}::uuid order by step, created_at`;
}

/** The results of the children at `steps` (succeeded ones: the others have none yet), by step. */
export async function listChildResultsAt(parentId: string, steps: readonly number[]): Promise<Map<number, unknown>> {
  const rows = await db().$queryRaw<{ step: number; result: unknown }[]>`
    select step, result from runs where parent_id = ${parentId}::uuid and step = any(${[...steps]}::int[])`;
  return new Map(rows.map((r) => [r.step, r.result]));
}

/** The results of a workflow parent's children, by step. */
export async function listChildResults(parentId: string): Promise<Map<number, unknown>> {
  const rows = await db().$queryRaw<{ step: number; result: unknown }[]>`
    select step, result from runs where parent_id = ${parentId}::uuid and step is not null`;
  return new Map(rows.map((r) => [r.step, r.result]));
}
