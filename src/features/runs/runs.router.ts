import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
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
