import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { ZClearCacheInput } from "./console.schemas";
import { cacheStats, clearCacheNamespace } from "./cache.service";

/** Operations console. Until accounts land (issue 4) these are public; then they become adminProcedure. */
export const consoleRouter = createTRPCRouter({
  cacheStats: publicProcedure.query(() => cacheStats()),
  clearCache: publicProcedure.input(ZClearCacheInput).mutation(({ input }) => clearCacheNamespace(input.namespace)),
});
