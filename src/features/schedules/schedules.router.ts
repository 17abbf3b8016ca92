import { TRPCError } from "@trpc/server";
import { ScheduleError } from "@/domain/schedule";
import { createTRPCRouter, perUserLimit, protectedProcedure, throwIfZodError } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { ZCreateSchedule, ZPreview, ZScheduleId, ZUpdateSchedule } from "./schedules.schemas";
import {
  create,
  get,
  list,
  preview,
  remove,
  runNow,
  ScheduleConflictError,
  ScheduleNotFoundError,
  update,
} from "./schedules.service";

function translate(err: unknown): never {
  if (err instanceof ScheduleNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message });
  if (err instanceof ScheduleConflictError) throw new TRPCError({ code: "CONFLICT", message: err.message });
  if (err instanceof ScheduleError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message });
  throwIfZodError(err);
  throw err;
}

export const schedulesRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => list(ctx.viewer)),
  get: protectedProcedure.input(ZScheduleId).query(({ ctx, input }) => get(ctx.viewer, input.id).catch(translate)),
  /** The next fire times of a cron in a timezone (the form's live preview). */
  preview: protectedProcedure.input(ZPreview).query(({ input }) => preview(input.cron, input.timezone, input.count)),
  create: protectedProcedure
    .input(ZCreateSchedule)
    .mutation(({ ctx, input }) => create(ctx.viewer, input).catch(translate)),
  update: protectedProcedure
    .input(ZUpdateSchedule)
    .mutation(({ ctx, input }) => update(ctx.viewer, input).catch(translate)),
  remove: protectedProcedure
    .input(ZScheduleId)
    .mutation(({ ctx, input }) => remove(ctx.viewer, input.id).catch(translate)),
  runNow: protectedProcedure
    .input(ZScheduleId)
    .use(perUserLimit("submit", submitLimit, "run submissions"))
    .mutation(({ ctx, input }) => runNow(ctx.viewer, input.id).catch(translate)),
});
