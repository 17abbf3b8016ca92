import { createTRPCRouter, perUserLimit, protectedProcedure, asBadRequest } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import {
  ZGenerateInput,
  ZListReportsInput,
  ZReportId,
  ZReportsAiAnalysisInput,
  ZReportsBatchExportInput,
  ZReportsExportInput,
} from "./reports.schemas";
import * as reports from "./reports.service";

const submit = protectedProcedure.use(perUserLimit("submit", submitLimit, "run submissions"));

export const reportsRouter = createTRPCRouter({
  /** Stored report files the viewer may download (own + system), newest first. */
  list: protectedProcedure.input(ZListReportsInput).query(({ ctx, input }) => reports.listFiles(ctx.viewer, input)),
  /** Queue a report run (asset, compare, portfolio, market overview) in the given formats. */
  generate: submit
    .input(ZGenerateInput)
    .mutation(({ ctx, input }) => reports.generateReport(ctx.viewer, input).catch(asBadRequest)),
  /** Render a stored report (or a run's reports) again in another format. */
  export: submit
    .input(ZReportsExportInput)
    .mutation(({ ctx, input }) => reports.startExport(ctx.viewer, input).catch(asBadRequest)),
  batchExport: submit
    .input(ZReportsBatchExportInput)
    .mutation(({ ctx, input }) => reports.startBatchExport(ctx.viewer, input).catch(asBadRequest)),
  /** The AI narrative only, the providers' answers side by side. */
  aiAnalysis: submit
    .input(ZReportsAiAnalysisInput)
    .mutation(({ ctx, input }) => reports.startAiAnalysis(ctx.viewer, input).catch(asBadRequest)),
  remove: protectedProcedure
    .input(ZReportId)
    .mutation(({ ctx, input }) => reports.removeFile(ctx.viewer, input.id).catch(asBadRequest)),
});
