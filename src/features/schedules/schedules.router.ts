import { createTRPCRouter, perUserLimit, protectedProcedure, asBadRequest } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { ZCreateSchedule, ZPreview, ZScheduleId, ZUpdateSchedule } from "./schedules.schemas";
import { create, get, list, preview, remove, runNow, update } from "./schedules.service";

export const schedulesRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => list(ctx.viewer, ctx.tasks)),
  get: protectedProcedure
    .input(ZScheduleId)
    .query(({ ctx, input }) => get(ctx.viewer, input.id, ctx.tasks).catch(asBadRequest)),
  /** The next fire times of a cron in a timezone (the form's live preview). */
  preview: protectedProcedure.input(ZPreview).query(({ input }) => preview(input.cron, input.timezone, input.count)),
  create: protectedProcedure
    .input(ZCreateSchedule)
    .mutation(({ ctx, input }) => create(ctx.viewer, input, ctx.tasks).catch(asBadRequest)),
  update: protectedProcedure
    .input(ZUpdateSchedule)
    .mutation(({ ctx, input }) => update(ctx.viewer, input, ctx.tasks).catch(asBadRequest)),
  remove: protectedProcedure
    .input(ZScheduleId)
    .mutation(({ ctx, input }) => remove(ctx.viewer, input.id).catch(asBadRequest)),
  runNow: protectedProcedure
    .input(ZScheduleId)
    .use(perUserLimit("submit", submitLimit, "run submissions"))
    .mutation(({ ctx, input }) => runNow(ctx.viewer, input.id, ctx.tasks).catch(asBadRequest)),
});
