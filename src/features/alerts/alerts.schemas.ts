import { z } from "zod";
import { ALERT_KINDS, MIN_RUNS_BOUNDS, THRESHOLD_BOUNDS, WINDOW_BOUNDS, type AlertKind } from "@/domain/alerts/kinds";
import { QUEUES } from "@/runs/queues";

export const ALERT_HISTORY_MAX = 100;

const int = (field: string, b: { min: number; max: number }) =>
  z
    .number({ message: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(b.min, `${field} must be at least ${b.min}`)
    .max(b.max, `${field} must be at most ${b.max.toLocaleString("en")}`);

const fields = {
  name: z
    .string({ message: "name is required" })
    .trim()
    .min(1, "name is required")
    .max(120, "name must be at most 120 characters"),
  kind: z.enum(ALERT_KINDS, { message: `kind must be one of ${ALERT_KINDS.join(", ")}` }),
  enabled: z.boolean({ message: "enabled must be true or false" }),
  queue: z.enum(QUEUES, { message: `queue must be one of ${QUEUES.join(", ")}` }).nullable(),
  task: z.string().trim().min(1, "task must not be empty").max(128, "task must be at most 128 characters").nullable(),
  threshold: z.number({ message: "threshold must be a number" }).finite("threshold must be a finite number"),
  windowMinutes: int("windowMinutes", WINDOW_BOUNDS),
  minRuns: int("minRuns", MIN_RUNS_BOUNDS),
};

/** The threshold's range depends on the kind; also which of queue / task a kind may be scoped by. */
function checkKind(
  r: { kind?: AlertKind; threshold?: number; queue?: string | null; task?: string | null },
  ctx: z.RefinementCtx,
) {
  if (!r.kind) return;
  const b = THRESHOLD_BOUNDS[r.kind];
  if (r.threshold !== undefined && (r.threshold < b.min || r.threshold > b.max))
    ctx.addIssue({
      code: "custom",
      path: ["threshold"],
      message:
        b.min === b.max
          ? `threshold must be ${b.min} for ${r.kind} (${b.unit})`
          : `threshold must be between ${b.min} and ${b.max.toLocaleString("en")} for ${r.kind} (${b.unit})`,
    });
  if (r.queue && !["queue_wait", "failure_rate"].includes(r.kind))
    ctx.addIssue({ code: "custom", path: ["queue"], message: `queue applies to queue_wait and failure_rate only` });
  if (r.task && !["failure_rate", "run_dead"].includes(r.kind))
    ctx.addIssue({ code: "custom", path: ["task"], message: `task applies to failure_rate and run_dead only` });
  if (r.task && r.queue) ctx.addIssue({ code: "custom", path: ["queue"], message: "give a task or a queue, not both" });
}

export const ZCreateAlertRule = z
  .object({
    ...fields,
    enabled: fields.enabled.default(true),
    queue: fields.queue.default(null),
    task: fields.task.default(null),
    windowMinutes: fields.windowMinutes.default(15),
    minRuns: fields.minRuns.default(1),
  })
  .superRefine(checkKind);
export type TCreateAlertRule = z.output<typeof ZCreateAlertRule>;

export const ZAlertRuleId = z.object({ id: z.uuid({ message: "id must be an alert rule id (UUID)" }) });

/** An edit: the fields given change (the kind stays). */
export const ZUpdateAlertRule = z
  .object({
    id: ZAlertRuleId.shape.id,
    name: fields.name.optional(),
    enabled: fields.enabled.optional(),
    queue: fields.queue.optional(),
    task: fields.task.optional(),
    threshold: fields.threshold.optional(),
    windowMinutes: fields.windowMinutes.optional(),
    minRuns: fields.minRuns.optional(),
  })
  .refine((r) => Object.keys(r).length > 1, { message: "give at least one field to change", path: ["name"] });
export type TUpdateAlertRule = z.output<typeof ZUpdateAlertRule>;

export const ZAlertHistoryInput = z
  .object({
    limit: int("limit", { min: 1, max: ALERT_HISTORY_MAX }).default(25),
    /** The `cursor` of the previous page. */
    cursor: z
      .string()
      .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_[0-9a-f-]{36}$/, "cursor must be a cursor from the previous page")
      .optional(),
  })
  .default({ limit: 25 });
