import { TRPCError } from "@trpc/server";
import { createTRPCRouter, protectedProcedure, throwIfZodError } from "@/server/trpc";
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
import { CsvUnavailableError, ProjectLimitError, ProjectNotFoundError } from "./projects.errors";
import * as projects from "./projects.service";
import * as forecasts from "./forecasts.service";

function translate(err: unknown): never {
  throwIfZodError(err);
  if (err instanceof ProjectNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message });
  if (err instanceof ProjectLimitError || err instanceof CsvUnavailableError)
    throw new TRPCError({ code: "CONFLICT", message: err.message });
  throw err;
}

export const projectsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => projects.list(ctx.viewer)),
  get: protectedProcedure
    .input(ZProjectId)
    .query(({ ctx, input }) => projects.get(ctx.viewer, input.id).catch(translate)),
  create: protectedProcedure
    .input(ZCreateProject)
    .mutation(({ ctx, input }) => projects.create(ctx.viewer, input).catch(translate)),
  update: protectedProcedure
    .input(ZUpdateProject)
    .mutation(({ ctx, input }) => projects.update(ctx.viewer, input).catch(translate)),
  remove: protectedProcedure
    .input(ZProjectId)
    .mutation(({ ctx, input }) => projects.remove(ctx.viewer, input.id).catch(translate)),
  setHistory: protectedProcedure
    .input(ZSetHistory)
    .mutation(({ ctx, input }) => projects.setHistory(ctx.viewer, input.id, input.rows).catch(translate)),
  importHistory: protectedProcedure
    .input(ZImportHistory)
    .mutation(({ ctx, input }) => projects.importHistory(ctx.viewer, input).catch(translate)),
  saveForecast: protectedProcedure
    .input(ZSaveForecast)
    .mutation(({ ctx, input }) => forecasts.saveForecast(ctx.viewer, input).catch(translate)),
  getForecast: protectedProcedure
    .input(ZForecastRef)
    .query(({ ctx, input }) => forecasts.getForecast(ctx.viewer, input.id, input.forecastId).catch(translate)),
  removeForecast: protectedProcedure
    .input(ZForecastRef)
    .mutation(({ ctx, input }) => forecasts.removeForecast(ctx.viewer, input.id, input.forecastId).catch(translate)),
  addActual: protectedProcedure
    .input(ZAddActual)
    .mutation(({ ctx, input }) => forecasts.addActual(ctx.viewer, input).catch(translate)),
  removeActual: protectedProcedure
    .input(ZActualRef)
    .mutation(({ ctx, input }) => forecasts.removeActual(ctx.viewer, input.id, input.actualId).catch(translate)),
});
