/**
 * eto.startBatch: one eto.compute per place as a group workflow. Every place is resolved and checked
 * before anything is queued (saved locations must be the viewer's own; the days are resolved in
 * each place's zone and checked against the sources' coverage); the parent run's result is the
 * children's results in the order the places were given.
 */
import { ownScope, type Viewer } from "@/accounts/viewer";
import type { TaskCatalog } from "@/runs/task-catalog";
import { startWorkflow, WorkflowInputError } from "@/runs/workflow";
import type { TEtoBatchInput } from "./eto-batch.schemas";
import type { TEtoComputeResolved, TEtoStartInput } from "./eto-compute.schemas";
import { EtoLocationNotFoundError } from "./eto.errors";
import { findLocations } from "./eto.repository";
import { fieldError, pointLocation, savedLocation, toTaskInput, type TaskLocation } from "./eto-resolve";
import { etoComputeTask } from "./eto.task";

async function placesOf(viewer: Viewer, input: TEtoBatchInput): Promise<TaskLocation[]> {
  if (input.points) return input.points.map(pointLocation);
  const ids = input.locationIds!;
  const rows = new Map((await findLocations(ids, ownScope(viewer))).map((l) => [l.id, l]));
  const missing = ids.filter((id) => !rows.has(id));
  if (missing.length) throw new EtoLocationNotFoundError(`location(s) not found: ${missing.slice(0, 5).join(", ")}`);
  return ids.map((id) => savedLocation(rows.get(id)!));
}

/** Queue the batch (its steps started from `tasks`); answers the parent run's id and each child's place, days and sources. */
export async function startBatch(viewer: Viewer, input: TEtoBatchInput, tasks: TaskCatalog, now: Date = new Date()) {
  const places = await placesOf(viewer, input);
  const field = input.points ? "points" : "locationIds";
  const form = { ...input, locationId: undefined } as TEtoStartInput;
  const steps: TEtoComputeResolved[] = places.map((place, i) => {
    try {
      return toTaskInput(form, place, now);
    } catch (e) {
      const issue = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
      if (!issue) throw e;
      throw fieldError(String(issue.path[0] ?? field), `${field}[${i}]: ${issue.message}`);
    }
  });
  const count = places.length;
  try {
    const parent = await startWorkflow(
      {
        kind: "group",
        name: `ETo for ${count} location${count === 1 ? "" : "s"}`,
        failurePolicy: input.failurePolicy,
        steps: steps.map((s) => ({ task: etoComputeTask.name, input: s, weight: 1 })),
      },
      { ownerId: viewer.id, tasks },
    );
    return {
      runId: parent.id,
      children: steps.map((s) => ({
        locationId: s.location.id,
        name: s.location.name,
        start: s.start,
        end: s.end,
        sources: s.sources,
      })),
    };
  } catch (e) {
    if (e instanceof WorkflowInputError) throw fieldError(field, `${e.path.join(".")}: ${e.message}`);
    throw e;
  }
}
