/**
 * A workflow parent's progress, rolled up from its steps: the weighted mean of theirs, with an ETA
 * from its pace so far (progress over the time since it started). Progress and message are recorded on
 * the parent; both and the ETA are published live (the run page shows them) — about once a second
 * while any of its steps runs in this process, and as steps end. And the cancel of a parent's
 * children, all at once.
 */
import { publishRunMessage } from "./events";
import { cancelRun } from "./cancel";
import type { TaskCatalog } from "./task-catalog";
import { findRun, type RunRow } from "./run.repository";
import { setRunProgress } from "./run-events.repository";
import { listChildStates, type ChildState } from "./run-tree.repository";
import { isTerminal } from "./status";
import { etaOf, isWorkflowTask, rollUp, stepsOf, type WorkflowSpec } from "./workflow-spec";

/** Record and publish the parent's rolled-up progress (called as children progress and end). */
export async function publishRollUp(parentId: string): Promise<void> {
  const parent = await findRun(parentId);
  if (!parent || !isWorkflowTask(parent.task) || isTerminal(parent.status)) return;
  await rollUpWith(parent, await listChildStates(parentId));
}

export async function rollUpWith(parent: RunRow, kids: ChildState[]): Promise<void> {
  const spec = parent.input as WorkflowSpec;
  const progress = rollUp(spec, kids);
  const ended = kids.filter((k) => isTerminal(k.status)).length;
  const message = `${ended}/${stepsOf(spec).length} steps done`;
  if (progress === parent.progress && message === parent.message) return; // nothing new to say
  const row = await setRunProgress(parent.id, progress, message);
  if (row)
    void publishRunMessage({
      type: "progress",
      runId: parent.id,
      ownerId: row.ownerId,
      progress,
      stage: spec.kind,
      message,
      etaAt: etaOf(parent.startedAt, progress, Date.now())?.toISOString() ?? null,
      at: new Date().toISOString(),
    });
}

/**
 * While steps of a workflow run in this process, its progress is rolled up about once a second (one
 * timer per parent, however many of its steps run here).
 */
const rollUpTimers = new Map<string, { holders: number; timer: NodeJS.Timeout }>();

export function holdRollUp(parentId: string, everyMs: number): () => void {
  let t = rollUpTimers.get(parentId);
  if (!t) {
    const timer = setInterval(() => void publishRollUp(parentId).catch(() => {}), Math.max(250, everyMs));
    timer.unref();
    rollUpTimers.set(parentId, (t = { holders: 0, timer }));
  }
  t.holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--t.holders === 0) {
      clearInterval(t.timer);
      rollUpTimers.delete(parentId);
    }
  };
}

/**
 * Cancel every child of `parentId` still going, in parallel: the started ones first (they hold CPUs
 * on some host; each hears its cancel within the broadcast), then those still waiting.
 */
export async function cancelChildren(
  parentId: string,
  tasks: TaskCatalog,
  onError: (err: Error, childId: string) => void = () => {},
): Promise<void> {
  const open = (await listChildStates(parentId)).filter((k) => !isTerminal(k.status));
  const waiting = new Set(["queued", "scheduled", "retrying"]);
  for (const batch of [open.filter((k) => !waiting.has(k.status)), open.filter((k) => waiting.has(k.status))])
    await Promise.all(batch.map((k) => cancelRun(k.id, tasks).catch((err: Error) => onError(err, k.id))));
}
