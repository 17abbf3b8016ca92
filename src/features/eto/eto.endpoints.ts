/**
 * The HTTP API's ETo endpoints: POST /api/v1/eto/compute and POST /api/v1/eto/batch — the schemas
 * (the tRPC `eto.start` and `eto.startBatch` inputs) and the services, with the feature's refusals
 * as HTTP statuses.
 */
import { ZEtoStartInput, type TEtoStartInput } from "./eto-compute.schemas";
import { EtoLimitError, EtoLocationNotFoundError } from "./eto.errors";
import { startCompute } from "./eto.service";
import type { Viewer } from "@/accounts/viewer";
import { ZEtoBatchInput, type TEtoBatchInput } from "./eto-batch.schemas";
import { startBatch } from "./eto-batch.service";

export const ETO_COMPUTE_ENDPOINT = {
  path: "/api/v1/eto/compute",
  task: "eto.compute",
  summary: "Queue a reference evapotranspiration (FAO-56) run over fused weather sources",
  schema: ZEtoStartInput,
};

export const ETO_BATCH_ENDPOINT = {
  path: "/api/v1/eto/batch",
  task: "workflow.group",
  summary: "Queue reference evapotranspiration (FAO-56) for many locations: a group workflow of eto.compute runs",
  schema: ZEtoBatchInput,
};

/** An HTTP status for the feature's own errors (null: not one of them). */
export function etoHttpStatus(err: unknown): { status: number; code: string } | null {
  if (err instanceof EtoLocationNotFoundError) return { status: 404, code: "NOT_FOUND" };
  if (err instanceof EtoLimitError) return { status: 409, code: "CONFLICT" };
  return null;
}

export const startEtoCompute = (viewer: Viewer, input: TEtoStartInput) => startCompute(viewer, input);
export const startEtoBatch = (viewer: Viewer, input: TEtoBatchInput) => startBatch(viewer, input);
