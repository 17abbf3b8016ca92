/** `runs.cleanup`: delete finished runs whose retention has passed, in batches (the weekly system schedule). */
import { DAY_MS } from "@/domain/shared/dates";
import { z } from "zod";
import { defineTask } from "./define-task";
import { deleteExpiredBatch } from "./retention.repository";

export const cleanupTask = defineTask({
  name: "runs.cleanup",
  queue: "default",
  system: true,
  input: z.object({
    batchSize: z
      .number()
      .int()
      .min(1, "batchSize must be at least 1")
      .max(10_000, "batchSize must be at most 10,000")
      .default(1000),
    /** Stop after this many batches (the next run goes on). */
    maxBatches: z.number().int().min(1).max(100_000).default(10_000),
  }),
  /** The runs deleted, and the cut-off they had finished before. */
  output: z.object({ deleted: z.number(), before: z.string() }),
  retry: { attempts: 3, backoffMs: 60_000 },
  timeout: { softMs: 30 * 60_000 },
  resultTtlMs: 30 * DAY_MS,
  async handler(input, ctx) {
    const now = new Date();
    let deleted = 0;
    for (let i = 0; i < input.maxBatches && !ctx.signal.aborted; i++) {
      const n = await deleteExpiredBatch(now, input.batchSize);
      deleted += n;
      ctx.progress(Math.min(0.99, i / 100), "deleting", `${deleted} runs deleted`);
      if (n < input.batchSize) break;
    }
    await ctx.log(`deleted ${deleted} expired runs`);
    return { deleted, before: now.toISOString() };
  },
});
