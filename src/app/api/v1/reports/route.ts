import { api, ApiError, jsonBody, limitPerUser, parseWith } from "../../_lib/api";
import {
  listReportFiles,
  REPORTS_ENDPOINT,
  reportsHttpStatus,
  startReport,
  ZReportsQuery,
} from "@/features/reports/reports.endpoints";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/reports?limit=50&runId=… — the report files you may download (yours and the system's), newest first. */
export const GET = api(async ({ req, viewer }) => {
  const q = parseWith(ZReportsQuery, Object.fromEntries(new URL(req.url).searchParams));
  const items = await listReportFiles(viewer, q);
  return Response.json({ items: items.map((f) => ({ ...f, links: { download: `/api/v1/reports/${f.id}` } })) });
});

/** POST /api/v1/reports — queue a report run; 202 with the run id. */
export const POST = api(async ({ req, viewer }) => {
  const input = await jsonBody(req, REPORTS_ENDPOINT.schema);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const r = await startReport(viewer, input).catch((err: unknown) => {
    const s = reportsHttpStatus(err);
    throw s ? new ApiError(s.status, s.code, (err as Error).message) : err;
  });
  return Response.json(
    {
      ...r,
      links: {
        run: `/api/v1/runs/${r.runId}`,
        events: `/api/runs/${r.runId}/events`,
        files: `/api/v1/reports?runId=${r.runId}`,
      },
    },
    { status: 202 },
  );
});
