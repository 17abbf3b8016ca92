/**
 * eto.startBatch: the places cut into chunks (at most `chunkSize` places each, near-equal sizes), a
 * chord of eto.computeChunk runs — Graphile spreads them over every worker — and eto.mergeBatch as
 * its callback. Every place is resolved and checked before anything is queued (saved locations must
 * be the viewer's own; the days are resolved in each place's zone and checked against the sources'
 * coverage); the parent run's result is every place's eto.compute result in the order given.
 */
import { ownScope, type Viewer } from "@/accounts/viewer";
import type { TaskCatalog } from "@/runs/task-catalog";
import { splitEvenly } from "@/domain/shared/chunks";
import { dayNumber } from "@/domain/eto/gaps";
import { startWorkflow, WorkflowInputError } from "@/runs/workflow";
import { ETO_BATCH_LIMITS, type TEtoBatchInput, type TEtoChunkInput, type TEtoMergeInput } from "./eto-batch.schemas";
import type { TEtoComputeResolved, TEtoStartInput } from "./eto-compute.schemas";
import { EtoLocationNotFoundError } from "./eto.errors";
import { findLocations } from "./eto.repository";
import { fieldError, pointLocation, savedLocation, toTaskInput, type TaskLocation } from "./eto-resolve";
import { etoComputeChunkTask, etoMergeBatchTask } from "./eto.task";

async function placesOf(viewer: Viewer, input: TEtoBatchInput): Promise<TaskLocation[]> {
  if (input.points) return input.points.map(pointLocation);
  const ids = input.locationIds!;
  const rows = new Map((await findLocations(ids, ownScope(viewer))).map((l) => [l.id, l]));
  const missing = ids.filter((id) => !rows.has(id));
  if (missing.length) throw new EtoLocationNotFoundError(`location(s) not found: ${missing.slice(0, 5).join(", ")}`);
  return ids.map((id) => savedLocation(rows.get(id)!));
}

/** Queue the batch (its steps started from `tasks`); answers the parent run's id and each place's days and sources, in order. */
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
  const placeDays = steps.reduce((n, s) => n + dayNumber(s.end) - dayNumber(s.start) + 1, 0);
  const max = ETO_BATCH_LIMITS.maxPlaceDays;
  if (placeDays > max)
    throw fieldError(
      field,
      `${field}: ${count} places over their days make ${placeDays} place-days; at most ${max} per batch (fewer places or fewer days)`,
    );
  const chunks = splitEvenly(steps, input.chunkSize);
  let first = 0;
  const chunkInputs = chunks.map((places): TEtoChunkInput => {
    const c = { places, first, failFast: input.failurePolicy === "fail-fast" };
    first += places.length;
    return c;
  });
  const merge: TEtoMergeInput = { chunks: chunks.length, places: count };
  try {
    const parent = await startWorkflow(
      {
        kind: "chord",
        name: `ETo for ${count} location${count === 1 ? "" : "s"} (${chunks.length} chunk${chunks.length === 1 ? "" : "s"})`,
        failurePolicy: input.failurePolicy,
        steps: chunkInputs.map((c) => ({ task: etoComputeChunkTask.name, input: c, weight: c.places.length })),
        callback: { task: etoMergeBatchTask.name, input: merge, weight: 1 },
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
