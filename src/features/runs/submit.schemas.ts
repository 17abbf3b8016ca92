/**
 * Starting any task by name over the HTTP API: one run (POST /api/v1/runs) or a batch
 * (POST /api/v1/runs/batch), with the enqueue options. The bounds are ENQUEUE_LIMITS' (the same ones
 * enqueue checks), so the OpenAPI document shows them; the rules between fields (runAt within 30 days,
 * not both delayMs and runAt, concurrencyLimit needs a concurrencyKey) are enqueue's own.
 */
import { z } from "zod";
import { ENQUEUE_LIMITS as L } from "@/runs/enqueue";

const n = (v: number) => v.toLocaleString("en");
/** A whole number within min..max; the message words it as enqueue's EnqueueOptionError does. */
const wholeWithin = (min: number, max: number, message: string) =>
  z.number({ message }).int(message).min(min, message).max(max, message);
const hasControl = (v: string) => [...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
const key = (field: string, max: number) => {
  const message = `${field} must be 1..${max} characters, without control characters`;
  return z
    .string({ message })
    .min(1, message)
    .max(max, message)
    .refine((v) => !hasControl(v), message);
};

const ZIdempotencyKey = key("idempotencyKey", L.idempotencyKeyMaxLength);
/** The Idempotency-Key HTTP header: the same bounds as the body's idempotencyKey. */
export const ZIdempotencyKeyHeader = key("the Idempotency-Key header", L.idempotencyKeyMaxLength);

/** The enqueue options a caller may give (all optional). */
export const ZSubmitOptions = {
  priority: wholeWithin(
    L.priority.min,
    L.priority.max,
    `priority must be a whole number within ${L.priority.min}..${L.priority.max}`,
  )
    .optional()
    .describe(
      `Higher starts first among the runs waiting in the task's queue (${L.priority.min}..${L.priority.max}, default 0).`,
    ),
  delayMs: wholeWithin(
    0,
    L.maxDelayMs,
    `delayMs must be a whole number of milliseconds within 0..${n(L.maxDelayMs)} (30 days)`,
  )
    .optional()
    .describe(
      "Start no earlier than this many milliseconds from now (at most 30 days); the run is `scheduled` until then.",
    ),
  runAt: z.iso
    .datetime({ offset: true, message: "runAt must be an ISO 8601 date-time with a time zone (2026-12-31T09:00:00Z)" })
    .transform((s) => new Date(s))
    .optional()
    .describe(
      "Start no earlier than this (ISO 8601, within 30 days; not with delayMs); the run is `scheduled` until then.",
    ),
  idempotencyKey: ZIdempotencyKey.optional().describe(
    "Per account and task: a second submission with this key within IDEMPOTENCY_TTL_HOURS (default 24) gets the first run back (200, Idempotent-Replayed: true), never a second run; the same key with a different input is a 409.",
  ),
  originRunId: z
    .uuid({ message: "originRunId must be a run id (a UUID)" })
    .optional()
    .describe(
      "Edit and rerun: the run this one was edited from (yours, of the same task; else a 404 / 400 naming originRunId). The run's answer links to it as originRunId.",
    ),
  concurrencyKey: key("concurrencyKey", L.concurrencyKeyMaxLength)
    .optional()
    .describe("At most concurrencyLimit runs sharing this key run at once, across every worker."),
  concurrencyLimit: wholeWithin(
    L.concurrencyLimit.min,
    L.concurrencyLimit.max,
    `concurrencyLimit must be a whole number within ${L.concurrencyLimit.min}..${L.concurrencyLimit.max}`,
  )
    .optional()
    .describe(
      `How many runs with the concurrencyKey may run at once (${L.concurrencyLimit.min}..${L.concurrencyLimit.max}, default 1; needs concurrencyKey).`,
    ),
};

const unknownField = {
  error: (iss: { code?: string; keys?: string[] }) =>
    iss.code === "unrecognized_keys" ? `unknown field: ${(iss.keys ?? []).join(", ")}` : undefined,
};

export const ZSubmitRunInput = z.strictObject(
  {
    task: z
      .string({ message: "task is required" })
      .min(1, "task is required")
      .max(128, "task must be at most 128 characters")
      .describe("The task's name (forecast.when, eto.compute, …)."),
    input: z.unknown().default({}).describe("The task's input, as its own form takes it (defaults are filled in)."),
    ...ZSubmitOptions,
  },
  unknownField,
);
export type TSubmitRunInput = z.output<typeof ZSubmitRunInput>;

export const ZSubmitBatchInput = z.strictObject(
  {
    runs: z
      .array(ZSubmitRunInput, { message: "runs must be a list of { task, input, … }" })
      .min(1, "runs must list at least one run")
      .max(L.batch, `runs must list at most ${n(L.batch)} runs per request`),
  },
  unknownField,
);
/** The options of one submission as enqueue takes them. */
export function enqueueOptionsOf(s: TSubmitRunInput) {
  return {
    priority: s.priority,
    delayMs: s.delayMs,
    runAt: s.runAt,
    idempotencyKey: s.idempotencyKey,
    concurrencyKey: s.concurrencyKey,
    concurrencyLimit: s.concurrencyLimit,
    originRunId: s.originRunId,
  };
}
