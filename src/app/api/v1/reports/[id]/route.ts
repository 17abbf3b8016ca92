import { api, ApiError, parseWith } from "../../../_lib/api";
import { reportDownload, reportsHttpStatus, ZReportIdParam } from "@/features/reports/reports.endpoints";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/reports/:id — download a report file (yours or a system one; anyone else's is a 404). */
export const GET = api<{ id: string }>(async ({ viewer }, params) => {
  const { id } = parseWith(ZReportIdParam, params);
  return reportDownload(viewer, id).catch((err: unknown) => {
    const s = reportsHttpStatus(err);
    throw s ? new ApiError(s.status, s.code, (err as Error).message) : err;
  });
});
