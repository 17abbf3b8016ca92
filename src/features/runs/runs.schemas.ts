import { z } from "zod";
import { RUN_STATUSES } from "@/runs/status";

export const ZRunId = z.object({ id: z.uuid({ message: "id must be a run id (UUID)" }) });
export type TRunId = z.infer<typeof ZRunId>;

export const ZListRunsInput = z.object({
  limit: z.number().int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").default(50),
  cursor: z.string().max(200, "cursor is too long").optional(),
  status: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length).optional(),
  task: z.string().max(128, "task must be at most 128 characters").optional(),
  /** Admins only: everyone's runs (the console). Others always see their own. */
  all: z.boolean().default(false),
});
export type TListRunsInput = z.input<typeof ZListRunsInput>;
