import { api, ApiError, jsonBody, limitPerUser } from "../../../_lib/api";
import { ETO_BATCH_ENDPOINT, etoHttpStatus, startEtoBatch } from "@/features/eto/eto.endpoints";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/eto/batch — one eto.compute per location as a group workflow; 202 with the parent run id. */
export const POST = api(async ({ req, viewer }) => {
  const input = await jsonBody(req, ETO_BATCH_ENDPOINT.schema);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const r = await startEtoBatch(viewer, input).catch((err: unknown) => {
    const s = etoHttpStatus(err);
    throw s ? new ApiError(s.status, s.code, (err as Error).message) : err;
  });
  return Response.json(
    {
      ...r,
      links: {
        run: `/api/v1/runs/${r.runId}`,
        events: `/api/runs/${r.runId}/events`,
      },
    },
    { status: 202 },
  );
});
