/**
 * The JSON the runs HTTP API answers with, as zod output schemas (for the OpenAPI document and for
 * checking real responses). Each one is proved at compile time, at the bottom, to fit its service.
 */
import { z } from "zod";
import { RUN_STATUSES, type RunStatus } from "@/runs/status";
import type { Assert, Extends, Jsonified } from "@/api/json";
import type { getRun, listRunsPage, requestCancel, requestRedrive, toRunSummaryDto } from "./runs.service";
import type { submitRun, submitRuns } from "./submit.service";

const ZRunStatus = z.enum(RUN_STATUSES);
const ZDateTime = z.iso.datetime();
const ZQueueName = z.string().describe("The queue the run waits in (default, data_collection, analysis, reports)");

/** The links of a queued run: where to poll it and where to stream its events (paths on this server). */
const ZRunLinks = z.object({
  run: z.string().describe("Path of the run: /api/v1/runs/{runId}"),
  events: z.string().describe("Path of the run's event stream (SSE): /api/runs/{runId}/events"),
});

export const ZRunSummaryResponse = z.object({
  id: z.uuid(),
  task: z.string(),
  queue: ZQueueName,
  status: ZRunStatus,
  progress: z.number().min(0).max(1).describe("Fraction done, 0..1"),
  stage: z.string().nullable(),
  message: z.string().nullable(),
  etaAt: ZDateTime.nullable().describe("Estimated finish, while it runs and reports progress"),
  attempt: z.int().min(0).describe("The current attempt (0 before the first starts)"),
  maxAttempts: z.int().min(1),
  error: z
    .object({ name: z.string(), message: z.string(), field: z.string().optional() })
    .nullable()
    .describe("Why the last attempt failed; `field` names the input field at fault, when known"),
  cachedFromId: z.uuid().nullable().describe("The earlier identical run whose result this run took (memoised tasks)"),
  ownerEmail: z
    .email()
    .nullable()
    .describe("The owner's email; null for system runs, and always null in cancel/redrive answers"),
  createdAt: ZDateTime,
  startedAt: ZDateTime.nullable(),
  finishedAt: ZDateTime.nullable(),
  runAt: ZDateTime.describe("When the run may start (a `scheduled` run waits for it)"),
  priority: z.int().describe("Higher starts first among runs waiting in one queue (-1000..1000)"),
});

export const ZRunPartialResponse = z
  .object({
    result: z.unknown().describe("The task's result so far (JSON), in the task's own partial shape"),
    precision: z.number().optional().describe("How precise the partial result is, in the task's own measure"),
    done: z
      .object({ count: z.number().min(0), total: z.number().min(0), unit: z.string() })
      .optional()
      .describe("How much of the whole it stands for, e.g. 3200000 of 10000000 trials"),
    at: ZDateTime.describe("When the task published it"),
    final: z.boolean().describe("The attempt ended after it (succeeded, failed, timed out or cancelled)"),
  })
  .nullable()
  .describe(
    "The latest partial result the task published while running (kept when the run ends without a result); null when none, and once the run succeeded with its result (which supersedes it)",
  );

export const ZRunResponse = ZRunSummaryResponse.extend({
  input: z.unknown().describe("The task's input, as completed and validated at submission"),
  result: z.unknown().describe("The task's result (JSON); null until it succeeds"),
  error: z
    .object({ name: z.string(), message: z.string(), stack: z.string().optional(), field: z.string().optional() })
    .nullable()
    .describe("Why the last attempt failed, with the stack trace when the error had one"),
  inputHash: z.string().describe("SHA-256 (hex) of the task name and its canonical input"),
  provenance: z
    .object({
      codeVersion: z
        .string()
        .nullable()
        .describe("Package version and commit of the code that made the run (0.1.0+1a2b3c4); null on older runs"),
      engineVersion: z
        .int()
        .min(1)
        .nullable()
        .describe("The task's engine version (bumped when its results change for the same input); null without one"),
      seed: z.number().nullable().describe("The seed of a seeded task's input; null when the task takes none"),
      inputHash: z.string().describe("SHA-256 (hex) of the task name and its canonical input"),
    })
    .describe("What made the result; a run from cache has the provenance of the run it took its result from"),
  concurrencyKey: z.string().nullable(),
  concurrencyLimit: z.int().nullable(),
  idempotencyKey: z.string().nullable(),
  workerId: z.string().nullable().describe("The worker process that holds (or last held) the run"),
  heartbeatAt: ZDateTime.nullable(),
  eventSeq: z.int().min(0).describe("Sequence number of the run's latest event"),
  parentId: z.uuid().nullable().describe("The workflow run this run is a step of"),
  traceId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .nullable()
    .describe(
      "OpenTelemetry trace id (32 hex) of the run's trace, from its submit to its end; null when tracing was off",
    ),
  partial: ZRunPartialResponse,
  originRunId: z
    .uuid()
    .nullable()
    .describe(
      "Edit and rerun: the run this one was edited from; null when it is no rerun, or its origin was deleted (retention)",
    ),
});

export const ZRunsPageResponse = z.object({
  items: z.array(ZRunSummaryResponse),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
});

/** A queued run's id and links. Routes that queue work extend it with what they add (`.extend({ … })`). */
export const ZQueuedResponse = z.object({
  runId: z.uuid(),
  links: ZRunLinks,
});

export const ZSubmittedResponse = z.object({
  runId: z.uuid(),
  status: ZRunStatus.describe("The run's status now (any, when an idempotency key replays an earlier run)"),
  links: ZRunLinks,
});

export const ZBatchSubmittedResponse = z.object({
  runs: z.array(
    z.object({
      index: z.int().min(0).describe("The item's place in the request's `runs`"),
      runId: z.uuid().nullable(),
      status: ZRunStatus.nullable(),
      error: z.string().optional().describe("Only when runId is null: why the item has no run"),
    }),
  ),
});

// Compile-time proofs: each service's value, as JSON, is what its schema describes.
type Out<S extends z.ZodType> = z.output<S>;
type Submitted = Awaited<ReturnType<typeof submitRun>>;
type _RunSummary = Assert<Extends<Jsonified<ReturnType<typeof toRunSummaryDto>>, Out<typeof ZRunSummaryResponse>>>;
type _Cancel = Assert<Extends<Jsonified<Awaited<ReturnType<typeof requestCancel>>>, Out<typeof ZRunSummaryResponse>>>;
type _Redrive = Assert<Extends<Jsonified<Awaited<ReturnType<typeof requestRedrive>>>, Out<typeof ZRunSummaryResponse>>>;
type _Run = Assert<Extends<Jsonified<Awaited<ReturnType<typeof getRun>>>, Out<typeof ZRunResponse>>>;
type _Page = Assert<Extends<Jsonified<Awaited<ReturnType<typeof listRunsPage>>>, Out<typeof ZRunsPageResponse>>>;
type _Submitted = Assert<
  Extends<
    Jsonified<{ runId: Submitted["runId"]; status: Submitted["status"]; links: { run: string; events: string } }>,
    Out<typeof ZSubmittedResponse>
  >
>;
type _Batch = Assert<
  Extends<Jsonified<{ runs: Awaited<ReturnType<typeof submitRuns>> }>, Out<typeof ZBatchSubmittedResponse>>
>;
type _Queued = Assert<Extends<Out<typeof ZSubmittedResponse>, Out<typeof ZQueuedResponse>>>;
// And the status enum is no wider than the code's.
type _Status = Assert<Extends<Out<typeof ZRunStatus>, RunStatus>>;
