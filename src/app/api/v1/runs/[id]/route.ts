import { api, parseWith } from "../../../_lib/api";
import { ZRunId } from "@/features/runs/runs.schemas";
import { getRun } from "@/features/runs/runs.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/runs/:id — the run, if it is the caller's (any run for an admin); otherwise 404. */
export const GET = api<{ id: string }>(async ({ viewer }, params) => {
  const { id } = parseWith(ZRunId, params);
  return Response.json(await getRun(viewer, id));
});
