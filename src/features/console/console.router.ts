import { TRPCError } from "@trpc/server";
import { adminProcedure, createTRPCRouter } from "@/server/trpc";
import { ZClearCacheInput, ZUpdateQueueInput } from "./console.schemas";
import { cacheStats, clearCacheNamespace } from "./cache.service";
import { QueueNotFoundError, queues, setQueue } from "./queues.service";

/** Operations console: admins only. */
export const consoleRouter = createTRPCRouter({
  cacheStats: adminProcedure.query(() => cacheStats()),
  clearCache: adminProcedure.input(ZClearCacheInput).mutation(({ input }) => clearCacheNamespace(input.namespace)),
  queues: adminProcedure.query(() => queues()),
  updateQueue: adminProcedure.input(ZUpdateQueueInput).mutation(({ input }) =>
    setQueue(input).catch((e: unknown) => {
      if (e instanceof QueueNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: e.message });
      throw e;
    }),
  ),
});
