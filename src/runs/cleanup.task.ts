/**
 * `runs.cleanup`: delete finished runs whose retention has passed, in bounded batches within a time
 * budget (the hourly system schedule; what is left is the next hour's). Reads already treat an
 * expired run as deleted (run.repository.ts liveRun), so nothing changes for a reader when it runs.
 * It also trims the console's per-minute rollup (run_minute_stats) to the last 25 hours.
 */
import { DAY_MS } from "@/domain/shared/dates";
import { z } from "zod";
import { defineTask } from "./define-task";
import { deleteExpiredRuns } from "./retention.repository";
import { pruneMinuteStats } from "./minute-stats.repository";

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
    maxBatches: z
      .number()
      .int()
      .min(1, "maxBatches must be at least 1")
      .max(100_000, "maxBatches must be at most 100,000")
      .default(10_000),
    /** Stop starting batches after this long (the next run goes on). */
    budgetMs: z
      .number()
      .int()
      .min(1_000, "budgetMs must be at least 1,000")
      .max(1_800_000, "budgetMs must be at most 1,800,000 (30 minutes)")
      .default(15 * 60_000),
  }),
  /** The runs deleted, in how many batches, whether none expired is left, and the cut-off. */
  output: z.object({ deleted: z.number(), batches: z.number(), done: z.boolean(), before: z.string() }),
  retry: { attempts: 3, backoffMs: 60_000 },
  timeout: { softMs: 30 * 60_000 },
  resultTtlMs: 30 * DAY_MS,
  async handler(input, ctx) {
    const now = new Date();
    const r = await deleteExpiredRuns(now, {
      ...input,
      signal: ctx.signal,
      onBatch: (deleted, i) => ctx.progress(Math.min(0.99, i / 100), "deleting", `${deleted} runs deleted`),
    });
    // The console's per-minute series keeps a day (and an hour of slack for the 24-hour window).
    const minutes = await pruneMinuteStats(new Date(now.getTime() - 25 * 3_600_000));
    await ctx.log(
      `deleted ${r.deleted} expired runs in ${r.batches} batches${r.done ? "" : " (more left)"}; ${minutes} per-minute rows older than 25 h`,
    );
    return { ...r, before: now.toISOString() };
  },
});
