import { createTRPCRouter, perUserLimit, protectedProcedure, asBadRequest } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { checkOneStart, RUN_OPTION_FIELDS, splitRunOptions } from "@/features/runs";
import { ZCreateLocation, ZEtoStartInput, ZLocationId, ZSourcesQuery, ZUpdateLocation } from "./eto-compute.schemas";
import * as eto from "./eto.service";
import { ZEtoBatchInput } from "./eto-batch.schemas";
import { startBatch } from "./eto-batch.service";

const submit = protectedProcedure.use(perUserLimit("submit", submitLimit, "run submissions"));

export const etoRouter = createTRPCRouter({
  locations: createTRPCRouter({
    list: protectedProcedure.query(({ ctx }) => eto.listLocationsOf(ctx.viewer)),
    get: protectedProcedure
      .input(ZLocationId)
      .query(({ ctx, input }) => eto.getLocation(ctx.viewer, input.id).catch(asBadRequest)),
    create: protectedProcedure
      .input(ZCreateLocation)
      .mutation(({ ctx, input }) => eto.createLocation(ctx.viewer, input).catch(asBadRequest)),
    update: protectedProcedure
      .input(ZUpdateLocation)
      .mutation(({ ctx, input }) => eto.updateLocationOf(ctx.viewer, input).catch(asBadRequest)),
    remove: protectedProcedure
      .input(ZLocationId)
      .mutation(({ ctx, input }) => eto.removeLocation(ctx.viewer, input.id).catch(asBadRequest)),
  }),
  /** Each weather source with the days it serves today. */
  sources: protectedProcedure.input(ZSourcesQuery).query(({ input }) => eto.sourcesToday(input)),
  /** The compute input plus the run options (priority; delayMs or runAt for a delayed start). */
  start: submit
    .input(ZEtoStartInput.safeExtend(RUN_OPTION_FIELDS).superRefine(checkOneStart))
    .mutation(({ ctx, input }) => eto.startCompute(ctx.viewer, ...splitRunOptions(input)).catch(asBadRequest)),
  /** One eto.compute per place as a group workflow; answers the parent run's id. */
  startBatch: submit
    .input(ZEtoBatchInput)
    .mutation(({ ctx, input }) => startBatch(ctx.viewer, input, ctx.tasks).catch(asBadRequest)),
});
