/**
 * Output contracts of the HTTP API's reports endpoints: the JSON GET and POST /api/v1/reports
 * answer (GET /api/v1/reports/{id} is the file itself, not JSON).
 */
import { z } from "zod";
import type { Assert, Extends, Jsonified } from "@/api/json";
import { REPORT_FORMATS, REPORT_KINDS } from "./report-document";
import { GENERATE_KINDS } from "./reports.schemas";
import type { generateReport, listFiles } from "./reports.service";

/*
 * `kind`, `format` and `task` are typed as plain strings by the rows they come from, so they are
 * strings here too (a route's `json()` must accept the service's value); their values are listed.
 */
const oneOf = (values: readonly string[]) => values.join(", ");

/** A stored report file (`ReportFileDto`) with its download link. */
const ZReportFile = z.object({
  id: z.uuid(),
  kind: z.string().describe(`The kind of report: ${oneOf(REPORT_KINDS)}`),
  format: z.string().describe(`The file format: ${oneOf(REPORT_FORMATS)}`),
  title: z.string(),
  filename: z.string().describe("The download's file name, e.g. fluxo-asset-petr4-2026-12-06.pdf"),
  mime: z.string().describe("The file's media type, e.g. application/pdf"),
  size: z.number().int().min(0).describe("Bytes"),
  runId: z.uuid().describe("The run that made it"),
  ownerId: z.string().nullable().describe("null: a system report (a schedule's), readable by every account"),
  createdAt: z.iso.datetime(),
  links: z.object({ download: z.string() }),
});

/** GET /api/v1/reports: newest first. */
export const ZReportFilesResponse = z.object({ items: z.array(ZReportFile) });

/** POST /api/v1/reports (202): the report run queued. */
export const ZReportQueuedResponse = z.object({
  runId: z.uuid(),
  task: z.string().describe(`The task queued: ${oneOf(GENERATE_KINDS.map((k) => `reports.${k}`))}`),
  links: z.object({ run: z.string(), events: z.string(), files: z.string() }),
});

// ---- compile-time checks: each service's answer, as JSON, fits its schema ----
type Listed = Jsonified<Awaited<ReturnType<typeof listFiles>>>[number];
type _Files = Assert<
  Extends<{ items: (Listed & { links: { download: string } })[] }, z.output<typeof ZReportFilesResponse>>
>;
type _Queued = Assert<
  Extends<Jsonified<Awaited<ReturnType<typeof generateReport>>>, Omit<z.output<typeof ZReportQueuedResponse>, "links">>
>;
