/** OpenAPI of POST /api/v1/runs and POST /api/v1/runs/batch: any task by name, with the enqueue options. */
import { ZSubmitBatchInput, ZSubmitRunInput } from "@/features/runs/submit.schemas";
import { ENQUEUE_LIMITS } from "@/runs/enqueue";
import { error, errors, json, schema } from "./openapi-helpers";

const BATCH = ENQUEUE_LIMITS.batch.toLocaleString("en");
const OPTIONS =
  "Options: priority (higher starts first among the runs waiting in the task's queue), delayMs or runAt (the run is `scheduled` until then; at most 30 days ahead), idempotencyKey, concurrencyKey + concurrencyLimit (at most that many runs with the key run at once, across every worker; default 1). A value out of bounds is a 400 naming the field and its limits.";
const submitted = json("Queued: { runId, status (queued, or scheduled when delayed), links: { run, events } }");
const links = { type: "object", properties: { run: { type: "string" }, events: { type: "string" } } };

export const submitPaths = {
  "/api/v1/runs": {
    post: {
      summary: "Start any task you may run: { task, input, …options } (input as the task's own form takes it)",
      description: `${OPTIONS} Idempotency: the idempotencyKey field or the Idempotency-Key header (both given must be equal, else a 400); a second submission with the key (per account and task, within IDEMPOTENCY_TTL_HOURS, default 24 h) answers 200 with the first run and the header Idempotent-Replayed: true, and queues nothing; with a different input it is a 409. Counts one submission against the per-account rate limit (RATE_LIMIT_SUBMIT_PER_MIN).`,
      parameters: [
        {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: `The same as the idempotencyKey field (1..${ENQUEUE_LIMITS.idempotencyKeyMaxLength} characters).`,
          schema: { type: "string", minLength: 1, maxLength: ENQUEUE_LIMITS.idempotencyKeyMaxLength },
        },
      ],
      requestBody: { required: true, content: { "application/json": { schema: schema(ZSubmitRunInput) } } },
      responses: {
        "202": submitted,
        "200": {
          ...json(
            "The idempotency key already names this run (same input): { runId, status, links }; nothing new was queued",
            {
              type: "object",
              properties: { runId: { type: "string", format: "uuid" }, status: { type: "string" }, links },
            },
          ),
          headers: { "Idempotent-Replayed": { schema: { type: "string", enum: ["true"] } } },
        },
        "409": {
          ...error,
          description: "The idempotency key was already used with a different input (error.runId names that run)",
        },
        ...errors,
      },
    },
  },
  "/api/v1/runs/batch": {
    post: {
      summary: `Start 1..${BATCH} runs at once: { runs: [{ task, input, …options }] }`,
      description: `Each item as for POST /api/v1/runs (${OPTIONS.charAt(0).toLowerCase()}${OPTIONS.slice(1)}) Every item is checked before anything is queued: one bad item is a 400 whose message and fields name it by index (runs.3.input.backlog), and then no run is written; all of them are written in one statement. More than ${BATCH} runs is a 413 (so is a body over MAX_BODY_BYTES, 2 MiB by default); an empty list is a 400. An item whose idempotencyKey already names a run (same input) gets that run back; with a different input the batch is a 409 naming the item; the Idempotency-Key header is refused here (give each item its own key). The whole batch counts as ONE submission against the per-account rate limit (RATE_LIMIT_SUBMIT_PER_MIN), not one per run.`,
      requestBody: { required: true, content: { "application/json": { schema: schema(ZSubmitBatchInput) } } },
      responses: {
        "202": json("Queued: { runs: [{ index, runId, status }] } in the order given", {
          type: "object",
          properties: {
            runs: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  index: { type: "integer" },
                  runId: { type: ["string", "null"], format: "uuid" },
                  status: { type: ["string", "null"] },
                  error: {
                    type: "string",
                    description:
                      "Only when runId is null: the item's idempotency key was taken meanwhile by a run with a different input",
                  },
                },
              },
            },
          },
        }),
        "409": {
          ...error,
          description: "An item's idempotency key was already used with a different input (named by index)",
        },
        ...errors,
        "413": { ...error, description: `More than ${BATCH} runs, or a body over MAX_BODY_BYTES` },
      },
    },
  },
};
