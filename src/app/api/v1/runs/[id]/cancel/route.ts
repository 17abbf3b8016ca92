import { api, parseWith } from "../../../../_lib/api";
import { ZRunId } from "@/features/runs/runs.schemas";
import { requestCancel } from "@/features/runs/runs.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/runs/:id/cancel — ask the run to stop (it stops within the cancel grace). */
export const POST = api<{ id: string }>(async ({ viewer }, params) => {
  const { id } = parseWith(ZRunId, params);
  return Response.json(await requestCancel(viewer, id), { status: 202 });
});
