import { api, parseWith } from "../../../../_lib/api";
import { ZRunId } from "@/features/runs/runs.schemas";
import { requestRedrive } from "@/features/runs/runs.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/runs/:id/redrive — re-queue a dead (or failed) run with a fresh attempt count. */
export const POST = api<{ id: string }>(async ({ viewer }, params) => {
  const { id } = parseWith(ZRunId, params);
  return Response.json(await requestRedrive(viewer, id), { status: 202 });
});
