import { api, parseWith } from "../../../../_lib/api";
import { csvRefusal, csvResponse } from "../../csv-response";
import { ZProjectId } from "@/features/projects/projects.schemas";
import { historyCsv } from "@/features/projects/projects.service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/projects/:id/history.csv — the project's throughput history as `period_start,count`. */
export const GET = api<{ id: string }>(async ({ viewer }, params) => {
  const { id } = parseWith(ZProjectId, params);
  return csvResponse(await historyCsv(viewer, id).catch(csvRefusal));
});
