import { TRPCError } from "@trpc/server";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { ZCreateTokenInput, ZTokenId } from "./accounts.schemas";
import { createToken, listTokens, me, revokeToken, TokenNotFoundError, TooManyTokensError } from "./accounts.service";

function translate(err: unknown): never {
  if (err instanceof TokenNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message });
  if (err instanceof TooManyTokensError) throw new TRPCError({ code: "CONFLICT", message: err.message });
  throw err;
}

export const accountsRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => me(ctx.viewer)),
  tokens: protectedProcedure.query(({ ctx }) => listTokens(ctx.viewer)),
  createToken: protectedProcedure
    .input(ZCreateTokenInput)
    .mutation(({ ctx, input }) => createToken(ctx.viewer, input).catch(translate)),
  revokeToken: protectedProcedure
    .input(ZTokenId)
    .mutation(({ ctx, input }) => revokeToken(ctx.viewer, input.id).catch(translate)),
});
