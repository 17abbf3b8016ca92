import { api, parseWith } from "../../../../../../_lib/api";
import { csvRefusal, csvResponse } from "../../../../csv-response";
import { ZForecastRef } from "@/features/projects/projects.schemas";
import { savedForecastCsv } from "@/features/projects/export.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/projects/:id/forecasts/:forecastId/result.csv — a saved forecast's result (it outlives its run). */
export const GET = api<{ id: string; forecastId: string }>(async ({ viewer }, params) => {
  const { id, forecastId } = parseWith(ZForecastRef, params);
  return csvResponse(await savedForecastCsv(viewer, id, forecastId).catch(csvRefusal));
});
