/** The input of a system cleanup task: how old (in days) what it deletes must be. Client-safe. */
import { z } from "zod";
import { STRICT_INPUT } from "./strict-input";

export const RETENTION_DAYS = [7, 3650] as const;

export const ZRetentionInput = z.strictObject(
  {
    olderThanDays: z
      .number({ error: "olderThanDays must be a number of days" })
      .int("olderThanDays must be a whole number of days")
      .min(RETENTION_DAYS[0], `olderThanDays must be at least ${RETENTION_DAYS[0]} days`)
      .max(RETENTION_DAYS[1], `olderThanDays must be at most ${RETENTION_DAYS[1]} days`)
      .default(90),
  },
  STRICT_INPUT,
);
