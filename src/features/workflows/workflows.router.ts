import { TRPCError } from "@trpc/server";
import { createTRPCRouter, perUserLimit, protectedProcedure, throwIfZodError } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { ZWorkflowSpec } from "@/runs/workflow";
import { RunNotFoundError } from "@/runs/errors";
import { ZRunId } from "@/features/runs/runs.schemas";
import { children, start } from "./workflows.service";

function translate(err: unknown): never {
  throwIfZodError(err);
  if (err instanceof RunNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message });
  throw err;
}

export const workflowsRouter = createTRPCRouter({
  start: protectedProcedure
    .input(ZWorkflowSpec)
    .use(perUserLimit("submit", submitLimit, "run submissions"))
    .mutation(({ ctx, input }) => start(ctx.viewer, input).catch(translate)),
  children: protectedProcedure.input(ZRunId).query(({ ctx, input }) => children(ctx.viewer, input.id).catch(translate)),
});
