/** The HTTP API's reports: GET/POST /api/v1/reports (list the files; queue a report) and GET /api/v1/reports/{id}. */
import { z } from "zod";
import { defineRoute } from "@/api/route";
import { runLinks } from "@/api/http";
import { ZGenerateInput, REPORT_LIMITS } from "./reports.schemas";
import { downloadFile, generateReport, listFiles } from "./reports.service";
import { ZReportFilesResponse, ZReportQueuedResponse } from "./reports.responses";

const tags = ["Reports"];

export const listReports = defineRoute({
  method: "GET",
  path: "/api/v1/reports",
  tags,
  summary: "Report files you may download (yours and the system's), newest first",
  query: z.object({
    limit: z.coerce
      .number({ error: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(REPORT_LIMITS.listLimit, `limit must be at most ${REPORT_LIMITS.listLimit}`)
      .default(50),
    runId: z.uuid({ error: "runId must be an id (UUID)" }).optional().describe("Only the files of this run"),
  }),
  responses: { 200: { description: "{ items: [file + links.download] }", json: ZReportFilesResponse } },
  handler: async ({ viewer, query, json }) => {
    const items = await listFiles(viewer, query);
    return json(200, { items: items.map((f) => ({ ...f, links: { download: `/api/v1/reports/${f.id}` } })) });
  },
});

export const queueReport = defineRoute({
  method: "POST",
  path: "/api/v1/reports",
  tags,
  summary: "Queue a report (asset, compare, portfolio or market overview) as PDF, Markdown and/or HTML",
  description:
    "kind asset (ticker), compare (tickers: 2..10), portfolio (portfolioId of your own) or marketOverview (scope watched|all); formats: pdf, md, html (default [pdf]); locale en | pt-BR. The run goes data → analysis → narrative → render; its files are listed at /api/v1/reports?runId={runId}.",
  body: ZGenerateInput,
  submits: true,
  responses: { 202: { description: "Queued: { runId, task, links }", json: ZReportQueuedResponse } },
  handler: async ({ viewer, body, json }) => {
    const r = await generateReport(viewer, body);
    return json(202, {
      ...r,
      links: runLinks(r.runId, { files: `/api/v1/reports?runId=${r.runId}` }),
    });
  },
});

export const downloadReport = defineRoute({
  method: "GET",
  path: "/api/v1/reports/{id}",
  tags,
  summary: "Download a report file (PDF, Markdown or HTML) as an attachment with its file name",
  params: z.object({ id: z.uuid({ error: "id must be an id (UUID)" }) }),
  responses: {
    200: {
      description: "The file",
      media: {
        "application/pdf": { type: "string", format: "binary" },
        "text/markdown": { type: "string" },
        "text/html": { type: "string" },
      },
    },
  },
  handler: async ({ viewer, params }) => {
    const f = await downloadFile(viewer, params.id);
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
  },
});

export const REPORTS_ROUTES = [listReports, queueReport, downloadReport];
