/**
 * What-if reruns: a run may name the run it was edited from (`originRunId`). The submitter must be
 * able to see that run, and it must be a run of the same task; someone else's run is refused exactly
 * as a missing one (404), so ids leak nothing.
 */
import { Refusal } from "@/domain/shared/errors";
import { scopeOf, type Viewer } from "@/accounts/viewer";
import { findVisibleRun } from "./run.repository";

/** originRunId names no run the submitter may see (missing, expired, or someone else's). */
export class OriginRunNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  override name = "OriginRunNotFoundError";
  override readonly field = "originRunId";
  constructor(readonly runId: string) {
    super(`originRunId: run ${runId} not found`);
  }
}

/** originRunId names a run of another task: a rerun is of the task its origin ran. */
export class OriginTaskMismatchError extends Refusal {
  readonly code = "BAD_REQUEST" as const;
  override name = "OriginTaskMismatchError";
  override readonly field = "originRunId";
  constructor(originTask: string, task: string) {
    super(`originRunId must name a run of ${task}; that run is a ${originTask} run`);
  }
}

/**
 * The enqueue option for a rerun of `originRunId` (none when it is not given), once the viewer may
 * see that run and it ran `task`; otherwise throws OriginRunNotFoundError / OriginTaskMismatchError.
 */
export async function originOption(
  viewer: Viewer,
  task: string,
  originRunId: string | undefined,
): Promise<{ originRunId?: string }> {
  if (originRunId === undefined) return {};
  const origin = await findVisibleRun(originRunId, scopeOf(viewer));
  if (!origin) throw new OriginRunNotFoundError(originRunId);
  if (origin.task !== task) throw new OriginTaskMismatchError(origin.task, task);
  return { originRunId: origin.id };
}
