/**
 * reports.cleanup: the report files older than a cut-off go (weekly, a system schedule). The reports
 * slice keeps its own files' retention, so the market's weekly cleanup no longer reaches into it.
 */
import { z } from "zod";
import { defineRetentionTask } from "@/runs/retention";
import { deleteReportFilesOlderThan } from "./reports.repository";

export const ZReportsCleanupResult = z.object({
  olderThanDays: z.number(),
  before: z.string(),
  deleted: z.object({ files: z.number() }),
});

export const reportsCleanupTask = defineRetentionTask({
  name: "reports.cleanup",
  queue: "reports",
  output: ZReportsCleanupResult,
  remove: async (olderThanDays, before) => ({
    olderThanDays,
    before: before.toISOString(),
    deleted: { files: await deleteReportFilesOlderThan(before) },
  }),
});
