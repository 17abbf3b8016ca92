/**
 * Workflows as parent/child runs: `chain` (steps one after another, each step's result piped into
 * the next), `group` (steps at once) and `chord` (a group, then a callback given all their results).
 * The parent run has no job: its children do the work, and every child that ends advances it.
 *
 * No lock is needed: every action is idempotent in the database — a step's run is unique per
 * (parent, step), the parent's end is a compare-and-set transition — and the last child to end
 * sees all its siblings ended, so concurrent advancers agree. Progress is the weighted mean of the
 * children's (steps not started yet count 0). Cancelling the parent cancels the tree.
 */
import { logger } from "@/server/logger";
import type { TaskCatalog } from "./task-catalog";
import { notifyWebhooks } from "./webhooks";
import { enqueue, enqueueMany, inputHash, StepTakenError, type EnqueueItem } from "./enqueue";
import { publishRunMessage, statusMessage } from "./events";
import { findRun, insertParentRun, type RunRow } from "./run.repository";
import { codeVersion } from "@/server/code-version";
import { listChildResults, listChildStates } from "./run-tree.repository";
import { cancelChildren, rollUpWith } from "./workflow-rollup";
import { fillMembersPartial } from "./workflow-partial";
import { transition } from "./writer";
import { isTerminal } from "./status";
import { activeTraceparent } from "./run-tracing";
import { randomUUID } from "node:crypto";
import {
  isWorkflowTask,
  MAX_WORKFLOW_STEPS,
  stepInput,
  stepsOf,
  WorkflowInputError,
  type WorkflowSpec,
} from "./workflow-spec";

export { holdRollUp, publishRollUp } from "./workflow-rollup";
export {
  FAILURE_POLICIES,
  isWorkflowTask,
  MAX_WORKFLOW_STEPS,
  rollUp,
  WORKFLOW_KINDS,
  WorkflowInputError,
  ZWorkflowSpec,
  type WorkflowSpec,
} from "./workflow-spec";

/**
 * Validate and start a workflow: the parent run, then the first step (chain) or every member
 * (group, chord). Steps whose input waits for a piped result are checked when they start.
 */
export async function startWorkflow(
  spec: WorkflowSpec,
  o: { ownerId: string | null; canRunSystem?: boolean; tasks: TaskCatalog },
): Promise<RunRow> {
  const registry = o.tasks;
  const all = stepsOf(spec);
  all.forEach((s, i) => {
    const path = spec.kind === "chord" && i === spec.steps.length ? ["callback"] : ["steps", i];
    const task = registry.get(s.task);
    if (!task || isWorkflowTask(s.task) || (task.system && !o.canRunSystem))
      throw new WorkflowInputError([...path, "task"], `task ${s.task} is not a task you can run`);
    const pipedLater =
      (spec.kind === "chain" && i > 0 && s.pipe) || (spec.kind === "chord" && i === spec.steps.length && s.pipe);
    if (!pipedLater) stepInput(task, s, undefined, false, path);
  });
  const parent = await insertParentRun({
    id: randomUUID(),
    task: `workflow.${spec.kind}`,
    queue: "default",
    input: spec,
    inputHash: inputHash(`workflow.${spec.kind}`, spec),
    maxAttempts: 1,
    priority: 0,
    ownerId: o.ownerId,
    expiresAt: null,
    // The submit's trace (tracing on): its steps are enqueued in it too, so the workflow is one trace.
    traceparent: activeTraceparent(),
    codeVersion: codeVersion(),
  });
  void publishRunMessage(statusMessage(parent, "workflow started"));
  if (spec.kind === "chain") await startStep(o.tasks, parent, spec, 0, undefined, false);
  else await startMembers(o.tasks, parent, spec);
  await advanceWorkflow(parent.id, o.tasks);
  return (await findRun(parent.id)) ?? parent;
}

/**
 * A group's (or chord's) members at once: one statement for all of them (enqueueMany). Memoised tasks
 * go one by one, so an identical earlier run can still answer them from cache.
 */
async function startMembers(registry: TaskCatalog, parent: RunRow, spec: WorkflowSpec): Promise<void> {
  const items: EnqueueItem[] = [];
  const memoised: number[] = [];
  spec.steps.forEach((step, i) => {
    const task = registry.get(step.task);
    if (!task) throw new WorkflowInputError(["steps", i, "task"], `task ${step.task} is not known to this process`);
    if (task.memoize) return void memoised.push(i);
    items.push({
      task,
      input: stepInput(task, step, undefined, false, ["steps", i]),
      opts: { ownerId: parent.ownerId, parentId: parent.id, rootId: parent.rootId ?? parent.id, step: i },
    });
  });
  await enqueueMany(items); // a step already taken (null) was started by a sibling's end: fine
  for (const i of memoised) await startStep(registry, parent, spec, i, undefined, false);
}

async function startStep(
  tasks: TaskCatalog,
  parent: RunRow,
  spec: WorkflowSpec,
  i: number,
  piped: unknown,
  hasPipe: boolean,
): Promise<void> {
  const step = stepsOf(spec)[i]!;
  const task = tasks.get(step.task);
  if (!task) throw new WorkflowInputError(["steps", i, "task"], `task ${step.task} is not known to this process`);
  const path = spec.kind === "chord" && i === spec.steps.length ? ["callback"] : ["steps", i];
  const input = stepInput(task, step, piped, hasPipe, path);
  try {
    await enqueue(task, input, {
      ownerId: parent.ownerId,
      parentId: parent.id,
      rootId: parent.rootId ?? parent.id,
      step: i,
    });
  } catch (e) {
    if (!(e instanceof StepTakenError)) throw e; // a sibling's end started it first
  }
}

async function endParent(
  parent: RunRow,
  to: "succeeded" | "failed" | "cancelled",
  o: { result?: unknown; error?: { name: string; message: string }; reason: string },
) {
  const row = await transition({
    id: parent.id,
    from: to === "cancelled" ? ["cancelling"] : ["running"],
    to,
    patch: {
      finishedNow: true,
      ...(to === "succeeded" ? { progress: 1, result: o.result ?? null } : {}),
      ...(o.error ? { error: o.error } : {}),
    },
    event: { reason: o.reason, ...(o.error ? { error: o.error } : {}) },
  });
  if (row) {
    void publishRunMessage(statusMessage(row, o.reason));
    void notifyWebhooks(row);
  }
}

const FAILED = new Set(["failed", "dead", "cancelled"]);

const advancing = new Map<string, { again: boolean; done: Promise<void> }>();

/**
 * Move a workflow on after one of its children changed: start what is due, end the parent when it
 * is over, cancel the rest on a fail-fast failure. Safe to call any number of times, from anywhere.
 */
export function advanceWorkflow(parentId: string, tasks: TaskCatalog): Promise<void> {
  const current = advancing.get(parentId);
  if (current) {
    current.again = true; // coalesce: one more pass after the running one
    return current.done;
  }
  const entry = { again: false, done: Promise.resolve() };
  entry.done = (async () => {
    try {
      do {
        entry.again = false;
        await advanceOnce(parentId, tasks);
      } while (entry.again);
    } catch (err) {
      logger.error({ err, parentId }, "workflow could not advance");
    } finally {
      advancing.delete(parentId);
    }
  })();
  advancing.set(parentId, entry);
  return entry.done;
}

async function advanceOnce(parentId: string, tasks: TaskCatalog): Promise<void> {
  for (let pass = 0; pass < MAX_WORKFLOW_STEPS + 2; pass++) {
    const parent = await findRun(parentId);
    if (!parent || !isWorkflowTask(parent.task) || isTerminal(parent.status)) return;
    const spec = parent.input as WorkflowSpec;
    const steps = stepsOf(spec);
    const kids = await listChildStates(parentId);
    const byStep = new Map(kids.map((k) => [k.step!, k]));
    await rollUpWith(parent, kids);
    await fillMembersPartial(parent, spec, kids, tasks);
    const allEnded = steps.every((_, i) => byStep.has(i) && isTerminal(byStep.get(i)!.status));

    if (parent.status === "cancelling") {
      if (kids.every((k) => isTerminal(k.status)))
        await endParent(parent, "cancelled", { reason: "cancelled with its steps" });
      return;
    }
    const failed = kids.filter((k) => FAILED.has(k.status)).sort((a, b) => a.step! - b.step!);
    if (failed.length && spec.failurePolicy === "fail-fast") {
      await cancelChildren(parentId, tasks);
      const f = failed[0]!;
      await endParent(parent, "failed", {
        reason: "a step failed (fail-fast)",
        error: {
          name: "WorkflowStepFailed",
          message: `step ${f.step! + 1} (${f.task}) ended ${f.status}${f.error ? `: ${f.error.message}` : ""}`,
        },
      });
      return;
    }
    if (allEnded) {
      const byStepResult = await listChildResults(parentId);
      const results = steps.map((_, i) => byStepResult.get(i) ?? null);
      if (failed.length) {
        await endParent(parent, "failed", {
          reason: "steps failed (continue)",
          error: {
            name: "WorkflowStepFailed",
            message: `${failed.length} of ${steps.length} steps did not succeed: ${failed.map((k) => k.step! + 1).join(", ")}`,
          },
        });
      } else {
        const result = spec.kind === "group" ? results : results[results.length - 1];
        await endParent(parent, "succeeded", { result, reason: "all steps succeeded" });
      }
      return;
    }
    // What is due next?
    let started = false;
    try {
      if (spec.kind === "chain") {
        const last = Math.max(...kids.map((k) => k.step!));
        const k = byStep.get(last);
        if (k && isTerminal(k.status) && last + 1 < steps.length) {
          const piped = k.status === "succeeded" ? ((await listChildResults(parentId)).get(last) ?? null) : null;
          await startStep(tasks, parent, spec, last + 1, piped, true);
          started = true;
        }
      } else if (spec.kind === "chord" && !byStep.has(spec.steps.length)) {
        const groupEnded = spec.steps.every((_, i) => byStep.has(i) && isTerminal(byStep.get(i)!.status));
        if (groupEnded) {
          const results = await listChildResults(parentId);
          await startStep(
            tasks,
            parent,
            spec,
            spec.steps.length,
            spec.steps.map((_, i) => results.get(i) ?? null),
            true,
          );
          started = true;
        }
      }
    } catch (e) {
      if (!(e instanceof WorkflowInputError)) throw e;
      await endParent(parent, "failed", {
        reason: "a step's input was refused",
        error: { name: "WorkflowInputError", message: `${e.path.join(".")}: ${e.message}` },
      });
      return;
    }
    if (!started) return; // waiting for running steps; their ends call us again
    // A started step may have ended at once (a result from cache): look again.
  }
}

/** Cancel a workflow: the parent goes `cancelling`, every step still going is cancelled, then the parent. */
export async function cancelWorkflow(parent: RunRow, tasks: TaskCatalog): Promise<RunRow> {
  const c = await transition({
    id: parent.id,
    from: ["running"],
    to: "cancelling",
    event: { reason: "cancel requested" },
  });
  if (c) void publishRunMessage(statusMessage(c, "cancel requested"));
  await cancelChildren(parent.id, tasks);
  await advanceWorkflow(parent.id, tasks);
  return (await findRun(parent.id)) ?? parent;
}
