import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { ZCreateTokenInput, ZTokenId } from "./accounts.schemas";
import { createToken, listTokens, me, revokeToken } from "./accounts.service";

export const accountsRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => me(ctx.viewer)),
  tokens: protectedProcedure.query(({ ctx }) => listTokens(ctx.viewer)),
  createToken: protectedProcedure.input(ZCreateTokenInput).mutation(({ ctx, input }) => createToken(ctx.viewer, input)),
  revokeToken: protectedProcedure.input(ZTokenId).mutation(({ ctx, input }) => revokeToken(ctx.viewer, input.id)),
});
