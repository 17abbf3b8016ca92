import { api, ApiError, jsonBody, limitPerUser } from "../../../_lib/api";
import { ETO_COMPUTE_ENDPOINT, etoHttpStatus, startEtoCompute } from "@/features/eto/eto.endpoints";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/eto/compute — queue an eto.compute run; 202 with the run id and the sources chosen. */
export const POST = api(async ({ req, viewer }) => {
  const input = await jsonBody(req, ETO_COMPUTE_ENDPOINT.schema);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const r = await startEtoCompute(viewer, input).catch((err: unknown) => {
    const s = etoHttpStatus(err);
    throw s ? new ApiError(s.status, s.code, (err as Error).message) : err;
  });
  return Response.json(
    {
      ...r,
      links: {
        run: `/api/v1/runs/${r.runId}`,
        events: `/api/runs/${r.runId}/events`,
        csv: `/api/v1/runs/${r.runId}/result.csv`,
      },
    },
    { status: 202 },
  );
});
