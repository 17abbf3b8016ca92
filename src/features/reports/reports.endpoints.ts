/**
 * The HTTP API's reports endpoints: GET/POST /api/v1/reports (list the files; queue a report run)
 * and GET /api/v1/reports/{id} (download a file) — schemas and services, refusals as HTTP statuses.
 */
import { z } from "zod";
import type { Viewer } from "@/accounts/viewer";
import { ReportNotFoundError } from "./reports.errors";
import { ZGenerateInput, REPORT_LIMITS, type TGenerateInput } from "./reports.schemas";
import { downloadFile, generateReport, listFiles } from "./reports.service";

export const REPORTS_ENDPOINT = {
  path: "/api/v1/reports",
  task: "reports.asset | reports.compare | reports.portfolio | reports.marketOverview",
  summary: "Queue a report (asset, compare, portfolio or market overview) as PDF, Markdown and/or HTML",
  schema: ZGenerateInput,
};

export const ZReportsQuery = z.object({
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(REPORT_LIMITS.listLimit, `limit must be at most ${REPORT_LIMITS.listLimit}`)
    .default(50),
  runId: z.uuid({ error: "runId must be an id (UUID)" }).optional(),
});
export const ZReportIdParam = z.object({ id: z.uuid({ error: "id must be an id (UUID)" }) });

export function reportsHttpStatus(err: unknown): { status: number; code: string } | null {
  if (err instanceof ReportNotFoundError) return { status: 404, code: "NOT_FOUND" };
  return null;
}

export const listReportFiles = (viewer: Viewer, q: z.output<typeof ZReportsQuery>) => listFiles(viewer, q);
export const startReport = (viewer: Viewer, input: TGenerateInput) => generateReport(viewer, input);

/** The file as an attachment: its mime type and file name (ASCII already, quoted for the header). */
export async function reportDownload(viewer: Viewer, id: string): Promise<Response> {
  const f = await downloadFile(viewer, id);
  return new Response(Buffer.from(f.bytes), {
    status: 200,
    headers: {
      "content-type": f.mime,
      "content-length": String(f.bytes.byteLength),
      "content-disposition": `attachment; filename="${f.filename.replace(/["\\\r\n]/g, "_")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      // An HTML report opened from here runs nothing and loads nothing.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
    },
  });
}
