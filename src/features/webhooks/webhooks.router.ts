import { createTRPCRouter, protectedProcedure, asBadRequest } from "@/server/trpc";
import { ZCreateIncoming, ZCreateWebhook, ZSetEnabled, ZWebhookId } from "./webhooks.schemas";
import * as svc from "./webhooks.service";

export const webhooksRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => svc.list(ctx.viewer)),
  create: protectedProcedure
    .input(ZCreateWebhook)
    .mutation(({ ctx, input }) => svc.create(ctx.viewer, input, ctx.tasks).catch(asBadRequest)),
  setEnabled: protectedProcedure
    .input(ZSetEnabled)
    .mutation(({ ctx, input }) => svc.setEnabled(ctx.viewer, input.id, input.enabled).catch(asBadRequest)),
  remove: protectedProcedure
    .input(ZWebhookId)
    .mutation(({ ctx, input }) => svc.remove(ctx.viewer, input.id).catch(asBadRequest)),
  deliveries: protectedProcedure.input(ZWebhookId).query(({ ctx, input }) => svc.deliveries(ctx.viewer, input.id)),
  incoming: protectedProcedure.query(({ ctx }) => svc.listIncoming(ctx.viewer)),
  createIncoming: protectedProcedure
    .input(ZCreateIncoming)
    .mutation(({ ctx, input }) => svc.createIncoming(ctx.viewer, input, ctx.tasks).catch(asBadRequest)),
  removeIncoming: protectedProcedure
    .input(ZWebhookId)
    .mutation(({ ctx, input }) => svc.removeIncoming(ctx.viewer, input.id).catch(asBadRequest)),
});
