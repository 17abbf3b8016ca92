/**
 * What a workflow is (chain, group or chord of steps, with a failure policy), checked before anything
 * is queued; how a step's input is completed and checked by its task; and the parent's progress as
 * the weighted mean of its steps'. Pure: the engine that runs workflows is ./workflow.ts.
 */
import { z } from "zod";
import type { AnyTask } from "./define-task";
import type { RunRow } from "./run.repository";
import { isTerminal } from "./status";

export const WORKFLOW_KINDS = ["chain", "group", "chord"] as const;
export const FAILURE_POLICIES = ["fail-fast", "continue"] as const;
export const MAX_WORKFLOW_STEPS = 500;
export const isWorkflowTask = (task: string) => task.startsWith("workflow.");

/** The stages of a run that handed its work to child runs (workflow-children.ts): waiting for them, then merging. */
export const CHILDREN_STAGE = "chunks";
export const MERGE_STAGE = "merging";
/** Whether a run's page lists steps: a workflow's, or the chunk runs of a run split into them. */
export const hasSteps = (run: { task: string; stage?: string | null }) =>
  isWorkflowTask(run.task) || run.stage === CHILDREN_STAGE || run.stage === MERGE_STAGE;

const ZStep = z.object({
  task: z.string().min(1, "task is required").max(128, "task must be at most 128 characters"),
  input: z.unknown().default({}),
  weight: z.number().positive("weight must be more than 0").max(1000, "weight must be at most 1,000").default(1),
  /** Put the previous step's result (chain) or all results (chord callback) in this input field. */
  pipe: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "pipe must be a field name (letters, digits, _)")
    .optional(),
});
export const ZWorkflowSpec = z
  .object({
    kind: z.enum(WORKFLOW_KINDS, { message: `kind must be one of ${WORKFLOW_KINDS.join(", ")}` }),
    name: z.string().trim().max(100, "name must be at most 100 characters").optional(),
    failurePolicy: z
      .enum(FAILURE_POLICIES, { message: `failurePolicy must be one of ${FAILURE_POLICIES.join(", ")}` })
      .default("fail-fast"),
    steps: z
      .array(ZStep)
      .min(1, "steps must have at least 1 step")
      .max(MAX_WORKFLOW_STEPS, `steps must have at most ${MAX_WORKFLOW_STEPS} steps`),
    callback: ZStep.optional(),
  })
  .refine((w) => (w.kind === "chord") === (w.callback !== undefined), {
    message: "a chord needs a callback, and only a chord has one",
    path: ["callback"],
  });
export type WorkflowSpec = z.output<typeof ZWorkflowSpec>;
export type Step = WorkflowSpec["steps"][number];

export class WorkflowInputError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

/** The step's input with the piped value in place, completed and checked by the task's own schema. */
export function stepInput(
  task: AnyTask,
  step: Step,
  piped: unknown,
  hasPipe: boolean,
  path: (string | number)[],
): unknown {
  const raw = hasPipe && step.pipe ? { ...(step.input as object), [step.pipe]: piped } : step.input;
  try {
    const completed = task.complete ? task.complete(raw) : raw;
    return task.input.parse(completed);
  } catch (e) {
    const issue = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    throw new WorkflowInputError(
      [...path, "input", ...(issue?.path.map((p) => (typeof p === "number" ? p : String(p))) ?? [])],
      issue?.message ?? (e as Error).message,
    );
  }
}

export const stepsOf = (w: WorkflowSpec): Step[] => (w.kind === "chord" ? [...w.steps, w.callback!] : w.steps);

/** The parent's progress: weighted mean of its children's (a step not started counts 0, an ended one 1). */
export function rollUp(spec: WorkflowSpec, children: Pick<RunRow, "step" | "status" | "progress">[]): number {
  return weightedProgress(
    stepsOf(spec).map((s) => s.weight),
    children,
  );
}

/** Weighted mean progress of the children by step (`weights[i]` for step i; missing 0, ended 1). */
export function weightedProgress(
  weights: readonly number[],
  children: Pick<RunRow, "step" | "status" | "progress">[],
): number {
  const byStep = new Map(children.map((c) => [c.step, c]));
  let done = 0;
  let total = 0;
  weights.forEach((w, i) => {
    const c = byStep.get(i);
    total += w;
    done += w * (!c ? 0 : isTerminal(c.status) ? 1 : Math.min(1, Math.max(0, c.progress)));
  });
  return total > 0 ? done / total : 0;
}

/**
 * When a run that started at `startedAt` and is `progress` done should end, going at the pace it has
 * so far (progress over elapsed time); null before there is a pace to go by (under 0.5 % or 100 ms).
 */
export function etaOf(startedAt: Date | null, progress: number, now: number): Date | null {
  if (!startedAt) return null;
  const elapsed = now - startedAt.getTime();
  if (!(progress > 0.005) || elapsed < 100) return null;
  if (progress >= 1) return new Date(now);
  return new Date(now + (elapsed * (1 - progress)) / progress);
}
