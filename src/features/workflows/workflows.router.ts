import { createTRPCRouter, perUserLimit, protectedProcedure, asBadRequest } from "@/server/trpc";
import { submitLimit } from "@/runs/submit-limit";
import { ZWorkflowSpec } from "@/runs/workflow";
import { ZRunId } from "@/features/runs";
import { children, start } from "./workflows.service";

export const workflowsRouter = createTRPCRouter({
  start: protectedProcedure
    .input(ZWorkflowSpec)
    .use(perUserLimit("submit", submitLimit, "run submissions"))
    .mutation(({ ctx, input }) => start(ctx.viewer, input, ctx.tasks).catch(asBadRequest)),
  children: protectedProcedure
    .input(ZRunId)
    .query(({ ctx, input }) => children(ctx.viewer, input.id).catch(asBadRequest)),
});
