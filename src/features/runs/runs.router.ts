import { TRPCError } from "@trpc/server";
import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { RunNotFoundError, RunNotRedrivableError } from "@/runs/errors";
import { ZListRunsInput, ZRunId } from "./runs.schemas";
import { getRun, getRunEvents, listRunsPage, requestCancel, requestRedrive } from "./runs.service";

function translate(err: unknown): never {
  if (err instanceof RunNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message });
  if (err instanceof RunNotRedrivableError) throw new TRPCError({ code: "CONFLICT", message: err.message });
  throw err;
}

export const runsRouter = createTRPCRouter({
  list: publicProcedure.input(ZListRunsInput).query(({ input }) => listRunsPage(input)),
  get: publicProcedure.input(ZRunId).query(({ input }) => getRun(input.id).catch(translate)),
  events: publicProcedure.input(ZRunId).query(({ input }) => getRunEvents(input.id).catch(translate)),
  cancel: publicProcedure.input(ZRunId).mutation(({ input }) => requestCancel(input.id).catch(translate)),
  redrive: publicProcedure.input(ZRunId).mutation(({ input }) => requestRedrive(input.id).catch(translate)),
});
