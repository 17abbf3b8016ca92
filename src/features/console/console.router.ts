import { adminProcedure, createTRPCRouter } from "@/server/trpc";
import { ZClearCacheInput } from "./console.schemas";
import { cacheStats, clearCacheNamespace } from "./cache.service";

/** Operations console: admins only. */
export const consoleRouter = createTRPCRouter({
  cacheStats: adminProcedure.query(() => cacheStats()),
  clearCache: adminProcedure.input(ZClearCacheInput).mutation(({ input }) => clearCacheNamespace(input.namespace)),
});
