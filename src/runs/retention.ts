/**
 * A system cleanup task of a slice (market.cleanup, reports.cleanup): deletes what is older than the
 * input's `olderThanDays` (the one retention input, ./retention.schemas), run by a system schedule;
 * one attempt, 10 minutes, its result kept 30 days. Only admins may schedule or start it.
 */
import type { z } from "zod";
import { DAY_MS } from "@/domain/shared/dates";
import { defaultsOf, defineTask, type QueueName } from "./define-task";
import { ZRetentionInput } from "./retention.schemas";

export function defineRetentionTask<O>(def: {
  name: string;
  queue: QueueName;
  output: z.ZodType<O>;
  /** Delete what is older than `before` (now − olderThanDays); answers the run's result. */
  remove: (olderThanDays: number, before: Date) => Promise<NoInfer<O>>;
}) {
  return defineTask({
    name: def.name,
    queue: def.queue,
    input: ZRetentionInput,
    output: def.output,
    complete: defaultsOf(ZRetentionInput),
    system: true,
    retry: { attempts: 1 },
    timeout: { softMs: 10 * 60_000 },
    resultTtlMs: 30 * DAY_MS,
    handler: (input, ctx) => {
      ctx.progress(0.1, "delete", `older than ${input.olderThanDays} days`);
      return def.remove(input.olderThanDays, new Date(Date.now() - input.olderThanDays * DAY_MS));
    },
  });
}
