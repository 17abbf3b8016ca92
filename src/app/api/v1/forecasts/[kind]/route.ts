import { api, jsonBody, limitPerUser, ApiError } from "../../../_lib/api";
import { FORECAST_ENDPOINTS } from "@/features/forecast/forecast.endpoints";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/forecasts/{how-many|deadline|backtest|cut-line} — queue that forecast; 202 with the run id. */
export const POST = api<{ kind: string }>(async ({ req, viewer }, params) => {
  const endpoint = FORECAST_ENDPOINTS[params.kind];
  if (!endpoint)
    throw new ApiError(
      404,
      "not_found",
      `no forecast called ${params.kind} (known: when, ${Object.keys(FORECAST_ENDPOINTS).join(", ")})`,
    );
  const { fresh, ...input } = await jsonBody(req, endpoint.schema);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const r = await endpoint.start(input as never, { ownerId: viewer.id, fresh: fresh as boolean | undefined });
  return Response.json(
    { ...r, links: { run: `/api/v1/runs/${r.runId}`, events: `/api/runs/${r.runId}/events` } },
    { status: 202 },
  );
});
