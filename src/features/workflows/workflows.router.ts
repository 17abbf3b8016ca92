import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { createTRPCRouter, InputIssues, perUserLimit, protectedProcedure } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { ZWorkflowSpec } from "@/runs/workflow";
import { RunNotFoundError } from "@/runs/errors";
import { ZRunId } from "@/features/runs/runs.schemas";
import { children, start } from "./workflows.service";

function translate(err: unknown): never {
  if (err instanceof ZodError)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: err.issues[0]?.message ?? "invalid input",
      cause: new InputIssues(err.issues),
    });
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
