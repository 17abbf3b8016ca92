import { z } from "zod";
import { RUN_STATUSES } from "@/runs/status";
import { QUEUES } from "@/runs/queues";

export const ZRunId = z.object({ id: z.uuid({ message: "id must be a run id (UUID)" }) });
export const ZListRunsInput = z.object({
  limit: z.number().int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").default(50),
  cursor: z.string().max(200, "cursor is too long").optional(),
  status: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length).optional(),
  task: z.string().max(128, "task must be at most 128 characters").optional(),
  queue: z.enum(QUEUES, { message: `queue must be one of ${QUEUES.join(", ")}` }).optional(),
  /** Admins' view: part of the owner's email. */
  owner: z.string().trim().min(1).max(254, "owner must be at most 254 characters").optional(),
  createdAfter: z.iso.datetime({ message: "createdAfter must be an ISO date-time" }).optional(),
  createdBefore: z.iso.datetime({ message: "createdBefore must be an ISO date-time" }).optional(),
  /** Free text searched in the input. */
  text: z.string().trim().min(1).max(100, "text must be at most 100 characters").optional(),
  /** Admins only: everyone's runs (the console). Others always see their own. */
  all: z.boolean().default(false),
});
export const BULK_MAX = 1000;

/** Which runs a bulk cancel or retry acts on. At least one narrowing field besides `all`. */
export const ZRunFilter = z
  .object({
    status: z
      .array(z.enum(RUN_STATUSES))
      .min(1, "status must list at least one status")
      .max(RUN_STATUSES.length)
      .optional(),
    task: z.string().min(1).max(128, "task must be at most 128 characters").optional(),
    queue: z.enum(QUEUES, { message: `queue must be one of ${QUEUES.join(", ")}` }).optional(),
    createdBefore: z.iso.datetime({ message: "createdBefore must be an ISO date-time" }).optional(),
    createdAfter: z.iso.datetime({ message: "createdAfter must be an ISO date-time" }).optional(),
    /** Admins only: everyone's runs. */
    all: z.boolean().default(false),
    /** At most this many runs per call (the oldest first). */
    limit: z
      .number()
      .int()
      .min(1, "limit must be at least 1")
      .max(BULK_MAX, `limit must be at most ${BULK_MAX}`)
      .default(BULK_MAX),
  })
  .refine((f) => f.status || f.task || f.queue || f.createdBefore || f.createdAfter, {
    message: "give at least one of status, task, queue, createdBefore, createdAfter (a bulk action needs a filter)",
    path: ["status"],
  });
