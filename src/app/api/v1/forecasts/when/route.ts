import { api, jsonBody, limitPerUser } from "../../../_lib/api";
import { ZStartForecastInput } from "@/features/forecast/forecast.schemas";
import { startForecastWhen } from "@/features/forecast/forecast.service";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/forecasts/when — queue a "when will it be done?" forecast; 202 with the run id. */
export const POST = api(async ({ req, viewer }) => {
  const { fresh, ...input } = await jsonBody(req, ZStartForecastInput);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const r = await startForecastWhen(input, { ownerId: viewer.id, fresh });
  return Response.json(
    { ...r, links: { run: `/api/v1/runs/${r.runId}`, events: `/api/runs/${r.runId}/events` } },
    { status: 202 },
  );
});
