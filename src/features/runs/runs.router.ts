import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { compareRuns } from "./compare.service";
import { ZCompareRunsInput } from "./compare.schemas";
import { ZListRunsInput, ZRunFilter, ZRunId } from "./runs.schemas";
import {
  cancelMany,
  deleteMany,
  getRun,
  getRunEvents,
  listRunsPage,
  redriveMany,
  requestCancel,
  requestRedrive,
} from "./runs.service";

export const runsRouter = createTRPCRouter({
  list: protectedProcedure.input(ZListRunsInput).query(({ ctx, input }) => listRunsPage(ctx.viewer, input)),
  /** 2–4 runs of one task side by side (inputs diff, result numbers with deltas, engine versions). */
  compare: protectedProcedure
    .input(ZCompareRunsInput)
    .query(({ ctx, input }) => compareRuns(ctx.viewer, ctx.tasks, input)),
  get: protectedProcedure.input(ZRunId).query(({ ctx, input }) => getRun(ctx.viewer, input.id)),
  events: protectedProcedure.input(ZRunId).query(({ ctx, input }) => getRunEvents(ctx.viewer, input.id)),
  cancel: protectedProcedure.input(ZRunId).mutation(({ ctx, input }) => requestCancel(ctx.viewer, input.id, ctx.tasks)),
  redrive: protectedProcedure.input(ZRunId).mutation(({ ctx, input }) => requestRedrive(ctx.viewer, input.id)),
  /** Bulk: cancel every matching active run / retry every matching failed or dead run (your own; `all` for admins). */
  cancelMany: protectedProcedure
    .input(ZRunFilter)
    .mutation(({ ctx, input }) => cancelMany(ctx.viewer, input, ctx.tasks)),
  redriveMany: protectedProcedure.input(ZRunFilter).mutation(({ ctx, input }) => redriveMany(ctx.viewer, input)),
  deleteMany: protectedProcedure.input(ZRunFilter).mutation(({ ctx, input }) => deleteMany(ctx.viewer, input)),
});
