/**
 * reports.cleanup: the report files older than a cut-off go (weekly, a system schedule). The reports
 * slice keeps its own files' retention, so the market's weekly cleanup no longer reaches into it.
 */
import { z } from "zod";
import { ZRetentionInput } from "@/runs/retention.schemas";
import { DAY_MS } from "@/domain/shared/dates";
import { defineTask } from "@/runs/define-task";
import { deleteReportFilesOlderThan } from "./reports.repository";

export const ZReportsCleanupResult = z.object({
  olderThanDays: z.number(),
  before: z.string(),
  deleted: z.object({ files: z.number() }),
});

export const reportsCleanupTask = defineTask({
  name: "reports.cleanup",
  queue: "reports",
  input: ZRetentionInput,
  output: ZReportsCleanupResult,
  complete: (v) => ZRetentionInput.parse(v ?? {}),
  system: true,
  retry: { attempts: 1 },
  timeout: { softMs: 10 * 60_000 },
  resultTtlMs: 30 * DAY_MS,
  handler: async (input, ctx) => {
    ctx.progress(0.1, "delete", `older than ${input.olderThanDays} days`);
    const before = new Date(Date.now() - input.olderThanDays * DAY_MS);
    return {
      olderThanDays: input.olderThanDays,
      before: before.toISOString(),
      deleted: { files: await deleteReportFilesOlderThan(before) },
    };
  },
});
