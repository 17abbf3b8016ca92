/**
 * A workflow parent's partial result, filled in from its members as they succeed: a chord whose
 * callback task declares `membersPartial` (a batch: its rows so far) gets, each time the workflow
 * advances, the results of the members that succeeded since merged into its partial — only those are
 * read, so a batch of 500 chunks reads each chunk's result once. Written with a compare-and-set on
 * the partial it was built from (advancers in several processes never drop each other's rows),
 * recorded as a `partial` run event and published live like a task's ctx.partial; a cancelled
 * workflow keeps it (the advance that ends the parent merges first).
 */
import { logger } from "@/server/logger";
import type { MembersPartial } from "./define-task";
import { publishRunMessage } from "./events";
import type { RunRow } from "./run.repository";
import { findPartial, replacePartial, type PartialRecord } from "./run-partial.repository";
import { listChildResultsAt, type ChildState } from "./run-tree.repository";
import type { TaskCatalog } from "./task-catalog";
import { isTerminal } from "./status";
import type { WorkflowSpec } from "./workflow-spec";

/** Tries before leaving it to the next advance (each retry follows another process's write). */
const TRIES = 5;

/** The declaration of the chord's callback, if it has one. */
function membersPartialOf(spec: WorkflowSpec, tasks: TaskCatalog): MembersPartial | undefined {
  return spec.kind === "chord" && spec.callback ? tasks.get(spec.callback.task)?.membersPartial : undefined;
}

/**
 * Merge the members that succeeded since the parent's partial was last written into it (nothing new:
 * no write). Never throws: a partial that cannot be made is logged, and the workflow goes on.
 */
export async function fillMembersPartial(
  parent: RunRow,
  spec: WorkflowSpec,
  kids: readonly ChildState[],
  tasks: TaskCatalog,
): Promise<void> {
  await fill(parent, spec, kids, tasks).catch((err: unknown) =>
    logger.warn({ err, parentId: parent.id }, "workflow partial result not updated"),
  );
}

async function fill(
  parent: RunRow,
  spec: WorkflowSpec,
  kids: readonly ChildState[],
  tasks: TaskCatalog,
): Promise<void> {
  const how = membersPartialOf(spec, tasks);
  if (!how) return;
  const members = spec.steps.length;
  const isMember = (k: ChildState) => k.step !== null && k.step < members;
  const succeeded = kids.filter((k) => isMember(k) && k.status === "succeeded").map((k) => k.step!);
  const final = kids.filter((k) => isMember(k) && isTerminal(k.status)).length === members;
  for (let i = 0; i < TRIES; i++) {
    const prev = await findPartial(parent.id);
    const held = new Set(prev ? how.stepsIn(prev.result) : []);
    const fresh = succeeded.filter((s) => !held.has(s));
    if (!fresh.length && (!prev || prev.final || !final)) return;
    const results = fresh.length ? await listChildResultsAt(parent.id, fresh) : new Map<number, unknown>();
    const merged = how.merge({ input: spec.callback!.input, partial: prev?.result ?? null, results, members });
    const rec: PartialRecord = {
      result: merged.result,
      ...(merged.done ? { done: merged.done } : {}),
      at: laterThan(prev?.at),
      final,
    };
    const seq = await replacePartial(parent.id, prev?.at ?? null, rec);
    if (seq !== null) {
      void publishRunMessage({ type: "partial", runId: parent.id, ownerId: parent.ownerId, seq, ...rec });
      return;
    }
  }
}

/** Now (ISO), or just after `prev` when the clock has not moved past it: each write's `at` is new. */
function laterThan(prev: string | undefined): string {
  const now = Date.now();
  const after = prev ? Date.parse(prev) + 1 : -Infinity;
  return new Date(Math.max(now, after)).toISOString();
}
