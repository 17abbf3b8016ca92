/**
 * The enqueue options a person may give when starting a run from a form (tRPC): priority, a
 * delayed start (delayMs, or runAt), and the run it reruns (originRunId, "Edit and rerun"). The bounds are ENQUEUE_LIMITS' (checked in the test); every
 * message names the field. enqueue() checks them again (EnqueueOptionError names the field too).
 */
import { z } from "zod";
import { RUN_OPTION_LIMITS as L } from "@/components/ui/run-options";

const fmt = (n: number) => n.toLocaleString("en");
/** A whole number within min..max; one message worded as enqueue's EnqueueOptionError words it. */
const wholeWithin = (min: number, max: number, message: string) =>
  z.number({ error: message }).int(message).min(min, message).max(max, message);

/** What-if: the run a rerun was edited from (checked by the service: visible to the viewer, same task). */
export const ZOriginRunId = z.uuid({ error: "originRunId must be a run id (a UUID)" });

/** The fields, to extend a start input with (`.safeExtend(RUN_OPTION_FIELDS)`). */
export const RUN_OPTION_FIELDS = {
  /** Higher starts first among the runs waiting in the same queue. */
  priority: wholeWithin(
    L.priority.min,
    L.priority.max,
    `priority must be a whole number within ${L.priority.min}..${L.priority.max}`,
  ).optional(),
  /** Start no earlier than this many milliseconds from now. */
  delayMs: wholeWithin(
    0,
    L.maxDelayMs,
    `delayMs must be a whole number of milliseconds within 0..${fmt(L.maxDelayMs)} (30 days)`,
  ).optional(),
  /** Start no earlier than this instant (within 30 days). */
  runAt: z.iso
    .datetime({ offset: true, message: "runAt must be an ISO 8601 date-time with a time zone (2026-12-31T09:00:00Z)" })
    .refine((s) => Date.parse(s) <= Date.now() + L.maxDelayMs, "runAt must be within 30 days from now")
    .optional(),
  /** "Edit and rerun": the run this one was edited from (shown on the new run, which links to it). */
  originRunId: ZOriginRunId.optional(),
};

export const ZRunOptions = z.object(RUN_OPTION_FIELDS);
export type TRunOptions = z.output<typeof ZRunOptions>;

/** delayMs and runAt are two ways to say one thing: at most one of them (the issue names runAt). */
export function checkOneStart(v: { delayMs?: number; runAt?: string }, ctx: z.RefinementCtx): void {
  if (v.delayMs !== undefined && v.runAt !== undefined)
    ctx.addIssue({ code: "custom", path: ["runAt"], message: "runAt cannot be given with delayMs (give one of them)" });
}

/** The enqueue options of a parsed input (runAt as a Date), and the rest of the input. */
export function splitRunOptions<T extends TRunOptions>(
  input: T,
): [Omit<T, keyof TRunOptions>, { priority?: number; delayMs?: number; runAt?: Date; originRunId?: string }] {
  const { priority, delayMs, runAt, originRunId, ...rest } = input;
  return [
    rest,
    {
      ...(priority !== undefined ? { priority } : {}),
      ...(delayMs !== undefined ? { delayMs } : {}),
      ...(runAt !== undefined ? { runAt: new Date(runAt) } : {}),
      ...(originRunId !== undefined ? { originRunId } : {}),
    },
  ];
}
