import { api, jsonBody, limitPerUser } from "../../_lib/api";
import { ZWorkflowSpec } from "@/runs/workflow";
import { start } from "@/features/workflows/workflows.service";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/v1/workflows — { kind: chain|group|chord, steps: [{ task, input, weight?, pipe? }],
 * callback? (chord), failurePolicy?: fail-fast|continue } → 202 { runId } (the parent run).
 */
export const POST = api(async ({ req, viewer }) => {
  const spec = await jsonBody(req, ZWorkflowSpec);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const r = await start(viewer, spec);
  return Response.json(
    { ...r, links: { run: `/api/v1/runs/${r.runId}`, events: `/api/runs/${r.runId}/events` } },
    { status: 202 },
  );
});
