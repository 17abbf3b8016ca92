/** Starting workflows (chain, group, chord) for a person; their runs are read through the runs feature. */
import { ZodError } from "zod";
import { startWorkflow, WorkflowInputError, type WorkflowSpec } from "@/runs/workflow";
import { findVisibleRun } from "@/runs/run.repository";
import { listChildren } from "@/runs/run-tree.repository";
import { RunNotFoundError } from "@/runs/errors";
import { scopeOf, type Viewer } from "@/accounts/viewer";
import { toRunSummaryDto } from "@/features/runs";
import type { TaskCatalog } from "@/runs/task-catalog";

export async function start(viewer: Viewer, spec: WorkflowSpec, tasks: TaskCatalog): Promise<{ runId: string }> {
  try {
    const parent = await startWorkflow(spec, { ownerId: viewer.id, canRunSystem: viewer.role === "admin", tasks });
    return { runId: parent.id };
  } catch (e) {
    if (e instanceof WorkflowInputError)
      throw new ZodError([{ code: "custom", path: e.path, message: e.message, input: undefined }]);
    throw e;
  }
}

/** A run's children (a workflow's steps), if the viewer may see the run. */
export async function children(viewer: Viewer, id: string) {
  if (!(await findVisibleRun(id, scopeOf(viewer)))) throw new RunNotFoundError(id);
  return (await listChildren(id)).map((k) => ({ ...toRunSummaryDto({ ...k, ownerEmail: null }), step: k.step }));
}
