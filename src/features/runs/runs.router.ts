import { TRPCError } from "@trpc/server";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { RunNotFoundError, RunNotRedrivableError } from "@/runs/errors";
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

function translate(err: unknown): never {
  if (err instanceof RunNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message });
  if (err instanceof RunNotRedrivableError) throw new TRPCError({ code: "CONFLICT", message: err.message });
  throw err;
}

export const runsRouter = createTRPCRouter({
  list: protectedProcedure.input(ZListRunsInput).query(({ ctx, input }) => listRunsPage(ctx.viewer, input)),
  get: protectedProcedure.input(ZRunId).query(({ ctx, input }) => getRun(ctx.viewer, input.id).catch(translate)),
  events: protectedProcedure
    .input(ZRunId)
    .query(({ ctx, input }) => getRunEvents(ctx.viewer, input.id).catch(translate)),
  cancel: protectedProcedure
    .input(ZRunId)
    .mutation(({ ctx, input }) => requestCancel(ctx.viewer, input.id).catch(translate)),
  redrive: protectedProcedure
    .input(ZRunId)
    .mutation(({ ctx, input }) => requestRedrive(ctx.viewer, input.id).catch(translate)),
  /** Bulk: cancel every matching active run / retry every matching failed or dead run (your own; `all` for admins). */
  cancelMany: protectedProcedure.input(ZRunFilter).mutation(({ ctx, input }) => cancelMany(ctx.viewer, input)),
  redriveMany: protectedProcedure.input(ZRunFilter).mutation(({ ctx, input }) => redriveMany(ctx.viewer, input)),
  deleteMany: protectedProcedure.input(ZRunFilter).mutation(({ ctx, input }) => deleteMany(ctx.viewer, input)),
});
