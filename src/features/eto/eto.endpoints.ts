/**
 * The HTTP API's ETo endpoint: POST /api/v1/eto/compute — the schema (the tRPC `eto.start` input)
 * and the service, with the feature's refusals as HTTP statuses.
 */
import { ZEtoStartInput, type TEtoStartInput } from "./eto-compute.schemas";
import { EtoLimitError, EtoLocationNotFoundError } from "./eto.errors";
import { startCompute } from "./eto.service";
import type { Viewer } from "@/accounts/viewer";

export const ETO_COMPUTE_ENDPOINT = {
  path: "/api/v1/eto/compute",
  task: "eto.compute",
  summary: "Queue a reference evapotranspiration (FAO-56) run over fused weather sources",
  schema: ZEtoStartInput,
};

/** An HTTP status for the feature's own errors (null: not one of them). */
export function etoHttpStatus(err: unknown): { status: number; code: string } | null {
  if (err instanceof EtoLocationNotFoundError) return { status: 404, code: "NOT_FOUND" };
  if (err instanceof EtoLimitError) return { status: 409, code: "CONFLICT" };
  return null;
}

export const startEtoCompute = (viewer: Viewer, input: TEtoStartInput) => startCompute(viewer, input);
