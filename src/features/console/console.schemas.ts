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

const hours = (n: z.ZodNumber) =>
  n
    .int("hours must be a whole number")
    .min(1, "hours must be at least 1")
    .max(24, "hours must be at most 24 (minutes are kept for a day)");
/** `hours` as a query parameter (text). */
export const ZHoursQuery = hours(z.coerce.number({ message: "hours must be a number" }));

export const ZMinutesInput = z.object({
  hours: hours(z.number({ message: "hours must be a number" })).default(24),
  queue: z.enum(QUEUES, { message: `queue must be one of ${QUEUES.join(", ")}` }).optional(),
  task: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+$/, "task must be a task name such as forecast.when")
    .max(64, "task must be at most 64 characters")
    .optional(),
});
export type TMinutesInput = z.infer<typeof ZMinutesInput>;

export const ZDrainWorkerInput = z.object({
  id: z.string().min(1, "id must name a worker").max(200, "id must be at most 200 characters"),
});
