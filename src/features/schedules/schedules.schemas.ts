import { z } from "zod";
import { MAX_BACKFILL, MISSED_POLICIES, parseCron, ScheduleError } from "@/domain/schedule";
import { DEFAULT_TIME_ZONE } from "@/domain/shared/dates";

export const SCHEDULES_PER_ACCOUNT_MAX = 100;
export const SCHEDULE_INPUT_MAX_BYTES = 64 * 1024;
/** Schedules run on São Paulo time unless they name a zone (the product rule: src/domain/shared/dates.ts). */
export const DEFAULT_TIMEZONE = DEFAULT_TIME_ZONE;

const cronField = z
  .string({ message: "cron is required" })
  .trim()
  .min(1, "cron is required")
  .max(120, "cron must be at most 120 characters");
const tzField = z
  .string({ message: "timezone is required" })
  .trim()
  .min(1, "timezone is required")
  .max(64, "timezone must be at most 64 characters");

/** Cron and timezone together: refused with the field and the reason (never fires, unknown zone…). */
function checkCron(v: { cron?: string; timezone?: string }, ctx: z.RefinementCtx) {
  if (v.cron === undefined || v.timezone === undefined) return;
  try {
    parseCron(v.cron, v.timezone, new Date());
  } catch (e) {
    if (e instanceof ScheduleError) ctx.addIssue({ code: "custom", path: [e.field], message: e.message });
    else throw e;
  }
}

const fields = {
  name: z
    .string({ message: "name is required" })
    .trim()
    .min(1, "name is required")
    .max(100, "name must be at most 100 characters"),
  cron: cronField,
  timezone: tzField,
  task: z
    .string({ message: "task is required" })
    .trim()
    .min(1, "task is required")
    .max(128, "task must be at most 128 characters"),
  input: z
    .unknown()
    .refine(
      (v) => v !== undefined && JSON.stringify(v).length <= SCHEDULE_INPUT_MAX_BYTES,
      `input must be JSON of at most ${SCHEDULE_INPUT_MAX_BYTES / 1024} KiB`,
    ),
  enabled: z.boolean({ message: "enabled must be true or false" }),
  missedPolicy: z.enum(MISSED_POLICIES, { message: `missedPolicy must be one of ${MISSED_POLICIES.join(", ")}` }),
  maxBackfill: z
    .number({ message: "maxBackfill must be a number" })
    .int("maxBackfill must be a whole number")
    .min(0, "maxBackfill must be at least 0")
    .max(MAX_BACKFILL, `maxBackfill must be at most ${MAX_BACKFILL}`),
};

export const ZCreateSchedule = z
  .object({
    ...fields,
    timezone: fields.timezone.default(DEFAULT_TIMEZONE),
    input: fields.input.default({}),
    enabled: fields.enabled.default(true),
    missedPolicy: fields.missedPolicy.default("once"),
    maxBackfill: fields.maxBackfill.default(10),
  })
  .superRefine(checkCron);
export const ZScheduleId = z.object({ id: z.uuid({ message: "id must be a schedule id (UUID)" }) });

export const ZUpdateSchedule = z
  .object({
    id: z.uuid({ message: "id must be a schedule id (UUID)" }),
    name: fields.name.optional(),
    cron: fields.cron.optional(),
    timezone: fields.timezone.optional(),
    task: fields.task.optional(),
    input: fields.input.optional(),
    enabled: fields.enabled.optional(),
    missedPolicy: fields.missedPolicy.optional(),
    maxBackfill: fields.maxBackfill.optional(),
  })
  .superRefine(checkCron);

export const ZPreview = z
  .object({
    cron: cronField,
    timezone: tzField.default(DEFAULT_TIMEZONE),
    count: z.number().int().min(1).max(20).default(5),
  })
  .superRefine(checkCron);
