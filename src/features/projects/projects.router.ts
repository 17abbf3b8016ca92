import { createTRPCRouter, protectedProcedure, asBadRequest } from "@/server/trpc";
import {
  ZActualRef,
  ZAddActual,
  ZCreateProject,
  ZForecastRef,
  ZImportHistory,
  ZProjectId,
  ZSaveForecast,
  ZSetHistory,
  ZUpdateProject,
} from "./projects.schemas";
import * as projects from "./projects.service";
import * as forecasts from "./forecasts.service";

export const projectsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => projects.list(ctx.viewer)),
  get: protectedProcedure
    .input(ZProjectId)
    .query(({ ctx, input }) => projects.get(ctx.viewer, input.id).catch(asBadRequest)),
  create: protectedProcedure
    .input(ZCreateProject)
    .mutation(({ ctx, input }) => projects.create(ctx.viewer, input).catch(asBadRequest)),
  update: protectedProcedure
    .input(ZUpdateProject)
    .mutation(({ ctx, input }) => projects.update(ctx.viewer, input).catch(asBadRequest)),
  remove: protectedProcedure
    .input(ZProjectId)
    .mutation(({ ctx, input }) => projects.remove(ctx.viewer, input.id).catch(asBadRequest)),
  setHistory: protectedProcedure
    .input(ZSetHistory)
    .mutation(({ ctx, input }) => projects.setHistory(ctx.viewer, input.id, input.rows).catch(asBadRequest)),
  importHistory: protectedProcedure
    .input(ZImportHistory)
    .mutation(({ ctx, input }) => projects.importHistory(ctx.viewer, input).catch(asBadRequest)),
  saveForecast: protectedProcedure
    .input(ZSaveForecast)
    .mutation(({ ctx, input }) => forecasts.saveForecast(ctx.viewer, input).catch(asBadRequest)),
  getForecast: protectedProcedure
    .input(ZForecastRef)
    .query(({ ctx, input }) => forecasts.getForecast(ctx.viewer, input.id, input.forecastId).catch(asBadRequest)),
  removeForecast: protectedProcedure
    .input(ZForecastRef)
    .mutation(({ ctx, input }) => forecasts.removeForecast(ctx.viewer, input.id, input.forecastId).catch(asBadRequest)),
  addActual: protectedProcedure
    .input(ZAddActual)
    .mutation(({ ctx, input }) => forecasts.addActual(ctx.viewer, input).catch(asBadRequest)),
  removeActual: protectedProcedure
    .input(ZActualRef)
    .mutation(({ ctx, input }) => forecasts.removeActual(ctx.viewer, input.id, input.actualId).catch(asBadRequest)),
});
