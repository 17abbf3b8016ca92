/**
 * The HTTP API's runs: list, submit (one or a batch of up to 1,000, with the enqueue options), read
 * (with an ETag), cancel, redrive, and the live streams (a run's events; the caller's runs feed).
 */
import { z } from "zod";
import { defineRoute } from "@/api/route";
import { ApiError, apiError, jsonWithEtag, parseWith, runLinks } from "@/api/http";
import { submitError, ZApiError } from "@/api/errors";
import { scopeOf } from "@/accounts/viewer";
import { ENQUEUE_LIMITS } from "@/runs/enqueue";
import { QUEUES } from "@/runs/queues";
import { openRunsFeed, openRunStream, parseLastEventId, SSE_HEADERS } from "@/runs/stream";
import { ZListRunsInput, ZRunId } from "./runs.schemas";
import { getRun, listRunsPage, requestCancel, requestRedrive } from "./runs.service";
import { submitRun, submitRuns } from "./submit.service";
import { enqueueOptionsOf, ZIdempotencyKeyHeader, ZSubmitBatchInput, ZSubmitRunInput } from "./submit.schemas";
import { compareRuns } from "./compare.service";
import { splitIds, ZCompareRunsInput } from "./compare.schemas";
import { ZRunComparisonResponse } from "./compare.responses";
import {
  ZBatchSubmittedResponse,
  ZRunResponse,
  ZRunsPageResponse,
  ZRunSummaryResponse,
  ZSubmittedResponse,
} from "./runs.responses";

const tags = ["Runs"];
const BATCH = ENQUEUE_LIMITS.batch.toLocaleString("en");
const OPTIONS =
  "Options: priority (higher starts first among the runs waiting in the task's queue), delayMs or runAt (the run is `scheduled` until then; at most 30 days ahead), idempotencyKey, concurrencyKey + concurrencyLimit (at most that many runs with the key run at once, across every worker; default 1). A value out of bounds is a 400 naming the field and its limits.";

const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1, "limit must be at least 1").max(200, "limit must be at most 200").optional(),
  cursor: z.string().optional().describe("nextCursor of the previous page"),
  status: z
    .string()
    .max(200, "status is too long")
    .optional()
    .describe("Comma-separated statuses, e.g. running,queued")
    .transform((s) => (s ? s.split(",") : undefined)),
  task: z.string().optional(),
  queue: z.enum(QUEUES, { message: `queue must be one of ${QUEUES.join(", ")}` }).optional(),
  owner: z.string().optional().describe("Admins with all=1: part of the owner's email"),
  createdAfter: z.string().optional().describe("ISO date-time"),
  createdBefore: z.string().optional().describe("ISO date-time"),
  text: z.string().optional().describe("Searched in the input"),
  all: z
    .enum(["0", "1", "true", "false"], { message: "all must be 0, 1, true or false" })
    .optional()
    .describe("Admins: everyone's runs")
    .transform((v) => v === "1" || v === "true"),
});

export const listRuns = defineRoute({
  method: "GET",
  path: "/api/v1/runs",
  tags,
  summary: "Your runs, newest first (all=1: everyone's, admins), filtered and paged",
  query: ZListQuery,
  responses: { 200: { description: "A page of runs and the cursor of the next", json: ZRunsPageResponse } },
  handler: async ({ viewer, query, json }) => json(200, await listRunsPage(viewer, ZListRunsInput.parse(query))),
});

/** The Idempotency-Key header, checked as the body's field is; both given must agree. */
function idempotencyKeyOf(headers: Headers, fromBody: string | undefined): string | undefined {
  const header = headers.get("idempotency-key");
  if (header === null) return fromBody;
  const key = parseWith(z.object({ "Idempotency-Key": ZIdempotencyKeyHeader }), { "Idempotency-Key": header })[
    "Idempotency-Key"
  ];
  if (fromBody !== undefined && fromBody !== key) {
    const message = "idempotencyKey differs from the Idempotency-Key header; give one of them, or the same key in both";
    throw new ApiError(400, "BAD_REQUEST", `idempotencyKey: ${message}`, {
      fields: [{ path: "idempotencyKey", message }],
    });
  }
  return key;
}

export const submitOne = defineRoute({
  method: "POST",
  path: "/api/v1/runs",
  tags,
  summary: "Start any task you may run: { task, input, …options } (input as the task's own form takes it)",
  description: `${OPTIONS} Idempotency: the idempotencyKey field or the Idempotency-Key header (both given must be equal, else a 400); a second submission with the key (per account and task, within IDEMPOTENCY_TTL_HOURS, default 24 h) answers 200 with the first run and the header Idempotent-Replayed: true, and queues nothing; with a different input it is a 409. Counts one submission against the per-account rate limit (RATE_LIMIT_SUBMIT_PER_MIN).`,
  body: ZSubmitRunInput,
  headers: [
    {
      name: "Idempotency-Key",
      required: false,
      description: `The same as the idempotencyKey field (1..${ENQUEUE_LIMITS.idempotencyKeyMaxLength} characters).`,
      schema: { type: "string", minLength: 1, maxLength: ENQUEUE_LIMITS.idempotencyKeyMaxLength },
    },
  ],
  submits: true,
  responses: {
    202: { description: "Queued (or scheduled when delayed): { runId, status, links }", json: ZSubmittedResponse },
    200: {
      description: "The idempotency key already names this run (same input); nothing new was queued",
      json: ZSubmittedResponse,
      headers: { "Idempotent-Replayed": { description: "true" } },
    },
    409: {
      description: "The idempotency key was already used with a different input (error.runId names that run)",
      json: ZApiError,
    },
  },
  handler: async ({ req, viewer, body, json, tasks }) => {
    const idempotencyKey = idempotencyKeyOf(req.headers, body.idempotencyKey);
    const opts = { ...enqueueOptionsOf(body), idempotencyKey };
    const r = await submitRun(tasks, viewer, body.task, body.input, opts).catch((e: unknown) => {
      throw submitError(e);
    });
    const value = { runId: r.runId, status: r.status, links: runLinks(r.runId) };
    return r.replayed ? json(200, value, { "idempotent-replayed": "true" }) : json(202, value);
  },
});

/** More runs than a batch takes: 413 (not 400), as a body too large is. */
function tooMany(e: unknown): ApiError | null {
  if (!(e instanceof z.ZodError)) return null;
  const issue = e.issues.find((i) => i.code === "too_big" && i.path.length === 1 && i.path[0] === "runs");
  if (!issue) return null;
  const message = `runs must list at most ${BATCH} runs per request; split the batch`;
  return new ApiError(413, "PAYLOAD_TOO_LARGE", `runs: ${message}`, { fields: [{ path: "runs", message }] });
}

export const submitBatch = defineRoute({
  method: "POST",
  path: "/api/v1/runs/batch",
  tags,
  summary: `Start 1..${BATCH} runs at once: { runs: [{ task, input, …options }] }`,
  description: `Each item as for POST /api/v1/runs (${OPTIONS.charAt(0).toLowerCase()}${OPTIONS.slice(1)}) Every item is checked before anything is queued: one bad item is a 400 whose message and fields name it by index (runs.3.input.backlog), and then no run is written; all of them are written in one statement. More than ${BATCH} runs is a 413 (so is a body over MAX_BODY_BYTES, 2 MiB by default); an empty list is a 400. An item whose idempotencyKey already names a run (same input) gets that run back; with a different input the batch is a 409 naming the item; the Idempotency-Key header is refused here (give each item its own key). The whole batch counts as ONE submission against the per-account rate limit (RATE_LIMIT_SUBMIT_PER_MIN), not one per run.`,
  body: ZSubmitBatchInput,
  submits: true,
  responses: {
    202: {
      description: "Queued: { runs: [{ index, runId, status }] } in the order given",
      json: ZBatchSubmittedResponse,
    },
    409: {
      description: "An item's idempotency key was already used with a different input (named by index)",
      json: ZApiError,
    },
    413: {
      description: `More than ${BATCH} runs, or a body over MAX_BODY_BYTES`,
      json: ZApiError,
    },
  },
  mapError: (e) => tooMany(e) ?? e,
  handler: async ({ req, viewer, body, json, tasks }) => {
    if (req.headers.has("idempotency-key")) {
      const message = "the Idempotency-Key header applies to POST /api/v1/runs; give each run its own idempotencyKey";
      throw new ApiError(400, "BAD_REQUEST", `Idempotency-Key: ${message}`, {
        fields: [{ path: "Idempotency-Key", message }],
      });
    }
    const runs = await submitRuns(
      tasks,
      viewer,
      body.runs.map((r) => ({ task: r.task, input: r.input, opts: enqueueOptionsOf(r) })),
    ).catch((e: unknown) => {
      throw submitError(e);
    });
    return json(202, { runs });
  },
});
export const readRun = defineRoute({
  method: "GET",
  path: "/api/v1/runs/{id}",
  tags,
  summary:
    "One run: input, result, error, attempts, priority, runAt (when it may start), concurrencyKey/Limit, idempotencyKey",
  description:
    "Answers an ETag: a poller that sends it back in If-None-Match gets 304 with no body until the run changes.",
  params: ZRunId,
  responses: {
    200: { description: "The run", json: ZRunResponse, headers: { ETag: { description: "Weak tag of the body" } } },
    304: { description: "Not modified since the ETag sent in If-None-Match", empty: true },
  },
  handler: async ({ req, viewer, params }) => jsonWithEtag(req, await getRun(viewer, params.id)),
});

export const compareRunsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/runs/compare",
  tags,
  summary: "2 to 4 runs of one task side by side: inputs field by field, result numbers with deltas, provenance",
  description:
    "ids: the runs, comma-separated, the first being the one the others are measured against. Runs of different tasks, fewer than 2 or more than 4 ids are a 400 naming ids; a run you may not see is a 404 exactly as a missing one. engineVersionsDiffer flags runs computed by different engine versions.",
  query: z.object({
    ids: z
      .string({ message: "ids is required: 2 to 4 run ids, comma-separated" })
      .max(1000, "ids is too long: at most 4 run ids")
      .describe("Comma-separated run ids (UUID), 2 to 4"),
  }),
  responses: {
    200: { description: "The comparison", json: ZRunComparisonResponse },
    404: { description: "A run that does not exist or is not yours (the first such id)", json: ZApiError },
  },
  handler: async ({ viewer, query, json, tasks }) =>
    json(200, await compareRuns(viewer, tasks, ZCompareRunsInput.parse({ ids: splitIds(query.ids) }))),
});

export const cancelRun = defineRoute({
  method: "POST",
  path: "/api/v1/runs/{id}/cancel",
  tags,
  summary: "Cancel a run (a running one stops within the cancel grace)",
  params: ZRunId,
  responses: { 202: { description: "The run, as it is now", json: ZRunSummaryResponse } },
  handler: async ({ viewer, params, json, tasks }) => json(202, await requestCancel(viewer, params.id, tasks)),
});

export const redriveRun = defineRoute({
  method: "POST",
  path: "/api/v1/runs/{id}/redrive",
  tags,
  summary: "Queue a failed or dead run again, with a fresh attempt count",
  params: ZRunId,
  responses: {
    202: { description: "The run, queued again", json: ZRunSummaryResponse },
    409: {
      description: "The run is neither failed nor dead",
      json: ZApiError,
    },
  },
  handler: async ({ viewer, params, json }) => json(202, await requestRedrive(viewer, params.id)),
});

const SSE = { "text/event-stream": { type: "string" } };

export const runEvents = defineRoute({
  method: "GET",
  path: "/api/runs/{id}/events",
  tags,
  summary: "The run's server-sent events: progress, logs, status (replays after Last-Event-ID)",
  description:
    "Events carry ids; a client that reconnects with Last-Event-ID (or ?lastEventId=) gets what it missed, then the live ones. A malformed Last-Event-ID replays everything. A client too slow to take its events is dropped and resumes the same way.",
  params: z.object({ id: z.string().describe("The run id (UUID)") }),
  query: z.object({ lastEventId: z.string().optional().describe("As the Last-Event-ID header") }),
  headers: [
    { name: "Last-Event-ID", required: false, description: "Resume after this event", schema: { type: "string" } },
  ],
  responses: { 200: { description: "text/event-stream", media: SSE } },
  handler: async ({ req, viewer, path }) => {
    const id = path.id!;
    if (!ZRunId.safeParse({ id }).success) return apiError(400, "BAD_REQUEST", "id: must be a run id (UUID)");
    const url = new URL(req.url);
    const lastEventId = parseLastEventId(req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId"));
    const stream = await openRunStream(id, { lastEventId, signal: req.signal, scope: scopeOf(viewer) });
    if (!stream) return apiError(404, "NOT_FOUND", `run ${id} not found`);
    return new Response(stream, { headers: SSE_HEADERS });
  },
});

export const runsFeed = defineRoute({
  method: "GET",
  path: "/api/runs/events",
  tags,
  summary: "Status changes of your runs as server-sent events (admins: every run with ?all=1)",
  query: z.object({ all: z.enum(["0", "1"]).optional() }),
  responses: { 200: { description: "text/event-stream", media: SSE } },
  handler: async ({ req, viewer, query }) => {
    const all = viewer.role === "admin" && query.all === "1";
    return new Response(await openRunsFeed({ signal: req.signal, ownerId: all ? undefined : viewer.id }), {
      headers: SSE_HEADERS,
    });
  },
});

export const RUNS_ROUTES = [
  listRuns,
  submitOne,
  submitBatch,
  compareRunsRoute,
  readRun,
  cancelRun,
  redriveRun,
  runEvents,
  runsFeed,
];
