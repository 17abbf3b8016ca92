/**
 * A run's trace (OpenTelemetry, src/server/tracing.ts; only when tracing is on — every caller checks
 * tracingOn() first, so the off path is the untraced call itself):
 *
 *   submit (the API request or tRPC mutation, SERVER)
 *   ├─ run.enqueue (PRODUCER: the insert of the run and its job)
 *   ├─ run.attempt <task> (CONSUMER, on the worker: one per attempt)
 *   │  └─ kernel <name> (the kernel thread's work) …
 *   └─ run.attempt <task> (a retry) …
 *
 * The context an attempt descends from travels with the run as its `traceparent` column (W3C): the
 * span active when the run was enqueued — the submit request, or for a workflow's next step the attempt
 * of the step whose end started it, so a workflow is one trace — else, with nothing active (a
 * schedule's fire), the enqueue span itself. Stored on the row rather than in the job's payload: the worker's start of an
 * attempt already reads the row (no extra query), the run page and the API show its trace id from the
 * same row, and Graphile's job row is deleted when the run ends.
 */
import { isSpanContextValid, type Span } from "@opentelemetry/api";
import {
  activeSpan,
  contextOf,
  formatTraceparent,
  inSpan,
  SpanKind,
  SpanStatusCode,
  type SpanOptions,
} from "@/server/tracing";
import type { RunRow } from "./run.repository";

/** Span attribute names (fluxo.*: no semantic convention fits a job run). */
export const RUN_ATTR = {
  runId: "fluxo.run.id",
  task: "fluxo.task",
  queue: "fluxo.queue",
  attempt: "fluxo.run.attempt",
  workerId: "fluxo.worker.id",
  outcome: "fluxo.run.outcome",
  count: "fluxo.runs.count",
} as const;

/**
 * `enqueue(traceparent)` inside a `run.enqueue` span: it is given the context its runs carry (see the
 * header). The runs' ids are added to the span once they exist.
 */
export async function tracedEnqueue<T>(
  what: { name: string; queue: string; count?: number },
  enqueue: (traceparent: string) => Promise<T>,
  runIds: (result: T) => string[],
): Promise<T> {
  const submit = activeSpan();
  return inSpan(
    "run.enqueue",
    {
      kind: SpanKind.PRODUCER,
      attributes: { [RUN_ATTR.task]: what.name, [RUN_ATTR.queue]: what.queue, [RUN_ATTR.count]: what.count ?? 1 },
    },
    async (span) => {
      // The active span may have ended already (a workflow's next step, started as the step before ends):
      // its context still names it.
      const carried = submit && isSpanContextValid(submit.spanContext()) ? submit : span;
      const result = await enqueue(formatTraceparent(carried.spanContext()));
      const ids = runIds(result);
      if (ids.length === 1) span.setAttribute(RUN_ATTR.runId, ids[0]!);
      else if (ids.length > 1) span.setAttribute(RUN_ATTR.runId, ids);
      return result;
    },
  );
}

/** The context of the span active here, as a traceparent to store (null when there is none or tracing is off). */
export function activeTraceparent(): string | null {
  const span = activeSpan();
  return span && isSpanContextValid(span.spanContext()) ? formatTraceparent(span.spanContext()) : null;
}

/**
 * One attempt of `run` (just moved to running) inside its `run.attempt <task>` span, a child of the
 * context the run carries (a new trace when it carries none: submitted while tracing was off).
 */
export function tracedAttempt(run: RunRow, workerId: string, attempt: () => Promise<void>): Promise<void> {
  const o: SpanOptions = {
    kind: SpanKind.CONSUMER,
    parent: contextOf(run.traceparent),
    attributes: {
      [RUN_ATTR.runId]: run.id,
      [RUN_ATTR.task]: run.task,
      [RUN_ATTR.queue]: run.queue,
      [RUN_ATTR.attempt]: run.attempt,
      [RUN_ATTR.workerId]: workerId,
    },
  };
  return inSpan(`run.attempt ${run.task}`, o, () => attempt());
}

/**
 * The status an attempt left its run in (succeeded, retrying, failed, dead, cancelled), on the active
 * attempt span: the last one written wins. No-op when tracing is off.
 */
export function noteOutcome(row: Pick<RunRow, "status">): void {
  const span: Span | undefined = activeSpan();
  if (!span) return;
  span.setAttribute(RUN_ATTR.outcome, row.status);
  if (row.status === "failed" || row.status === "dead")
    span.setStatus({ code: SpanStatusCode.ERROR, message: row.status });
}
