import { api, parseWith } from "../../../../_lib/api";
import { csvRefusal, csvResponse } from "../../../projects/csv-response";
import { ZRunId } from "@/features/runs/runs.schemas";
import { runResultCsv } from "@/features/projects/export.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/runs/:id/result.csv — a succeeded forecast run's result as CSV (404 for other people's runs; 409 before it succeeds). */
export const GET = api<{ id: string }>(async ({ viewer }, params) => {
  const { id } = parseWith(ZRunId, params);
  return csvResponse(await runResultCsv(viewer, id).catch(csvRefusal));
});
