import { TRPCError } from "@trpc/server";
import { createTRPCRouter, protectedProcedure, throwIfZodError } from "@/server/trpc";
import { ZCreateIncoming, ZCreateWebhook, ZSetEnabled, ZWebhookId } from "./webhooks.schemas";
import * as svc from "./webhooks.service";

function translate(err: unknown): never {
  throwIfZodError(err);
  if (err instanceof svc.WebhookNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message });
  if (err instanceof svc.WebhookLimitError) throw new TRPCError({ code: "CONFLICT", message: err.message });
  throw err;
}

export const webhooksRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => svc.list(ctx.viewer)),
  create: protectedProcedure
    .input(ZCreateWebhook)
    .mutation(({ ctx, input }) => svc.create(ctx.viewer, input).catch(translate)),
  setEnabled: protectedProcedure
    .input(ZSetEnabled)
    .mutation(({ ctx, input }) => svc.setEnabled(ctx.viewer, input.id, input.enabled).catch(translate)),
  remove: protectedProcedure
    .input(ZWebhookId)
    .mutation(({ ctx, input }) => svc.remove(ctx.viewer, input.id).catch(translate)),
  deliveries: protectedProcedure.input(ZWebhookId).query(({ ctx, input }) => svc.deliveries(ctx.viewer, input.id)),
  incoming: protectedProcedure.query(({ ctx }) => svc.listIncoming(ctx.viewer)),
  createIncoming: protectedProcedure
    .input(ZCreateIncoming)
    .mutation(({ ctx, input }) => svc.createIncoming(ctx.viewer, input).catch(translate)),
  removeIncoming: protectedProcedure
    .input(ZWebhookId)
    .mutation(({ ctx, input }) => svc.removeIncoming(ctx.viewer, input.id).catch(translate)),
});
