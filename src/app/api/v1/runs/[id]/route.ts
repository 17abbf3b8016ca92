import { api, jsonWithEtag, parseWith } from "../../../_lib/api";
import { ZRunId } from "@/features/runs/runs.schemas";
import { getRun } from "@/features/runs/runs.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/v1/runs/:id — the run, if it is the caller's (any run for an admin); otherwise 404. With an
 * ETag: a poller that sends it back in If-None-Match gets 304 and no body until the run changes.
 */
export const GET = api<{ id: string }>(async ({ req, viewer }, params) => {
  const { id } = parseWith(ZRunId, params);
  return jsonWithEtag(req, await getRun(viewer, id));
});
