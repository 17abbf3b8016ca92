import { adminProcedure, createTRPCRouter } from "@/server/trpc";
import { ZClearCacheInput, ZDrainWorkerInput, ZMinutesInput, ZUpdateQueueInput } from "./console.schemas";
import { minutes } from "./minutes.service";
import { cacheStats, clearCacheNamespace } from "./cache.service";
import { queues, setQueue } from "./queues.service";
import { drainWorker, workers } from "./workers.service";
import { overview } from "./overview.service";
import { tableHealthView } from "./health.service";
import { z } from "zod";

/** Operations console: admins only. */
export const consoleRouter = createTRPCRouter({
  cacheStats: adminProcedure.query(() => cacheStats()),
  clearCache: adminProcedure.input(ZClearCacheInput).mutation(({ input }) => clearCacheNamespace(input.namespace)),
  overview: adminProcedure.query(() => overview()),
  /** Job-table health and admission control (/console/health). */
  health: adminProcedure.query(() => tableHealthView()),
  minutes: adminProcedure.input(ZMinutesInput.default({ hours: 24 })).query(({ input }) => minutes(input)),
  drainWorker: adminProcedure.input(ZDrainWorkerInput).mutation(({ input }) => drainWorker(input.id)),
  queues: adminProcedure.query(() => queues()),
  workers: adminProcedure
    .input(
      z
        .object({ includeStopped: z.boolean({ message: "includeStopped must be true or false" }).default(false) })
        .default({ includeStopped: false }),
    )
    .query(({ input }) => workers(input)),
  updateQueue: adminProcedure.input(ZUpdateQueueInput).mutation(({ input }) => setQueue(input)),
});
