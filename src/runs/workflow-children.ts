/**
 * A run that hands its work to child runs and waits for them: one huge run cut into chunks (each an
 * ordinary child run, so Graphile Worker spreads them over every worker process on every host). The
 * parent stays the run the user submitted — same task, same result — and only merges at its end.
 *
 * - Children are unique per (parent, step): a parent attempt that comes back after its worker died
 *   adopts the children already made (their results are kept) and makes only the missing ones.
 * - A child whose worker dies is recovered alone, as any run is (sweeper + retry).
 * - The parent's progress is the weighted mean of its children's (ETA from the parent's reporter).
 * - A cancelled or timed-out parent cancels every child still going (each on whatever host holds it);
 *   a parent handed back on shutdown leaves them running for its next attempt.
 * - A child that fails for good fails the parent at once (the others are cancelled).
 */
import type { AnyTask, TaskContext } from "./define-task";
import { enqueueMany } from "./enqueue";
import { cancelRun } from "./cancel";
import { NonRetriableError, type AbortReason } from "./errors";
import { findRun } from "./run.repository";
import { listChildResults, listChildResultsAt, listChildStates } from "./run-tree.repository";
import { isTerminal } from "./status";
import { CHILDREN_STAGE, MERGE_STAGE, weightedProgress } from "./workflow-spec";
import { cancelChildren } from "./workflow-rollup";

export interface ChildStep {
  task: AnyTask;
  input: unknown;
  /** Share of the parent's progress (e.g. the child's trials); default 1. */
  weight?: number;
}

export interface ChildrenOptions {
  /** What the children are called in the parent's progress message ("3/10 chunks done"). */
  label: string;
  /** The parent's progress while the children run goes from 0 to this (default 0.99: the merge follows). */
  upTo?: number;
  /** How often the children's states are read (default 250 ms). */
  pollMs?: number;
  /** Each child's result as soon as it succeeded (once per child, by step): for a live partial result. */
  onResult?: (step: number, result: unknown) => void;
}

const FAILED = new Set(["failed", "dead", "cancelled"]);

/** Make `steps` children of the running `ctx.runId` (those not made yet) and wait for them all; their results by step. */
export async function runChildren(
  ctx: TaskContext,
  steps: readonly ChildStep[],
  o: ChildrenOptions,
): Promise<unknown[]> {
  const parent = await findRun(ctx.runId);
  if (!parent) throw new Error(`run ${ctx.runId} is gone`);
  const made = new Set((await listChildStates(parent.id)).map((k) => k.step));
  const missing = steps.map((s, step) => ({ s, step })).filter(({ step }) => !made.has(step));
  if (missing.length)
    await enqueueMany(
      missing.map(({ s, step }) => ({
        task: s.task,
        input: s.input,
        opts: { ownerId: parent.ownerId, parentId: parent.id, rootId: parent.rootId ?? parent.id, step },
      })),
    );
  if (made.size === 0) await ctx.log(`split into ${steps.length} ${o.label}`);
  else await ctx.log(`${made.size} of ${steps.length} ${o.label} kept from an earlier attempt`);
  const weights = steps.map((s) => s.weight ?? 1);
  const upTo = o.upTo ?? 0.99;
  const handed = new Set<number>();
  try {
    for (;;) {
      ctx.signal.throwIfAborted();
      const kids = await listChildStates(parent.id);
      const failed = kids.find((k) => FAILED.has(k.status));
      if (failed) {
        await cancelOpen(parent.id, ctx);
        const why = failed.error ? `: ${failed.error.message}` : "";
        throw new NonRetriableError(
          `${failed.task} ${failed.step! + 1} of ${steps.length} ended ${failed.status}${why}`,
        );
      }
      if (o.onResult) {
        const fresh = kids.filter((k) => k.status === "succeeded" && k.step !== null && !handed.has(k.step));
        if (fresh.length) {
          for (const [step, result] of await listChildResultsAt(
            parent.id,
            fresh.map((k) => k.step!),
          )) {
            handed.add(step);
            o.onResult(step, result);
          }
        }
      }
      const ended = kids.filter((k) => isTerminal(k.status)).length;
      ctx.progress(upTo * weightedProgress(weights, kids), CHILDREN_STAGE, `${ended}/${steps.length} ${o.label} done`);
      if (ended === steps.length && kids.length === steps.length) {
        const results = await listChildResults(parent.id);
        ctx.progress(upTo, MERGE_STAGE, `merging ${steps.length} ${o.label}`);
        return steps.map((_, i) => results.get(i) ?? null);
      }
      await pause(o.pollMs ?? 250, ctx.signal);
    }
  } catch (err) {
    const reason = ctx.signal.aborted ? (ctx.signal.reason as AbortReason) : undefined;
    if (reason === "cancelled" || reason === "timeout") await cancelOpen(parent.id, ctx);
    throw err;
  }
}

/** Cancel every child of `parentId` still going, all at once: the running ones first (they hold CPUs). */
async function cancelOpen(parentId: string, ctx: TaskContext): Promise<void> {
  await cancelChildren(parentId, ctx.tasks, (err, child) =>
    ctx.logger.warn({ child, err: err.message }, "could not cancel a child run"),
  );
}

/** True when this run is a child whose parent is ending or has ended (its result would not be used). */
async function parentGone(ctx: TaskContext): Promise<boolean> {
  const run = await findRun(ctx.runId);
  if (!run?.parentId) return false;
  const parent = await findRun(run.parentId);
  return !parent || parent.status === "cancelling" || isTerminal(parent.status);
}

/**
 * A child run follows its parent: when the parent is ending or has ended — cancelled while no worker
 * held it, say — the child cancels itself (checked now, then every `everyMs`). Throws at once when
 * the parent is already gone; returns the function that stops following.
 */
export async function followParent(ctx: TaskContext, everyMs = 250): Promise<() => void> {
  const check = async () => {
    if (!(await parentGone(ctx))) return false;
    await cancelRun(ctx.runId, ctx.tasks);
    return true;
  };
  if (await check()) throw new Error("the run this one is part of has ended");
  const timer = setInterval(() => void check().catch(() => {}), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
