import { z } from "zod";
import { MAX_QUEUE_CONCURRENCY, QUEUES } from "@/runs/queues";

export const ZClearCacheInput = z.object({
  namespace: z
    .string()
    .regex(/^[a-z0-9][a-z0-9:._-]{0,63}$/, "namespace must be 1–64 characters: a–z, 0–9 and : . _ -"),
});
export const ZUpdateQueueInput = z
  .object({
    name: z.enum(QUEUES, { message: `name must be one of ${QUEUES.join(", ")}` }),
    concurrency: z
      .number({ message: "concurrency must be a number" })
      .int("concurrency must be a whole number")
      .min(1, "concurrency must be at least 1 (pause the queue to stop it)")
      .max(MAX_QUEUE_CONCURRENCY, `concurrency must be at most ${MAX_QUEUE_CONCURRENCY}`)
      .optional(),
    paused: z.boolean({ message: "paused must be true or false" }).optional(),
  })
  .refine((q) => q.concurrency !== undefined || q.paused !== undefined, {
    message: "give concurrency or paused",
    path: ["concurrency"],
  });
